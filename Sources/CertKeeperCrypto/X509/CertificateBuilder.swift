import Foundation

/// What a certificate is for: its extendedKeyUsage. Either way it is an end-entity
/// certificate (basicConstraints CA:FALSE).
public enum CertificatePurpose: Sendable, Hashable {
    /// EKU clientAuth: a credential for an app registration (docs/ARCHITECTURE.md, "PKCS#12 facts"). The default.
    case clientAuthentication
    /// EKU serverAuth: a TLS server certificate (certkeeper-idp's https listener).
    case serverAuthentication

    var extendedKeyUsageValue: String {
        switch self {
        case .clientAuthentication: "clientAuth"
        case .serverAuthentication: "serverAuth"
        }
    }
}

/// What goes into a self-signed certificate: client authentication unless `purpose` says
/// otherwise (docs/ARCHITECTURE.md, "PKCS#12 facts").
public struct SelfSignedCertificateSpec: Sendable {
    public var subject: DistinguishedName
    public var subjectAlternativeNames: [SubjectAlternativeName]
    public var validity: CertificateValidity
    public var serialNumber: SerialNumber
    public var purpose: CertificatePurpose

    public init(
        subject: DistinguishedName,
        subjectAlternativeNames: [SubjectAlternativeName] = [],
        validity: CertificateValidity,
        serialNumber: SerialNumber = .random(),
        purpose: CertificatePurpose = .clientAuthentication
    ) {
        self.subject = subject
        self.subjectAlternativeNames = subjectAlternativeNames
        self.validity = validity
        self.serialNumber = serialNumber
        self.purpose = purpose
    }
}
