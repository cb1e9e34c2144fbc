import Foundation
import TestSupport
import Testing

/// Certificate subjects, file names and stored details are attacker controlled: text output
/// shows their control characters escaped (no ESC reaches the terminal, no forged
/// `::error`/`##vso[` line reaches a CI log), and errors do the same.
@Suite("hostile text in output")
struct HostileTextOutputTests {
    static let hostileCN = "e\u{1b}[31m\n::error::x\r\n##vso[task.complete]\u{9b}2J"

    /// A certificate whose CN holds escape sequences and newlines, made by Python cryptography.
    static func hostileCertificate(in directory: TemporaryDirectory) throws -> String {
        let path = directory.file("evil.pem")
        let made = try IndependentTools.python(
            """
            import sys, datetime
            from cryptography import x509
            from cryptography.x509.oid import NameOID
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import ec
            key = ec.generate_private_key(ec.SECP256R1())
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, sys.argv[2])])
            now = datetime.datetime.now(datetime.timezone.utc)
            cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                    .serial_number(7).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=20))
                                .add_extension(x509.SubjectAlternativeName([x509.DNSName(sys.argv[2].replace(chr(0x9b), ""))]), critical=False)
                    .sign(key, hashes.SHA256()))
            open(sys.argv[1], "wb").write(cert.public_bytes(serialization.Encoding.PEM))
            """, [path, hostileCN])
        #expect(made.status == 0, "\(made)")
        return path
    }

    static func expectClean(_ text: String, _ what: String) {
        #expect(
            !text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) },
            "\(what) prints raw control characters: \(text.debugDescription)")
        for line in text.split(separator: "\n") {
            #expect(!line.hasPrefix("::error") && !line.hasPrefix("##vso["), "\(what) prints a forged CI line: \(line)")
        }
    }

    @Test("inspect, inventory list/show, history and warnings escape a hostile subject")
    func textOutputsEscape() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        let evil = try Self.hostileCertificate(in: directory)
        let inspect = try Binaries.runCertkeeper(["inspect", evil])
        #expect(inspect.status == 0, "\(inspect)")
        #expect(inspect.stdout.contains("\\x1b[31m"), "\(inspect.stdout)")
        Self.expectClean(inspect.stdout, "inspect")
        let imported = try Binaries.runCertkeeper(["--home", home, "inventory", "import", evil])
        #expect(imported.status == 0, "\(imported)")
        for arguments in [["inventory", "list"], ["inventory", "show", "1"], ["history"]] {
            let output = try Binaries.runCertkeeper(["--home", home] + arguments)
            #expect(output.status == 0, "\(arguments): \(output)")
            Self.expectClean(output.stdout, arguments.joined(separator: " "))
            Self.expectClean(output.stderr, arguments.joined(separator: " ") + " (stderr)")
        }
        // A file name with an escape sequence, quoted in an error and in a warning.
        let badName = try directory.write("not a certificate", to: "bad\u{1b}]0;title\u{7}\nname.pem")
        let error = try Binaries.runCertkeeper(["inspect", badName])
        #expect(error.status == 1, "\(error)")
        Self.expectClean(error.stderr.hasSuffix("\n") ? String(error.stderr.dropLast()) : error.stderr, "inspect error")
        #expect(error.stderr.split(separator: "\n").count == 1, "\(error)")
        let missing = try Binaries.runCertkeeper(["inspect", directory.file("gone\u{1b}[2J\n::error::x.pem")])
        #expect(missing.status == 1)
        Self.expectClean(String(missing.stderr.dropLast()), "missing-file error")
    }

    @Test("inspect to /dev/full fails instead of exiting 0")
    func writeErrorsOnStdoutFail() throws {
        let directory = try TemporaryDirectory()
        let files = try SampleFiles.rsa(in: directory, name: "full", password: "pw")
        let output = try ProcessRunner.run("bash", ["-c", "\"$0\" inspect \"$1\" > /dev/full", Binaries.certkeeper, files.pem])
        #expect(output.status == 1, "\(output)")
        #expect(output.stderr.contains("standard output"), "\(output)")
    }

    @Test(
        "cert create: invalid option values exit 64 before anything is written; newlines in CN or DNS SANs refused",
        arguments: [
            ["--days", "0"], ["--days", "3651"], ["--not-before", "2027-01-01T00:00:00Z", "--not-after", "2026-01-01T00:00:00Z"],
            ["--san", "bogus"], ["--san", "dns:"], ["--san", "dns:a\nb.example"], ["--san", "dns:a b.example"], ["--subject", "CN=a\nb"],
            ["--subject", "CN=a\u{1b}[2Jb"], ["--subject", "no-equals"],
        ])
    func certCreateUsageErrors(extra: [String]) throws {
        let directory = try TemporaryDirectory()
        var arguments = ["cert", "create", "--out-dir", directory.file("out"), "--no-password"]
        if !extra.contains("--subject") { arguments += ["--subject", "CN=app"] }
        let output = try Binaries.runCertkeeper(arguments + extra)
        #expect(output.status == 64, "\(extra): \(output)")
        #expect(!directory.exists("out"), "\(extra) wrote output")
    }

    @Test("cert create makes a missing --out-dir (0700) and backdates notBefore by five minutes")
    func certCreateOutDirAndBackdating() throws {
        let directory = try TemporaryDirectory()
        let out = directory.file("certs/new")
        let before = Date()
        let output = try Binaries.runCertkeeper(["cert", "create", "--subject", "CN=app", "--out-dir", out, "--no-password", "--days", "30"])
        #expect(output.status == 0, "\(output)")
        #expect(try directory.mode(of: "certs/new") == 0o700)
        #expect(try directory.mode(of: "certs") == 0o700)
        let read = try IndependentTools.python(
            """
            import sys
            from cryptography import x509
            cert = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read())
            print(int(cert.not_valid_before_utc.timestamp()))
            """, [out + "/app.cert.pem"])
        #expect(read.status == 0, "\(read)")
        let notBefore = try #require(Double(read.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let backdated = before.timeIntervalSince1970 - notBefore
        #expect(backdated >= 290 && backdated <= 320, "notBefore is \(backdated) s before the run")
    }
}

/// A password file must be a regular file with content: a FIFO would block, /proc/self/mem
/// fails with EIO; both get a message that says what to give instead.
@Suite("password files")
struct PasswordFileKindTests {
    @Test("a FIFO or /proc/self/mem as --password-file gets a clear one-line message", arguments: ["fifo", "/proc/self/mem"])
    func oddPasswordFiles(kind: String) throws {
        let directory = try TemporaryDirectory()
        let files = try SampleFiles.rsa(in: directory, name: "pw", password: "pw")
        var path = kind
        if kind == "fifo" {
            path = directory.file("pw.fifo")
            #expect(mkfifo(path, 0o600) == 0)
        }
        let output = try Binaries.runCertkeeper(["convert", "pfx-to-cer", "--in", files.pfx, "--out", directory.file("out.cer"), "--password-file", path])
        #expect(output.status == 1, "\(output)")
        #expect(output.stderr.contains("regular file"), "\(output)")
        #expect(output.stderr.split(separator: "\n").count == 1, "\(output)")
    }
}

/// `--at` before the Gregorian reform: read and printed in the same (proleptic) calendar.
@Suite("scan --at")
struct ScanAtTests {
    @Test(
        "scan --at 0001-01-01 reports as of 0001-01-01, not two days off",
        arguments: [
            ("0001-01-01", "0001-01-01T00:00:00Z"), ("1582-10-10T12:00:00Z", "1582-10-10T12:00:00Z"),
            ("2026-02-28T23:30:00-01:00", "2026-03-01T00:30:00Z"), ("2024-02-29", "2024-02-29T00:00:00Z"),
        ])
    func ancientDates(at: String, expected: String) throws {
        let directory = try TemporaryDirectory()
        let output = try Binaries.runCertkeeper([
            "--home", directory.file("home"), "scan", "--no-inventory", directory.path,
            "--at", at, "--format", "json", "--fail-on", "never",
        ])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("\"generated_at\": \"\(expected)\""), "\(output.stdout)")
    }

    @Test("impossible dates are usage errors", arguments: ["2026-02-29", "2026-13-01", "2026-01-01T25:00:00Z", "yesterday"])
    func impossibleDates(at: String) throws {
        let directory = try TemporaryDirectory()
        let output = try Binaries.runCertkeeper(["--home", directory.file("home"), "scan", "--no-inventory", directory.path, "--at", at])
        #expect(output.status == 64, "\(output)")
    }
}
