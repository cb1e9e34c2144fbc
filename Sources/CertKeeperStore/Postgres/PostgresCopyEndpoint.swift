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
/// a cursor (memory stays flat) and written as multi-row INSERTs with `$n` parameters.
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

    /// PostgreSQL takes at most 65,535 parameters per statement.
    func batchSize(for table: CopiedTable) -> Int { max(1, min(1000, 60_000 / table.columns.count)) }

    func insert(_ rows: [[CopiedValue]], into table: CopiedTable) throws {
        let width = table.columns.count
        let tuples = (0..<rows.count).map { "(\(PostgresInventoryStore.placeholders(width, from: 1 + $0 * width)))" }
        var parameters: [(any PostgresEncodable)?] = []
        parameters.reserveCapacity(rows.count * width)
        for row in rows {
            for value in row {
                switch value {
                case .null: parameters.append(nil)
                case .integer(let number): parameters.append(number)
                case .text(let text): parameters.append(text)
                case .blob(let bytes): parameters.append(PostgresBytes(bytes))
                }
            }
        }
        try connection.execute("INSERT INTO \(table.name) (\(table.columnList)) VALUES \(tuples.joined(separator: ", "))", parameters)
    }

    func raiseCounter(of table: CopiedTable, to value: Int64) throws {
        try connection.execute(
            """
            SELECT setval(pg_get_serial_sequence($1, 'id'),
                          greatest($2::bigint, coalesce(pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass), 0)))
            """, [table.name, value])
    }
}
