import Foundation
import GRDB
import GRDBSQLite

/// The current row of a statement a GRDB cursor is stepping, read with SQLite's C API.
///
/// For the scan's loop over 100,000 rows: `Row.decode` checks each value's type and goes
/// through GRDB's generic conversions, which cost more than the query. The pointers SQLite
/// hands out are valid only until the next step, so nothing here lets them escape: text
/// becomes a String, or is seen through a closure.
struct ColumnReader: StoreColumns {
    private let statement: SQLiteStatement

    init(_ statement: Statement) { self.statement = statement.sqliteStatement }

    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }

    func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    func withBytes<T>(_ index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        // sqlite3_column_text before sqlite3_column_bytes: the order SQLite documents.
        let start = sqlite3_column_text(statement, index)
        let count = Int(sqlite3_column_bytes(statement, index))
        return try body(UnsafeBufferPointer(start: start, count: start == nil ? 0 : count))
    }

    /// GRDB's own `Date` decoding (ISO 8601 with a T or a zone, a Julian day number, …).
    func unusualDate(_ index: Int32) throws -> Date {
        let value = DatabaseValue(sqliteStatement: statement, index: index)
        guard let date = Date.fromDatabaseValue(value) else {
            throw StoreError(.database, "the inventory holds a date certkeeper cannot read (column \(index))")
        }
        return date
    }
}
