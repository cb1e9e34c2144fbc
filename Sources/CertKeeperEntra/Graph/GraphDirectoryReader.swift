import CertKeeperBase
import CertKeeperHTTP
import Foundation

/// Reads a whole Graph collection (`GET /v1.0/applications`, `/v1.0/servicePrincipals`)
/// page by page, handing each page to the caller as soon as it is parsed, so a tenant of
/// any size is never held in memory.
///
/// `@odata.nextLink` is followed exactly as returned, and only when it points to the same
/// scheme, host and port as `endpoint`: the bearer token never goes anywhere else. 429 and
/// 5xx answers are retried after `Retry-After` (reads are idempotent); 401 and 403 are
/// explained (which permission, admin consent).
public struct GraphDirectoryReader: Sendable {
    /// What the caller learns after each page.
    public struct Page: Sendable {
        public let collection: GraphDirectoryCollection
        /// 1 for the first page.
        public let number: Int
        public let objects: [GraphDirectoryObject]
    }

    public let endpoint: URL
    public let transport: any HTTPTransport
    public let retry: RetryPolicy
    public let timeout: Double
    public let clock: @Sendable () -> Date
    /// Told about each back-off (status, seconds), for progress and logs.
    public let onBackoff: @Sendable (Int, Double) -> Void

    public init(
        endpoint: String = GraphKeyCredentialClient.defaultEndpoint, transport: any HTTPTransport = CurlTransport.systemTrustOnly,
        retry: RetryPolicy = RetryPolicy(maximumAttempts: 6), timeout: Double = 60, clock: @escaping @Sendable () -> Date = { Date() },
        onBackoff: @escaping @Sendable (Int, Double) -> Void = { _, _ in }
    ) throws(EntraError) {
        self.endpoint = try AuthorityHost.secureURL(endpoint, role: "Graph endpoint", example: GraphKeyCredentialClient.defaultEndpoint)
        self.transport = transport
        self.retry = retry
        self.timeout = timeout
        self.clock = clock
        self.onBackoff = onBackoff
    }

    /// The first page's URL: every credential and what names its owner, 999 per page.
    public func firstPageURL(_ collection: GraphDirectoryCollection) -> URL {
        // The literal `$` is what Graph's own samples send; the URL is ASCII, so it parses.
        URL(string: "\(endpoint.absoluteString)/v1.0/\(collection.rawValue)?$select=\(collection.select)&$top=999")!
    }

    /// Reads every page of `collection`, calling `body` with each.
    public func forEachPage(
        _ collection: GraphDirectoryCollection, token: AccessToken, _ body: (Page) async throws(EntraError) -> Void
    ) async throws(EntraError) {
        var url: URL? = firstPageURL(collection)
        var number = 0
        while let current = url {
            number += 1
            let label = "page \(number) of \(collection.rawValue)"
            let response = try await get(current, token: token, label: label, collection: collection)
            let parsed: GraphDirectoryPageBody
            do { parsed = try JSONDecoder().decode(GraphDirectoryPageBody.self, from: Data(response.body)) } catch {
                throw EntraError(.malformedResponse, Self.undecodable(error, label: label, size: response.body.count), responseBody: Self.excerpt(response.body))
            }
            guard let values = parsed.value else {
                throw EntraError(.malformedResponse, "Graph's \(label) has no \"value\" array: not a collection listing", responseBody: Self.excerpt(response.body))
            }
            var objects: [GraphDirectoryObject] = []
            objects.reserveCapacity(values.count)
            for value in values { objects.append(try GraphDirectoryObject(value, collection: collection, where: "Graph's \(label)")) }
            try await body(Page(collection: collection, number: number, objects: objects))
            url = try parsed.nextLink.map { (link) throws(EntraError) in try nextURL(link, label: label) }
        }
    }

    /// The next link as a URL, refused unless it stays on the Graph endpoint's origin.
    func nextURL(_ link: String, label: String) throws(EntraError) -> URL {
        guard let url = URL(string: link), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            throw EntraError(.malformedResponse, "Graph's \(label) has an @odata.nextLink that is not a URL")
        }
        let expected = (endpoint.scheme?.lowercased(), endpoint.host?.lowercased(), Self.port(of: endpoint))
        guard scheme == expected.0, host == expected.1, Self.port(of: url) == expected.2 else {
            throw EntraError(
                .malformedResponse,
                "Graph's \(label) points @odata.nextLink to \(Self.origin(url)), not \(Self.origin(endpoint)): refusing to send the token there (the previous snapshot is kept)"
            )
        }
        return url
    }

    private func get(_ url: URL, token: AccessToken, label: String, collection: GraphDirectoryCollection) async throws(EntraError) -> HTTPResponse {
        let clientRequestID = UUID().uuidString.lowercased()
        let request = HTTPRequest(
            method: "GET", url: url,
            headers: ["Authorization": "\(token.tokenType) \(token.value)", "Accept": "application/json", "client-request-id": clientRequestID],
            timeout: timeout
        )
        var attempt = 0
        while true {
            attempt += 1
            let response = try await transport.response(for: request)
            if response.isSuccess { return response }
            let transient = RetryPolicy.isRetryable(status: response.status)
            let retryAfter = RetryPolicy.retryAfterSeconds(response.header("retry-after"), now: clock())
            if transient, let delay = retry.delay(afterAttempt: attempt, retryAfter: retryAfter) {
                onBackoff(response.status, delay)
                await retry.sleep(delay)
                continue
            }
            let failure = GraphFailure(response: response, clientRequestID: clientRequestID)
            throw EntraError(
                transient ? .throttled : .rejected, Self.explain(failure, label: label, collection: collection, attempts: attempt, retryAfter: retryAfter),
                responseBody: Self.excerpt(response.body), graphFailure: failure
            )
        }
    }

    static func explain(
        _ failure: GraphFailure, label: String, collection: GraphDirectoryCollection, attempts: Int, retryAfter: Double?
    ) -> String {
        // Graph's code, ids and message are the server's text: escaped and bounded.
        let code = failure.code.map { " \(TerminalText.escaped($0, limit: 80))" } ?? ""
        let ids = [
            failure.requestID.map { "request-id \(TerminalText.escaped($0, limit: 80))" },
            failure.clientRequestID.map { "client-request-id \($0)" },
        ]
        .compactMap { $0 }.joined(separator: ", ")
        let head = "Graph refused \(label) (HTTP \(failure.status)\(code))"
        let advice: String
        switch failure.status {
        case 401:
            advice = "the token was not accepted: check the profile's Graph scope (https://graph.microsoft.com/.default) and that the token is for Microsoft Graph"
        case 403:
            advice =
                "the app lacks the Microsoft Graph application permission Application.Read.All, or it was never granted: in App registrations > API permissions add Application.Read.All (Application, not Delegated), then an administrator must click 'Grant admin consent'; a new token is needed afterwards (certkeeper token get --no-cache)"
        case 429, 500...599:
            let wait = retryAfter.map { " (Retry-After \(Int($0)) s)" } ?? ""
            advice = "still refused after \(attempts) attempts\(wait): run the sync again later"
        default:
            advice = failure.message.map { TerminalText.escaped($0, limit: 200) } ?? "unexpected answer"
        }
        return "\(head): \(advice)\(ids.isEmpty ? "" : " [\(ids)]")"
    }

    private static func undecodable(_ error: any Error, label: String, size: Int) -> String {
        if case DecodingError.dataCorrupted = error {
            return "Graph's \(label) is not JSON (\(size) bytes, invalid or cut short): a truncated answer, or not Graph behind the endpoint"
        }
        var path = ""
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        default: break
        }
        return "Graph's \(label) is JSON but not a collection listing\(path.isEmpty ? "" : " (unexpected value at \(path.prefix(120)))")"
    }

    private static func excerpt(_ body: [UInt8]) -> String { String(decoding: body.prefix(2048), as: UTF8.self) }

    private static func port(of url: URL) -> Int {
        url.port ?? (url.scheme?.lowercased() == "http" ? 80 : 443)
    }

    private static func origin(_ url: URL) -> String {
        "\(url.scheme ?? "?")://\(url.host ?? "?")\(url.port.map { ":\($0)" } ?? "")"
    }
}
