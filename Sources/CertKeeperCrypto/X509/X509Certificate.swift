import Foundation

/// A parsed X.509 certificate: its DER plus every field certkeeper reports. Built once by
/// CertKeeperCrypto; other modules never parse certificates themselves.
public struct X509Certificate: Sendable, Hashable, CustomStringConvertible {
    let backing: OwnedX509

    public let der: [UInt8]
    public let subject: DistinguishedName
    public let issuer: DistinguishedName
    public let serialNumber: SerialNumber
    public let notBefore: Date
    public let notAfter: Date
    /// The subject's key, or nil when OpenSSL cannot decode it (GOST without its engine, an
    /// unknown algorithm OID): inventory and scan need only names, dates and thumbprints, as
    /// `openssl x509 -noout -subject -dates` does, so such a certificate still reads.
    public let publicKey: PublicKey?
    /// The key's algorithm and size; `.unknown(oid:name:)` when `publicKey` is nil.
    public let keyAlgorithm: KeyAlgorithm
    /// OpenSSL's long name, e.g. `sha256WithRSAEncryption`.
    public let signatureAlgorithm: String
    public let subjectAlternativeNames: [SubjectAlternativeName]
    /// Short names such as `clientAuth`, `serverAuth`; dotted OIDs for unnamed usages.
    public let extendedKeyUsage: [String]
    /// keyUsage bit names such as `digitalSignature`, `keyEncipherment`.
    public let keyUsage: [String]
    /// Issued by its own key: the subject equals the issuer and the signature verifies with
    /// the certificate's own public key. Computed when asked (a signature check is the most
    /// expensive part of reading a certificate, and a scan of many files never needs it).
    public var isSelfSigned: Bool { selfSignatureVerifies() }
    public let isCertificateAuthority: Bool
    public let sha1Thumbprint: Thumbprint
    public let sha256Thumbprint: Thumbprint

    /// PEM text (`BEGIN CERTIFICATE`).
    public var pem: String {
        let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN CERTIFICATE-----\n\(body)\n-----END CERTIFICATE-----\n"
    }

    /// Whether `date` lies within notBefore…notAfter.
    public func isValid(at date: Date) -> Bool { notBefore <= date && date <= notAfter }

    public var description: String {
        "X509Certificate(subject: \(subject), sha1: \(sha1Thumbprint.hex))"
    }

    public static func == (lhs: X509Certificate, rhs: X509Certificate) -> Bool { lhs.der == rhs.der }
    public func hash(into hasher: inout Hasher) { hasher.combine(sha256Thumbprint) }
}
