import Foundation
import GRDB

/// One migration compiled into the binary (`scripts/gen-migrations.sh`).
package struct EmbeddedMigration: Sendable {
    package let version: Int
    package let name: String
    package let sql: String

    package init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Applies `migrations/*.sql` in order, each in its own transaction, and records each in
/// `schema_versions`.
///
/// Not GRDB's `DatabaseMigrator`: it decides which migrations to run before it holds the
/// write lock, so two processes opening a fresh inventory together would both run 0001 and
/// one would fail. Here the version is re-read inside each IMMEDIATE transaction, so a
/// migration another process has just applied is skipped.
struct SchemaMigrator {
    let migrations: [EmbeddedMigration]

    var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the database to `target` (default: the latest version) and returns its version.
    func migrate(_ writer: some DatabaseWriter, upTo target: Int? = nil, path: String, now: @Sendable () -> Date) throws -> Int {
        let target = target ?? latestVersion
        // The common case (already current) only reads: no write lock for every command.
        let current = try writer.read { db in try Self.version(of: db) }
        try refuseNewer(current, path: path, writer: writer)
        if let current, current >= target { return current }
        return try writer.writeWithoutTransaction { db in
            try Self.refuseForeignDatabase(db, path: path)
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS schema_versions (
                        version INTEGER PRIMARY KEY,
                        name TEXT NOT NULL,
                        applied_at TEXT NOT NULL
                    )
                    """)
            for migration in migrations where migration.version <= target {
                try apply(migration, to: db, now: now())
            }
            // Marks the file as certkeeper's, so no other program (and no other certkeeper
            // check) mistakes it for theirs.
            try db.execute(sql: "PRAGMA application_id = \(InventoryInspection.applicationID)")
            return try Self.version(of: db) ?? 0
        }
    }

    private func apply(_ migration: EmbeddedMigration, to db: Database, now: Date) throws {
        // As SQLite's ALTER TABLE recipe asks: foreign keys off outside the transaction,
        // checked explicitly before commit.
        try db.execute(sql: "PRAGMA foreign_keys = OFF")
        defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
        try db.inTransaction(.immediate) {
            if let applied = try Self.version(of: db), applied >= migration.version { return .commit }
            try db.execute(sql: migration.sql)
            try db.execute(
                sql: "INSERT INTO schema_versions (version, name, applied_at) VALUES (?, ?, ?)",
                arguments: [migration.version, migration.name, now]
            )
            if try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") != nil {
                throw StoreError(.database, "migration \(migration.name) would break foreign keys; the inventory was left at its previous version")
            }
            return .commit
        }
    }

    /// The highest applied version; nil when the database has no versions table yet.
    static func version(of db: Database) throws -> Int? {
        guard try db.tableExists("schema_versions") else { return nil }
        return try Int.fetchOne(db, sql: "SELECT max(version) FROM schema_versions") ?? 0
    }

    private func refuseNewer(_ current: Int?, path: String, writer: some DatabaseWriter) throws {
        guard let current, current > latestVersion else { return }
        throw try writer.read { db in try Self.newerSchemaError(db, version: current, latestVersion: latestVersion, path: path) }
    }

    static func newerSchemaError(_ db: Database, version: Int, latestVersion: Int, path: String) throws -> StoreError {
        let name = try String.fetchOne(db, sql: "SELECT name FROM schema_versions WHERE version = ?", arguments: [version])
        return StoreError(
            .newerSchema,
            "\(path) is at schema version \(version) (\(name ?? "unknown")), written by a newer certkeeper; this one knows versions up to \(latestVersion): upgrade certkeeper (the inventory was not changed)"
        )
    }

    /// A SQLite file that holds tables but no versions table belongs to some other program.
    static func refuseForeignDatabase(_ db: Database, path: String) throws {
        guard try !db.tableExists("schema_versions") else { return }
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") ?? 0
        if tables > 0 {
            throw StoreError(
                .corruptDatabase,
                "\(path) is a SQLite database but not a certkeeper inventory (it has other tables); it was left untouched: use another --home"
            )
        }
    }
}
