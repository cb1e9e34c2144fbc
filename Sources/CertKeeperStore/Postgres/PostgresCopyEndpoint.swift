import Foundation

/// A PostgreSQL inventory (one schema) as one end of `store copy` (Copy/InventoryCopier.swift).
struct PostgresCopyEndpoint: InventoryCopyEndpoint {
    let location: PostgresLocation
    private let session: PostgresSession

    /// Connects without creating or migrating anything.
    init(location: PostgresLocation, password: String?) throws(StoreError) {
        self.location = location
        session = try PostgresSession(location: location, password: password)
    }

    var name: String { location.description }

    /// Throws for a schema that holds another application's tables.
    func recordedVersion() throws(StoreError) -> Int? {
        try session.read("read") { connection in try PostgresSchemaMigrator.inspect(connection, location: location)?.version }
    }

    /// Creates or upgrades the schema, exactly as any command opening the inventory does.
    func migrate() throws(StoreError) {
        _ = try PostgresInventoryStore.migrator.migrate(session, now: Date())
    }

    func reading<T>(_ body: (any CopyTableReader) throws -> T) throws(StoreError) -> T {
        try session.read("read") { connection in try body(PostgresCopyTables(connection: connection)) }
    }

    /// Serialised with every other writer of the inventory (the session's advisory lock).
    func writing<T>(_ body: (any CopyTableWriter) throws -> T) throws(StoreError) -> T {
        try session.write("write") { connection in try body(PostgresCopyTables(connection: connection)) }
    }
}

/// The copier's reads and writes on one connection, inside a transaction. Rows are read through
/// a cursor (memory stays flat) and written with COPY.
struct PostgresCopyTables: CopyTableWriter {
    let connection: PostgresConnection

    func catalog() throws -> [String: [String]] {
        let result = try connection.execute(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
            """)
        var catalog: [String: [String]] = [:]
        for row in result.rows { catalog[try row.string(0), default: []].append(try row.string(1)) }
        return catalog
    }

    func rowCount(_ table: String) throws -> Int {
        try connection.execute("SELECT count(*) FROM \"\(table)\"").first?.int(0) ?? 0
    }

    func forEachRow(of table: CopiedTable, _ body: ([CopiedValue]) throws -> Void) throws {
        let columns = table.columns
        try connection.forEachRow("SELECT \(table.columnList) FROM \(table.name) ORDER BY \(table.key.joined(separator: ", "))") { row in
            var values: [CopiedValue] = []
            values.reserveCapacity(columns.count)
            for (index, column) in columns.enumerated() {
                guard let text = row.optionalString(index) else {
                    values.append(.null)
                    continue
                }
                switch column.kind {
                case .text:
                    values.append(.text(text))
                case .integer:
                    guard let number = Int64(text) else { throw CopyValueMismatch(table: table.name, column: column.name, found: "a value that is not an integer") }
                    values.append(.integer(number))
                case .blob:
                    values.append(.blob(try row.bytes(index)))
                }
            }
            try body(values)
            return true
        }
    }

    func counter(of table: CopiedTable) throws -> Int64? {
        try connection.execute("SELECT pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass)", [table.name]).first?.optionalInt64(0)
    }

    func batchSize(for table: CopiedTable) -> Int { 2000 }

    /// One `COPY … FROM STDIN` per batch (the server's bulk path: no statement to parse and
    /// plan, no parameter limit).
    func insert(_ rows: [[CopiedValue]], into table: CopiedTable) throws {
        do {
            try connection.copyIn("COPY \(table.name) (\(table.columnList)) FROM STDIN", data: try CopyTextFormat.encode(rows))
        } catch {
            // Which table refused: the server's message alone does not say.
            throw PostgresError(sqlState: error.sqlState, message: "\(table.name): \(error.message)", isConnectionFailure: error.isConnectionFailure)
        }
    }

    func raiseCounter(of table: CopiedTable, to value: Int64) throws {
        try connection.execute(
            """
            SELECT setval(pg_get_serial_sequence($1, 'id'),
                          greatest($2::bigint, coalesce(pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass), 0)))
            """, [table.name, value])
    }
}
