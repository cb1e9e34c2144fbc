import Foundation

/// What an expiry scan needs of one inventory certificate: its names, thumbprints, validity,
/// files and profiles, without the DER (a scan of 100,000 certificates never parses or even
/// loads them).
public struct CertificateExpiryRow: Sendable, Hashable {
    public let id: Int64
    /// Uppercase hex, no separators.
    public let sha1Thumbprint: String
    public let sha256Thumbprint: String
    public let subject: String
    public let subjectCommonName: String?
    public let issuer: String
    public let issuerCommonName: String?
    /// Uppercase hex.
    public let serialNumber: String
    public let notBefore: Date
    public let notAfter: Date
    public let state: CertificateState
    /// The files the certificate was found in, by path.
    public var filePaths: [String]
    /// Profiles whose active certificate it is.
    public let profileNames: [String]

    public init(
        id: Int64, sha1Thumbprint: String, sha256Thumbprint: String, subject: String, subjectCommonName: String?,
        issuer: String, issuerCommonName: String?, serialNumber: String, notBefore: Date, notAfter: Date,
        state: CertificateState, filePaths: [String], profileNames: [String]
    ) {
        self.id = id
        self.sha1Thumbprint = sha1Thumbprint
        self.sha256Thumbprint = sha256Thumbprint
        self.subject = subject
        self.subjectCommonName = subjectCommonName
        self.issuer = issuer
        self.issuerCommonName = issuerCommonName
        self.serialNumber = serialNumber
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.state = state
        self.filePaths = filePaths
        self.profileNames = profileNames
    }
}
