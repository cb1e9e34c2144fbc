/// What `store copy` did: per table, the rows and checksum read from the source and those read
/// back from the target after the commit.
public struct InventoryCopyReport: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        public let name: String
        public let sourceRows: Int
        public let targetRows: Int
        /// 64-bit content checksums (order-independent sums of row hashes), 16 hex digits.
        public let sourceChecksum: String
        public let targetChecksum: String

        public var matches: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
    }

    /// `sqlite:PATH` or `postgres://HOST:PORT/DB` (never a user or password).
    public let source: String
    public let target: String
    public let schemaVersion: Int
    /// Every copied table, in copy order (parents first).
    public let tables: [Table]

    public var totalRows: Int { tables.reduce(0) { $0 + $1.sourceRows } }
    public var verified: Bool { tables.allSatisfy(\.matches) }
}
