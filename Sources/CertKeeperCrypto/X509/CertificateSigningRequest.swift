import Foundation

/// A PKCS#10 certificate signing request.
public struct CertificateSigningRequest: Sendable, Hashable, CustomStringConvertible {
    let backing: OwnedX509Request

    public let der: [UInt8]
    public let subject: DistinguishedName
    public let publicKey: PublicKey
    public let subjectAlternativeNames: [SubjectAlternativeName]
    public let signatureAlgorithm: String
    /// Whether the request's self-signature verifies (what `openssl req -verify` checks).
    public let isSignatureValid: Bool

    public var pem: String {
        let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN CERTIFICATE REQUEST-----\n\(body)\n-----END CERTIFICATE REQUEST-----\n"
    }

    public var description: String { "CertificateSigningRequest(subject: \(subject))" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.der == rhs.der }
    public func hash(into hasher: inout Hasher) { hasher.combine(der) }
}
