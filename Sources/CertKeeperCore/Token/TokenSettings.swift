import CertKeeperEntra
import CertKeeperStore

/// Where and as whom to request a token; the certificate comes separately (a loaded
/// `ClientCertificateCredential`). Built by the CLI from a profile, the environment or options.
public struct TokenSettings: Sendable, Hashable {
    public var authorityHost: String
    public var tenant: String
    public var clientID: String
    public var scope: String
    public var algorithm: AssertionAlgorithmPolicy
    public var sendCertificateChain: Bool

    public init(
        authorityHost: String = ProfileSettings.defaultAuthorityHost, tenant: String, clientID: String,
        scope: String = ProfileSettings.defaultScope, algorithm: AssertionAlgorithmPolicy = .automatic,
        sendCertificateChain: Bool = false
    ) {
        self.authorityHost = authorityHost
        self.tenant = tenant
        self.clientID = clientID
        self.scope = scope
        self.algorithm = algorithm
        self.sendCertificateChain = sendCertificateChain
    }

    /// A profile's settings. PS256 (the default) falls back to RS256 on AADSTS700027; a
    /// profile set to RS256 has pinned it.
    public init(profile: ProfileSettings) {
        self.init(
            authorityHost: profile.authorityHost, tenant: profile.tenantID, clientID: profile.clientID, scope: profile.scope,
            algorithm: profile.assertionAlgorithm == .rs256 ? .pinned(.rs256) : .automatic,
            sendCertificateChain: profile.sendCertificateChain
        )
    }
}
