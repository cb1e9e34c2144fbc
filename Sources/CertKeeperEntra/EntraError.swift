import CertKeeperCrypto
import CertKeeperHTTP

/// The one error type of CertKeeperEntra.
///
/// `code` is for programs to branch on; `description` is one line for people. When the
/// identity platform answered with an error, `diagnosis` carries what it said (codes, trace
/// and correlation ids) and what it means. Bodies and URLs are safe to log at debug level:
/// no error path ever holds an access token or a client assertion.
public struct EntraError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A certificate or key Entra will not accept (EC, RSA < 2048, key not matching).
        public static let unsupportedCredential = Code("unsupportedCredential")
        /// A parameter we refuse before any request (insecure authority, bad tenant id).
        public static let invalidParameter = Code("invalidParameter")
        /// The server could not be reached (DNS, refused connection, TLS, proxy, size cap, redirect).
        public static let unreachable = Code("unreachable")
        /// The server did not answer in time.
        public static let timeout = Code("timeout")
        /// The server answered with an error; see `diagnosis`.
        public static let rejected = Code("rejected")
        /// Still throttled (429/5xx) after every retry.
        public static let throttled = Code("throttled")
        /// A success status with a body we cannot use.
        public static let malformedResponse = Code("malformedResponse")
        /// Signing the assertion failed (a CryptoError underneath).
        public static let crypto = Code("crypto")
        /// A service (Key Vault) has no such object (404).
        public static let notFound = Code("notFound")
        /// A service (Key Vault) refused for lack of a role or because the object is disabled (403).
        public static let forbidden = Code("forbidden")
    }

    public let code: Code
    public let description: String
    /// What the server said and what it means, when it said something.
    public let diagnosis: TokenFailureDiagnosis?
    /// The raw error body (never holds a token), for `--verbose` logs only.
    public let responseBody: String?
    public let underlying: CryptoError?
    /// Graph's error code and ids, when a Graph call was refused.
    public let graphFailure: GraphFailure?
    /// The transport's error (TLS, proxy, deadline, cap), when no usable answer arrived.
    public let transportFailure: HTTPError?

    public init(
        _ code: Code, _ description: String, diagnosis: TokenFailureDiagnosis? = nil,
        responseBody: String? = nil, underlying: CryptoError? = nil, graphFailure: GraphFailure? = nil,
        transportFailure: HTTPError? = nil
    ) {
        self.code = code
        self.description = description
        self.diagnosis = diagnosis
        self.responseBody = responseBody
        self.underlying = underlying
        self.graphFailure = graphFailure
        self.transportFailure = transportFailure
    }

    /// Equality compares codes: code branches on codes, people read descriptions.
    public static func == (lhs: EntraError, rhs: EntraError) -> Bool { lhs.code == rhs.code }

    static func crypto(_ error: CryptoError, _ doing: String) -> EntraError {
        EntraError(.crypto, "\(doing): \(error.description)", underlying: error)
    }
}
