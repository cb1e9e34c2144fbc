import Foundation
import TestSupport
import Testing

/// `convert …` end to end through the built binary; every output opened by openssl, Python
/// `cryptography` and keytool (skipped, visibly, without a JDK).
@Suite("convert commands")
struct ConvertCommandTests {
    static let environment: [String: String?] = ["PFX_PASSWORD": "pfx pass", "KEY_PASSWORD": "key pass"]

    let chain: CertificateChainFixture
    var directory: TemporaryDirectory { chain.directory }

    init() throws { chain = try CertificateChainFixture(leafSubject: "/CN=convert leaf/O=Contoso") }

    func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessOutput {
        let output = try Binaries.runCertkeeper(arguments, environment: Self.environment)
        #expect(output.status == 0, "\(output)", sourceLocation: sourceLocation)
        return output
    }

    @Test func pemToPfxModernOpensEverywhereWithoutLegacyProvider() throws {
        let output = try run([
            "convert", "pem-to-pfx", "--cert", chain.leafPath, "--key", chain.leafKeyPath, "--chain", chain.intermediatePath,
            "--out", directory.file("modern.pfx"), "--name", "convert leaf", "--out-password-env", "PFX_PASSWORD",
        ])
        let sha1 = try IndependentTools.opensslFingerprint(of: chain.leafPath, digest: "sha1")
        #expect(output.stdout.contains("SHA-1 thumbprint:   \(sha1)"))
        #expect(try directory.mode(of: "modern.pfx") == 0o600)

        let info = try PKCS12Checks.opensslInfo(directory.file("modern.pfx"), password: "pfx pass")
        #expect(info.status == 0, "\(info)")
        #expect(info.stderr.contains("MAC: sha256"))
        #expect(info.stderr.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC"))
        #expect(info.stderr.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC"))

        let python = try PKCS12Checks.pythonLoad(directory.file("modern.pfx"), password: "pfx pass")
        #expect(python.certificateSHA1 == sha1)
        #expect(python.keyMatchesCertificate)
        #expect(python.friendlyName == "convert leaf")
        #expect(python.chainSHA1 == [try IndependentTools.opensslFingerprint(of: chain.intermediatePath, digest: "sha1")])
    }

    @Test(.enabled(if: IndependentTools.hasKeytool, "no JDK (keytool) installed; scripts/test.sh installs default-jdk-headless"))
    func pemToPfxOpensInKeytool() throws {
        _ = try run([
            "convert", "pem-to-pfx", "--cert", chain.leafPath, "--key", chain.leafKeyPath, "--chain", chain.intermediatePath,
            "--out", directory.file("modern.pfx"), "--out-password-env", "PFX_PASSWORD",
        ])
        _ = try run([
            "convert", "pem-to-pfx", "--cert", chain.leafPath, "--key", chain.leafKeyPath, "--out", directory.file("legacy.pfx"),
            "--pkcs12-profile", "legacy", "--out-password-env", "PFX_PASSWORD",
        ])
        let modern = try IndependentTools.keytoolList(directory.file("modern.pfx"), password: "pfx pass")
        #expect(modern.status == 0, "\(modern)")
        #expect(modern.stdout.contains("Entry type: PrivateKeyEntry"))
        #expect(modern.stdout.contains("Certificate chain length: 2"))
        let legacy = try IndependentTools.keytoolList(directory.file("legacy.pfx"), password: "pfx pass")
        #expect(legacy.status == 0, "\(legacy)")
        #expect(legacy.stdout.contains("Entry type: PrivateKeyEntry"))
        #expect(legacy.stdout.contains("Certificate chain length: 1"))
    }

    @Test func pemToPfxLegacyIs3DESAndSHA1() throws {
        _ = try run([
            "convert", "pem-to-pfx", "--cert", chain.leafPath, "--key", chain.leafKeyPath, "--out", directory.file("legacy.pfx"),
            "--pkcs12-profile", "legacy", "--iterations", "4096", "--out-password-env", "PFX_PASSWORD",
        ])
        let info = try PKCS12Checks.opensslInfo(directory.file("legacy.pfx"), password: "pfx pass")
        #expect(info.status == 0, "\(info)")
        #expect(info.stderr.contains("MAC: sha1, Iteration 2048"))
        #expect(info.stderr.contains("PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 4096"))
        #expect(info.stderr.contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 4096"))
        #expect(try PKCS12Checks.pythonLoad(directory.file("legacy.pfx"), password: "pfx pass").keyMatchesCertificate)
    }

    @Test func pemToPfxToPemRoundTripIsByteIdentical() throws {
        // An encrypted key and a combined cert+key file (seed 001's `cat cert.pem key.pem`).
        try IndependentTools.openssl(["pkcs8", "-topk8", "-in", chain.leafKeyPath, "-out", directory.file("enc.key.pem"), "-passout", "pass:key pass"])
        let combined = try String(contentsOfFile: chain.leafPath, encoding: .utf8) + String(contentsOfFile: directory.file("enc.key.pem"), encoding: .utf8)
        let combinedPath = try directory.write(combined, to: "cert+key.pem")
        _ = try run([
            "convert", "pem-to-pfx", "--cert", combinedPath, "--out", directory.file("rt.pfx"),
            "--in-password-env", "KEY_PASSWORD", "--out-password-env", "PFX_PASSWORD",
        ])
        let output = try run([
            "convert", "pfx-to-pem", "--in", directory.file("rt.pfx"), "--out-cert", directory.file("rt.cert.pem"),
            "--out-key", directory.file("rt.key.pem"), "--in-password-env", "PFX_PASSWORD", "--out-password-env", "KEY_PASSWORD",
        ])
        #expect(output.stdout.contains("encrypted with AES-256-CBC"))
        #expect(try directory.read("rt.cert.pem") == (try directory.read("leaf.pem")))
        #expect(try directory.mode(of: "rt.key.pem") == 0o600)
        let original = try IndependentTools.openssl(["pkey", "-in", chain.leafKeyPath])
        let unpacked = try IndependentTools.openssl(["pkey", "-in", directory.file("rt.key.pem"), "-passin", "pass:key pass"])
        #expect(unpacked.status == 0 && unpacked.stdout == original.stdout)
    }

    @Test func derToPemToDerRoundTripIsByteIdentical() throws {
        try IndependentTools.openssl(["x509", "-in", chain.leafPath, "-outform", "DER", "-out", directory.file("leaf.cer")])
        _ = try run(["convert", "der-to-pem", "--in", directory.file("leaf.cer"), "--out", directory.file("back.pem")])
        _ = try run(["convert", "pem-to-der", "--in", directory.file("back.pem"), "--out", directory.file("back.cer")])
        #expect(try directory.read("back.cer") == (try directory.read("leaf.cer")))
        #expect(try directory.read("back.pem") == (try directory.read("leaf.pem")))
    }

    @Test func pfxToPemReadsOpenSSLLegacyRC2WithChain() throws {
        try IndependentTools.openssl([
            "pkcs12", "-export", "-legacy", "-in", chain.leafPath, "-inkey", chain.leafKeyPath, "-certfile", chain.intermediatePath,
            "-out", directory.file("rc2.pfx"), "-passout", "pass:pfx pass",
        ])
        let output = try run([
            "convert", "pfx-to-pem", "--in", directory.file("rc2.pfx"), "--out-cert", directory.file("c.pem"),
            "--out-key", directory.file("k.pem"), "--out-chain", directory.file("chain.pem"), "--in-password-env", "PFX_PASSWORD",
            "--no-key-encryption",
        ])
        #expect(output.stderr.contains("RC2-40"))
        #expect(try directory.read("c.pem") == (try directory.read("leaf.pem")))
        #expect(try directory.read("chain.pem") == (try directory.read("intermediate.pem")))
        #expect(try directory.mode(of: "k.pem") == 0o600)
        #expect(try IndependentTools.openssl(["pkey", "-in", directory.file("k.pem"), "-noout"]).status == 0)
    }

    @Test func passwordlessPythonPFXNeedsNoPasswordOption() throws {
        let path = directory.file("open.pfx")
        try PKCS12Checks.pythonWrite(to: path, key: chain.leafKeyPath, certificate: chain.leafPath, extra: [], password: nil)
        _ = try run(["convert", "pfx-to-cer", "--in", path, "--out", directory.file("open.cer")])
        let sha1 = try IndependentTools.opensslFingerprint(of: directory.file("open.cer"), digest: "sha1", inform: "DER")
        #expect(sha1 == (try IndependentTools.opensslFingerprint(of: chain.leafPath, digest: "sha1")))
        _ = try run(["convert", "pfx-to-cer", "--in", path, "--out", directory.file("open.pem"), "--pem"])
        #expect(try directory.read("open.pem") == (try directory.read("leaf.pem")))
    }

    @Test func noPasswordIsExplicitAndOpensWithoutOne() throws {
        let output = try run([
            "convert", "pem-to-pfx", "--cert", chain.leafPath, "--key", chain.leafKeyPath, "--out", directory.file("np.pfx"), "--no-password",
        ])
        #expect(output.stderr.contains("no password"))
        let python = try PKCS12Checks.pythonLoad(directory.file("np.pfx"), password: nil)
        #expect(python.keyMatchesCertificate)
        let inspect = try run(["inspect", directory.file("np.pfx")])
        #expect(inspect.stdout.contains("no password"))
    }
}
