import Foundation
import GRDB

/// The inventory in one SQLite file (WAL, busy timeout, foreign keys on), migrated to the
/// latest schema on open. All SQL of certkeeper lives in this type's files.
public struct SQLiteInventoryStore: InventoryStore {
    /// The highest schema version this build knows.
    public static var latestSchemaVersion: Int { migrator.latestVersion }

    static let migrator = SchemaMigrator(migrations: EmbeddedMigrations.all)

    public let path: String
    /// A WAL pool; a read-only queue when this process cannot write the file.
    let pool: any DatabaseWriter
    /// Who runs the command (recorded in audit events).
    let actor: String?
    let clock: @Sendable () -> Date

    /// Opens or creates the inventory at `path` and brings its schema up to date.
    public init(path: String, actor: String? = nil, clock: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        try self.init(path: path, migratingUpTo: nil, actor: actor, clock: clock)
    }

    /// Opens the inventory migrated only up to `version` (tests of upgrades).
    package init(path: String, migratingUpTo version: Int?, actor: String? = nil, clock: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        self.path = path
        self.actor = actor
        self.clock = clock
        pool = try Self.openAndMigrate(path: path, upTo: version, now: clock)
    }

    /// Opening is retried while another process holds a lock SQLite does not wait for: a
    /// fresh file's switch to WAL mode, or WAL recovery after a crash, answer SQLITE_BUSY at
    /// once instead of calling the busy handler (seen with four importers starting together).
    private static func openAndMigrate(path: String, upTo version: Int?, now: @escaping @Sendable () -> Date) throws(StoreError) -> any DatabaseWriter {
        if !DatabaseSetup.isWritable(path) {
            return try DatabaseSetup.openReadOnly(at: path, latestVersion: migrator.latestVersion)
        }
        let deadline = Date().addingTimeInterval(DatabaseSetup.busyTimeout)
        while true {
            do throws(StoreError) {
                let pool = try DatabaseSetup.openPool(at: path, latestVersion: migrator.latestVersion)
                do {
                    _ = try migrator.migrate(pool, upTo: version, path: path, now: now)
                } catch {
                    throw StoreError.wrapping(error, path: path, action: "upgrade")
                }
                return pool
            } catch  where error.code == .busy && Date() < deadline {
                usleep(UInt32.random(in: 10_000...60_000))
            }
        }
    }

    public var schemaVersion: Int {
        get throws(StoreError) { try read("read") { db in try SchemaMigrator.version(of: db) ?? 0 } }
    }

    func read<T>(_ action: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw StoreError.wrapping(error, path: path, action: action) }
    }

    /// One IMMEDIATE transaction: committed if `body` returns, rolled back if it throws.
    func write<T>(_ action: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw StoreError.wrapping(error, path: path, action: action) }
    }

    func appendEvent(
        _ db: Database, action: String, profileID: Int64? = nil, profileName: String? = nil,
        certificateID: Int64? = nil, rotationID: Int64? = nil, detail: [String: EventValue] = [:], at date: Date
    ) throws {
        try EventRecord.append(
            db, at: date, actor: actor, action: action, profileID: profileID, profileName: profileName,
            certificateID: certificateID, rotationID: rotationID, detail: detail
        )
    }
}
