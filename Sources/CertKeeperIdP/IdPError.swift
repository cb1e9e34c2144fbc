/// The one error type of CertKeeperIdP's admin side (state file, registrations, options).
/// Protocol failures seen by clients are `AADSTSRefusal` and `GraphError` instead: those are
/// answers, not failures of the emulator.
public struct IdPError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The state file cannot be opened, created or migrated.
        public static let state = Code("state")
        /// A registration that does not exist (application, key).
        public static let notFound = Code("notFound")
        /// A registration that would clash with an existing one.
        public static let conflict = Code("conflict")
        /// A certificate Entra would refuse (EC key, RSA under 2048 bits, unreadable).
        public static let unsupportedCertificate = Code("unsupportedCertificate")
        /// A malformed option value (duration, identifier).
        public static let invalidValue = Code("invalidValue")
    }

    public let code: Code
    public let description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    public static func == (lhs: IdPError, rhs: IdPError) -> Bool { lhs.code == rhs.code }
}
