import CertKeeperBase
import Foundation

/// A Microsoft Graph refusal: HTTP status plus Graph's `{"error":{"code","message",
/// "innerError"}}` body.
public struct GraphError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let code: String
    public let message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static func == (lhs: GraphError, rhs: GraphError) -> Bool { lhs.code == rhs.code && lhs.status == rhs.status }

    static func invalidToken(_ detail: String) -> GraphError {
        GraphError(status: 401, code: "InvalidAuthenticationToken", message: "Access token validation failure. \(detail)")
    }

    static func denied(_ detail: String) -> GraphError {
        GraphError(status: 403, code: "Authorization_RequestDenied", message: "Insufficient privileges to complete the operation. \(detail)")
    }

    static func invalidProof(_ detail: String) -> GraphError {
        GraphError(status: 401, code: "Authentication_MissingOrMalformed", message: "The proof is missing or malformed. \(detail)")
    }

    static func noValidCertificate(objectID: String) -> GraphError {
        GraphError(
            status: 403, code: "Authorization_RequestDenied",
            message:
                "Application \(objectID) has no currently valid certificate to sign a proof with, so addKey cannot be used: upload the new certificate through the portal (guided registration)."
        )
    }

    static func notFound(_ what: String) -> GraphError {
        GraphError(
            status: 404, code: "Request_ResourceNotFound",
            message: "Resource '\(what)' does not exist or one of its queried reference-property objects are not present.")
    }

    static func badRequest(_ detail: String) -> GraphError {
        GraphError(status: 400, code: "Request_BadRequest", message: detail)
    }

    static func serviceFailure() -> GraphError {
        GraphError(status: 503, code: "serviceNotAvailable", message: "The service is temporarily unavailable. Retry later.")
    }
}

struct GraphErrorBody: Encodable {
    struct Detail: Encodable {
        let code: String
        let message: String
        let innerError: Inner
    }

    struct Inner: Encodable {
        let date: String
        let requestID: String
        let clientRequestID: String

        enum CodingKeys: String, CodingKey {
            case date
            case requestID = "request-id"
            case clientRequestID = "client-request-id"
        }
    }

    let error: Detail

    static func reply(_ failure: GraphError, now: Date, clientRequestID: String?, subject: String?) -> HTTPReply {
        let requestID = UUID().uuidString.lowercased()
        let stamp = RFC3339.string(from: now)
        let body = GraphErrorBody(
            error: Detail(
                code: failure.code, message: failure.message,
                innerError: Inner(date: stamp, requestID: requestID, clientRequestID: clientRequestID ?? requestID)
            ))
        return .json(failure.status, JSON.encode(body), verdict: failure.code, subject: subject)
    }
}
