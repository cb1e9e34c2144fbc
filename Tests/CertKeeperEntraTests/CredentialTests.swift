import CertKeeperCrypto
import CertKeeperEntra
import Foundation
import TestSupport
import Testing

@Suite struct CredentialTests {
    @Test func ecKeysAreRefusedBecauseEntraAcceptsRSAOnly() throws {
        let key = try PrivateKey.generate(.ec(.p256))
        let certificate = try TestCredentials.certificate(key: key)
        let error = #expect(throws: EntraError.self) {
            try ClientCertificateCredential(certificate: certificate, privateKey: key)
        }
        #expect(error?.code == .unsupportedCredential)
        #expect(error?.description.contains("RSA keys only") == true)
    }

    @Test func rsa1024MadeByOpenSSLIsRefusedAsWeak() throws {
        let directory = try TemporaryDirectory()
        let keyPath = directory.file("weak.key")
        let certPath = directory.file("weak.pem")
        let made = try IndependentTools.openssl([
            "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", keyPath, "-out", certPath, "-days", "2", "-subj", "/CN=weak",
        ])
        #expect(made.status == 0, "\(made)")
        let key = try PrivateKey(pemOrDER: try directory.read("weak.key"))
        let certificate = try #require(try X509Certificate.certificates(fromPEM: try directory.read("weak.pem")).first)
        let error = #expect(throws: EntraError.self) {
            try ClientCertificateCredential(certificate: certificate, privateKey: key)
        }
        #expect(error?.code == .unsupportedCredential)
        #expect(error?.description.contains("1024 bits") == true)
    }

    @Test func aKeyThatDoesNotBelongToTheCertificateIsRefused() throws {
        let certificate = try TestCredentials.certificate(key: try PrivateKey.generate(.rsa2048))
        let otherKey = try PrivateKey.generate(.rsa2048)
        let error = #expect(throws: EntraError.self) {
            try ClientCertificateCredential(certificate: certificate, privateKey: otherKey)
        }
        #expect(error?.description.contains(certificate.sha1Thumbprint.hex) == true)
    }

    @Test func theLeafIsPickedByKeyWhateverTheOrder() throws {
        let key = try PrivateKey.generate(.rsa2048)
        let leaf = try TestCredentials.certificate(commonName: "leaf", key: key)
        let other = try TestCredentials.certificate(commonName: "ca", key: try PrivateKey.generate(.rsa2048))
        let credential = try ClientCertificateCredential(certificates: [other, leaf], privateKey: key)
        #expect(credential.certificate == leaf)
        #expect(credential.chain == [other])
        #expect(credential.x5cChain.first == Data(leaf.der).base64EncodedString())
    }

    @Test func validityIsCheckedAgainstTheGivenDate() throws {
        let key = try PrivateKey.generate(.rsa2048)
        let certificate = try TestCredentials.certificate(key: key, notBefore: Date(timeIntervalSinceNow: -10 * 86_400), days: 2)
        let credential = try ClientCertificateCredential(certificate: certificate, privateKey: key)
        #expect(credential.isOutsideValidity(at: Date()))
        #expect(!credential.isOutsideValidity(at: Date(timeIntervalSinceNow: -9 * 86_400)))
    }
}
