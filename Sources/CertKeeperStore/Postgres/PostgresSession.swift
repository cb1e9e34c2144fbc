import Foundation

/// The store's one connection, shared by its copies (the store is a value type) and used by
/// one call at a time; every call is one transaction.
///
/// Every writing transaction first takes a transaction-scoped advisory lock, so writers run
/// one after the other exactly as SQLite's IMMEDIATE transactions do: a method that reads
/// then writes (a rotation step checks the state it moves from) sees no other writer between
/// the two, on any runner. Readers take no lock.
final class PostgresSession: @unchecked Sendable {
    /// pg_advisory_xact_lock's first key: "CKIV" (certkeeper inventory). The second key is
    /// the schema's hash, so inventories in different schemas of one database do not wait on
    /// each other.
    static let lockClass: Int32 = 0x434B_4956
    /// Second-key offsets: the migration lock and the writers' lock are distinct.
    static let migrationLock = "migrate"
    static let writeLock = "write"

    let location: PostgresLocation
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private let password: String?

    init(location: PostgresLocation, password: String?) throws(StoreError) {
        self.location = location
        self.password = password
        connection = try connect()
    }

    /// A connection of its own, outside the store's transactions and reconnects: a session
    /// advisory lock lives exactly as long as it (PostgresInventoryStore+RotationLock).
    func dedicatedConnection(applicationName: String) throws(StoreError) -> PostgresConnection {
        try connect(applicationName: applicationName)
    }

    private func connect(applicationName: String = "certkeeper") throws(StoreError) -> PostgresConnection {
        var parameters: [(keyword: String, value: String)] = [("connect_timeout", "10")]
        parameters.append(("dbname", location.connectionURI))
        parameters.append(("application_name", applicationName))
        // Every parameter and result is UTF-8, whatever the database's own encoding.
        parameters.append(("client_encoding", "UTF8"))
        if let password { parameters.append(("password", password)) }
        do {
            return try PostgresConnection(parameters: parameters)
        } catch {
            throw Self.connectionError(error, location: location)
        }
    }

    /// A read-only transaction (one snapshot for the whole body).
    func read<T>(_ action: String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        try transaction(action, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", lockKey: nil, body)
    }

    /// A writing transaction, serialised with every other writer of this inventory.
    func write<T>(_ action: String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        try transaction(action, begin: "BEGIN", lockKey: Self.writeLock, body)
    }

    /// Runs `body` in a transaction on the (re)connected connection.
    func transaction<T>(_ action: String, begin: String, lockKey: String?, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        let connection: PostgresConnection
        if let current = self.connection, current.isUsable {
            connection = current
        } else {
            self.connection = nil
            connection = try connect()
            self.connection = connection
        }
        do {
            try connection.execute(begin)
            if let lockKey {
                try connection.execute("SELECT pg_advisory_xact_lock($1, hashtext(current_schema() || $2))", [Int(Self.lockClass), lockKey])
            }
            let value = try body(connection)
            try connection.execute("COMMIT")
            return value
        } catch {
            if connection.isUsable, !connection.isIdle { _ = try? connection.execute("ROLLBACK") }
            throw Self.wrapping(error, location: location, action: action)
        }
    }

    /// Maps libpq's and the server's failures to StoreError; StoreErrors pass through.
    static func wrapping(_ error: any Error, location: PostgresLocation, action: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? PostgresError else {
            return StoreError(.database, "could not \(action) the inventory \(location): \(error)")
        }
        if error.isConnectionFailure { return connectionError(error, location: location) }
        let state = error.sqlState ?? ""
        switch state {
        case "23505":
            return StoreError(
                .conflict, "could not \(action) the inventory \(location): another certkeeper changed the same rows meanwhile; try again",
                detail: error.message)
        case "40001", "40P01", "55P03", "57014":
            return StoreError(.busy, "the inventory \(location) stayed locked by another certkeeper process: try again", detail: error.message)
        case "42501":
            // A role granted SELECT only (a read-only inventory, as a read-only SQLite file).
            return StoreError(
                .unavailable,
                "could not \(action) the inventory \(location): \(error.message); this role may only read (list, show, scan and history work)",
                detail: error.message)
        case _ where state.hasPrefix("22") || state.hasPrefix("23"):
            return StoreError(.invalidValue, "the inventory \(location) refused a value: \(error.message)", detail: error.message)
        case _ where state.hasPrefix("42"):
            return StoreError(
                .database, "could not \(action) the inventory \(location): \(error.message) (is its schema intact?)", detail: error.message)
        default:
            return StoreError(.database, "could not \(action) the inventory \(location): \(error.message)", detail: error.message)
        }
    }

    /// A server that cannot be reached or refuses us: one line naming host:port/db and what
    /// to check. libpq's message names host and port only, never a password.
    static func connectionError(_ error: PostgresError, location: PostgresLocation) -> StoreError {
        let message = error.message
        let hint: String
        if message.contains("password authentication failed") || message.contains("no password supplied") {
            hint = "check the password (PGPASSWORD, ~/.pgpass or the URL's password=env:/file: reference)"
        } else if message.contains("certificate") || message.contains("SSL") || message.contains("ssl") {
            hint = "check sslmode and sslrootcert (the CA that signed the server's certificate)"
        } else if message.contains("does not exist") {
            hint = "create the database and role first (docs/postgres.md)"
        } else {
            hint = "check that the server runs and the host and port are right"
        }
        return StoreError(
            .unavailable, "cannot connect to the inventory \(location): \(PostgresLocation.printable(message)); \(hint)", detail: message)
    }
}
