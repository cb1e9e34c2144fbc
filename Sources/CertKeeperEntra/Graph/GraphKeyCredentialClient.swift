import CertKeeperCrypto
import CertKeeperHTTP
import Foundation

/// Reads an application's certificate credentials and rolls them through Graph `addKey` /
/// `removeKey` (docs/ARCHITECTURE.md, "Graph key rotation"): always appending, never `PATCH
/// keyCredentials`, which replaces the whole list. Authenticate with a Graph token acquired
/// with a currently valid certificate of the same application.
public struct GraphKeyCredentialClient: Sendable {
    public static let defaultEndpoint = "https://graph.microsoft.com"

    /// The Graph host, e.g. https://graph.microsoft.com (https, or http on loopback only).
    public let endpoint: URL
    public let transport: any HTTPTransport
    public let proofs: ClientAssertionFactory
    public let retry: RetryPolicy
    public let timeout: Double

    public init(
        endpoint: String = GraphKeyCredentialClient.defaultEndpoint, transport: any HTTPTransport = CurlTransport.systemTrustOnly,
        proofs: ClientAssertionFactory = ClientAssertionFactory(), retry: RetryPolicy = .standard, timeout: Double = 30
    ) throws(EntraError) {
        self.endpoint = try AuthorityHost.secureURL(endpoint, role: "Graph endpoint", example: Self.defaultEndpoint)
        self.transport = transport
        self.proofs = proofs
        self.retry = retry
        self.timeout = timeout
    }

    /// `GET /v1.0/applications/{objectId}` with its keyCredentials.
    public func application(objectID: String, accessToken: AccessToken) async throws(EntraError) -> GraphApplication {
        let url = try applicationURL(objectID, suffix: "?$select=id,appId,displayName,keyCredentials")
        let response = try await send("GET", url, body: nil, token: accessToken, action: "reading application \(objectID)", idempotent: true)
        return try decode(GraphApplication.self, response.body, action: "reading application \(objectID)")
    }

    /// `POST …/addKey`: registers `certificate` (public part only), with a proof signed by
    /// `proofSigner`, a currently registered certificate of the app. Returns the new
    /// credential (keep its `keyId` for removeKey). Not retried on 5xx: the key may have been
    /// added; check with `application(…)` before trying again.
    public func addKey(
        objectID: String, certificate: X509Certificate, displayName: String? = nil,
        proofSigner: ClientCertificateCredential, accessToken: AccessToken
    ) async throws(EntraError) -> ApplicationKeyCredential {
        let proof = try proofs.graphProof(credential: proofSigner, applicationObjectID: objectID)
        let body: [String: Any] = [
            "keyCredential": [
                "type": "AsymmetricX509Cert", "usage": "Verify", "key": Data(certificate.der).base64EncodedString(),
                "displayName": displayName ?? certificate.subject.description,
            ],
            "passwordCredential": NSNull(),
            "proof": proof.compact,
        ]
        let action = "adding certificate \(certificate.sha1Thumbprint.hex) to application \(objectID)"
        let response = try await send("POST", try applicationURL(objectID, suffix: "/addKey"), body: body, token: accessToken, action: action, idempotent: false)
        return try decode(ApplicationKeyCredential.self, response.body, action: action)
    }

    /// `POST …/removeKey` for `keyID`, with a proof signed by a certificate that stays
    /// registered (in a rotation: the new one).
    public func removeKey(
        objectID: String, keyID: String, proofSigner: ClientCertificateCredential, accessToken: AccessToken
    ) async throws(EntraError) {
        let proof = try proofs.graphProof(credential: proofSigner, applicationObjectID: objectID)
        let body: [String: Any] = ["keyId": keyID, "proof": proof.compact]
        _ = try await send(
            "POST", try applicationURL(objectID, suffix: "/removeKey"), body: body, token: accessToken,
            action: "removing key \(keyID) from application \(objectID)", idempotent: false)
    }

    private func applicationURL(_ objectID: String, suffix: String) throws(EntraError) -> URL {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-"))
        guard !objectID.isEmpty, objectID.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }),
            let url = URL(string: endpoint.absoluteString + "/v1.0/applications/\(objectID)\(suffix)")
        else {
            throw EntraError(.invalidParameter, "application object id \"\(objectID)\" is not an object id (a GUID from the app registration's Overview page)")
        }
        return url
    }

    private func send(
        _ method: String, _ url: URL, body: [String: Any]?, token: AccessToken, action: String, idempotent: Bool
    ) async throws(EntraError) -> HTTPResponse {
        let clientRequestID = proofs.makeJTI()
        var headers = ["Authorization": "\(token.tokenType) \(token.value)", "Accept": "application/json", "client-request-id": clientRequestID]
        var bytes: [UInt8] = []
        if let body {
            headers["Content-Type"] = "application/json"
            guard let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]) else {
                throw EntraError(.invalidParameter, "could not encode the Graph request for \(action)")
            }
            bytes = [UInt8](data)
        }
        let request = HTTPRequest(method: method, url: url, headers: headers, body: bytes, timeout: timeout)
        var attempt = 0
        while true {
            attempt += 1
            let response = try await transport.response(for: request)
            if response.isSuccess { return response }
            // 429 means "not processed": always safe to repeat. 5xx only for reads.
            let transient = response.status == 429 || (idempotent && RetryPolicy.isRetryable(status: response.status))
            let retryAfter = RetryPolicy.retryAfterSeconds(response.header("retry-after"), now: proofs.clock())
            if transient, let delay = retry.delay(afterAttempt: attempt, retryAfter: retryAfter) {
                await retry.sleep(delay)
                continue
            }
            let failure = GraphFailure(response: response, clientRequestID: clientRequestID)
            throw EntraError(
                transient ? .throttled : .rejected, Self.message(failure, action: action),
                responseBody: String(decoding: response.body.prefix(4096), as: UTF8.self), graphFailure: failure
            )
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], action: String) throws(EntraError) -> T {
        do { return try JSONDecoder().decode(type, from: Data(body)) } catch {
            throw EntraError(.malformedResponse, "Graph answered \(action) with a body that is not the expected JSON")
        }
    }

    private static func message(_ failure: GraphFailure, action: String) -> String {
        let code = failure.code.map { " \($0)" } ?? ""
        let detail = failure.message.map { ": \($0)" } ?? ""
        let ids = [failure.requestID.map { "request-id \($0)" }, failure.clientRequestID.map { "client-request-id \($0)" }]
            .compactMap { $0 }.joined(separator: ", ")
        return "Graph refused \(action) (HTTP \(failure.status)\(code))\(detail)\(ids.isEmpty ? "" : " [\(ids)]")"
    }
}
