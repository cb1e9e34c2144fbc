import CertKeeperCrypto
import Foundation

/// Where clients reach this emulator: `https://127.0.0.1:PORT`, taken from each request's
/// Host header, so the URLs a client is given are the URLs it is checked against.
public struct ServiceAddress: Sendable, Hashable {
    public let baseURL: String

    public init(scheme: String, authority: String) { baseURL = "\(scheme)://\(authority)" }

    public func tokenEndpoint(tenant: String) -> String { "\(baseURL)/\(tenant)/oauth2/v2.0/token" }
    public func issuer(tenant: String) -> String { "\(baseURL)/\(tenant)/v2.0" }
}

/// `POST /{tenant}/oauth2/v2.0/token`: client credentials with a certificate assertion.
public struct TokenEndpoint: Sendable {
    static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    private let context: EmulatorContext
    private var store: DirectoryStore { context.store }
    private var issuer: AccessTokenIssuer { context.issuer }
    private var settings: EmulatorSettings { context.settings }

    public init(context: EmulatorContext) { self.context = context }

    /// The HTTP answer to a token request body.
    public func reply(tenant: String, body: [UInt8], address: ServiceAddress, correlationID: String?) -> HTTPReply {
        let now = context.clock()
        let form = FormBody.parse(body)
        do throws(AADSTSRefusal) {
            guard let form else { throw .malformedAssertion("The request body is not form-urlencoded.") }
            let token = try issue(tenant: tenant, form: form, address: address, now: now)
            return .json(200, JSON.encode(token), subject: form["client_id"])
        } catch {
            return AADSTSRefusalBody.reply(error, now: now, correlationID: correlationID, subject: form?["client_id"])
        }
    }

    /// Validates the request and issues a token, or throws the AADSTS refusal.
    func issue(tenant: String, form: [String: String], address: ServiceAddress, now: Date) throws(AADSTSRefusal) -> TokenResponse {
        let grant = form["grant_type"] ?? ""
        guard !grant.isEmpty else { throw .missingParameter("grant_type") }
        guard grant == "client_credentials" else { throw .unsupportedGrant(grant) }
        guard let clientID = form["client_id"], !clientID.isEmpty else { throw .missingParameter("client_id") }
        // One read in the common case: a found application proves the tenant exists. The
        // refusals keep Entra's order: tenant, then scope, then application.
        let found = try lookup { () throws(IdPError) in try store.application(tenantID: tenant, clientID: clientID) }
        if found == nil, try !lookup({ () throws(IdPError) in try store.tenantExists(tenant) }) { throw .tenantNotFound(tenant) }
        guard let scope = form["scope"], !scope.isEmpty else { throw .missingParameter("scope") }
        let resource = try ScopeRequest(parsing: scope)
        guard let record = found else { throw .applicationNotFound(clientID: clientID, tenant: tenant) }
        if form["client_secret"] != nil { throw .secretNotAccepted() }
        guard let assertionText = form["client_assertion"], !assertionText.isEmpty else {
            throw .missingCredential("")
        }
        guard form["client_assertion_type"] == Self.assertionType else {
            throw .missingCredential("client_assertion_type must be \(Self.assertionType).")
        }
        let assertion = try ReceivedAssertion(parsing: assertionText)
        _ = try AssertionVerifier(settings: settings).verify(
            assertion, clientID: clientID, audience: address.tokenEndpoint(tenant: tenant), record: record, now: now
        )
        // Verified, so exp and jti are present; the id is kept as long as the assertion could be used.
        let expiresAt = Date(timeIntervalSince1970: (assertion.claims.exp ?? 0) + settings.clockSkew)
        let fresh = try lookup { () throws(IdPError) in
            try store.recordAssertion(clientID: clientID, jti: assertion.claims.jti ?? "", expiresAt: expiresAt, now: now)
        }
        guard fresh else { throw .replayed() }
        return try token(for: record.application, audience: resource.audience, address: address, now: now)
    }

    private func token(for application: Application, audience: String, address: ServiceAddress, now: Date) throws(AADSTSRefusal) -> TokenResponse {
        let issuedAt = Int(now.timeIntervalSince1970)
        let lifetime = Int(settings.tokenLifetime)
        let claims = AccessTokenClaims(
            aud: audience, iss: address.issuer(tenant: application.tenantID), iat: issuedAt, nbf: issuedAt,
            exp: issuedAt + lifetime, appid: application.clientID, azp: application.clientID, appidacr: "2",
            idtyp: "app", oid: application.servicePrincipalID, sub: application.servicePrincipalID,
            tid: application.tenantID, roles: application.roles, uti: Base64URL.encode(Array(UUID().uuidString.utf8.prefix(16))),
            ver: "2.0"
        )
        return TokenResponse(tokenType: "Bearer", expiresIn: lifetime, extExpiresIn: lifetime, accessToken: try issuer.sign(claims))
    }

    private func lookup<T>(_ body: () throws(IdPError) -> T) throws(AADSTSRefusal) -> T {
        do { return try body() } catch { throw .serviceFailure() }
    }
}

/// The token endpoint's success body.
struct TokenResponse: Encodable {
    let tokenType: String
    let expiresIn: Int
    let extExpiresIn: Int
    let accessToken: String

    enum CodingKeys: String, CodingKey {
        case tokenType = "token_type"
        case expiresIn = "expires_in"
        case extExpiresIn = "ext_expires_in"
        case accessToken = "access_token"
    }
}
