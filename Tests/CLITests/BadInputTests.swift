import Foundation
import TestSupport
import Testing

/// Every bad input gets one line on stderr naming the file and the problem, exit 1 (64 for
/// usage errors), and nothing written.
@Suite("Bad input")
struct BadInputTests {
    func expectOneLineError(_ output: ProcessOutput, status: Int32 = 1, mentioning fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == status, "\(output)", sourceLocation: sourceLocation)
        let lines = output.stderr.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(output.stderr)", sourceLocation: sourceLocation)
        #expect(output.stdout.isEmpty, sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(output.stderr.contains(fragment), "missing \"\(fragment)\" in: \(output.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!output.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
    }

    @Test func inspectOfUnreadableInputs() throws {
        let directory = try TemporaryDirectory()
        let garbage = try directory.write(Array((0..<300).map { UInt8(truncatingIfNeeded: $0 * 7) }), to: "garbage.bin")
        expectOneLineError(try Binaries.runCertkeeper(["inspect", garbage]), mentioning: [garbage, "not a certificate"])

        let empty = try directory.write("", to: "empty.pem")
        expectOneLineError(try Binaries.runCertkeeper(["inspect", empty]), mentioning: [empty, "empty"])

        _ = try Binaries.runCertkeeper(["cert", "create", "--subject", "CN=t", "--type", "ec", "--out-dir", directory.path, "--no-pfx"])
        let pem = try String(decoding: directory.read("t.cert.pem"), as: UTF8.self)
        let truncated = try directory.write(String(pem.prefix(pem.count / 2)), to: "truncated.pem")
        expectOneLineError(try Binaries.runCertkeeper(["inspect", truncated]), mentioning: [truncated, "truncated"])

        expectOneLineError(try Binaries.runCertkeeper(["inspect", directory.path]), mentioning: [directory.path, "directory"])
        expectOneLineError(try Binaries.runCertkeeper(["inspect", directory.file("missing.pem")]), mentioning: ["missing.pem", "does not exist"])
    }

    @Test func wrongKeyPasswordNamesTheFile() throws {
        let directory = try TemporaryDirectory()
        try Binaries.runCertkeeper(["key", "generate", "--out", directory.file("k.pem"), "--password-env", "KP"], environment: ["KP": "right"])
        let output = try Binaries.runCertkeeper(
            ["csr", "create", "--key", directory.file("k.pem"), "--subject", "CN=x", "--out", directory.file("r.csr"), "--password-env", "KP"],
            environment: ["KP": "Zq9-not-it"]
        )
        expectOneLineError(output, mentioning: [directory.file("k.pem"), "wrong password"])
        #expect(!directory.exists("r.csr"))
        #expect(!output.stderr.contains("Zq9-not-it"), "the password itself is never echoed")
    }

    @Test func encryptedKeyWithoutPasswordAndNoTerminalSaysWhatToDo() throws {
        let directory = try TemporaryDirectory()
        try Binaries.runCertkeeper(["key", "generate", "--out", directory.file("k.pem"), "--password-env", "KP"], environment: ["KP": "right"])
        let output = try ProcessRunner.run(
            "/usr/bin/setsid", ["--wait", Binaries.certkeeper, "csr", "create", "--key", directory.file("k.pem"), "--subject", "CN=x", "--out", directory.file("r.csr")]
        )
        expectOneLineError(output, mentioning: ["--password-env"])
        #expect(!directory.exists("r.csr"))
    }

    @Test func usageErrorsExit64() throws {
        let directory = try TemporaryDirectory()
        let unknownType = try Binaries.runCertkeeper(["key", "generate", "--type", "dsa", "--out", directory.file("k.pem")])
        #expect(unknownType.status == 64)
        #expect(unknownType.stderr.contains("dsa"))
        let weak = try Binaries.runCertkeeper(["key", "generate", "--bits", "1024", "--out", directory.file("k.pem")])
        #expect(weak.status == 64)
        #expect(weak.stderr.contains("2048, 3072 or 4096"))
        let bothPasswords = try Binaries.runCertkeeper(["key", "generate", "--out", directory.file("k.pem"), "--password-env", "A", "--password-file", "B"])
        #expect(bothPasswords.status == 64)
        #expect(try directory.contents().isEmpty)
    }

    @Test func existingOutputIsKeptUnlessForced() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("keep me", to: "k.pem")
        let output = try Binaries.runCertkeeper(["key", "generate", "--out", path])
        expectOneLineError(output, mentioning: [path, "--force"])
        #expect(try directory.read("k.pem") == Array("keep me".utf8))
        let forced = try Binaries.runCertkeeper(["key", "generate", "--out", path, "--force"])
        #expect(forced.status == 0)
        #expect(try directory.mode(of: "k.pem") == 0o600)
    }

    @Test func badSubjectOrDaysWritesNothing() throws {
        let directory = try TemporaryDirectory()
        // Invalid option values are usage errors (exit 64, the message then the usage).
        for (arguments, fragment) in [(["--subject", "MyApp"], "MyApp"), (["--days", "0"], "--days"), (["--san", "ftp:x"], "ftp")] {
            let output = try Binaries.runCertkeeper(["cert", "create", "--subject", "CN=x", "--out-dir", directory.path] + arguments)
            #expect(output.status == 64, "\(output)")
            #expect(output.stderr.split(separator: "\n").first?.contains(fragment) == true, "\(output)")
        }
        // A missing --out-dir is created, but only once nothing else can fail first.
        expectOneLineError(
            try Binaries.runCertkeeper(["cert", "create", "--subject", "CN=x", "--out-dir", directory.file("nope")]),
            mentioning: ["no terminal"]
        )
        #expect(try directory.contents().isEmpty)
    }

    @Test func worldReadablePasswordFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        let password = try directory.write("pw\n", to: "pw.txt", mode: 0o644)
        let output = try Binaries.runCertkeeper(["key", "generate", "--out", directory.file("k.pem"), "--password-file", password])
        expectOneLineError(output, mentioning: [password, "chmod 600"])
        #expect(!directory.exists("k.pem"))
    }
}
