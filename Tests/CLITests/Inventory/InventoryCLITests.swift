import CertKeeperStore
import Foundation
import TestSupport
import Testing

/// `init`, `inventory import|list|show|remove` through the built binary, with a temporary --home.
@Suite("inventory commands")
struct InventoryCLITests {
    static let password = "inv-cli-pw-7f3a"

    func run(_ home: String, _ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessOutput {
        try Binaries.runCertkeeper(["--home", home] + arguments, environment: environment)
    }

    @Test("init creates a private home; CERTKEEPER_HOME is honoured and --home wins")
    func initHome() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let output = try Binaries.runCertkeeper(["init"], environment: ["CERTKEEPER_HOME": home])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("schema version \(SQLiteInventoryStore.latestSchemaVersion)"))
        #expect(try directory.mode(of: "home") == 0o700)
        #expect(try directory.mode(of: "home/keys") == 0o700)
        #expect(try directory.mode(of: "home/inventory.sqlite") == 0o600)
        let other = directory.file("other")
        #expect(try Binaries.runCertkeeper(["init", "--home", other], environment: ["CERTKEEPER_HOME": home]).status == 0)
        #expect(FileManager.default.fileExists(atPath: other + "/inventory.sqlite"))
    }

    @Test("import, list (table and JSON), show by id and by thumbprint prefix, remove keeps files")
    func importListShowRemove() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let files = try SampleFiles.rsa(in: directory, name: "billing", password: Self.password, days: 20)
        let later = try SampleFiles.rsa(in: directory, name: "later", password: Self.password, days: 400)
        let first = try run(
            home, ["inventory", "import", files.pem, files.der, files.pfx, later.der, "--password-env", "PFX_PW"],
            environment: ["PFX_PW": Self.password])
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout == "imported 2 new, 0 known, 0 skipped\n")
        #expect(first.stderr.isEmpty)

        let json = try run(home, ["inventory", "list", "--format", "json"])
        let listing = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(listing?["schema"] as? String == "certkeeper.inventory/v1")
        let certificates = try #require(listing?["certificates"] as? [[String: Any]])
        #expect(certificates.count == 2)
        let billing = try #require(certificates.first { ($0["subject"] as? String)?.contains("billing") == true })
        let sha1 = try IndependentTools.opensslFingerprint(of: files.pem, digest: "sha1")
        let sha256 = try IndependentTools.opensslFingerprint(of: files.pem, digest: "sha256")
        #expect(billing["sha1_thumbprint"] as? String == sha1)
        #expect(billing["sha256_thumbprint"] as? String == sha256)
        #expect((billing["files"] as? [[String: Any]])?.count == 3)

        let expiring = try run(home, ["inventory", "list", "--expiring-within", "30d"])
        #expect(expiring.stdout.contains(sha1))
        #expect(!expiring.stdout.contains(try IndependentTools.opensslFingerprint(of: later.pem, digest: "sha1")))
        #expect(try run(home, ["inventory", "list", "--expiring-within", "3m"]).status == 64)

        let colonPrefix = stride(from: 0, to: 16, by: 2).map { index -> String in
            let start = sha256.index(sha256.startIndex, offsetBy: index)
            return String(sha256[start..<sha256.index(start, offsetBy: 2)]).lowercased()
        }.joined(separator: ":")
        for identifier in [String(sha1.prefix(8)).lowercased(), colonPrefix, sha1] {
            let show = try run(home, ["inventory", "show", identifier])
            #expect(show.status == 0, "\(identifier): \(show)")
            #expect(show.stdout.contains("CN=billing"))
            #expect(show.stdout.contains(files.pfx))
        }
        let id = try #require(billing["id"] as? Int)
        #expect(try run(home, ["inventory", "show", String(id), "--format", "json"]).stdout.contains("\"x5t\""))
        let short = try run(home, ["inventory", "show", "ABCDEF1"])
        #expect(short.status == 1)
        #expect(short.stderr.contains("at least 8"))

        let removed = try run(home, ["inventory", "remove", String(sha1.prefix(10))])
        #expect(removed.status == 0, "\(removed)")
        #expect(FileManager.default.fileExists(atPath: files.pem) && FileManager.default.fileExists(atPath: files.pfx))
        #expect(try run(home, ["inventory", "show", sha1]).status == 1)
        let history = try run(home, ["history", "--format", "json"])
        #expect(history.stdout.contains("certificate.removed"))
    }

    @Test("an import that finds nothing usable exits 1; skipped files are warned about on stderr only")
    func skippedOnly() throws {
        let directory = try TemporaryDirectory()
        let junk = try directory.write("hello\n", to: "notes.txt")
        let output = try run(directory.file("home"), ["inventory", "import", junk, directory.file("missing.pem")])
        #expect(output.status == 1)
        #expect(output.stdout == "imported 0 new, 0 known, 2 skipped\n")
        #expect(output.stderr.contains("notes.txt: skipped: not a certificate file"))
        #expect(output.stderr.contains("missing.pem: skipped: does not exist"))
        #expect(!output.stderr.contains("\r"))  // no progress bar when stderr is not a terminal
    }

    @Test("a corrupt inventory is reported in one line and left untouched; so is one from a newer certkeeper")
    func badInventories() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: false)
        chmod(home, 0o700)
        let garbage = Array("definitely not sqlite\n".utf8) + [UInt8](repeating: 0xAB, count: 2000)
        try directory.write(garbage, to: "home/inventory.sqlite", mode: 0o600)
        let corrupt = try run(home, ["inventory", "list"])
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.split(separator: "\n").count == 1)
        #expect(corrupt.stderr.contains("left untouched"))
        #expect(try directory.read("home/inventory.sqlite") == garbage)

        let newer = directory.file("newer")
        #expect(try run(newer, ["init"]).status == 0)
        // One past the newest migration this binary knows (a fixed number goes stale).
        let future = SQLiteInventoryStore.latestSchemaVersion + 1
        let sqlite = try ProcessRunner.run(
            "python3",
            [
                "-c",
                """
                import sqlite3, sys
                db = sqlite3.connect(sys.argv[1])
                db.execute("INSERT INTO schema_versions VALUES (\(future), '\(String(format: "%04d", future))_future', '2031-01-01 00:00:00.000')")
                db.commit()
                """, newer + "/inventory.sqlite",
            ])
        #expect(sqlite.status == 0, "\(sqlite)")
        let refused = try run(newer, ["inventory", "list"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("schema version \(future)"), "\(refused)")
        #expect(refused.stderr.contains("upgrade certkeeper"))
    }

    @Test("a permission-denied directory is skipped and counted; the rest is imported")
    func permissionDenied() throws {
        let directory = try TemporaryDirectory()
        // Run as an unprivileged user (root reads everything); the tree must be reachable.
        let user = try UnprivilegedUser(in: directory)
        let tree = directory.file("tree")
        try FileManager.default.createDirectory(atPath: tree + "/closed", withIntermediateDirectories: true)
        let files = try SampleFiles.rsa(in: directory, name: "open", password: Self.password)
        try FileManager.default.copyItem(atPath: files.der, toPath: tree + "/open.cer")
        try FileManager.default.copyItem(atPath: files.pem, toPath: tree + "/closed/hidden.pem")
        chmod(tree + "/open.cer", 0o644)
        chmod(tree, 0o755)
        chmod(tree + "/closed", 0o000)
        defer { chmod(tree + "/closed", 0o755) }
        let home = directory.file("home")
        try user.makePrivateDirectory(home)
        let output = try user.runCertkeeper(["--home", home, "inventory", "import", tree, "--recursive"])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout == "imported 1 new, 0 known, 1 skipped\n")
        #expect(output.stderr.contains("closed: skipped: cannot list the directory: permission denied"))
    }
}
