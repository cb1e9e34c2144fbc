import CertKeeperCrypto
import CertKeeperHTTP
import Foundation

/// The Key Vault data plane (api-version 7.5): import a PFX as a new certificate version,
/// read certificates, their versions and lists (following `nextLink`), and read secrets (a
/// certificate's backing secret is its PFX). Authenticates the way the Azure SDKs do: the
/// first request goes without a token (and without a body), the 401 challenge names the
/// resource, which is checked against the vault's host before a token is fetched for it.
public struct KeyVaultClient: Sendable {
    public static let apiVersion = "7.5"
    public static let pkcs12ContentType = "application/x-pkcs12"

    /// `scheme://host[:port]` of the vault.
    public let vault: URL
    let transport: any HTTPTransport
    let retry: RetryPolicy
    let timeout: Double
    let clock: @Sendable () -> Date
    private let session: KeyVaultSession

    /// `tokens` is asked once per client, with the challenge's scope and tenant.
    public init(
        vault: URL, transport: any HTTPTransport = CurlTransport.systemTrustOnly, retry: RetryPolicy = .standard, timeout: Double = 30,
        clock: @escaping @Sendable () -> Date = Date.init,
        tokens: @escaping @Sendable (KeyVaultChallenge) async throws(EntraError) -> AccessToken
    ) {
        self.vault = vault
        self.transport = transport
        self.retry = retry
        self.timeout = timeout
        self.clock = clock
        session = KeyVaultSession(tokens: tokens)
    }

    // MARK: Certificates

    /// `POST /certificates/{name}/import`: `pfx` (protected by `password`) becomes the newest
    /// version. The policy keeps the key exportable (apps read the PFX from the secret) and
    /// asks for EmailContacts, never AutoRenew: Key Vault must not mint versions nobody registered.
    public func importCertificate(name: String, pfx: [UInt8], password: Secret, tags: [String: String]) async throws(EntraError) -> KeyVaultCertificate {
        try KeyVaultReference.checkName(name)
        let passwordText = password.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        let body: [String: Any] = [
            "value": Data(pfx).base64EncodedString(), "pwd": passwordText,
            "policy": [
                "key_props": ["exportable": true, "reuse_key": false],
                "secret_props": ["contentType": Self.pkcs12ContentType],
                "lifetime_actions": [["trigger": ["lifetime_percentage": 80], "action": ["action_type": "EmailContacts"]]],
                "issuer": ["name": "Unknown"],
            ],
            "tags": tags,
        ]
        let response = try await send("POST", path: "/certificates/\(name)/import", body: body, operation: .importCertificate(name))
        return try certificate(from: response.body, operation: .importCertificate(name))
    }

    /// `GET /certificates/{name}[/{version}]`: the newest version when `version` is nil.
    public func certificate(name: String, version: String? = nil) async throws(EntraError) -> KeyVaultCertificate {
        try KeyVaultReference.checkName(name)
        let response = try await send("GET", path: "/certificates/\(name)/\(version ?? "")", body: nil, operation: .readCertificate(name))
        return try certificate(from: response.body, operation: .readCertificate(name))
    }

    /// Every version of a certificate (list items: id, x5t, attributes).
    public func certificateVersions(name: String) async throws(EntraError) -> [KeyVaultCertificate] {
        try KeyVaultReference.checkName(name)
        return try await pages(path: "/certificates/\(name)/versions", operation: .readCertificate(name))
    }

    /// Every certificate of the vault (list items: the newest version's x5t and attributes).
    public func certificates() async throws(EntraError) -> [KeyVaultCertificate] {
        try await pages(path: "/certificates", operation: .listCertificates)
    }

    // MARK: Secrets

    /// `GET /secrets/{name}[/{version}]`. For a certificate, the value is its PFX in base64.
    public func secret(name: String, version: String? = nil) async throws(EntraError) -> KeyVaultSecret {
        try KeyVaultReference.checkName(name)
        let response = try await send("GET", path: "/secrets/\(name)/\(version ?? "")", body: nil, operation: .readSecret(name))
        guard let wire = try? JSONDecoder().decode(KeyVaultWire.Secret.self, from: Data(response.body)), let value = wire.value, let id = wire.id else {
            throw EntraError(.malformedResponse, "\(vault.absoluteString) answered the secret \(name) with a body that is not a Key Vault secret")
        }
        return KeyVaultSecret(id: id, value: value, contentType: wire.contentType, managed: wire.managed ?? false)
    }

    // MARK: Plumbing

    private func pages(path: String, operation: KeyVaultOperation) async throws(EntraError) -> [KeyVaultCertificate] {
        var items: [KeyVaultCertificate] = []
        var next: URL? = try url(path, query: "maxresults=25")
        var pageCount = 0
        while let current = next {
            pageCount += 1
            guard pageCount <= 10_000 else {
                throw EntraError(.malformedResponse, "\(vault.absoluteString) kept answering with another page after 10000: giving up")
            }
            let response = try await send("GET", url: current, body: nil, operation: operation)
            guard let page = try? JSONDecoder().decode(KeyVaultWire.Page<KeyVaultWire.Certificate>.self, from: Data(response.body)) else {
                throw EntraError(.malformedResponse, "\(vault.absoluteString) answered a list with a body that is not a Key Vault page")
            }
            items += (page.value ?? []).compactMap { $0.converted() }
            next = try page.nextLink.flatMap { (link) throws(EntraError) -> URL? in try sameOrigin(link) }
        }
        return items
    }

    /// A nextLink is followed only on the vault's own origin: the token goes nowhere else.
    private func sameOrigin(_ link: String) throws(EntraError) -> URL? {
        guard !link.isEmpty else { return nil }
        guard let url = URL(string: link), url.scheme?.lowercased() == vault.scheme?.lowercased(),
            url.host?.lowercased() == vault.host?.lowercased(), url.port == vault.port
        else {
            throw EntraError(.malformedResponse, "\(vault.absoluteString) sent a nextLink to another host (\(KeyVaultReference.shown(link))): not followed")
        }
        return url
    }

    private func url(_ path: String, query: String? = nil) throws(EntraError) -> URL {
        let text = vault.absoluteString + path + "?api-version=\(Self.apiVersion)" + (query.map { "&\($0)" } ?? "")
        guard let url = URL(string: text) else { throw EntraError(.invalidParameter, "cannot form a Key Vault URL from \(KeyVaultReference.shown(text))") }
        return url
    }

    private func send(_ method: String, path: String, body: [String: Any]?, operation: KeyVaultOperation) async throws(EntraError) -> HTTPResponse {
        try await send(method, url: try url(path), body: body, operation: operation)
    }

    private func send(_ method: String, url: URL, body: [String: Any]?, operation: KeyVaultOperation) async throws(EntraError) -> HTTPResponse {
        var bytes: [UInt8] = []
        if let body {
            guard let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]) else {
                throw EntraError(.invalidParameter, "could not encode the Key Vault request for \(operation.description)")
            }
            bytes = [UInt8](data)
        }
        let token = try await session.token { () async throws(EntraError) -> KeyVaultChallenge in
            try await challenge(method, url: url, operation: operation)
        }
        var headers = ["Authorization": "Bearer \(token.value)", "Accept": "application/json", "x-ms-client-request-id": UUID().uuidString.lowercased()]
        if !bytes.isEmpty { headers["Content-Type"] = "application/json" }
        let request = HTTPRequest(method: method, url: url, headers: headers, body: bytes, timeout: timeout)
        var attempt = 0
        while true {
            attempt += 1
            let response = try await transport.response(for: request)
            if response.isSuccess {
                try KeyVaultFailure.requireJSON(response, vault: vault, operation: operation)
                return response
            }
            // 429 was not processed: safe to repeat; 5xx only for reads (an import may have happened).
            let transient = response.status == 429 || (method == "GET" && RetryPolicy.isRetryable(status: response.status))
            let retryAfter = RetryPolicy.retryAfterSeconds(response.header("retry-after"), now: clock())
            if transient, let delay = retry.delay(afterAttempt: attempt, retryAfter: retryAfter) {
                await retry.sleep(delay)
                continue
            }
            throw KeyVaultFailure.error(response, vault: vault, operation: operation, throttled: transient, retryAfter: retryAfter)
        }
    }

    /// The unauthenticated first request (no body), which must be answered 401 with a
    /// challenge; the challenge's resource is validated before any token is fetched.
    private func challenge(_ method: String, url: URL, operation: KeyVaultOperation) async throws(EntraError) -> KeyVaultChallenge {
        let probe = HTTPRequest(method: method, url: url, headers: ["Accept": "application/json", "Content-Length": "0"], timeout: timeout)
        let response = try await transport.response(for: probe)
        guard response.status == 401 else {
            try KeyVaultFailure.requireJSON(response, vault: vault, operation: operation)
            throw EntraError(
                .malformedResponse,
                "\(vault.absoluteString) answered an unauthenticated request with HTTP \(response.status) instead of a 401 challenge: it does not behave like Key Vault, so no token was sent"
            )
        }
        guard let header = response.header("www-authenticate"), let challenge = KeyVaultChallenge(header: header) else {
            throw EntraError(.malformedResponse, "\(vault.absoluteString) answered 401 without a Bearer challenge naming a resource: no token was sent")
        }
        try challenge.validate(for: vault)
        return challenge
    }

    private func certificate(from body: [UInt8], operation: KeyVaultOperation) throws(EntraError) -> KeyVaultCertificate {
        guard let wire = try? JSONDecoder().decode(KeyVaultWire.Certificate.self, from: Data(body)), let converted = wire.converted() else {
            throw EntraError(.malformedResponse, "\(vault.absoluteString) answered \(operation.description) with a body that is not a Key Vault certificate")
        }
        return converted
    }
}

/// The token for one client, fetched on the first request after its challenge.
private actor KeyVaultSession {
    private let tokens: @Sendable (KeyVaultChallenge) async throws(EntraError) -> AccessToken
    private var token: AccessToken?

    init(tokens: @escaping @Sendable (KeyVaultChallenge) async throws(EntraError) -> AccessToken) { self.tokens = tokens }

    func token(challenge: @Sendable () async throws(EntraError) -> KeyVaultChallenge) async throws(EntraError) -> AccessToken {
        // Five minutes' margin, as for every cached token.
        if let token, token.expiresOn.timeIntervalSinceNow > 300 { return token }
        let fresh = try await tokens(try await challenge())
        token = fresh
        return fresh
    }
}
