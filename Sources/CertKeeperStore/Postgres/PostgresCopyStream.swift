import CPostgres
import Foundation

extension PostgresConnection {
    /// Streams the rows of `query` with `COPY (query) TO STDOUT (FORMAT binary)`: the server
    /// sends rows as it produces them while this side decodes (no cursor round trips, no
    /// text-to-value conversions), one row in memory at a time. `query` takes no parameters
    /// (COPY has none). `body` sees each row in place and returns false to stop: the rest is
    /// then cancelled on the server and drained. Every row must have `columns` columns.
    func forEachCopyRow(_ query: String, columns: Int, _ body: (PostgresCopyRow) throws -> Bool) throws {
        guard let started = PQexec(connection, "COPY (\(query)) TO STDOUT (FORMAT binary)") else { throw lostConnection() }
        guard PQresultStatus(started) == PGRES_COPY_OUT else {
            let error = failure(started)
            PQclear(started)
            throw error
        }
        PQclear(started)
        var decoder = PostgresCopyDecoder(columns: columns)
        var stopped = false
        var thrown: (any Error)?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(connection, &buffer, 0)
            guard length >= 0, let buffer else {
                if length == -2 { throw lostConnection() }
                break
            }
            defer { PQfreemem(buffer) }
            guard !stopped else { continue }
            do {
                let message = UnsafeRawBufferPointer(start: buffer, count: Int(length)).bindMemory(to: UInt8.self)
                stopped = try !decoder.forEachRow(in: message, body)
            } catch {
                thrown = error
                stopped = true
            }
            if stopped { cancelRunningStatement() }
        }
        // The COPY's own outcome; a cancellation this side asked for is no failure.
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            let status = PQresultStatus(result)
            guard status != PGRES_COMMAND_OK else { continue }
            let error = failure(result)
            if stopped, error.sqlState == "57014" { continue }
            if thrown == nil { thrown = error }
        }
        if let thrown { throw thrown }
        if !stopped, !decoder.ended {
            throw PostgresError(sqlState: nil, message: "the server's COPY data ended early", isConnectionFailure: false)
        }
    }

    /// Asks the server to cancel what this connection runs (a cancel request on a connection
    /// of its own, as libpq does for psql's ^C).
    private func cancelRunningStatement() {
        guard let cancel = PQgetCancel(connection) else { return }
        defer { PQfreeCancel(cancel) }
        var message = [CChar](repeating: 0, count: 256)
        _ = PQcancel(cancel, &message, Int32(message.count))
    }
}

/// Splits binary COPY data into rows: a header once (signature, flags, extension), then per
/// row a 16-bit column count and per column a 32-bit length (-1: NULL) and the bytes, all
/// big-endian; a count of -1 ends the data. The server sends each row as one message.
struct PostgresCopyDecoder {
    private static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
    private let columns: Int
    private var headerRead = false
    private(set) var ended = false
    /// (start, length) of each column of the current row; reused from row to row.
    private var fields: [(start: Int, length: Int)]

    init(columns: Int) {
        self.columns = columns
        fields = Array(repeating: (0, -1), count: columns)
    }

    /// Calls `body` for each row in one message; false when `body` stopped.
    mutating func forEachRow(in message: UnsafeBufferPointer<UInt8>, _ body: (PostgresCopyRow) throws -> Bool) throws -> Bool {
        var reader = BigEndianReader(message)
        if !headerRead {
            guard message.count >= 19, Self.signature.elementsEqual(message[0..<11]) else { throw Self.malformed }
            reader.position = 15
            let extensionLength = try reader.int32()
            guard extensionLength >= 0 else { throw Self.malformed }
            try reader.skip(Int(extensionLength))
            headerRead = true
        }
        while !reader.isAtEnd {
            let count = try reader.int16()
            if count == -1 {
                ended = true
                return true
            }
            guard count == columns, !ended else { throw Self.malformed }
            for column in 0..<columns {
                let length = Int(try reader.int32())
                fields[column] = (reader.position, length)
                if length > 0 { try reader.skip(length) } else if length < -1 { throw Self.malformed }
            }
            let keepGoing = try fields.withUnsafeBufferPointer { fields in
                try body(PostgresCopyRow(bytes: message, fields: fields))
            }
            guard keepGoing else { return false }
        }
        return true
    }

    private static let malformed = PostgresError(sqlState: nil, message: "the server's COPY data is malformed", isConnectionFailure: false)
}

/// Big-endian integers from a message, bounds-checked.
private struct BigEndianReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { position >= bytes.count }

    mutating func skip(_ count: Int) throws(PostgresError) {
        guard count <= bytes.count - position else { throw Self.short }
        position += count
    }

    mutating func int16() throws(PostgresError) -> Int16 { Int16(truncatingIfNeeded: try integer(2)) }

    mutating func int32() throws(PostgresError) -> Int32 { Int32(truncatingIfNeeded: try integer(4)) }

    private mutating func integer(_ count: Int) throws(PostgresError) -> UInt64 {
        guard count <= bytes.count - position else { throw Self.short }
        var value: UInt64 = 0
        for offset in 0..<count { value = value << 8 | UInt64(bytes[position + offset]) }
        position += count
        return value
    }

    private static let short = PostgresError(sqlState: nil, message: "the server's COPY data ends inside a row", isConnectionFailure: false)
}

/// One row of binary COPY data, valid only inside the decoder's `body`. Integers are
/// bigint/integer/smallint in network order; text is the UTF-8 bytes themselves.
struct PostgresCopyRow: StoreColumns {
    fileprivate let bytes: UnsafeBufferPointer<UInt8>
    fileprivate let fields: UnsafeBufferPointer<(start: Int, length: Int)>

    func isNull(_ index: Int32) -> Bool { fields[Int(index)].length < 0 }

    /// 0 for NULL (as SQLite reads it).
    func int64(_ index: Int32) -> Int64 {
        let field = fields[Int(index)]
        switch field.length {
        case 2, 4, 8: break
        default: return 0
        }
        var value: UInt64 = 0
        for offset in 0..<field.length { value = value << 8 | UInt64(bytes[field.start + offset]) }
        // Sign-extend a 2- or 4-byte value.
        let unused = UInt64(64 - 8 * field.length)
        return Int64(bitPattern: value << unused) >> unused
    }

    func withBytes<T>(_ index: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        let field = fields[Int(index)]
        return try body(UnsafeBufferPointer(rebasing: bytes[field.start..<(field.start + max(0, field.length))]))
    }

    func unusualDate(_ index: Int32) throws -> Date {
        guard let date = PostgresDateText.parse(text(index)) else {
            throw StoreError(.database, "the inventory holds a date certkeeper cannot read (column \(index))")
        }
        return date
    }
}
