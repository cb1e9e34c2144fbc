import Foundation

/// Applies `migrations/postgres/*.sql` in the inventory's schema (the connection's
/// `current_schema()`), recording each in `certkeeper_schema_versions`.
///
/// Everything runs in ONE transaction that first takes `pg_advisory_xact_lock`: runners
/// opening a fresh inventory together queue on the lock, and each re-reads the version once it
/// holds it, so every migration runs exactly once and a failed one leaves the schema exactly as
/// it was (PostgreSQL's DDL is transactional).
struct PostgresSchemaMigrator {
    /// The bookkeeping table; its name says whose it is, so another application's tables are
    /// never mistaken for an inventory.
    static let versionsTable = "certkeeper_schema_versions"

    let migrations: [EmbeddedMigration]

    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the schema to `target` (default: the latest version) and returns its version.
    func migrate(_ session: PostgresSession, upTo target: Int? = nil, now: Date) throws(StoreError) -> Int {
        let target = target ?? latestVersion
        let location = session.location
        // The common case (already current) only reads: no lock for every command.
        let current = try session.read("read") { connection in try Self.inspect(connection, location: location) }
        try refuseNewer(current, session: session)
        if let current, current.version >= target { return current.version }
        return try session.transaction("upgrade", begin: "BEGIN", lockKey: PostgresSession.migrationLock) { connection in
            let state = try Self.inspect(connection, location: location)
            if let state, state.version > latestVersion { throw Self.newerSchemaError(state, latestVersion: latestVersion, location: location) }
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS \(Self.versionsTable) (
                    version bigint PRIMARY KEY,
                    name text NOT NULL,
                    applied_at text NOT NULL
                )
                """)
            var version = state?.version ?? 0
            for migration in migrations where migration.version > version && migration.version <= target {
                try connection.executeScript(migration.sql)
                try connection.execute(
                    "INSERT INTO \(Self.versionsTable) (version, name, applied_at) VALUES ($1, $2, $3)",
                    [migration.version, migration.name, now])
                version = migration.version
            }
            return version
        }
    }

    struct State {
        let version: Int
        let name: String?
    }

    /// The schema's version; nil for an empty schema. Throws for a schema that holds tables
    /// but no certkeeper bookkeeping: another application's database, never written to.
    static func inspect(_ connection: PostgresConnection, location: PostgresLocation) throws -> State? {
        let hasVersions =
            try connection.execute(
                "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1", [versionsTable]
            ).count > 0
        guard hasVersions else {
            let tables =
                try connection.execute(
                    "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
                ).first?.int(0) ?? 0
            if tables > 0 {
                throw StoreError(
                    .corruptDatabase,
                    "\(location) holds \(tables) table(s) but is not a certkeeper inventory; it was left untouched: use another database (or schema)"
                )
            }
            return nil
        }
        let row = try connection.execute(
            "SELECT version, name FROM \(versionsTable) ORDER BY version DESC LIMIT 1"
        ).first
        return State(version: try row?.int(0) ?? 0, name: row?.optionalString(1))
    }

    private func refuseNewer(_ state: State?, session: PostgresSession) throws(StoreError) {
        guard let state, state.version > latestVersion else { return }
        throw Self.newerSchemaError(state, latestVersion: latestVersion, location: session.location)
    }

    static func newerSchemaError(_ state: State, latestVersion: Int, location: PostgresLocation) -> StoreError {
        StoreError(
            .newerSchema,
            "\(location) is at schema version \(state.version) (\(state.name ?? "unknown")), written by a newer certkeeper; this one knows versions up to \(latestVersion): upgrade certkeeper (the inventory was not changed)"
        )
    }
}
