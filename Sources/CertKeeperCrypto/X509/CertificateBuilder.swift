import Foundation

/// What goes into a self-signed client-authentication certificate (DESIGN §6).
public struct SelfSignedCertificateSpec: Sendable {
    public var subject: DistinguishedName
    public var subjectAlternativeNames: [SubjectAlternativeName]
    public var validity: CertificateValidity
    public var serialNumber: SerialNumber

    public init(
        subject: DistinguishedName,
        subjectAlternativeNames: [SubjectAlternativeName] = [],
        validity: CertificateValidity,
        serialNumber: SerialNumber = .random()
    ) {
        self.subject = subject
        self.subjectAlternativeNames = subjectAlternativeNames
        self.validity = validity
        self.serialNumber = serialNumber
    }
}
