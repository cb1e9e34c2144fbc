import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// Converter workflows on real files: inputs from the openssl CLI, outputs checked for
/// content, modes, and that a failure leaves nothing behind.
@Suite("Converter workflows")
struct ConverterTests {
    static let password = Secret("converter password")

    let chain: CertificateChainFixture
    let leaf: X509Certificate
    let converter = CertificateConverter(writer: SecureFileWriter())

    init() throws {
        chain = try CertificateChainFixture()
        leaf = try X509Certificate.certificates(fromPEMOrDER: try chain.directory.read("leaf.pem"))[0]
    }

    func output() throws -> TemporaryDirectory { try TemporaryDirectory("certkeeper-convert") }

    @Test func combinedCertAndKeyPEMWithFullChainBecomesAPFXWithTheLeafFirst() throws {
        // fullchain order reversed and the key last: the leaf is found by its key.
        let combined =
            try String(contentsOfFile: chain.rootPath, encoding: .utf8)
            + String(contentsOfFile: chain.leafPath, encoding: .utf8)
            + String(contentsOfFile: chain.leafKeyPath, encoding: .utf8)
        let input = try chain.directory.write(combined, to: "cert+key.pem")
        let out = try output()
        let contents = try converter.pemToPFX(
            certificate: input, key: nil, chain: chain.intermediatePath, to: out.file("app.pfx"),
            options: PFXOutputOptions(profile: .legacy, friendlyName: "app"),
            keyPassword: { nil }, protection: { .password(Self.password) }
        )
        #expect(contents.certificate == leaf)
        #expect(try out.mode(of: "app.pfx") == 0o600)
        let bundle = try PKCS12Bundle(reading: try out.read("app.pfx"), password: Self.password)
        #expect(bundle.certificate == leaf)
        #expect(bundle.chain.map(\.subject.commonName) == ["certkeeper test root", "certkeeper test intermediate"])
        #expect(bundle.friendlyName == "app")
    }

    @Test func mismatchedKeyIsRefusedNamingBothThumbprintsAndNothingIsWritten() throws {
        let out = try output()
        let error = #expect(throws: CoreError.self) {
            try converter.pemToPFX(
                certificate: chain.leafPath, key: chain.directory.file("root.key.pem"), chain: nil, to: out.file("x.pfx"),
                options: PFXOutputOptions(), keyPassword: { nil }, protection: { .password(Self.password) }
            )
        }
        #expect(error?.description.contains(leaf.sha1Thumbprint.hex) == true)
        #expect(error?.description.contains(leaf.sha256Thumbprint.hex) == true)
        #expect(error?.description.contains("does not belong") == true)
        #expect(try out.contents().isEmpty)
    }

    @Test func pfxGivenWherePEMIsExpectedIsNamedAsSuch() throws {
        let out = try output()
        let pfx = out.file("in.pfx")
        try IndependentTools.openssl(["pkcs12", "-export", "-in", chain.leafPath, "-inkey", chain.leafKeyPath, "-out", pfx, "-passout", "pass:x"])
        let error = #expect(throws: CoreError.self) {
            try converter.pemToPFX(
                certificate: pfx, key: nil, chain: nil, to: out.file("x.pfx"), options: PFXOutputOptions(),
                keyPassword: { nil }, protection: { .password(Self.password) }
            )
        }
        #expect(error?.description.contains("is a PFX (PKCS#12) file, not PEM") == true)
        let reverse = #expect(throws: CoreError.self) {
            try converter.pfxToPEM(chain.leafPath, password: { nil }, certificateOut: out.file("c.pem"), keyOut: out.file("k.pem"), chainOut: nil, keyPassword: { nil })
        }
        #expect(reverse?.description.contains("is PEM text, not a PFX") == true)
        #expect(try out.contents() == ["in.pfx"])
    }

    @Test func pfxToPEMWritesEncryptedKeyAndChainWithExactModes() throws {
        let out = try output()
        let pfx = out.file("in.pfx")
        try IndependentTools.openssl([
            "pkcs12", "-export", "-legacy", "-in", chain.leafPath, "-inkey", chain.leafKeyPath, "-certfile", chain.intermediatePath,
            "-out", pfx, "-passout", "pass:pfx-pass",
        ])
        let result = try converter.pfxToPEM(
            pfx, password: { Secret("pfx-pass") }, certificateOut: out.file("c.pem"), keyOut: out.file("k.pem"),
            chainOut: out.file("chain.pem"), keyPassword: { Secret("key-pass") }
        )
        #expect(result.keyEncrypted)
        #expect(try out.mode(of: "k.pem") == 0o600)
        #expect(try out.mode(of: "c.pem") == 0o644)
        #expect(try out.read("c.pem") == (try chain.directory.read("leaf.pem")))
        #expect(try out.read("chain.pem") == (try chain.directory.read("intermediate.pem")))
        let key = try IndependentTools.openssl(["pkey", "-in", out.file("k.pem"), "-passin", "pass:key-pass", "-pubout"])
        let certificateKey = try IndependentTools.openssl(["x509", "-in", out.file("c.pem"), "-noout", "-pubkey"])
        #expect(key.status == 0 && key.stdout == certificateKey.stdout)
    }

    @Test func wrongPasswordAndKeylessPFXLeaveNothingBehind() throws {
        let out = try output()
        let pfx = out.file("in.pfx")
        try IndependentTools.openssl(["pkcs12", "-export", "-in", chain.leafPath, "-inkey", chain.leafKeyPath, "-out", pfx, "-passout", "pass:right"])
        let wrong = #expect(throws: CoreError.self) {
            try converter.pfxToPEM(pfx, password: { Secret("wrong") }, certificateOut: out.file("c.pem"), keyOut: out.file("k.pem"), chainOut: nil, keyPassword: { nil })
        }
        #expect(wrong?.description == "wrong password for \(pfx) (or the file is corrupt)")

        let keyless = out.file("nokey.pfx")
        try IndependentTools.openssl(["pkcs12", "-export", "-nokeys", "-in", chain.leafPath, "-out", keyless, "-passout", "pass:right"])
        let noKey = #expect(throws: CoreError.self) {
            try converter.pfxToPEM(keyless, password: { Secret("right") }, certificateOut: out.file("c.pem"), keyOut: out.file("k.pem"), chainOut: nil, keyPassword: { nil })
        }
        #expect(noKey?.description.contains("holds no private key") == true)
        #expect(try out.contents() == ["in.pfx", "nokey.pfx"])

        // pfx-to-cer does not need the key.
        let certificate = try converter.pfxToCER(keyless, password: { Secret("right") }, to: out.file("leaf.cer"), pem: false)
        #expect(certificate == leaf)
        #expect(try out.read("leaf.cer") == leaf.der)
    }

    @Test func derAndPEMRoundTripIsByteIdentical() throws {
        let out = try output()
        let der = try out.write(leaf.der, to: "leaf.cer")
        _ = try converter.derToPEM(der, to: out.file("leaf.pem"))
        #expect(try out.read("leaf.pem") == (try chain.directory.read("leaf.pem")))
        _ = try converter.pemToDER(out.file("leaf.pem"), to: out.file("again.cer"))
        #expect(try out.read("again.cer") == leaf.der)
        let bundle = try out.write(leaf.pem + leaf.pem, to: "two.pem")
        #expect(throws: CoreError(.invalidInput, "")) { try converter.pemToDER(bundle, to: out.file("two.cer")) }
        #expect(throws: CoreError(.invalidInput, "")) { try converter.derToPEM(out.file("leaf.pem"), to: out.file("x.pem")) }
    }

    @Test func exportFindsTheLeafOfABundleAndWritesTheKeyCredential() throws {
        let out = try output()
        let bundle = try out.write(
            try String(contentsOfFile: chain.rootPath, encoding: .utf8) + String(contentsOfFile: chain.leafPath, encoding: .utf8)
                + String(contentsOfFile: chain.intermediatePath, encoding: .utf8),
            to: "bundle.pem"
        )
        let exported = try converter.exportCertificate(
            from: bundle, password: { nil }, to: out.file("app.cer"), pem: false, keyCredentialOut: out.file("kc.json")
        )
        #expect(exported.certificate == leaf)
        #expect(try out.read("app.cer") == leaf.der)
        let json = try JSONSerialization.jsonObject(with: Data(try out.read("kc.json"))) as? [String: String]
        #expect(json?["type"] == "AsymmetricX509Cert")
        #expect(json?["usage"] == "Verify")
        #expect(json?["key"].flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) } == leaf.der)
        #expect(json?["customKeyIdentifier"] == (try IndependentTools.opensslFingerprint(of: chain.leafPath, digest: "sha1")))
        #expect(json?["displayName"] == "CN=chain leaf")
        #expect(json?.count == 7)
    }
}

@Suite("Graph keyCredential")
struct GraphKeyCredentialTests {
    let certificate: X509Certificate

    init() throws {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let spec = SelfSignedCertificateSpec(
            subject: try DistinguishedName(parsing: "CN=credential"), subjectAlternativeNames: [], validity: try .days(30, from: start)
        )
        certificate = try X509Certificate.selfSigned(spec, key: try PrivateKey.generate(.rsa2048))
    }

    @Test func datesDefaultToTheValidityAndPartialRangesMustStayInside() throws {
        let whole = GraphKeyCredential(certificate: certificate)
        #expect(whole.startDateTime == certificate.notBefore)
        #expect(whole.endDateTime == certificate.notAfter)
        let text = String(decoding: try whole.jsonBytes(), as: UTF8.self)
        #expect(text.contains("\"startDateTime\" : \"2027-01-15T08:00:00Z\""))
        #expect(text.contains("\"endDateTime\" : \"2027-02-14T08:00:00Z\""))

        let later = try GraphKeyCredential(
            certificate: certificate, startDateTime: certificate.notBefore.addingTimeInterval(86_400), endDateTime: certificate.notAfter
        )
        #expect(later.displayName == "CN=credential")
        #expect(throws: CoreError(.invalidInput, "")) {
            try GraphKeyCredential(certificate: certificate, startDateTime: certificate.notBefore.addingTimeInterval(-1), endDateTime: certificate.notAfter)
        }
        #expect(throws: CoreError(.invalidInput, "")) {
            try GraphKeyCredential(certificate: certificate, startDateTime: certificate.notBefore, endDateTime: certificate.notAfter.addingTimeInterval(1))
        }
    }
}
