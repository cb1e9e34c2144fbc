import Foundation

/// OpenID discovery: `/{tenant}/v2.0/.well-known/openid-configuration` (MSAL and
/// azure-identity read `token_endpoint` from it) and the issuer's JWKS.
public struct DiscoveryService: Sendable {
    private let context: EmulatorContext

    public init(context: EmulatorContext) { self.context = context }

    public func configuration(tenant: String, address: ServiceAddress, correlationID: String?) -> HTTPReply {
        let known: Bool
        do { known = try context.store.tenantExists(tenant) } catch {
            return AADSTSRefusalBody.reply(.serviceFailure(), now: context.clock(), correlationID: correlationID, subject: tenant)
        }
        guard known else {
            return AADSTSRefusalBody.reply(.tenantNotFound(tenant), now: context.clock(), correlationID: correlationID, subject: tenant)
        }
        let base = "\(address.baseURL)/\(tenant)"
        let document = OpenIDConfiguration(
            issuer: address.issuer(tenant: tenant),
            authorizationEndpoint: "\(base)/oauth2/v2.0/authorize",
            tokenEndpoint: address.tokenEndpoint(tenant: tenant),
            jwksURI: "\(base)/discovery/v2.0/keys",
            tokenEndpointAuthMethodsSupported: ["private_key_jwt"],
            tokenEndpointAuthSigningAlgValuesSupported: ["PS256", "RS256"],
            idTokenSigningAlgValuesSupported: ["RS256"],
            responseTypesSupported: ["code", "id_token", "code id_token", "id_token token"],
            scopesSupported: ["openid", "profile", "email", "offline_access"],
            subjectTypesSupported: ["pairwise"],
            tenantRegionScope: "NA",
            cloudInstanceName: "certkeeper-idp.local",
            cloudGraphHostName: "graph.microsoft.com",
            msgraphHost: "graph.microsoft.com"
        )
        return .json(200, JSON.encode(document), subject: tenant)
    }

    public func keys() -> HTTPReply {
        do { return .json(200, try context.issuer.jwks()) } catch {
            return AADSTSRefusalBody.reply(.serviceFailure(), now: context.clock(), correlationID: nil, subject: nil)
        }
    }
}

struct OpenIDConfiguration: Encodable {
    let issuer: String
    let authorizationEndpoint: String
    let tokenEndpoint: String
    let jwksURI: String
    let tokenEndpointAuthMethodsSupported: [String]
    let tokenEndpointAuthSigningAlgValuesSupported: [String]
    let idTokenSigningAlgValuesSupported: [String]
    let responseTypesSupported: [String]
    let scopesSupported: [String]
    let subjectTypesSupported: [String]
    let tenantRegionScope: String
    let cloudInstanceName: String
    let cloudGraphHostName: String
    let msgraphHost: String

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case tokenEndpointAuthMethodsSupported = "token_endpoint_auth_methods_supported"
        case tokenEndpointAuthSigningAlgValuesSupported = "token_endpoint_auth_signing_alg_values_supported"
        case idTokenSigningAlgValuesSupported = "id_token_signing_alg_values_supported"
        case responseTypesSupported = "response_types_supported"
        case scopesSupported = "scopes_supported"
        case subjectTypesSupported = "subject_types_supported"
        case tenantRegionScope = "tenant_region_scope"
        case cloudInstanceName = "cloud_instance_name"
        case cloudGraphHostName = "cloud_graph_host_name"
        case msgraphHost = "msgraph_host"
    }
}
