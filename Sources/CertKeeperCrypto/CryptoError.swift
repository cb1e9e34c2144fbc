/// The one error type of CertKeeperCrypto.
///
/// `code` is for programs to branch on; `description` is a one-line message for people that
/// says what went wrong and, where possible, what to do. The OpenSSL error queue captured at
/// the failure is kept in `openSSLStack` for debug logging only: it is never part of
/// `description`, so users see our words, not library internals.
public struct CryptoError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Input bytes are not what they claim to be (garbage, truncated, wrong format).
        public static let malformedInput = Code("malformedInput")
        /// The password does not open the file (or the file is corrupt).
        public static let wrongPassword = Code("wrongPassword")
        /// An encrypted input was given without a password.
        public static let passwordRequired = Code("passwordRequired")
        /// A key algorithm or size we refuse (weak RSA, unknown curve).
        public static let unsupportedKey = Code("unsupportedKey")
        /// A parameter outside what we allow (days, iterations, subject syntax, SAN syntax).
        public static let invalidParameter = Code("invalidParameter")
        /// A private key and certificate that do not belong together.
        public static let keyMismatch = Code("keyMismatch")
        /// A file that holds something other than what was asked for (a PFX where PEM was expected).
        public static let wrongFormat = Code("wrongFormat")
        /// A signature that does not verify.
        public static let invalidSignature = Code("invalidSignature")
        /// OpenSSL failed for a reason not covered above.
        public static let openSSL = Code("openSSL")
    }

    public let code: Code
    public let description: String
    /// The drained OpenSSL error queue at the point of failure; debug logging only.
    public let openSSLStack: [OpenSSLErrorEntry]

    public init(_ code: Code, _ description: String, openSSLStack: [OpenSSLErrorEntry] = []) {
        self.code = code
        self.description = description
        self.openSSLStack = openSSLStack
    }

    /// Text of the OpenSSL queue, for `--verbose` logs.
    public var openSSLDetail: String {
        openSSLStack.map(\.text).joined(separator: "; ")
    }

    /// Equality compares codes: code branches on codes, people read descriptions.
    public static func == (lhs: CryptoError, rhs: CryptoError) -> Bool { lhs.code == rhs.code }

    /// Returns a copy whose message names the file the bytes came from.
    public func naming(_ source: String) -> CryptoError {
        CryptoError(code, "\(source): \(description)", openSSLStack: openSSLStack)
    }
}
