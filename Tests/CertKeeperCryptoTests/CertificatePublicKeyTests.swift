import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// The public key a certificate carries, read without OpenSSL's encoder framework, must be
/// the exact SubjectPublicKeyInfo the openssl CLI extracts; self-signed is computed on demand.
struct CertificatePublicKeyTests {
    @Test(arguments: ["rsa", "ec"])
    func subjectPublicKeyInfoMatchesOpenSSL(type: String) throws {
        let directory = try TemporaryDirectory()
        let key = directory.file("key.pem")
        let generate =
            type == "rsa"
            ? ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", key]
            : ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", key]
        try #require(try IndependentTools.openssl(generate).status == 0)
        let made = try IndependentTools.openssl([
            "req", "-x509", "-key", key, "-subj", "/CN=spki-\(type)", "-days", "5", "-out", directory.file("cert.pem"),
        ])
        try #require(made.status == 0, "\(made)")
        let extracted = try IndependentTools.openssl(["x509", "-in", directory.file("cert.pem"), "-noout", "-pubkey", "-out", directory.file("pub.pem")])
        try #require(extracted.status == 0)
        let converted = try IndependentTools.openssl(["pkey", "-pubin", "-in", directory.file("pub.pem"), "-outform", "DER", "-out", directory.file("pub.der")])
        try #require(converted.status == 0)

        let certificate = try #require(try X509Certificate.certificates(fromPEM: directory.read("cert.pem")).first)
        #expect(certificate.publicKey?.subjectPublicKeyInfoDER == (try directory.read("pub.der")))
        #expect(certificate.keyAlgorithm.typeName == type.uppercased())
        #expect(certificate.isSelfSigned)
    }

    @Test func aCertificateIssuedByAnotherKeyIsNotSelfSigned() throws {
        let directory = try TemporaryDirectory()
        try IndependentTools.makeChain(in: directory, caName: "CA", leafName: "CA", caDays: 5, leafDays: 5)
        // Same subject and issuer name, but the signature is the CA's: not self-signed.
        let leaf = try #require(try X509Certificate.certificates(fromPEM: directory.read("leaf.pem")).first)
        #expect(leaf.subject == leaf.issuer)
        #expect(!leaf.isSelfSigned)
    }
}
