import CertKeeperCrypto
import CertKeeperHTTP
import Foundation

/// The certificate a request was made with, by the thumbprints a user can compare with the
/// portal (SHA-1 hex) and with Entra's error text (x5t / x5t#S256).
public struct CertificateIdentity: Sendable, Hashable {
    public let sha1: Thumbprint
    public let sha256: Thumbprint
    public let subject: String
    public let notAfter: Date

    public init(_ certificate: X509Certificate) {
        sha1 = certificate.sha1Thumbprint
        sha256 = certificate.sha256Thumbprint
        subject = certificate.subject.description
        notAfter = certificate.notAfter
    }
}

/// Everything known about a failed token request: what the server said, what it means, and
/// which certificate and algorithms were involved.
public struct TokenFailureDiagnosis: Sendable {
    public let httpStatus: Int
    public let endpoint: String
    /// The parsed error JSON; nil when the body was not JSON (a proxy page, an HTML 404).
    public let body: TokenErrorBody?
    /// Explanations of the known codes in `error_codes`, in order.
    public let explanations: [AADSTSExplanation]
    public let category: FailureCategory
    public let certificate: CertificateIdentity?
    /// Assertion algorithms tried, in order (two after a PS256 → RS256 fallback).
    public let algorithmsTried: [JWSAlgorithm]
    /// `Content-Type` and the first characters of a non-JSON body, for the message.
    public let nonJSONSummary: String?

    public var errorCodes: [Int] { body?.errorCodes ?? [] }
    public var traceID: String? { body?.traceID }
    public var correlationID: String? { body?.correlationID }

    /// Whether backing off and retrying may help.
    public var isTransient: Bool { category == .throttling }

    init(response: HTTPResponse, endpoint: String, certificate: CertificateIdentity?, algorithmsTried: [JWSAlgorithm]) {
        httpStatus = response.status
        self.endpoint = endpoint
        self.certificate = certificate
        self.algorithmsTried = algorithmsTried
        body = TokenErrorBody.parse(response.body)
        explanations = (body?.errorCodes ?? []).compactMap(AADSTSCatalog.explanation(for:))
        if let first = explanations.first {
            category = first.category
        } else if RetryPolicy.isRetryable(status: response.status) {
            category = .throttling
        } else {
            category = .unknown
        }
        nonJSONSummary = body == nil ? Self.summarize(response) : nil
    }

    private init(copying other: TokenFailureDiagnosis, algorithmsTried: [JWSAlgorithm]) {
        httpStatus = other.httpStatus
        endpoint = other.endpoint
        body = other.body
        explanations = other.explanations
        category = other.category
        certificate = other.certificate
        nonJSONSummary = other.nonJSONSummary
        self.algorithmsTried = algorithmsTried
    }

    func tried(_ algorithms: [JWSAlgorithm]) -> TokenFailureDiagnosis {
        TokenFailureDiagnosis(copying: self, algorithmsTried: algorithms)
    }

    /// The server's error description, one line per line it sent (verbatim text, blank lines
    /// dropped). Trace and correlation ids are reported separately.
    public var serverMessageLines: [String] {
        guard let text = body?.errorDescription else { return [] }
        // Server text is quoted, not trusted: at most ten lines of 300 characters each.
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("Trace ID:") && !$0.hasPrefix("Correlation ID:") && !$0.hasPrefix("Timestamp:") }
            .prefix(Self.maximumQuotedLines)
        return lines.map { $0.count > Self.maximumQuotedLength ? String($0.prefix(Self.maximumQuotedLength)) + "…" : $0 }
    }

    static let maximumQuotedLines = 10
    static let maximumQuotedLength = 300

    /// One line for `EntraError.description`.
    public var summary: String {
        let codes = errorCodes.map { "AADSTS\($0)" }.joined(separator: ", ")
        if let first = explanations.first {
            return "token request refused (HTTP \(httpStatus), \(codes)): \(first.cause)"
        }
        if let line = serverMessageLines.first {
            return "token request refused (HTTP \(httpStatus)): \(line)"
        }
        if let body, let error = body.error {
            return "token request refused (HTTP \(httpStatus)): \(error)"
        }
        if let nonJSONSummary {
            return "\(endpoint) answered HTTP \(httpStatus) with \(nonJSONSummary), not the identity platform's JSON error: check --authority-host and any proxy"
        }
        return "\(endpoint) answered HTTP \(httpStatus)"
    }

    private static func summarize(_ response: HTTPResponse) -> String {
        let type = response.header("content-type")?.split(separator: ";").first.map(String.init) ?? "no content type"
        if response.body.isEmpty { return "an empty body (\(type))" }
        return "a non-JSON body (\(type))"
    }
}
