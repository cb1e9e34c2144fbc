import CertKeeperBase
import CertKeeperCrypto
import CertKeeperEntra

/// The error type of CertKeeperCore: a code to branch on and a one-line message that names the
/// file or profile involved and says what to do.
public struct CoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let fileNotFound = Code("fileNotFound")
        public static let fileExists = Code("fileExists")
        public static let notAFile = Code("notAFile")
        public static let permissionDenied = Code("permissionDenied")
        public static let io = Code("io")
        public static let insecurePermissions = Code("insecurePermissions")
        public static let secretUnavailable = Code("secretUnavailable")
        public static let invalidInput = Code("invalidInput")
        /// A CryptoError, re-labelled with the file it concerns.
        public static let crypto = Code("crypto")
        /// The inventory database cannot be used (corrupt, newer schema, locked, unwritable).
        public static let inventory = Code("inventory")
        /// No profile, certificate or rotation matches.
        public static let notFound = Code("notFound")
        /// A name already taken, or a thumbprint prefix matching several certificates.
        public static let duplicate = Code("duplicate")
        /// The change conflicts with the current state (certificate in use, rotation under way).
        public static let conflict = Code("conflict")
        /// The identity platform (token endpoint, Graph) refused or could not be reached;
        /// `tokenFailure` has the EntraError and its diagnosis.
        public static let identityPlatform = Code("identityPlatform")
    }

    public let code: Code
    public let description: String
    /// The crypto failure underneath, when there is one (its OpenSSL stack is for debug logs).
    public let underlying: CryptoError?

    /// The identity platform's answer, when that is what failed (diagnosis, trace ids).
    public let tokenFailure: EntraError?

    public init(_ code: Code, _ description: String, underlying: CryptoError? = nil, tokenFailure: EntraError? = nil) {
        self.code = code
        self.description = description
        self.underlying = underlying
        self.tokenFailure = tokenFailure
    }

    /// A token endpoint or Graph failure, its diagnosis kept for the CLI to print.
    public static func identityPlatform(_ error: EntraError) -> CoreError {
        CoreError(.identityPlatform, error.description, underlying: error.underlying, tokenFailure: error)
    }

    /// A crypto failure about `path`: "app.pem: not a readable …"; a wrong password reads
    /// "wrong password for app.pfx (or the file is corrupt)" whatever the kind of file.
    public static func crypto(_ error: CryptoError, path: String) -> CoreError {
        if error.code == .wrongPassword {
            return CoreError(.crypto, "wrong password for \(path) (or the file is corrupt)", underlying: error)
        }
        return CoreError(.crypto, "\(path): \(error.description)", underlying: error)
    }

    public static func == (lhs: CoreError, rhs: CoreError) -> Bool { lhs.code == rhs.code }

    /// A file or parsing failure from CertKeeperBase, under the same code name.
    public init(_ error: BaseError) {
        let code: Code =
            switch error.code {
            case .fileNotFound: .fileNotFound
            case .fileExists: .fileExists
            case .notAFile: .notAFile
            case .permissionDenied: .permissionDenied
            case .invalidInput: .invalidInput
            default: .io
            }
        self.init(code, error.description)
    }

    /// Runs file work of CertKeeperBase inside a `throws(CoreError)` function:
    /// `try CoreError.lifting(try FileReader.read(path))`.
    @inlinable
    public static func lifting<T>(_ body: @autoclosure () throws(BaseError) -> T) throws(CoreError) -> T {
        do { return try body() } catch { throw CoreError(error) }
    }
}

extension CryptoError {
    /// Re-labels a crypto failure with the file it concerns.
    func about(_ path: String) -> CoreError { .crypto(self, path: path) }
}
