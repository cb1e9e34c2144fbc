import Foundation

/// The client-assertion signature algorithm of a profile (docs/ARCHITECTURE.md, "Protocol facts").
public enum AssertionAlgorithm: String, Sendable, Hashable, CaseIterable, Codable {
    case ps256 = "PS256"
    case rs256 = "RS256"
}

/// Everything a user sets on a profile: how to reach the tenant and which certificate to sign
/// with. The password is only a reference.
public struct ProfileSettings: Sendable, Hashable {
    public static let defaultAuthorityHost = "https://login.microsoftonline.com"
    public static let defaultScope = "https://graph.microsoft.com/.default"
    public static let defaultGraphEndpoint = "https://graph.microsoft.com"
    public static let defaultGraphScope = "https://graph.microsoft.com/.default"

    public var name: String
    public var tenantID: String
    public var clientID: String
    public var authorityHost: String
    public var scope: String
    /// The active certificate's inventory id.
    public var certificateID: Int64?
    /// The file tokens are signed from (certificate and private key: PFX or PEM).
    public var certificatePath: String?
    /// `env:NAME`, `file:PATH` or `prompt`; nil when the file needs no password.
    public var passwordReference: String?
    /// Send `x5c` (the certificate chain) in client assertions.
    public var sendCertificateChain: Bool
    public var assertionAlgorithm: AssertionAlgorithm
    /// The app registration's object id (Graph addKey/removeKey proofs use it as `iss`).
    public var applicationObjectID: String?
    public var graphEndpoint: String
    public var graphScope: String
    /// When and how `rotate due` renews the certificate.
    public var renewal: RenewalPolicy

    public init(
        name: String, tenantID: String, clientID: String,
        authorityHost: String = ProfileSettings.defaultAuthorityHost,
        scope: String = ProfileSettings.defaultScope,
        certificateID: Int64? = nil, certificatePath: String? = nil, passwordReference: String? = nil,
        sendCertificateChain: Bool = false, assertionAlgorithm: AssertionAlgorithm = .ps256,
        applicationObjectID: String? = nil,
        graphEndpoint: String = ProfileSettings.defaultGraphEndpoint,
        graphScope: String = ProfileSettings.defaultGraphScope,
        renewal: RenewalPolicy = RenewalPolicy()
    ) {
        self.name = name
        self.tenantID = tenantID
        self.clientID = clientID
        self.authorityHost = authorityHost
        self.scope = scope
        self.certificateID = certificateID
        self.certificatePath = certificatePath
        self.passwordReference = passwordReference
        self.sendCertificateChain = sendCertificateChain
        self.assertionAlgorithm = assertionAlgorithm
        self.applicationObjectID = applicationObjectID
        self.graphEndpoint = graphEndpoint
        self.graphScope = graphScope
        self.renewal = renewal
    }
}

/// A profile as stored, with its active certificate when it has one. This is what the token
/// client loads: `settings.certificatePath` + `settings.passwordReference` open the key, and
/// `certificate` gives the thumbprints for `x5t`/`x5t#S256`.
public struct StoredProfile: Sendable, Hashable, Identifiable {
    public let id: Int64
    public let settings: ProfileSettings
    public let certificate: StoredCertificate?
    public let createdAt: Date
    public let updatedAt: Date

    public init(id: Int64, settings: ProfileSettings, certificate: StoredCertificate?, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.settings = settings
        self.certificate = certificate
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var name: String { settings.name }
}
