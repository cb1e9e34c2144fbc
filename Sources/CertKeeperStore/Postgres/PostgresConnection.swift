import CPostgres
import Foundation

/// One libpq connection. Statements go through `PQexecParams` with text parameters only
/// (`$1`, `$2`, …), so no value is ever spliced into SQL. Not thread-safe: `PostgresSession`
/// serialises its users. No libpq pointer leaves this file, `PostgresResult` and
/// `PostgresCopyStream`.
final class PostgresConnection {
    /// For `PostgresCopyStream`'s calls only.
    let connection: OpaquePointer

    /// Connects with libpq's keyword/value pairs, in order: with `expand_dbname`, a `dbname`
    /// that is a URI is expanded in place, so pairs before it are defaults the URI overrides
    /// and pairs after it override the URI. libpq itself reads PGPASSWORD, PGPASSFILE
    /// (~/.pgpass), PGSERVICE and the other PG* variables, and handles sslmode.
    init(parameters: [(keyword: String, value: String)]) throws(PostgresError) {
        let keywords = parameters.map { strdup($0.keyword) }
        let values = parameters.map { strdup($0.value) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordArray: [UnsafePointer<CChar>?] = keywords.map { UnsafePointer($0) } + [nil]
        let valueArray: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) } + [nil]
        guard let connection = PQconnectdbParams(keywordArray, valueArray, 1) else {
            throw PostgresError(sqlState: nil, message: "out of memory", isConnectionFailure: true)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.firstLine(PQerrorMessage(connection))
            PQfinish(connection)
            throw PostgresError(sqlState: nil, message: message, isConnectionFailure: true)
        }
        // libpq prints NOTICEs (CREATE … IF NOT EXISTS, …) on stderr by default: drop them.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.connection = connection
    }

    deinit { PQfinish(connection) }

    /// Runs one statement; a failure throws with the server's SQLSTATE and primary message
    /// (never the DETAIL line, which may quote row values).
    @discardableResult
    func execute(_ sql: String, _ parameters: [(any PostgresEncodable)?] = []) throws(PostgresError) -> PostgresResult {
        let values = parameters.map { $0?.postgresText }
        // A C string ends at NUL: a value holding one would be stored cut short, silently.
        // PostgreSQL's text cannot hold NUL either (SQLite's can): refuse it.
        if values.contains(where: { $0?.utf8.contains(0) == true }) {
            throw PostgresError(sqlState: "22021", message: "a value contains a NUL character, which PostgreSQL text cannot hold", isConnectionFailure: false)
        }
        let texts: [UnsafeMutablePointer<CChar>?] = values.map { value in value.map { strdup($0) } }
        defer { texts.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = texts.map { $0.map { UnsafePointer($0) } }
        let result = PQexecParams(connection, sql, Int32(pointers.count), nil, pointers, nil, nil, 0)
        guard let result else { throw lostConnection() }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresResult(result)
        default:
            let error = failure(result)
            PQclear(result)
            throw error
        }
    }

    /// A failed statement's error: the server's SQLSTATE and primary message (never the
    /// DETAIL line, which may quote row values). `result` stays the caller's to clear.
    func failure(_ result: OpaquePointer) -> PostgresError {
        let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        let broken = PQstatus(connection) != CONNECTION_OK
        return PostgresError(
            sqlState: sqlState, message: primary ?? Self.firstLine(PQerrorMessage(connection)),
            isConnectionFailure: broken || (sqlState?.hasPrefix("08") ?? false)
        )
    }

    /// libpq returned no result at all: the connection is gone (or out of memory).
    func lostConnection() -> PostgresError {
        PostgresError(sqlState: nil, message: Self.firstLine(PQerrorMessage(connection)), isConnectionFailure: true)
    }

    /// Runs a script of several statements (a migration) without parameters.
    func executeScript(_ sql: String) throws(PostgresError) {
        // The simple protocol: PQexecParams allows one statement only.
        guard let result = PQexec(connection, sql) else { throw lostConnection() }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else { throw failure(result) }
    }

    /// Runs `COPY … FROM STDIN` with `data` (COPY's text format, encoded by the caller): the
    /// server's bulk path, without a statement to parse and plan per batch of rows.
    func copyIn(_ sql: String, data: [UInt8]) throws(PostgresError) {
        guard let started = PQexec(connection, sql) else {
            throw PostgresError(sqlState: nil, message: Self.firstLine(PQerrorMessage(connection)), isConnectionFailure: true)
        }
        let status = PQresultStatus(started)
        if status != PGRES_COPY_IN { try Self.throwing(started, connection: connection) }
        PQclear(started)
        let sent = data.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { start in
                start.withMemoryRebound(to: CChar.self, capacity: buffer.count) { PQputCopyData(connection, $0, Int32(buffer.count)) }
            } ?? 1
        }
        let ended = PQputCopyEnd(connection, sent == 1 ? nil : "certkeeper could not send the rows")
        guard ended == 1 else {
            throw PostgresError(sqlState: nil, message: Self.firstLine(PQerrorMessage(connection)), isConnectionFailure: true)
        }
        // The COPY's outcome, then the end of its results.
        var failure: PostgresError?
        while let result = PQgetResult(connection) {
            if PQresultStatus(result) != PGRES_COMMAND_OK, failure == nil {
                do { try Self.throwing(result, connection: connection) } catch { failure = error }
            } else {
                PQclear(result)
            }
        }
        if let failure { throw failure }
    }

    /// Throws the error `result` holds (and clears it).
    private static func throwing(_ result: OpaquePointer, connection: OpaquePointer) throws(PostgresError) -> Never {
        let sqlState = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        let primary = PQresultErrorField(result, Int32(UInt8(ascii: "M"))).map { String(cString: $0) }
        PQclear(result)
        throw PostgresError(
            sqlState: sqlState, message: primary ?? firstLine(PQerrorMessage(connection)),
            isConnectionFailure: PQstatus(connection) != CONNECTION_OK || (sqlState?.hasPrefix("08") ?? false))
    }

    /// Whether the connection is still usable (false after the server went away).
    var isUsable: Bool { PQstatus(connection) == CONNECTION_OK }

    /// True outside any transaction block.
    var isIdle: Bool { PQtransactionStatus(connection) == PQTRANS_IDLE }

    /// libpq's messages end with a newline and may add hint lines; errors here are one line.
    private static func firstLine(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "unknown error" }
        let message = String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.split(separator: "\n").first.map(String.init) ?? message
    }
}

/// A failure reported by libpq or the server.
struct PostgresError: Error, Sendable {
    /// The five-character SQLSTATE ("23505": unique violation); nil for client-side failures.
    let sqlState: String?
    /// The server's primary message or libpq's first line.
    let message: String
    /// The connection is gone (or never came up).
    let isConnectionFailure: Bool
}
