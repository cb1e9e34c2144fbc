/// The error type of CertKeeperBase: a code to branch on and a one-line message that names
/// the file or value involved and says what to do. Modules above wrap it in their own error
/// type (CoreError, IdPError) with the same code names.
public struct BaseError: Error, CustomStringConvertible, Sendable, Equatable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        public static let fileNotFound = Code("fileNotFound")
        public static let fileExists = Code("fileExists")
        public static let notAFile = Code("notAFile")
        public static let permissionDenied = Code("permissionDenied")
        public static let io = Code("io")
        /// A value that does not parse (a duration, a date) or a file too large to be one.
        public static let invalidInput = Code("invalidInput")
    }

    public let code: Code
    public let description: String

    public init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    public static func == (lhs: BaseError, rhs: BaseError) -> Bool { lhs.code == rhs.code }
}
