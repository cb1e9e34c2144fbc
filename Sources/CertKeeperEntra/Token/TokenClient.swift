import CertKeeperCrypto
import CertKeeperHTTP
import Foundation

/// Acquires access tokens with a certificate: `POST {authority}/{tenant}/oauth2/v2.0/token`
/// with a signed client assertion (docs/ARCHITECTURE.md, "Protocol facts"). Every request carries a fresh assertion; this
/// client never caches (callers decide; a rotation's verify step must not use a cache).
public struct TokenClient: Sendable {
    public static let clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    public let transport: any HTTPTransport
    public let assertions: ClientAssertionFactory
    public let retry: RetryPolicy
    /// Seconds per request.
    public let timeout: Double
    public let onEvent: @Sendable (TokenClientEvent) -> Void

    public init(
        transport: any HTTPTransport = CurlTransport.systemTrustOnly, assertions: ClientAssertionFactory = ClientAssertionFactory(),
        retry: RetryPolicy = .standard, timeout: Double = 30, onEvent: @escaping @Sendable (TokenClientEvent) -> Void = { _ in }
    ) {
        self.transport = transport
        self.assertions = assertions
        self.retry = retry
        self.timeout = timeout
        self.onEvent = onEvent
    }

    public func acquireToken(_ request: TokenRequest) async throws(EntraError) -> TokenAcquisition {
        let endpoint = try request.authority.tokenEndpoint(tenant: request.tenant)
        try Self.validate(request)
        let first = request.algorithm.first
        var sent = 0
        do {
            let token = try await requestToken(request, endpoint: endpoint, algorithm: first, tried: [first], sent: &sent)
            return TokenAcquisition(token: token, algorithm: first, fellBackFrom: nil, requestCount: sent)
        } catch  where Self.shouldFallBack(error, policy: request.algorithm) {
            onEvent(.fallingBack(from: .ps256, to: .rs256))
            let token = try await requestToken(request, endpoint: endpoint, algorithm: .rs256, tried: [.ps256, .rs256], sent: &sent)
            return TokenAcquisition(token: token, algorithm: .rs256, fellBackFrom: .ps256, requestCount: sent)
        }
    }

    /// The request body for `assertion` (exposed for tests of the form encoding).
    public static func formFields(clientID: String, scope: String, assertion: String) -> [(String, String)] {
        [
            ("grant_type", "client_credentials"),
            ("client_id", clientID),
            ("scope", scope),
            ("client_assertion_type", clientAssertionType),
            ("client_assertion", assertion),
        ]
    }

    /// PS256 refused as "invalid signature / key not found" may be a tenant or ADFS that
    /// wants RS256: retry once, unless the algorithm is pinned.
    private static func shouldFallBack(_ error: EntraError, policy: AssertionAlgorithmPolicy) -> Bool {
        guard policy == .automatic, let diagnosis = error.diagnosis else { return false }
        return diagnosis.errorCodes.contains(700027)
    }

    private static func validate(_ request: TokenRequest) throws(EntraError) {
        guard !request.clientID.isEmpty, !request.clientID.contains(where: \.isWhitespace) else {
            throw EntraError(.invalidParameter, "client id \"\(request.clientID)\" is empty or contains spaces: use the app's Application (client) ID")
        }
        guard !request.scope.isEmpty else {
            throw EntraError(.invalidParameter, "the scope is empty: use RESOURCE/.default, e.g. \(TokenRequest.graphScope)")
        }
    }

    /// Sends requests for one algorithm until success, a non-transient error, or the retry
    /// policy says stop. Each attempt signs a fresh assertion (new jti, current time).
    private func requestToken(
        _ request: TokenRequest, endpoint: URL, algorithm: JWSAlgorithm, tried: [JWSAlgorithm], sent: inout Int
    ) async throws(EntraError) -> AccessToken {
        let identity = CertificateIdentity(request.credential.certificate)
        var attempt = 0
        while true {
            attempt += 1
            let assertion = try assertions.assertion(
                credential: request.credential, clientID: request.clientID, audience: endpoint.absoluteString,
                algorithm: algorithm, sendCertificateChain: request.sendCertificateChain
            )
            let body = FormEncoding.encode(Self.formFields(clientID: request.clientID, scope: request.scope, assertion: assertion.compact))
            let httpRequest = HTTPRequest(
                method: "POST", url: endpoint,
                headers: ["Content-Type": FormEncoding.contentType, "Accept": "application/json"],
                body: body, timeout: timeout
            )
            onEvent(.sending(url: endpoint.absoluteString, algorithm: algorithm, attempt: attempt))
            sent += 1
            let response = try await transport.response(for: httpRequest)
            let receivedAt = assertions.clock()
            if response.isSuccess {
                onEvent(.received(status: response.status, traceID: nil, correlationID: nil))
                return try TokenSuccessBody.parse(response.body, receivedAt: receivedAt, endpoint: endpoint.absoluteString)
            }
            let diagnosis = TokenFailureDiagnosis(
                response: response, endpoint: endpoint.absoluteString, certificate: identity, algorithmsTried: tried
            )
            onEvent(.received(status: response.status, traceID: diagnosis.traceID, correlationID: diagnosis.correlationID))
            let bodyText = String(decoding: response.body.prefix(4096), as: UTF8.self)
            guard diagnosis.isTransient else {
                throw EntraError(.rejected, diagnosis.summary, diagnosis: diagnosis, responseBody: bodyText)
            }
            let retryAfter = RetryPolicy.retryAfterSeconds(response.header("retry-after"), now: receivedAt)
            guard let delay = retry.delay(afterAttempt: attempt, retryAfter: retryAfter) else {
                throw EntraError(
                    .throttled, Self.throttledMessage(diagnosis, attempts: attempt, retryAfter: retryAfter),
                    diagnosis: diagnosis, responseBody: bodyText)
            }
            onEvent(.backingOff(status: response.status, seconds: delay, nextAttempt: attempt + 1))
            await retry.sleep(delay)
        }
    }

    private static func throttledMessage(_ diagnosis: TokenFailureDiagnosis, attempts: Int, retryAfter: Double?) -> String {
        let when = retryAfter.map { " (the server asks to wait \(Int($0.rounded(.up))) s)" } ?? ""
        let plural = attempts == 1 ? "attempt" : "attempts"
        return "\(diagnosis.endpoint) is throttling or failing (HTTP \(diagnosis.httpStatus)) after \(attempts) \(plural)\(when): try again later"
    }
}
