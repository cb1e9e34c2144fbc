import Foundation
import GRDB
import GRDBSQLite

/// The copier's reads and writes on one SQLite connection, inside a transaction.
///
/// Values go through SQLite's C API, not GRDB's conversions: GRDB reads and binds text as C
/// strings, which would cut a value at an embedded NUL, and repairs invalid UTF-8. Here a text
/// travels with its length, and text that is not UTF-8 is refused (PostgreSQL could not store
/// it, and a repaired copy would not be the same inventory).
struct SQLiteCopyTables: CopyTableWriter {
    let db: Database

    func catalog() throws -> [String: [String]] {
        var catalog: [String: [String]] = [:]
        for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'") {
            catalog[table] = try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table])
        }
        return catalog
    }

    func rowCount(_ table: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0
    }

    func forEachRow(of table: CopiedTable, _ body: ([CopiedValue]) throws -> Void) throws {
        let statement = try db.makeStatement(sql: "SELECT \(table.columnList) FROM \(table.name) ORDER BY \(table.key.joined(separator: ", "))")
        let sqlite = statement.sqliteStatement
        defer { sqlite3_reset(sqlite) }
        while true {
            let code = sqlite3_step(sqlite)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw failure(code) }
            var row: [CopiedValue] = []
            row.reserveCapacity(table.columns.count)
            for (index, column) in table.columns.enumerated() {
                row.append(try value(sqlite, Int32(index), column, table: table.name))
            }
            try body(row)
        }
    }

    private func value(_ statement: SQLiteStatement, _ index: Int32, _ column: CopiedTable.Column, table: String) throws -> CopiedValue {
        let type = sqlite3_column_type(statement, index)
        switch (type, column.kind) {
        case (SQLITE_NULL, _):
            return .null
        case (SQLITE_INTEGER, .integer):
            return .integer(sqlite3_column_int64(statement, index))
        case (SQLITE_TEXT, .text):
            let start = sqlite3_column_text(statement, index)
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let text = String(validating: UnsafeBufferPointer(start: start, count: start == nil ? 0 : count), as: UTF8.self) else {
                throw CopyValueMismatch(table: table, column: column.name, found: "text that is not UTF-8")
            }
            return .text(text)
        case (SQLITE_BLOB, .blob):
            let start = sqlite3_column_blob(statement, index)
            let count = Int(sqlite3_column_bytes(statement, index))
            return .blob(start.map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? [])
        default:
            let names = [SQLITE_INTEGER: "an integer", SQLITE_FLOAT: "a real number", SQLITE_TEXT: "text", SQLITE_BLOB: "a blob"]
            throw CopyValueMismatch(table: table, column: column.name, found: names[type] ?? "a value of type \(type)")
        }
    }

    func counter(of table: CopiedTable) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [table.name])
    }

    func batchSize(for table: CopiedTable) -> Int { 500 }

    func insert(_ rows: [[CopiedValue]], into table: CopiedTable) throws {
        let placeholders = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
        let statement = try db.makeStatement(sql: "INSERT INTO \(table.name) (\(table.columnList)) VALUES (\(placeholders))")
        let sqlite = statement.sqliteStatement
        defer { sqlite3_reset(sqlite) }
        for row in rows {
            sqlite3_reset(sqlite)
            for (offset, value) in row.enumerated() {
                let code = Self.bind(value, to: sqlite, at: Int32(offset + 1))
                guard code == SQLITE_OK else { throw failure(code, table: table.name) }
            }
            let code = sqlite3_step(sqlite)
            guard code == SQLITE_DONE else { throw failure(code, table: table.name) }
        }
    }

    /// Text and blobs with their lengths (SQLITE_TRANSIENT: SQLite copies them); an empty one
    /// is bound as empty, not as NULL (a nil pointer would bind NULL).
    private static func bind(_ value: CopiedValue, to statement: SQLiteStatement, at index: Int32) -> Int32 {
        let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
        switch value {
        case .null:
            return sqlite3_bind_null(statement, index)
        case .integer(let number):
            return sqlite3_bind_int64(statement, index, number)
        case .text(var text):
            return text.withUTF8 { bytes in
                guard let start = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, transient) }
                return start.withMemoryRebound(to: CChar.self, capacity: bytes.count) { sqlite3_bind_text(statement, index, $0, Int32(bytes.count), transient) }
            }
        case .blob(let bytes):
            return bytes.withUnsafeBytes { buffer in
                guard let start = buffer.baseAddress, !buffer.isEmpty else { return sqlite3_bind_zeroblob(statement, index, 0) }
                return sqlite3_bind_blob(statement, index, start, Int32(buffer.count), transient)
            }
        }
    }

    func raiseCounter(of table: CopiedTable, to value: Int64) throws {
        try db.execute(sql: "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", arguments: [value, table.name])
        if db.changesCount == 0 {
            try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", arguments: [table.name, value])
        }
    }

    /// SQLite's own message for a failed step or bind (a constraint, a trigger's RAISE).
    private func failure(_ code: Int32, table: String? = nil) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: [table, message].compactMap { $0 }.joined(separator: ": "))
    }
}
