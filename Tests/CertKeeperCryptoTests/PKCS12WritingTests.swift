import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// PFX files certkeeper writes, opened by independent readers: the openssl CLI (without
/// `-legacy`), Python `cryptography` and Java keytool.
@Suite("PKCS#12 writing")
struct PKCS12WritingTests {
    static let password = "correct horse battery staple"

    static func makeBundle(chain: [X509Certificate] = [], name: String? = "certkeeper test") throws -> PKCS12Bundle {
        let key = try PrivateKey.generate(.rsa2048)
        let spec = SelfSignedCertificateSpec(
            subject: try DistinguishedName(parsing: "CN=pfx writer test,O=Contoso"),
            subjectAlternativeNames: [],
            validity: try .days(30)
        )
        let certificate = try X509Certificate.selfSigned(spec, key: key)
        return try PKCS12Bundle(privateKey: key, certificate: certificate, chain: chain, friendlyName: name)
    }

    @Test func modernProfileIsAES256PBKDF2WithSHA256MAC() throws {
        let directory = try TemporaryDirectory()
        let bundle = try Self.makeBundle()
        let path = try directory.write(try bundle.encoded(password: Secret(Self.password), profile: .modern), to: "modern.pfx")

        let info = try PKCS12Checks.opensslInfo(path, password: Self.password)
        #expect(info.status == 0, "\(info)")
        let text = info.stdout + info.stderr
        #expect(text.contains("MAC: sha256, Iteration 2048"))
        #expect(text.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"))
        #expect(text.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256"))

        let python = try PKCS12Checks.pythonLoad(path, password: Self.password)
        #expect(python.certificateSHA1 == bundle.certificate?.sha1Thumbprint.hex)
        #expect(python.keyMatchesCertificate)
        #expect(python.friendlyName == "certkeeper test")
        #expect(python.chainSHA1.isEmpty)

        let reread = try PKCS12Bundle(reading: try directory.read("modern.pfx"), password: Secret(Self.password))
        #expect(reread.protection?.summary == "AES-256-CBC/PBKDF2, MAC SHA-256 (Windows Server 2019+)")
    }

    @Test func legacyProfileIs3DESWithSHA1MACAndNeedsNoLegacyProvider() throws {
        let directory = try TemporaryDirectory()
        let bundle = try Self.makeBundle()
        let path = try directory.write(try bundle.encoded(password: Secret(Self.password), profile: .legacy), to: "legacy.pfx")

        // No -legacy: everything in the file must be in OpenSSL's default provider.
        let info = try PKCS12Checks.opensslInfo(path, password: Self.password)
        #expect(info.status == 0, "\(info)")
        let text = info.stdout + info.stderr
        #expect(text.contains("MAC: sha1, Iteration 2048"))
        #expect(text.contains("PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"))
        #expect(text.contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"))
        #expect(!text.contains("AES"))

        let python = try PKCS12Checks.pythonLoad(path, password: Self.password)
        #expect(python.certificateSHA1 == bundle.certificate?.sha1Thumbprint.hex)
        #expect(python.keyMatchesCertificate)

        let reread = try PKCS12Bundle(reading: try directory.read("legacy.pfx"), password: Secret(Self.password))
        #expect(reread.protection?.summary == "3DES, MAC SHA-1 (imports everywhere)")
    }

    @Test(
        .enabled(if: IndependentTools.hasKeytool, "no JDK (keytool) installed; scripts/test.sh installs default-jdk-headless"),
        arguments: [PKCS12Profile.modern, PKCS12Profile.legacy])
    func keytoolListsTheKeyEntry(profile: PKCS12Profile) throws {
        let directory = try TemporaryDirectory()
        let bundle = try Self.makeBundle()
        let path = try directory.write(try bundle.encoded(password: Secret(Self.password), profile: profile), to: "k.pfx")
        let listing = try IndependentTools.keytoolList(path, password: Self.password)
        #expect(listing.status == 0, "\(listing)")
        #expect(listing.stdout.contains("Entry type: PrivateKeyEntry"))
        #expect(listing.stdout.contains("Alias name: certkeeper test"))
        #expect(listing.stdout.contains(bundle.certificate?.sha256Thumbprint.colonHex ?? "missing"))
    }

    @Test func chainIsWrittenAfterTheLeafInOrder() throws {
        let chainFixture = try CertificateChainFixture()
        let intermediate = try X509Certificate.certificates(fromPEMOrDER: try chainFixture.directory.read("intermediate.pem"))[0]
        let root = try X509Certificate.certificates(fromPEMOrDER: try chainFixture.directory.read("root.pem"))[0]
        let leaf = try X509Certificate.certificates(fromPEMOrDER: try chainFixture.directory.read("leaf.pem"))[0]
        let key = try PrivateKey(pemOrDER: try chainFixture.directory.read("leaf.key.pem"))
        let bundle = try PKCS12Bundle(privateKey: key, certificate: leaf, chain: [intermediate, root])
        let directory = try TemporaryDirectory()
        let path = try directory.write(try bundle.encoded(password: Secret(Self.password), profile: .legacy), to: "chain.pfx")

        let python = try PKCS12Checks.pythonLoad(path, password: Self.password)
        #expect(python.certificateSHA1 == leaf.sha1Thumbprint.hex)
        #expect(python.chainSHA1 == [intermediate.sha1Thumbprint.hex, root.sha1Thumbprint.hex])
        let reread = try PKCS12Bundle(reading: try directory.read("chain.pfx"), password: Secret(Self.password))
        #expect(reread.certificate == leaf)
        #expect(reread.chain == [intermediate, root])
    }

    @Test func iterationsAreConfigurableUpTo600000() throws {
        let directory = try TemporaryDirectory()
        let bundle = try Self.makeBundle()
        let path = try directory.write(
            try bundle.encoded(password: Secret(Self.password), profile: .modern, iterations: 10_000), to: "iter.pfx"
        )
        let text = try PKCS12Checks.opensslInfo(path, password: Self.password).stderr
        #expect(text.contains("AES-256-CBC, Iteration 10000"))
        #expect(text.contains("MAC: sha256, Iteration 2048"))

        #expect(throws: CryptoError(.invalidParameter, "")) {
            try bundle.encoded(password: Secret(Self.password), profile: .modern, iterations: 600_001)
        }
        #expect(throws: CryptoError(.invalidParameter, "")) {
            try bundle.encoded(password: Secret(Self.password), profile: .legacy, iterations: 0)
        }
    }

    @Test func emptyPasswordIsRefusedAndPasswordlessIsExplicit() throws {
        let bundle = try Self.makeBundle(name: nil)
        #expect(throws: CryptoError(.invalidParameter, "")) { try bundle.encoded(password: Secret("")) }

        let directory = try TemporaryDirectory()
        let path = try directory.write(try bundle.encodedWithoutPassword(), to: "open.pfx")
        let info = try IndependentTools.openssl(["pkcs12", "-info", "-noout", "-in", path, "-passin", "pass:"])
        #expect(info.status == 0, "\(info)")
        #expect(info.stderr.contains("MAC is absent"))
        let python = try PKCS12Checks.pythonLoad(path, password: nil)
        #expect(python.keyMatchesCertificate)
        let reread = try PKCS12Bundle(reading: try directory.read("open.pfx"), password: nil)
        #expect(reread.certificate == bundle.certificate)
        #expect(reread.protection?.isPasswordless == true)
        #expect(reread.protection?.summary == "unencrypted, no MAC (no password: anyone with the file has the key)")
    }

    @Test func keyOfAnotherCertificateIsRefused() throws {
        let bundle = try Self.makeBundle()
        let otherKey = try PrivateKey.generate(.rsa2048)
        #expect(throws: CryptoError(.keyMismatch, "")) {
            try PKCS12Bundle(privateKey: otherKey, certificate: bundle.certificate!)
        }
    }
}
