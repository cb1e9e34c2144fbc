import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

@Suite("Private keys")
struct PrivateKeyTests {
    @Test(
        "generates RSA and EC keys of the requested size",
        arguments: [
            KeyGenerationSpec.rsa2048, KeyGenerationSpec.ec(.p256), KeyGenerationSpec.ec(.p384),
        ])
    func generates(spec: KeyGenerationSpec) throws {
        let key = try PrivateKey.generate(spec)
        #expect(key.algorithm == spec.algorithm)
    }

    @Test func generatesRSA3072WithPublicExponent65537() throws {
        let directory = try TemporaryDirectory()
        let key = try PrivateKey.generate(try .rsa(bits: 3072))
        let path = try directory.write(try key.pkcs8PEM(encryptedWith: nil), to: "k.pem")
        let text = try IndependentTools.openssl(["pkey", "-in", path, "-noout", "-text"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("3072 bit"))
        #expect(text.stdout.contains("publicExponent: 65537"))
    }

    @Test("refuses RSA sizes other than 2048/3072/4096", arguments: [512, 1024, 2047, 8192])
    func refusesWeakOrOddRSASizes(bits: Int) {
        #expect(throws: CryptoError(.unsupportedKey, "")) { try KeyGenerationSpec.rsa(bits: bits) }
    }

    @Test(
        "public key equals `openssl pkey -pubout` of the written key",
        arguments: [
            KeyGenerationSpec.rsa2048, KeyGenerationSpec.ec(.p256),
        ])
    func publicKeyMatchesOpenSSL(spec: KeyGenerationSpec) throws {
        let directory = try TemporaryDirectory()
        let key = try PrivateKey.generate(spec)
        let path = try directory.write(try key.pkcs8PEM(encryptedWith: nil), to: "k.pem")
        let openssl = try IndependentTools.openssl(["pkey", "-in", path, "-pubout"])
        #expect(openssl.status == 0)
        #expect(String(decoding: try key.publicKey.pem(), as: UTF8.self) == openssl.stdout)
    }

    @Test func unencryptedExportIsPKCS8() throws {
        let pem = String(decoding: try PrivateKey.generate(.rsa2048).pkcs8PEM(encryptedWith: nil), as: UTF8.self)
        #expect(pem.hasPrefix("-----BEGIN PRIVATE KEY-----"))
    }

    @Test func encryptedKeyOpensInOpenSSLWithThePasswordOnly() throws {
        let directory = try TemporaryDirectory()
        let key = try PrivateKey.generate(.rsa2048)
        let pem = try key.pkcs8PEM(encryptedWith: Secret("correct horse"))
        #expect(String(decoding: pem, as: UTF8.self).hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        let path = try directory.write(pem, to: "k.pem")

        let right = try IndependentTools.openssl(["pkey", "-in", path, "-passin", "env:KEYPASS", "-pubout"], environment: ["KEYPASS": "correct horse"])
        #expect(right.status == 0)
        #expect(right.stdout == String(decoding: try key.publicKey.pem(), as: UTF8.self))
        let wrong = try IndependentTools.openssl(["pkey", "-in", path, "-passin", "env:KEYPASS", "-noout"], environment: ["KEYPASS": "wrong"])
        #expect(wrong.status != 0)

        let asn1 = try IndependentTools.openssl(["asn1parse", "-in", path])
        #expect(asn1.stdout.contains("aes-256-cbc"))
        #expect(asn1.stdout.contains("PBKDF2"))
    }

    @Test func readsEncryptedKeyBackAndReportsPasswordProblems() throws {
        let key = try PrivateKey.generate(.ec(.p256))
        let pem = try key.pkcs8PEM(encryptedWith: Secret("s3cret"))
        let reread = try PrivateKey(pemOrDER: pem, password: Secret("s3cret"))
        #expect(reread.matches(try key.publicKey))
        #expect(throws: CryptoError(.wrongPassword, "")) { try PrivateKey(pemOrDER: pem, password: Secret("nope")) }
        #expect(throws: CryptoError(.passwordRequired, "")) { try PrivateKey(pemOrDER: pem, password: nil) }
    }

    @Test func refusesEmptyEncryptionPassword() throws {
        let key = try PrivateKey.generate(.ec(.p256))
        #expect(throws: CryptoError(.invalidParameter, "")) { try key.pkcs8PEM(encryptedWith: Secret("")) }
    }

    /// Keys written by the openssl CLI in every layout users have on disk.
    @Test(
        "reads keys written by openssl",
        arguments: [
            ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "OUT"],
            ["genrsa", "-traditional", "-out", "OUT", "2048"],
            ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "OUT"],
            ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "OUT"],
        ])
    func readsOpenSSLKeys(command: [String]) throws {
        let directory = try TemporaryDirectory()
        let generated = try IndependentTools.openssl(command.map { $0 == "OUT" ? directory.file("k.pem") : $0 })
        #expect(generated.status == 0, "\(generated)")
        let pem = try directory.read("k.pem")
        let key = try PrivateKey(pemOrDER: pem)
        let openssl = try IndependentTools.openssl(["pkey", "-in", directory.file("k.pem"), "-pubout"])
        #expect(String(decoding: try key.publicKey.pem(), as: UTF8.self) == openssl.stdout)

        // The same key as DER: PKCS#8, traditional, and encrypted PKCS#8.
        try IndependentTools.openssl(["pkey", "-in", directory.file("k.pem"), "-outform", "DER", "-out", directory.file("k8.der")])
        #expect(try PrivateKey(pemOrDER: try directory.read("k8.der")).matches(try key.publicKey))
        try IndependentTools.openssl(["pkey", "-in", directory.file("k.pem"), "-outform", "DER", "-traditional", "-out", directory.file("kt.der")])
        #expect(try PrivateKey(pemOrDER: try directory.read("kt.der")).matches(try key.publicKey))
        try IndependentTools.openssl([
            "pkcs8", "-topk8", "-in", directory.file("k.pem"), "-outform", "DER", "-v2", "aes-256-cbc",
            "-passout", "pass:pw", "-out", directory.file("ke.der"),
        ])
        let encryptedDER = try directory.read("ke.der")
        #expect(try PrivateKey(pemOrDER: encryptedDER, password: Secret("pw")).matches(try key.publicKey))
        #expect(throws: CryptoError(.passwordRequired, "")) { try PrivateKey(pemOrDER: encryptedDER) }
    }

    @Test func readsTraditionalEncryptedPEM() throws {
        let directory = try TemporaryDirectory()
        try IndependentTools.openssl(["genrsa", "-traditional", "-aes256", "-passout", "pass:legacy", "-out", directory.file("k.pem"), "2048"])
        let pem = try directory.read("k.pem")
        #expect(String(decoding: pem, as: UTF8.self).contains("Proc-Type: 4,ENCRYPTED"))
        #expect(try PrivateKey(pemOrDER: pem, password: Secret("legacy")).algorithm == .rsa(bits: 2048))
        #expect(throws: CryptoError(.wrongPassword, "")) { try PrivateKey(pemOrDER: pem, password: Secret("other")) }
    }

    @Test(
        "garbage is a malformed-input error, not a crash",
        arguments: [
            Array("not a key".utf8), [0x30, 0x82, 0x01], Array("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n".utf8),
        ])
    func rejectsGarbage(bytes: [UInt8]) {
        #expect(throws: CryptoError(.malformedInput, "")) { try PrivateKey(pemOrDER: bytes) }
    }

    @Test func descriptionNeverShowsKeyMaterial() throws {
        let key = try PrivateKey.generate(.rsa2048)
        #expect(String(describing: key) == "PrivateKey(RSA 2048)")
        #expect(String(reflecting: key) == "PrivateKey(RSA 2048)")
        #expect(String(describing: Secret("hunter2")) == "<secret>")
    }
}
