/// The one error type of CertKeeperHTTP: a code to branch on and one line for people,
/// naming the URL (never credentials) and what to do next.
public struct HTTPError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A CA bundle or proxy setting that cannot be used (a usage error: exit 64).
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// Plain http to a host that is not loopback, or a scheme other than http(s).
        public static let insecureURL = Code("insecureURL")
        /// The server's certificate did not verify against the trusted roots.
        public static let untrustedServer = Code("untrustedServer")
        /// Any other TLS failure (protocol version, handshake).
        public static let tls = Code("tls")
        /// DNS failure, refused connection, connection lost.
        public static let unreachable = Code("unreachable")
        /// The proxy could not be reached or would not open the tunnel.
        public static let proxy = Code("proxy")
        /// The proxy answered 407: credentials missing or wrong.
        public static let proxyAuthentication = Code("proxyAuthentication")
        /// No complete answer within the request's deadline.
        public static let timeout = Code("timeout")
        /// The response was larger than the transport's cap.
        public static let responseTooLarge = Code("responseTooLarge")
        /// The server answered with a redirect, which is never followed.
        public static let redirected = Code("redirected")
        /// The task waiting for the answer was cancelled.
        public static let cancelled = Code("cancelled")
    }

    public let code: Code
    public let description: String
    /// libcurl's own words (sanitised: no credentials, no control characters), for
    /// `--verbose` only.
    public let detail: String?

    public init(_ code: Code, _ description: String, detail: String? = nil) {
        self.code = code
        self.description = description
        self.detail = detail
    }

    /// Equality compares codes: code branches on codes, people read descriptions.
    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool { lhs.code == rhs.code }
}
