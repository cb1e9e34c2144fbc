import CertKeeperBase
import CertKeeperStore
import Foundation

/// certkeeper's own JSON for a profile (`profile export --format json`, `profile import`).
/// Field names are a contract (docs/cli.md). The certificate block is informational: an import
/// reads the file again rather than trusting it.
public struct ProfileDocument: Codable, Sendable, Equatable {
    public static let schema = "certkeeper.profile/v1"

    public struct Certificate: Codable, Sendable, Equatable {
        public var sha1Thumbprint: String
        public var sha256Thumbprint: String
        public var notAfter: String

        enum CodingKeys: String, CodingKey {
            case sha1Thumbprint = "sha1_thumbprint"
            case sha256Thumbprint = "sha256_thumbprint"
            case notAfter = "not_after"
        }
    }

    public var schema: String?
    public var name: String
    public var tenantID: String
    public var clientID: String
    public var authorityHost: String?
    public var scope: String?
    public var certificatePath: String?
    public var passwordReference: String?
    public var sendCertificateChain: Bool?
    public var assertionAlgorithm: String?
    public var applicationObjectID: String?
    public var graphEndpoint: String?
    public var graphScope: String?
    /// The renewal policy; absent fields take the defaults on import.
    public var renewBefore: String?
    public var renewRegister: String?
    public var renewOverlap: String?
    public var deployHook: String?
    public var deployTargets: [String]?
    public var certificate: Certificate?

    enum CodingKeys: String, CodingKey {
        case schema, name, scope, certificate
        case tenantID = "tenant_id"
        case clientID = "client_id"
        case authorityHost = "authority_host"
        case certificatePath = "certificate_path"
        case passwordReference = "password_ref"
        case sendCertificateChain = "send_x5c"
        case assertionAlgorithm = "assertion_algorithm"
        case applicationObjectID = "app_object_id"
        case graphEndpoint = "graph_endpoint"
        case graphScope = "graph_scope"
        case renewBefore = "renew_before"
        case renewRegister = "renew_register"
        case renewOverlap = "renew_overlap"
        case deployHook = "deploy_hook"
        case deployTargets = "deploy_targets"
    }

    public init(_ profile: StoredProfile) {
        let settings = profile.settings
        schema = Self.schema
        name = settings.name
        tenantID = settings.tenantID
        clientID = settings.clientID
        authorityHost = settings.authorityHost
        scope = settings.scope
        certificatePath = settings.certificatePath
        passwordReference = settings.passwordReference
        sendCertificateChain = settings.sendCertificateChain
        assertionAlgorithm = settings.assertionAlgorithm.rawValue
        applicationObjectID = settings.applicationObjectID
        graphEndpoint = settings.graphEndpoint
        graphScope = settings.graphScope
        renewBefore = settings.renewal.renewBefore
        renewRegister = settings.renewal.registrationName
        renewOverlap = DurationSpec(seconds: settings.renewal.overlapSeconds).description
        deployHook = settings.renewal.deployHook
        deployTargets = settings.renewal.deployTargets
        certificate = profile.certificate.map { stored in
            Certificate(
                sha1Thumbprint: stored.facts.sha1Thumbprint, sha256Thumbprint: stored.facts.sha256Thumbprint,
                notAfter: RFC3339.string(from: stored.facts.notAfter)
            )
        }
    }

    /// Every field set explicitly, so nulls and defaults survive the round trip.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schema ?? Self.schema, forKey: .schema)
        try container.encode(name, forKey: .name)
        try container.encode(tenantID, forKey: .tenantID)
        try container.encode(clientID, forKey: .clientID)
        try container.encode(authorityHost, forKey: .authorityHost)
        try container.encode(scope, forKey: .scope)
        try container.encode(certificatePath, forKey: .certificatePath)
        try container.encode(passwordReference, forKey: .passwordReference)
        try container.encode(sendCertificateChain, forKey: .sendCertificateChain)
        try container.encode(assertionAlgorithm, forKey: .assertionAlgorithm)
        try container.encode(applicationObjectID, forKey: .applicationObjectID)
        try container.encode(graphEndpoint, forKey: .graphEndpoint)
        try container.encode(graphScope, forKey: .graphScope)
        try container.encode(renewBefore, forKey: .renewBefore)
        try container.encode(renewRegister, forKey: .renewRegister)
        try container.encode(renewOverlap, forKey: .renewOverlap)
        try container.encode(deployHook, forKey: .deployHook)
        try container.encode(deployTargets, forKey: .deployTargets)
        try container.encode(certificate, forKey: .certificate)
    }

    var draft: ProfileDraft {
        get throws(CoreError) {
            ProfileDraft(
                name: name, tenantID: tenantID, clientID: clientID, authorityHost: authorityHost, scope: scope,
                certificatePath: certificatePath,
                passwordReference: try passwordReference.map { (text) throws(CoreError) in try SecretReference(parsing: text) },
                sendCertificateChain: sendCertificateChain, applicationObjectID: applicationObjectID,
                assertionAlgorithm: assertionAlgorithm, graphEndpoint: graphEndpoint, graphScope: graphScope,
                renewal: RenewalDraft(
                    renewBefore: renewBefore, registration: renewRegister, overlap: renewOverlap,
                    deployHook: deployHook, deployTargets: deployTargets
                )
            )
        }
    }
}
