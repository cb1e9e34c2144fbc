import Foundation

/// The identity platform's error JSON: `{error, error_description, error_codes[], trace_id,
/// correlation_id, timestamp}` (HTTP 400/401, and on many 5xx).
public struct TokenErrorBody: Sendable, Hashable, Decodable {
    public let error: String?
    /// Verbatim; starts with "AADSTSnnnn: …" and often carries trace lines after CR/LF.
    public let errorDescription: String?
    public let errorCodes: [Int]
    public let traceID: String?
    public let correlationID: String?
    public let timestamp: String?

    enum CodingKeys: String, CodingKey {
        case error
        case errorDescription = "error_description"
        case errorCodes = "error_codes"
        case traceID = "trace_id"
        case correlationID = "correlation_id"
        case timestamp
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        error = try? container.decodeIfPresent(String.self, forKey: .error)
        errorDescription = try? container.decodeIfPresent(String.self, forKey: .errorDescription)
        errorCodes = (try? container.decodeIfPresent([Int].self, forKey: .errorCodes)) ?? []
        traceID = try? container.decodeIfPresent(String.self, forKey: .traceID)
        correlationID = try? container.decodeIfPresent(String.self, forKey: .correlationID)
        timestamp = try? container.decodeIfPresent(String.self, forKey: .timestamp)
    }

    /// nil when the body is not a JSON object with at least `error` or `error_codes`.
    public static func parse(_ body: [UInt8]) -> TokenErrorBody? {
        guard let parsed = try? JSONDecoder().decode(TokenErrorBody.self, from: Data(body)),
            parsed.error != nil || !parsed.errorCodes.isEmpty
        else { return nil }
        return parsed
    }
}
