import CertKeeperCrypto
import Foundation

/// One certificate as a scan reports it: the fields every output format needs, already
/// rendered as text, so an inventory of 100,000 rows never parses DER again.
public struct ScannedCertificate: Sendable {
    /// How the inventory appears among `sources`.
    public static let inventorySource = "inventory"

    /// RFC 4514-style, as `DistinguishedName.description` prints it.
    public let subject: String
    public let issuer: String
    /// Uppercase hex, no separators.
    public let serialNumber: String
    public let sha1Thumbprint: String
    public let sha256Thumbprint: String
    public let notBefore: Date
    public let notAfter: Date
    /// Where it was found: file paths, and `inventory` for the inventory.
    public var sources: [String]
    /// Profiles whose active certificate this is.
    public var profiles: [String]
    /// The CNs when the source knew them (`.some(nil)`: no CN); nil: parse the printed name.
    private let knownSubjectCommonName: String??
    private let knownIssuerCommonName: String??

    public init(
        subject: String, issuer: String, serialNumber: String, sha1Thumbprint: String, sha256Thumbprint: String,
        notBefore: Date, notAfter: Date, sources: [String], profiles: [String] = [],
        subjectCommonName: String?? = nil, issuerCommonName: String?? = nil
    ) {
        self.subject = subject
        self.issuer = issuer
        self.serialNumber = serialNumber
        self.sha1Thumbprint = sha1Thumbprint
        self.sha256Thumbprint = sha256Thumbprint
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.sources = sources
        self.profiles = profiles
        knownSubjectCommonName = subjectCommonName
        knownIssuerCommonName = issuerCommonName
    }

    public init(_ certificate: X509Certificate, source: String) {
        subject = certificate.subject.description
        issuer = certificate.issuer.description
        serialNumber = certificate.serialNumber.hex
        sha1Thumbprint = certificate.sha1Thumbprint.hex
        sha256Thumbprint = certificate.sha256Thumbprint.hex
        notBefore = certificate.notBefore
        notAfter = certificate.notAfter
        sources = [source]
        profiles = []
        knownSubjectCommonName = .some(certificate.subject.commonName)
        knownIssuerCommonName = .some(certificate.issuer.commonName)
    }

    /// The subject's CN ("" when it has none). Inventory rows carry only the printed
    /// subject, so it is parsed back here, and only by the formats that need it.
    public var subjectCommonName: String { Self.commonName(known: knownSubjectCommonName, in: subject) }
    public var issuerCommonName: String { Self.commonName(known: knownIssuerCommonName, in: issuer) }

    private static func commonName(known: String??, in name: String) -> String {
        if let known { return known ?? "" }
        return commonName(in: name) ?? ""
    }

    private static func commonName(in name: String) -> String? {
        (try? DistinguishedName(parsing: name))?.commonName
    }
}

/// A source the scan could not read, and why.
public struct UnreadableSource: Sendable, Hashable {
    public let source: String
    public let reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }
}

/// One line of a scan report.
public enum ScanEntry: Sendable {
    case certificate(ScannedCertificate, ExpiryEvaluation)
    /// A synced app's or service principal's certificate or client secret.
    case credential(ScannedCredential, ExpiryEvaluation)
    case unreadable(UnreadableSource)

    /// A synced app's client secret (not a certificate).
    public var isClientSecret: Bool {
        if case .credential(let credential, _) = self { return credential.isClientSecret }
        return false
    }

    public var status: ScanStatus {
        switch self {
        case .certificate(_, let evaluation), .credential(_, let evaluation): evaluation.status
        case .unreadable: .error
        }
    }
}
