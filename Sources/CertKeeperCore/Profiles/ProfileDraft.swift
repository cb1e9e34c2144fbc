import CertKeeperStore

/// What a user gives for a profile (flags, prompts or an imported file). Nil fields keep
/// their current value on edit and take the default on create.
public struct ProfileDraft: Sendable {
    public var name: String?
    public var tenantID: String?
    public var clientID: String?
    public var authorityHost: String?
    public var scope: String?
    /// A certificate file with its private key (PFX, or PEM with the key).
    public var certificatePath: String?
    public var passwordReference: SecretReference?
    /// Removes the password reference (a file that needs none).
    public var clearPasswordReference = false
    public var sendCertificateChain: Bool?
    public var applicationObjectID: String?
    public var assertionAlgorithm: String?
    public var graphEndpoint: String?
    public var graphScope: String?
    public var renewal: RenewalDraft

    public init(
        name: String? = nil, tenantID: String? = nil, clientID: String? = nil, authorityHost: String? = nil, scope: String? = nil,
        certificatePath: String? = nil, passwordReference: SecretReference? = nil, sendCertificateChain: Bool? = nil,
        applicationObjectID: String? = nil, assertionAlgorithm: String? = nil, graphEndpoint: String? = nil, graphScope: String? = nil,
        renewal: RenewalDraft = RenewalDraft()
    ) {
        self.name = name
        self.tenantID = tenantID
        self.clientID = clientID
        self.authorityHost = authorityHost
        self.scope = scope
        self.certificatePath = certificatePath
        self.passwordReference = passwordReference
        self.sendCertificateChain = sendCertificateChain
        self.applicationObjectID = applicationObjectID
        self.assertionAlgorithm = assertionAlgorithm
        self.graphEndpoint = graphEndpoint
        self.graphScope = graphScope
        self.renewal = renewal
    }

    /// The settings of a new profile (certificate fields are filled in by the service).
    func newSettings() throws(CoreError) -> ProfileSettings {
        guard let name, let tenantID, let clientID else {
            throw CoreError(.invalidInput, "a profile needs --name, --tenant and --client-id")
        }
        return try applied(to: ProfileSettings(name: name, tenantID: tenantID, clientID: clientID))
    }

    /// `base` with every given field validated and applied.
    func applied(to base: ProfileSettings) throws(CoreError) -> ProfileSettings {
        var settings = base
        settings.name = try ProfileFields.name(name ?? base.name)
        settings.tenantID = try ProfileFields.tenant(tenantID ?? base.tenantID)
        settings.clientID = try ProfileFields.guid(clientID ?? base.clientID, field: "client id")
        if let authorityHost { settings.authorityHost = try ProfileFields.endpoint(authorityHost, field: "authority host") }
        if let scope { settings.scope = try ProfileFields.scope(scope, field: "scope") }
        if let graphEndpoint { settings.graphEndpoint = try ProfileFields.endpoint(graphEndpoint, field: "Graph endpoint") }
        if let graphScope { settings.graphScope = try ProfileFields.scope(graphScope, field: "Graph scope") }
        if let applicationObjectID {
            settings.applicationObjectID = applicationObjectID.isEmpty ? nil : try ProfileFields.guid(applicationObjectID, field: "application object id")
        }
        if let assertionAlgorithm { settings.assertionAlgorithm = try ProfileFields.algorithm(assertionAlgorithm) }
        if let sendCertificateChain { settings.sendCertificateChain = sendCertificateChain }
        if let passwordReference { settings.passwordReference = passwordReference.description }
        if clearPasswordReference { settings.passwordReference = nil }
        settings.renewal = try renewal.applied(to: base.renewal)
        return settings
    }
}
