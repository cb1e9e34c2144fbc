import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// The additions certkeeper-idp needs: serverAuth certificates and RSA n/e for a JWKS,
/// both cross-checked with the openssl CLI.
@Suite struct ServerCertificateAndRSAComponentsTests {
    @Test func serverAuthenticationCertificateIsAnEndEntityTLSServerCertificate() throws {
        let key = try PrivateKey.generate(.rsa2048)
        let spec = SelfSignedCertificateSpec(
            subject: try DistinguishedName(parsing: "CN=localhost"),
            subjectAlternativeNames: [.ipAddress("127.0.0.1"), .dns("localhost")],
            validity: try .days(30), purpose: .serverAuthentication
        )
        let certificate = try X509Certificate.selfSigned(spec, key: key)
        #expect(certificate.extendedKeyUsage == ["serverAuth"])
        #expect(!certificate.isCertificateAuthority)
        let directory = try TemporaryDirectory()
        let path = try directory.write(certificate.pem, to: "server.pem")
        let text = try IndependentTools.openssl(["x509", "-in", path, "-noout", "-ext", "extendedKeyUsage,basicConstraints,subjectAltName"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("TLS Web Server Authentication"))
        #expect(!text.stdout.contains("Client Authentication"))
        #expect(text.stdout.contains("CA:FALSE"))
        #expect(text.stdout.contains("IP Address:127.0.0.1"))
        #expect(text.stdout.contains("DNS:localhost"))
        // openssl accepts it as a TLS server certificate when it is its own trust anchor.
        let verify = try IndependentTools.openssl(["verify", "-CAfile", path, "-purpose", "sslserver", path])
        #expect(verify.status == 0, "\(verify)")
    }

    @Test func clientAuthenticationStaysTheDefault() throws {
        let key = try PrivateKey.generate(.rsa2048)
        let spec = SelfSignedCertificateSpec(subject: try DistinguishedName(parsing: "CN=app"), validity: try .days(30))
        #expect(try X509Certificate.selfSigned(spec, key: key).extendedKeyUsage == ["clientAuth"])
    }

    @Test func rsaComponentsMatchOpenSSL() throws {
        let key = try PrivateKey.generate(.rsa2048)
        let components = try key.publicKey.rsaComponents()
        #expect(components.publicExponent == [0x01, 0x00, 0x01])
        #expect(components.modulus.count == 256)
        #expect(components.modulus.first != 0)
        let directory = try TemporaryDirectory()
        let path = try directory.write(try key.publicKey.pem(), to: "public.pem")
        let output = try IndependentTools.openssl(["rsa", "-pubin", "-in", path, "-noout", "-modulus"])
        #expect(output.status == 0)
        let hex = components.modulus.map { String(format: "%02X", $0) }.joined()
        #expect(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "Modulus=\(hex)")
    }

    @Test func ecKeysHaveNoRSAComponents() throws {
        let key = try PrivateKey.generate(.ec(.p256))
        #expect(throws: CryptoError(.unsupportedKey, "")) { try key.publicKey.rsaComponents() }
    }
}
