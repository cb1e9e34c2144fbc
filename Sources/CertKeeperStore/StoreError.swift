/// The error type of CertKeeperStore: a code to branch on and a one-line message that says
/// what failed (which database, profile or certificate) and what to do.
///
/// SQLite's own message is kept apart in `detail`, for debug logs only; it never holds a
/// statement's arguments (GRDB's `publicStatementArguments` stays off).
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The file is not a SQLite database, or its pages are damaged.
        public static let corruptDatabase = Code("corruptDatabase")
        /// The database was written by a newer certkeeper (its schema version is unknown here).
        public static let newerSchema = Code("newerSchema")
        /// The database cannot be opened or written (permissions, missing directory, disk full).
        public static let unavailable = Code("unavailable")
        /// Another process held the database locked for longer than the busy timeout.
        public static let busy = Code("busy")
        /// No profile, certificate or rotation matches.
        public static let notFound = Code("notFound")
        /// A unique value is taken (profile name) or a prefix matches several certificates.
        public static let duplicate = Code("duplicate")
        /// The change conflicts with the current state: a rotation already under way, a
        /// rotation that moved on meanwhile, a certificate still used by a profile.
        public static let conflict = Code("conflict")
        /// A value the schema refuses (bad password reference, bad state).
        public static let invalidValue = Code("invalidValue")
        /// `store copy`: the target inventory already holds rows (nothing was written to it).
        public static let targetNotEmpty = Code("targetNotEmpty")
        /// Any other database failure.
        public static let database = Code("database")
    }

    public let code: Code
    public let description: String
    /// SQLite's message, for `--verbose` logs.
    public let detail: String?

    public init(_ code: Code, _ description: String, detail: String? = nil) {
        self.code = code
        self.description = description
        self.detail = detail
    }

    /// Equality compares codes: code branches on codes, people read descriptions.
    public static func == (lhs: StoreError, rhs: StoreError) -> Bool { lhs.code == rhs.code }
}
