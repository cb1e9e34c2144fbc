import Foundation

/// One vault's data plane: the challenge, token and role checks, then the certificate and
/// secret operations. HTTP-free: the server hands each request over as a `VaultCall`.
public struct VaultService: Sendable {
    /// The token audience Key Vault accepts (and names in its challenge).
    static let resource = "https://vault.azure.net"
    static let resourceAppID = "cfa8b339-82a2-471a-a3c9-0fc0be7a4093"
    static let maximumPageSize = 25

    private let context: EmulatorContext
    private let vaultName: String
    /// `serve --vault-throttle-every N`: every Nth authenticated request is answered 429.
    private let throttle: GraphThrottle
    private var store: VaultStore { VaultStore(directory: context.store) }

    public init(context: EmulatorContext, vaultName: String, throttle: GraphThrottle = .off) {
        self.context = context
        self.vaultName = vaultName
        self.throttle = throttle
    }

    /// A data-plane request as the HTTP layer saw it.
    public struct Call: Sendable {
        public let method: String
        /// The path without the query, percent-encoded as received.
        public let path: String
        public let query: String
        public let authorization: String?
        public let body: [UInt8]
        /// The vault's origin as the client addressed it (`https://127.0.0.1:PORT`): ids use it.
        public let vaultBaseURL: String
        /// The login endpoints' base URL, named in the challenge.
        public let authority: String

        public init(method: String, path: String, query: String, authorization: String?, body: [UInt8], vaultBaseURL: String, authority: String) {
            self.method = method.uppercased()
            self.path = path
            self.query = query
            self.authorization = authorization
            self.body = body
            self.vaultBaseURL = vaultBaseURL
            self.authority = authority
        }
    }

    public func reply(_ call: Call) -> HTTPReply {
        let now = context.clock()
        let vault: Vault
        do throws(IdPError) {
            guard let found = try store.vault(named: vaultName) else {
                return VaultErrorBody.reply(.notFound("/"), challenge: "", subject: vaultName)
            }
            vault = found
        } catch {
            return VaultErrorBody.reply(.serviceFailure(), challenge: "", subject: vaultName)
        }
        let challenge = "Bearer authorization=\"\(call.authority)/\(vault.tenantID)\", resource=\"\(Self.resource)\""
        do throws(VaultError) {
            let claims = try authenticate(call, vault: vault, now: now)
            // After authentication, so a challenge probe is never what gets throttled.
            if throttle.isThrottled() {
                let reply = VaultErrorBody.reply(.throttled(retryAfter: throttle.retryAfterSeconds), challenge: challenge, subject: vaultName)
                return reply.adding(headers: ["Retry-After": String(throttle.retryAfterSeconds)])
            }
            let query = FormBody.parse(Array(call.query.utf8)) ?? [:]
            try Self.checkAPIVersion(query["api-version"])
            let route = try VaultRoute(method: call.method, path: call.path)
            try authorize(route, claims: claims, vault: vault)
            let operations = VaultOperations(store: store, vault: vault, base: call.vaultBaseURL, now: now)
            return try operations.perform(route, query: query, body: call.body)
        } catch {
            return VaultErrorBody.reply(error, challenge: challenge, subject: vaultName)
        }
    }

    // MARK: Checks

    private func authenticate(_ call: Call, vault: Vault, now: Date) throws(VaultError) -> AccessTokenClaims {
        guard let header = call.authorization, header.lowercased().hasPrefix("bearer ") else {
            throw .unauthorized("AKV10000: Request is missing a Bearer or PoP token.")
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let claims = context.issuer.validate(token, now: now) else {
            throw .unauthorized("AKV10013: Invalid token: not issued by this emulator, expired, or its signature does not verify.")
        }
        let audience = claims.aud.hasSuffix("/") ? String(claims.aud.dropLast()) : claims.aud
        guard audience == Self.resource || audience == Self.resourceAppID else {
            throw .unauthorized("AKV10022: Invalid audience. Expected \(Self.resource), found: \(claims.aud).")
        }
        guard claims.tid == vault.tenantID else {
            throw .unauthorized("AKV10032: Invalid issuer. Expected one of https://sts.windows.net/\(vault.tenantID)/, found: https://sts.windows.net/\(claims.tid)/.")
        }
        return claims
    }

    private func authorize(_ route: VaultRoute, claims: AccessTokenClaims, vault: Vault) throws(VaultError) {
        let roles: [VaultRole]
        do { roles = try store.roles(of: claims.oid, in: vault) } catch { throw .serviceFailure() }
        guard !roles.contains(where: { $0.permits(route.action) }) else { return }
        throw .forbiddenByRbac(
            action: route.action, caller: "appid=\(claims.appid);oid=\(claims.oid);iss=https://sts.windows.net/\(claims.tid)/",
            vault: vault, resource: route.resourcePath
        )
    }

    /// Key Vault refuses a request without api-version, and versions it does not know.
    static func checkAPIVersion(_ version: String?) throws(VaultError) {
        guard let version, !version.isEmpty else {
            throw .badParameter("The api-version query parameter (?api-version=) is required for all requests.")
        }
        let known = version.range(of: #"^(7\.[0-9]+(-preview(\.[0-9]+)?)?|20[0-9]{2}-[0-9]{2}-[0-9]{2}(-preview)?)$"#, options: .regularExpression) != nil
        guard known else {
            throw .badParameter("The specified version (\(version)) is not recognized. Consider using the latest supported version (7.5).")
        }
    }
}
