import Foundation
import TestSupport
import Testing

@Suite("secrets stay out")
struct SecretLeakTests {
    /// Finds `needle` in `haystack` (bytes).
    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        let bytes = Array(needle.utf8)
        guard !bytes.isEmpty, haystack.count >= bytes.count else { return false }
        return (0...(haystack.count - bytes.count)).contains { start in haystack[start] == bytes[0] && Array(haystack[start..<start + bytes.count]) == bytes }
    }

    @Test("a password given by reference never reaches the SQLite file, its -wal or -shm, or any output")
    func passwordNeverStoredOrPrinted() throws {
        let password = "Pw-\(UUID().uuidString)-zq"
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let files = try SampleFiles.rsa(in: directory, name: "leak", password: password)
        let passwordFile = try directory.write(password + "\n", to: "pfx.pass", mode: 0o600)
        var outputs: [ProcessOutput] = []
        let environment: [String: String?] = ["LEAK_PW": password, "CERTKEEPER_LOG_LEVEL": "debug"]
        func run(_ arguments: [String]) throws {
            outputs.append(try Binaries.runCertkeeper(["--home", home, "--verbose"] + arguments, environment: environment))
        }
        try run(["init"])
        // A reader holds a snapshot open, so the WAL keeps every frame written meanwhile
        // (no checkpoint into the main file, no deletion at close) and can be searched too.
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        reader.arguments = [
            "python3", "-c",
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None)
            db.execute("BEGIN"); db.execute("SELECT count(*) FROM events").fetchall()
            print("ready", flush=True); sys.stdin.read()
            """, home + "/inventory.sqlite",
        ]
        let readerIn = Pipe()
        let readerOut = Pipe()
        reader.standardInput = readerIn
        reader.standardOutput = readerOut
        try reader.run()
        _ = readerOut.fileHandleForReading.availableData  // "ready"
        defer {
            try? readerIn.fileHandleForWriting.close()
            reader.waitUntilExit()
        }

        try run(["inventory", "import", directory.path, "--password-env", "LEAK_PW"])
        try run(["inventory", "import", files.pfx, "--password-file", passwordFile])
        try run(["inventory", "import", files.pfx, "--password-env", "NOT_SET_ANYWHERE"])
        try run([
            "profile", "create", "--name", "leak", "--tenant", "contoso.onmicrosoft.com", "--client-id",
            "11111111-2222-3333-4444-555555555555", "--cert", files.pfx, "--password-ref", "env:LEAK_PW",
        ])
        try run([
            "profile", "create", "--name", "leak-file", "--tenant", "contoso.onmicrosoft.com", "--client-id",
            "11111111-2222-3333-4444-555555555555", "--cert", files.pfx, "--password-ref", "file:\(passwordFile)",
        ])
        try run(["profile", "edit", "-p", "leak", "--cert", files.pfx])
        for format in ["json", "env", "terraform"] { try run(["profile", "export", "-p", "leak", "--format", format]) }
        try run(["profile", "show", "-p", "leak-file", "--format", "json"])
        try run(["profile", "list", "--format", "json"])
        try run(["inventory", "list", "--format", "json"])
        try run(["history", "--format", "json"])
        outputs.append(
            try Binaries.runCertkeeper(
                [
                    "--home", home, "profile", "create", "--name", "bad", "--tenant", "contoso.onmicrosoft.com", "--client-id",
                    "11111111-2222-3333-4444-555555555555", "--cert", files.pfx, "--password-ref", "env:WRONG_PW",
                ],
                environment: ["WRONG_PW": password + "x"]
            ))

        #expect(outputs.dropLast().allSatisfy { $0.status == 0 || $0.stdout.contains("skipped") }, "\(outputs.filter { $0.status != 0 })")
        for output in outputs {
            #expect(!output.stdout.contains(password), "\(output)")
            #expect(!output.stderr.contains(password), "\(output)")
        }
        var searched = 0
        var referenceSeen = false
        for suffix in ["", "-wal", "-shm"] {
            guard let bytes = try? Fixtures.bytesAt(home + "/inventory.sqlite" + suffix) else { continue }
            searched += 1
            #expect(!Self.contains(bytes, password), "password found in inventory.sqlite\(suffix)")
            referenceSeen = referenceSeen || Self.contains(bytes, "env:LEAK_PW")
        }
        #expect(FileManager.default.fileExists(atPath: home + "/inventory.sqlite-wal"))
        #expect(searched >= 2)
        // The search works: the reference itself is stored.
        #expect(referenceSeen)
    }
}
