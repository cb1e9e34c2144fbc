import Foundation
import TestSupport
import Testing

@Suite("key generate, csr create, cert create")
struct GeneratorCommandTests {
    @Test func keyGenerateWritesA0600KeyOpenSSLReads() throws {
        let directory = try TemporaryDirectory()
        let output = try Binaries.runCertkeeper(["key", "generate", "--type", "ec", "--curve", "p384", "--out", directory.file("k.pem")])
        #expect(output.status == 0, "\(output)")
        #expect(try directory.mode(of: "k.pem") == 0o600)
        let text = try IndependentTools.openssl(["pkey", "-in", directory.file("k.pem"), "-noout", "-text"])
        #expect(text.stdout.contains("NIST CURVE: P-384"))
        #expect(!output.stdout.contains("PRIVATE KEY"))
    }

    @Test func encryptedKeyNeedsItsPassword() throws {
        let directory = try TemporaryDirectory()
        let generate = try Binaries.runCertkeeper(
            ["key", "generate", "--bits", "3072", "--out", directory.file("k.pem"), "--password-env", "KP"],
            environment: ["KP": "pa55 word"]
        )
        #expect(generate.status == 0, "\(generate)")
        #expect(generate.stdout.contains("encrypted"))
        let right = try IndependentTools.openssl(["pkey", "-in", directory.file("k.pem"), "-passin", "env:KP", "-noout", "-text"], environment: ["KP": "pa55 word"])
        #expect(right.status == 0)
        #expect(right.stdout.contains("3072 bit"))
        let wrong = try IndependentTools.openssl(["pkey", "-in", directory.file("k.pem"), "-passin", "pass:nope", "-noout"])
        #expect(wrong.status != 0)
    }

    @Test func csrCreateFromAnEncryptedKeyVerifiesInOpenSSL() throws {
        let directory = try TemporaryDirectory()
        let password = try directory.write("file password\n", to: "pw", mode: 0o600)
        try Binaries.runCertkeeper(["key", "generate", "--out", directory.file("k.pem"), "--password-file", password])
        let output = try Binaries.runCertkeeper([
            "csr", "create", "--key", directory.file("k.pem"), "--password-file", password,
            "--subject", "CN=MyApp,O=Contoso\\, Ltd,C=US", "--san", "dns:myapp.contoso.com", "--san", "email:ops@contoso.com",
            "--out", directory.file("r.csr"),
        ])
        #expect(output.status == 0, "\(output)")
        let verify = try IndependentTools.openssl(["req", "-in", directory.file("r.csr"), "-verify", "-noout", "-text"])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("DNS:myapp.contoso.com, email:ops@contoso.com"))
        #expect(verify.stdout.contains("O = \"Contoso, Ltd\""))
    }

    @Test func certCreateWritesUploadReadyFilesAndPrintsOpenSSLsThumbprints() throws {
        let directory = try TemporaryDirectory()
        let output = try Binaries.runCertkeeper([
            "cert", "create", "--subject", "CN=Payroll Daemon,O=Contoso", "--days", "90", "--out-dir", directory.path, "--no-pfx",
        ])
        #expect(output.status == 0, "\(output)")
        #expect(try directory.contents() == ["payroll-daemon.cer", "payroll-daemon.cert.pem", "payroll-daemon.key.pem"])
        #expect(try directory.mode(of: "payroll-daemon.key.pem") == 0o600)
        let sha1 = try IndependentTools.opensslFingerprint(of: directory.file("payroll-daemon.cer"), digest: "sha1", inform: "DER")
        let sha256 = try IndependentTools.opensslFingerprint(of: directory.file("payroll-daemon.cert.pem"), digest: "sha256")
        #expect(output.stdout.contains("SHA-1 thumbprint:   \(sha1)"))
        #expect(output.stdout.contains("SHA-256 thumbprint: \(sha256)"))
        let pemAsDER = try IndependentTools.openssl(["x509", "-in", directory.file("payroll-daemon.cert.pem"), "-outform", "DER"])
        #expect(pemAsDER.stdoutBytes == (try directory.read("payroll-daemon.cer")))
        let match = try IndependentTools.openssl(["x509", "-in", directory.file("payroll-daemon.cert.pem"), "-noout", "-pubkey"])
        let keyPublic = try IndependentTools.openssl(["pkey", "-in", directory.file("payroll-daemon.key.pem"), "-pubout"])
        #expect(match.stdout == keyPublic.stdout)
        let days = try IndependentTools.openssl(["x509", "-in", directory.file("payroll-daemon.cer"), "-inform", "DER", "-noout", "-checkend", String(89 * 86_400)])
        #expect(days.status == 0)
    }

    @Test func certCreateWithAnExistingKeyWritesNoKeyFile() throws {
        let directory = try TemporaryDirectory()
        try IndependentTools.openssl(["genrsa", "-out", directory.file("existing.pem"), "2048"])
        let output = try Binaries.runCertkeeper([
            "cert", "create", "--subject", "CN=reuse", "--key", directory.file("existing.pem"), "--out-dir", directory.path, "--name", "reuse", "--no-pfx",
        ])
        #expect(output.status == 0, "\(output)")
        #expect(!directory.exists("reuse.key.pem"))
        let certificateKey = try IndependentTools.openssl(["x509", "-in", directory.file("reuse.cert.pem"), "-noout", "-pubkey"])
        let existingKey = try IndependentTools.openssl(["pkey", "-in", directory.file("existing.pem"), "-pubout"])
        #expect(certificateKey.stdout == existingKey.stdout)
    }

    @Test func certCreateWithExplicitValidity() throws {
        let directory = try TemporaryDirectory()
        let output = try Binaries.runCertkeeper([
            "cert", "create", "--subject", "CN=window", "--not-before", "2026-01-01T00:00:00Z", "--not-after", "2026-07-01T12:00:00Z", "--no-pfx",
            "--out-dir", directory.path, "--type", "ec",
        ])
        #expect(output.status == 0, "\(output)")
        let dates = try IndependentTools.openssl(["x509", "-in", directory.file("window.cert.pem"), "-noout", "-dates"]).stdout
        #expect(dates.contains("notBefore=Jan  1 00:00:00 2026 GMT"))
        #expect(dates.contains("notAfter=Jul  1 12:00:00 2026 GMT"))
        #expect(output.stderr.contains("RSA keys only"))
    }
}
