import CertKeeperBase
import Foundation

/// A token endpoint refusal, as Entra ID words it: an OAuth `error`, an AADSTS code and a
/// message. Codes follow docs/ARCHITECTURE.md ("Protocol facts") so clients can be tested against the classes they branch on.
public struct AADSTSRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    /// The OAuth error: `invalid_client`, `invalid_request`, `unauthorized_client`, `invalid_scope`…
    public let error: String
    public let code: Int
    public let message: String

    public init(status: Int, error: String, code: Int, message: String) {
        self.status = status
        self.error = error
        self.code = code
        self.message = message
    }

    public var description: String { "AADSTS\(code): \(message)" }

    public static func == (lhs: AADSTSRefusal, rhs: AADSTSRefusal) -> Bool { lhs.code == rhs.code }

    // MARK: Certificate problems (rotate or re-register)

    static func keyNotFound(_ detail: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 700027,
            message: "The certificate with identifier used to sign the client assertion is not registered on application. \(detail)")
    }

    static func signatureInvalid(_ detail: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 700027,
            message: "Client assertion failed signature validation. \(detail)")
    }

    static func outsideTimeRange(_ detail: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 700024,
            message: "Client assertion is not within its valid time range. \(detail)")
    }

    static func certificateOutsideValidity(_ detail: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 1_000_502,
            message: "The certificate used to sign the client assertion is outside its validity period. \(detail)")
    }

    static func weakKey(bits: Int) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 50032,
            message: "Weak RSA key: the certificate's key has \(bits) bits; at least 2048 are required.")
    }

    // MARK: Configuration problems (do not retry)

    static func tenantNotFound(_ tenant: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 400, error: "invalid_request", code: 90002,
            message: "Tenant '\(tenant)' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.")
    }

    static func applicationNotFound(clientID: String, tenant: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 400, error: "unauthorized_client", code: 700016,
            message: "Application with identifier '\(clientID)' was not found in the directory '\(tenant)'.")
    }

    static func invalidScope(_ detail: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 400, error: "invalid_scope", code: 70011,
            message: "The provided value for the input parameter 'scope' is not valid. \(detail)")
    }

    static func multipleResources(_ scope: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 400, error: "invalid_scope", code: 700022,
            message: "The provided value for the input parameter scope is not valid because it contains more than one resource. Scope \(scope) is not valid.")
    }

    static func subjectMismatch() -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 50048,
            message: "Subject mismatches Issuer claim in the client assertion.")
    }

    static func clientIDMismatch() -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 700021,
            message: "Client assertion application identifier doesn't match 'client_id' parameter.")
    }

    static func wrongAudience(expected: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 700023,
            message: "Client assertion audience claim does not match Realm issuer. The audience must be '\(expected)'.")
    }

    static func replayed() -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 50013,
            message: "Assertion is invalid: its jti was already used. Sign a fresh assertion for every request.")
    }

    static func malformedAssertion(_ detail: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 400, error: "invalid_request", code: 50027,
            message: "JWT token is invalid or malformed. \(detail)")
    }

    static func missingParameter(_ name: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 400, error: "invalid_request", code: 900144,
            message: "The request body must contain the following parameter: '\(name)'.")
    }

    static func missingCredential(_ detail: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 7_000_218,
            message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'. \(detail)")
    }

    static func secretNotAccepted() -> AADSTSRefusal {
        AADSTSRefusal(
            status: 401, error: "invalid_client", code: 7_000_215,
            message: "Invalid client secret provided. This emulator accepts certificate credentials only.")
    }

    static func serviceFailure() -> AADSTSRefusal {
        AADSTSRefusal(
            status: 500, error: "temporarily_unavailable", code: 90033,
            message: "A transient error has occurred. Please try again.")
    }

    static func unsupportedGrant(_ grant: String) -> AADSTSRefusal {
        AADSTSRefusal(
            status: 400, error: "unsupported_grant_type", code: 70003,
            message: "The app requested an unsupported grant type '\(grant)'. Use client_credentials.")
    }
}

/// Entra's error body: `error`, `error_description` ("AADSTSnnnn: … Trace ID … Correlation
/// ID … Timestamp …"), `error_codes`, `timestamp`, `trace_id`, `correlation_id`.
struct AADSTSRefusalBody: Encodable {
    let error: String
    let errorDescription: String
    let errorCodes: [Int]
    let timestamp: String
    let traceID: String
    let correlationID: String

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
        case errorCodes = "error_codes"
        case timestamp
        case traceID = "trace_id"
        case correlationID = "correlation_id"
    }

    init(_ failure: AADSTSRefusal, now: Date, correlationID requested: String?) {
        let trace = UUID().uuidString.lowercased()
        let correlation = requested ?? UUID().uuidString.lowercased()
        let stamp = EntraTimestamp.format(now)
        error = failure.error
        errorDescription = "AADSTS\(failure.code): \(failure.message)\r\nTrace ID: \(trace)\r\nCorrelation ID: \(correlation)\r\nTimestamp: \(stamp)"
        errorCodes = [failure.code]
        timestamp = stamp
        traceID = trace
        correlationID = correlation
    }

    static func reply(_ failure: AADSTSRefusal, now: Date, correlationID: String?, subject: String?) -> HTTPReply {
        .json(
            failure.status, JSON.encode(AADSTSRefusalBody(failure, now: now, correlationID: correlationID)),
            verdict: "AADSTS\(failure.code)", subject: subject)
    }
}

/// `2016-01-09 02:02:12Z`, Entra's timestamp format.
enum EntraTimestamp {
    static func format(_ date: Date) -> String {
        RFC3339.string(from: date).replacingOccurrences(of: "T", with: " ")
    }
}
