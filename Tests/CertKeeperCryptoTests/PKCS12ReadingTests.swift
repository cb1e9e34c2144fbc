import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// PFX files made by other tools (openssl CLI, Python `cryptography`, a committed RC2-40
/// fixture) read by certkeeper.
@Suite("PKCS#12 reading")
struct PKCS12ReadingTests {
    static let password = "s3cret pfx"

    let chain: CertificateChainFixture
    let leaf: X509Certificate
    let intermediate: X509Certificate
    let root: X509Certificate

    init() throws {
        chain = try CertificateChainFixture()
        leaf = try X509Certificate.certificates(fromPEMOrDER: try chain.directory.read("leaf.pem"))[0]
        intermediate = try X509Certificate.certificates(fromPEMOrDER: try chain.directory.read("intermediate.pem"))[0]
        root = try X509Certificate.certificates(fromPEMOrDER: try chain.directory.read("root.pem"))[0]
    }

    /// `openssl pkcs12 -export` of the leaf, its key and the CA certificates.
    func opensslExport(_ extra: [String], password: String = Self.password) throws -> [UInt8] {
        let out = chain.directory.file("export-\(UUID().uuidString).pfx")
        let result = try IndependentTools.openssl(
            [
                "pkcs12", "-export", "-in", chain.leafPath, "-inkey", chain.leafKeyPath, "-out", out,
                "-passout", "env:PFX_PASSWORD",
            ] + extra,
            environment: ["PFX_PASSWORD": password]
        )
        try #require(result.status == 0, "\(result)")
        return try Fixtures.bytesAt(out)
    }

    @Test func opensslDefaultExportWithChain() throws {
        let bytes = try opensslExport(["-certfile", chain.intermediatePath, "-name", "from openssl"])
        let bundle = try PKCS12Bundle(reading: bytes, password: Secret(Self.password))
        #expect(bundle.certificate == leaf)
        #expect(bundle.chain == [intermediate])
        #expect(bundle.privateKey.map(leaf.matches) == true)
        #expect(bundle.friendlyName == "from openssl")
        #expect(bundle.protection?.summary == "AES-256-CBC/PBKDF2, MAC SHA-256 (Windows Server 2019+)")
    }

    @Test func opensslLegacyExportIsRC2_40() throws {
        let bytes = try opensslExport(["-legacy"])
        let bundle = try PKCS12Bundle(reading: bytes, password: Secret(Self.password))
        #expect(bundle.certificate == leaf)
        #expect(bundle.privateKey.map(leaf.matches) == true)
        #expect(bundle.protection?.certificateEncryption?.name == "RC2-40")
        #expect(bundle.protection?.keyEncryption?.name == "3DES")
        #expect(bundle.protection?.isWeak == true)
        #expect(bundle.protection?.summary == "certificates RC2-40, key 3DES, MAC SHA-1 (legacy; re-export recommended)")
    }

    @Test func committedRC2_40Fixture() throws {
        let bytes = try Fixtures.bytes("pkcs12/rc2-40.pfx")
        let expected = try X509Certificate.certificates(fromPEMOrDER: try Fixtures.bytes("pkcs12/rc2-40.cert.pem"))[0]
        let bundle = try PKCS12Bundle(reading: bytes, password: Secret("fixture-password"))
        #expect(bundle.certificate == expected)
        #expect(bundle.certificate?.sha1Thumbprint.hex == "9DE2027E44709011C27AD084489A30EAFD249E9D")
        #expect(bundle.privateKey.map(expected.matches) == true)
        #expect(bundle.friendlyName == "rc2 fixture")
        #expect(bundle.protection?.certificateEncryption?.name == "RC2-40")
    }

    @Test func pythonPasswordlessFileOpensWithoutPassword() throws {
        let path = chain.directory.file("python-open.pfx")
        try PKCS12Checks.pythonWrite(to: path, key: chain.leafKeyPath, certificate: chain.leafPath, extra: [], password: nil)
        let bundle = try PKCS12Bundle(reading: try Fixtures.bytesAt(path), password: nil)
        #expect(bundle.certificate == leaf)
        #expect(bundle.privateKey != nil)
        #expect(bundle.protection?.isPasswordless == true)
        // A password given for a password-less file is not needed and does no harm.
        let again = try PKCS12Bundle(reading: try Fixtures.bytesAt(path), password: Secret("unused"))
        #expect(again.certificate == leaf)
    }

    @Test func pythonChainWhoseLeafIsNotFirst() throws {
        let path = chain.directory.file("python-chain.pfx")
        try PKCS12Checks.pythonWrite(
            to: path, key: chain.leafKeyPath, certificate: nil,
            extra: [chain.rootPath, chain.intermediatePath, chain.leafPath], password: Self.password
        )
        let bytes = try Fixtures.bytesAt(path)
        let bundle = try PKCS12Bundle(reading: bytes, password: Secret(Self.password))
        #expect(bundle.certificate == leaf)
        #expect(bundle.chain == [root, intermediate])
        #expect(bundle.allCertificates == [leaf, root, intermediate])

        let listing = try PKCS12Bundle.certificates(in: bytes, password: Secret(Self.password))
        #expect(listing.leaf == leaf)
        #expect(listing.hasPrivateKey)
        #expect(listing.certificates == [root, intermediate, leaf])
    }

    @Test func certificatesOnlyReadFindsLeafByLocalKeyID() throws {
        let bytes = try opensslExport(["-certfile", chain.rootPath, "-legacy"])
        let listing = try PKCS12Bundle.certificates(in: bytes, password: Secret(Self.password))
        #expect(listing.leaf == leaf)
        #expect(listing.chain == [root])
        #expect(listing.hasPrivateKey)
        #expect(listing.protection.certificateEncryption?.name == "RC2-40")
        #expect(throws: CryptoError(.wrongPassword, "")) {
            try PKCS12Bundle.certificates(in: bytes, password: Secret("nope"))
        }
    }

    @Test func certificatesOnlyReadDecryptsTheKeyWhenNoLocalKeyIDPairsIt() throws {
        // Python writes no localKeyID when the key comes without `cert`; an unrelated
        // end-entity certificate first would fool a position or CA-flag guess.
        let key = try PrivateKey.generate(.rsa2048)
        let spec = SelfSignedCertificateSpec(
            subject: try DistinguishedName(parsing: "CN=unrelated"), subjectAlternativeNames: [], validity: try .days(10)
        )
        let unrelated = try X509Certificate.selfSigned(spec, key: key)
        let unrelatedPath = try chain.directory.write(unrelated.pem, to: "unrelated.pem")
        let path = chain.directory.file("python-two-leaves.pfx")
        try PKCS12Checks.pythonWrite(
            to: path, key: chain.leafKeyPath, certificate: nil, extra: [unrelatedPath, chain.leafPath], password: Self.password
        )
        let listing = try PKCS12Bundle.certificates(in: try Fixtures.bytesAt(path), password: Secret(Self.password))
        #expect(listing.leaf == leaf)
        #expect(listing.chain == [unrelated])
    }

    @Test func certificateOnlyPFXHasNoKey() throws {
        let out = chain.directory.file("nokeys.pfx")
        let result = try IndependentTools.openssl(
            [
                "pkcs12", "-export", "-nokeys", "-in", chain.leafPath, "-certfile", chain.intermediatePath,
                "-out", out, "-passout", "pass:\(Self.password)",
            ]
        )
        try #require(result.status == 0, "\(result)")
        let bundle = try PKCS12Bundle(reading: try Fixtures.bytesAt(out), password: Secret(Self.password))
        #expect(bundle.privateKey == nil)
        #expect(bundle.certificate == leaf)
        #expect(bundle.protection?.keyEncryption == nil)
    }

    @Test func fileWithoutMACUsesDecryptionToCheckThePassword() throws {
        let bytes = try opensslExport(["-nomac"])
        let bundle = try PKCS12Bundle(reading: bytes, password: Secret(Self.password))
        #expect(bundle.certificate == leaf)
        #expect(bundle.protection?.macDigest == nil)
        #expect(throws: CryptoError(.wrongPassword, "")) { try PKCS12Bundle(reading: bytes, password: Secret("wrong")) }
        #expect(throws: CryptoError(.passwordRequired, "")) { try PKCS12Bundle(reading: bytes, password: nil) }
    }

    @Test func emptyPasswordFileOpensWithoutPassword() throws {
        let bytes = try opensslExport([], password: "")
        let bundle = try PKCS12Bundle(reading: bytes, password: nil)
        #expect(bundle.certificate == leaf)
    }

    @Test func wrongMissingAndTruncated() throws {
        let bytes = try opensslExport([])
        #expect(throws: CryptoError(.wrongPassword, "")) { try PKCS12Bundle(reading: bytes, password: Secret("wrong")) }
        #expect(throws: CryptoError(.passwordRequired, "")) { try PKCS12Bundle(reading: bytes, password: nil) }
        #expect(throws: CryptoError(.malformedInput, "")) {
            try PKCS12Bundle(reading: Array(bytes.prefix(bytes.count / 2)), password: Secret(Self.password))
        }
        #expect(throws: CryptoError(.malformedInput, "")) {
            try PKCS12Bundle(reading: Array("-----BEGIN CERTIFICATE-----\n".utf8), password: nil)
        }
    }

    @Test func documentDecoderDescribesAPFX() throws {
        let bytes = try opensslExport(["-certfile", chain.intermediatePath, "-legacy"])
        #expect(throws: CryptoError(.passwordRequired, "")) { try DocumentDecoder.decode(bytes) }
        let document = try DocumentDecoder.decode(bytes, password: Secret(Self.password))
        #expect(document.format == .pkcs12)
        #expect(document.certificates == [leaf, intermediate])
        #expect(document.pkcs12Protection?.summary.hasSuffix("(legacy; re-export recommended)") == true)
        let keys = document.items.filter { if case .privateKey = $0 { true } else { false } }
        #expect(keys.count == 1)
        #expect(EncodedFormat.detect(bytes) == .pkcs12)
        #expect(EncodedFormat.detect(leaf.der) == .der)
        #expect(EncodedFormat.detect(Array(leaf.pem.utf8)) == .pem)
    }
}
