import CPostgres
import Foundation

/// The rows of one statement, in libpq's text format. Owns the PGresult (freed on deinit);
/// values are read through `PostgresRow`'s typed getters.
final class PostgresResult {
    private let result: OpaquePointer

    init(_ result: OpaquePointer) { self.result = result }
    deinit { PQclear(result) }

    var count: Int { Int(PQntuples(result)) }

    /// Rows changed by an INSERT, UPDATE or DELETE.
    var affectedRows: Int { Int(String(cString: PQcmdTuples(result))) ?? 0 }

    var rows: [PostgresRow] { (0..<count).map { PostgresRow(result: self, index: Int32($0)) } }

    var first: PostgresRow? { count > 0 ? PostgresRow(result: self, index: 0) : nil }

    fileprivate func column(named name: String) throws(PostgresError) -> Int32 {
        let index = PQfnumber(result, name)
        guard index >= 0 else { throw PostgresError(sqlState: nil, message: "no column \(name) in the result", isConnectionFailure: false) }
        return index
    }

    fileprivate func text(row: Int32, column: Int32) -> String? {
        guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else { return nil }
        return String(cString: value)
    }

    /// The value's bytes without making a String (bytea's hex text).
    fileprivate func withBytes<T>(row: Int32, column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard PQgetisnull(result, row, column) == 0, let value = PQgetvalue(result, row, column) else { return nil }
        let length = Int(PQgetlength(result, row, column))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) { body(UnsafeBufferPointer(start: $0, count: length)) }
    }
}

/// One row of a `PostgresResult`; columns by position (hot loops) or by name.
struct PostgresRow {
    fileprivate let result: PostgresResult
    fileprivate let index: Int32

    func optionalString(_ column: Int) -> String? { result.text(row: index, column: Int32(column)) }

    func string(_ column: Int) throws(PostgresError) -> String {
        guard let text = optionalString(column) else { throw Self.unexpectedNull(column) }
        return text
    }

    func optionalInt64(_ column: Int) throws(PostgresError) -> Int64? {
        guard let text = optionalString(column) else { return nil }
        guard let value = Int64(text) else { throw PostgresError(sqlState: nil, message: "not an integer: column \(column)", isConnectionFailure: false) }
        return value
    }

    func int64(_ column: Int) throws(PostgresError) -> Int64 {
        guard let value = try optionalInt64(column) else { throw Self.unexpectedNull(column) }
        return value
    }

    func int(_ column: Int) throws(PostgresError) -> Int { Int(try int64(column)) }

    /// 0/1 smallints (the SQLite schema's booleans).
    func bool(_ column: Int) throws(PostgresError) -> Bool { try int64(column) != 0 }

    func optionalDate(_ column: Int) throws(PostgresError) -> Date? {
        guard let text = optionalString(column) else { return nil }
        guard let date = PostgresDateText.parse(text) else {
            throw PostgresError(sqlState: nil, message: "not a date: column \(column)", isConnectionFailure: false)
        }
        return date
    }

    func date(_ column: Int) throws(PostgresError) -> Date {
        guard let date = try optionalDate(column) else { throw Self.unexpectedNull(column) }
        return date
    }

    /// A bytea in the server's hex output format (`\x0a1b…`).
    func bytes(_ column: Int) throws(PostgresError) -> [UInt8] {
        let decoded = result.withBytes(row: index, column: Int32(column)) { text -> [UInt8]? in
            guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x"), text.count % 2 == 0 else { return nil }
            var bytes = [UInt8]()
            bytes.reserveCapacity((text.count - 2) / 2)
            var position = 2
            while position < text.count {
                guard let high = Self.hexValue(text[position]), let low = Self.hexValue(text[position + 1]) else { return nil }
                bytes.append(high << 4 | low)
                position += 2
            }
            return bytes
        }
        guard let decoded, let bytes = decoded else {
            throw PostgresError(sqlState: nil, message: "not a hex bytea: column \(column)", isConnectionFailure: false)
        }
        return bytes
    }

    /// The position of a named column (for by-name decoding of wide rows).
    func column(_ name: String) throws(PostgresError) -> Int { Int(try result.column(named: name)) }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func unexpectedNull(_ column: Int) -> PostgresError {
        PostgresError(sqlState: nil, message: "unexpected NULL in column \(column)", isConnectionFailure: false)
    }
}

extension PostgresRow {
    // The same getters by column name (PQfnumber: a short linear search).
    func optionalString(_ name: String) throws(PostgresError) -> String? { optionalString(try column(name)) }
    func string(_ name: String) throws(PostgresError) -> String { try string(try column(name)) }
    func optionalInt64(_ name: String) throws(PostgresError) -> Int64? { try optionalInt64(try column(name)) }
    func int64(_ name: String) throws(PostgresError) -> Int64 { try int64(try column(name)) }
    func int(_ name: String) throws(PostgresError) -> Int { try int(try column(name)) }
    func bool(_ name: String) throws(PostgresError) -> Bool { try bool(try column(name)) }
    func optionalDate(_ name: String) throws(PostgresError) -> Date? { try optionalDate(try column(name)) }
    func date(_ name: String) throws(PostgresError) -> Date { try date(try column(name)) }
    func bytes(_ name: String) throws(PostgresError) -> [UInt8] { try bytes(try column(name)) }
}
