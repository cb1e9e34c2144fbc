/// One end of `store copy`, implemented by each backend with its own SQL (SQLite/ and
/// Postgres/): the copier (`InventoryCopier`) only moves `CopiedValue` rows between two of
/// these, so the per-table work is the same in every direction.
protocol InventoryCopyEndpoint {
    /// Names the inventory in messages (`sqlite:PATH`, `postgres://HOST:PORT/DB`: never a
    /// user or a password).
    var name: String { get }

    /// The schema version the inventory records; nil when there is no inventory there (a
    /// missing or empty file, an empty schema).
    func recordedVersion() throws(StoreError) -> Int?

    /// Runs `body` on one read snapshot of the inventory.
    func reading<T>(_ body: (any CopyTableReader) throws -> T) throws(StoreError) -> T

    /// Runs `body` in one writing transaction: committed if it returns, rolled back (the
    /// inventory exactly as before) if it throws.
    func writing<T>(_ body: (any CopyTableWriter) throws -> T) throws(StoreError) -> T
}

/// Reading inside an endpoint's transaction.
protocol CopyTableReader {
    /// The inventory's tables and their columns as the database's catalog lists them.
    func catalog() throws -> [String: [String]]
    /// How many rows `table` holds (the table exists).
    func rowCount(_ table: String) throws -> Int
    /// Every row of `table` in key order, values in `table.columns` order and exactly as stored.
    func forEachRow(of table: CopiedTable, _ body: ([CopiedValue]) throws -> Void) throws
    /// The position of the table's `id` counter (the highest id ever handed out); nil when
    /// none was ever taken.
    func counter(of table: CopiedTable) throws -> Int64?
}

/// Writing inside an endpoint's transaction.
protocol CopyTableWriter: CopyTableReader {
    /// How many rows one `insert` call may take.
    func batchSize(for table: CopiedTable) -> Int
    /// Inserts rows as given (ids included), values in `table.columns` order.
    func insert(_ rows: [[CopiedValue]], into table: CopiedTable) throws
    /// Moves the `id` counter to at least `value`, so new rows never reuse a copied id.
    func raiseCounter(of table: CopiedTable, to value: Int64) throws
}

extension CopyTableReader {
    /// The copied tables that exist here and hold rows.
    func occupiedTables() throws -> [String] {
        let present = try catalog()
        return try CopiedTables.all.filter { present[$0.name] != nil }.map(\.name).filter { try rowCount($0) > 0 }
    }
}

/// A value of the wrong kind read from a table: the source was changed outside certkeeper.
struct CopyValueMismatch: Error, CustomStringConvertible {
    let table: String
    let column: String
    let found: String

    var description: String {
        "\(table).\(column) holds \(found), which the certkeeper schema does not allow there (was the inventory changed outside certkeeper?)"
    }
}
