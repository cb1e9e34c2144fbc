import CertKeeperCrypto
import Foundation

/// Certificates with exact validity periods for tests, built by CertKeeperCrypto (EC P-256
/// keys: generation takes about a millisecond, so every test can make its own).
public enum TestCertificates {
    /// A self-signed certificate valid from `notBefore` to `notAfter`.
    public static func make(
        commonName: String = "certkeeper test", notBefore: Date, notAfter: Date
    ) throws -> X509Certificate {
        try make(subject: DistinguishedName(attributes: [.init(type: "CN", value: commonName)]), notBefore: notBefore, notAfter: notAfter)
    }

    public static func make(subject: DistinguishedName, notBefore: Date, notAfter: Date) throws -> X509Certificate {
        let key = try PrivateKey.generate(.ec(.p256))
        let validity = try CertificateValidity(notBefore: notBefore, notAfter: notAfter)
        return try X509Certificate.selfSigned(SelfSignedCertificateSpec(subject: subject, validity: validity), key: key)
    }

    /// A certificate valid `days` days from `start`, written as PEM to `directory/name`.
    @discardableResult
    public static func writePEM(
        _ name: String, in directory: TemporaryDirectory, commonName: String? = nil, start: Date, days: Double
    ) throws -> X509Certificate {
        let certificate = try make(
            commonName: commonName ?? name, notBefore: start, notAfter: start.addingTimeInterval(days * 86_400)
        )
        try directory.write(certificate.pem, to: name)
        return certificate
    }
}

/// A fixed instant for tests (2026-01-01T00:00:00Z): never the wall clock.
public let testEpoch = Date(timeIntervalSince1970: 1_767_225_600)
