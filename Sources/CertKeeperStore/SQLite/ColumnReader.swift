import Foundation
import GRDB
import GRDBSQLite

/// The current row of a statement a GRDB cursor is stepping, read with SQLite's C API.
///
/// For the scan's loop over 100,000 rows: `Row.decode` checks each value's type and goes
/// through GRDB's generic conversions, which cost more than the query. The pointers SQLite
/// hands out are valid only until the next step, so nothing here lets them escape: text
/// becomes a String, or is seen through a closure.
struct ColumnReader {
    private let statement: SQLiteStatement

    init(_ statement: Statement) { self.statement = statement.sqliteStatement }

    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }

    func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    /// The column as text (NULL reads as "").
    func text(_ index: Int32) -> String { withBytes(index) { String(decoding: $0, as: UTF8.self) } }

    func optionalText(_ index: Int32) -> String? { isNull(index) ? nil : text(index) }

    /// The column as text, `last` itself when it holds the same bytes: an issuer shared by
    /// thousands of rows becomes one String instead of thousands.
    func text(_ index: Int32, reusing last: inout String?) -> String? {
        if isNull(index) { return nil }
        return withBytes(index) { bytes in
            if let last, Self.equal(last, bytes) { return last }
            let text = String(decoding: bytes, as: UTF8.self)
            last = text
            return text
        }
    }

    private static func equal(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.utf8.count == bytes.count else { return false }
        // Native strings are contiguous: one memcmp instead of a byte-by-byte iterator.
        return text.utf8.withContiguousStorageIfAvailable { stored in
            guard let left = stored.baseAddress, let right = bytes.baseAddress else { return bytes.isEmpty }
            return memcmp(left, right, bytes.count) == 0
        } ?? text.utf8.elementsEqual(bytes)
    }

    /// The column's UTF-8 bytes, valid only inside `body`.
    func withBytes<T>(_ index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        // sqlite3_column_text before sqlite3_column_bytes: the order SQLite documents.
        let start = sqlite3_column_text(statement, index)
        let count = Int(sqlite3_column_bytes(statement, index))
        return try body(UnsafeBufferPointer(start: start, count: start == nil ? 0 : count))
    }
}
