import Foundation

/// The inventory in a PostgreSQL schema (docs/postgres.md): one inventory for a team's
/// operators and CI runners. Same semantics as `SQLiteInventoryStore` — each method one
/// transaction, writers serialised (see `PostgresSession`), imports idempotent — and the same
/// test suite.
public struct PostgresInventoryStore: InventoryStore {
    public static var latestSchemaVersion: Int { migrator.latestVersion }

    static let migrator = PostgresSchemaMigrator(migrations: EmbeddedPostgresMigrations.all)

    public let location: PostgresLocation
    let session: PostgresSession
    /// Who runs the command (recorded in audit events).
    let actor: String?
    let clock: @Sendable () -> Date

    /// Connects (the password, when given, was resolved from the URL's reference; otherwise
    /// libpq reads PGPASSWORD or ~/.pgpass) and brings the schema up to date.
    public init(
        location: PostgresLocation, password: String? = nil, actor: String? = nil, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(StoreError) {
        try self.init(location: location, password: password, migratingUpTo: nil, actor: actor, clock: clock)
    }

    /// Opens the inventory migrated only up to `version` (tests of upgrades).
    package init(
        location: PostgresLocation, password: String? = nil, migratingUpTo version: Int?, actor: String? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(StoreError) {
        self.location = location
        self.actor = actor
        self.clock = clock
        session = try PostgresSession(location: location, password: password)
        _ = try Self.migrator.migrate(session, upTo: version, now: clock())
    }

    public var schemaVersion: Int {
        get throws(StoreError) {
            try session.read("read") { connection in try PostgresSchemaMigrator.inspect(connection, location: location)?.version ?? 0 }
        }
    }

    func read<T>(_ action: String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        try session.read(action, body)
    }

    func write<T>(_ action: String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        try session.write(action, body)
    }

    func appendEvent(
        _ connection: PostgresConnection, action: String, profileID: Int64? = nil, profileName: String? = nil,
        certificateID: Int64? = nil, rotationID: Int64? = nil, detail: [String: EventValue] = [:], at date: Date
    ) throws {
        try connection.execute(
            """
            INSERT INTO events (occurred_at, action, actor, host, profile_id, profile_name, certificate_id, rotation_id, detail)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, [date, action, actor, AuditHost.current, profileID, profileName, certificateID, rotationID, try StoreRecords.eventJSON(detail)])
    }

    /// `$first, $first+1, …` for `count` parameters.
    static func placeholders(_ count: Int, from first: Int = 1) -> String {
        (first..<(first + count)).map { "$\($0)" }.joined(separator: ", ")
    }
}
