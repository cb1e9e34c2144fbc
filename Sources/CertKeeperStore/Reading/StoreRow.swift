import Foundation

/// A fetched row read by column name: what both stores' records are mapped from
/// (`StoreRecords`), so SQLite (GRDB's `Row`) and PostgreSQL (`PostgresRow`) turn the same
/// columns into the same models with one definition. Both schemas name and represent every
/// column alike (dates as UTC text, booleans as 0/1).
protocol StoreRow {
    func optionalString(_ name: String) throws -> String?
    func optionalInt64(_ name: String) throws -> Int64?
    func optionalDate(_ name: String) throws -> Date?
    func bytes(_ name: String) throws -> [UInt8]
}

extension StoreRow {
    func string(_ name: String) throws -> String { try required(optionalString(name), name) }
    func int64(_ name: String) throws -> Int64 { try required(optionalInt64(name), name) }
    func int(_ name: String) throws -> Int { Int(try int64(name)) }
    /// 0/1 integers.
    func bool(_ name: String) throws -> Bool { try int64(name) != 0 }
    func date(_ name: String) throws -> Date { try required(optionalDate(name), name) }

    private func required<T>(_ value: T?, _ name: String) throws -> T {
        guard let value else { throw StoreError(.database, "unexpected NULL in column \(name) of the inventory") }
        return value
    }
}
