import Foundation
import GRDB

/// A SQLite inventory as one end of `store copy` (Copy/InventoryCopier.swift).
struct SQLiteCopyEndpoint: InventoryCopyEndpoint {
    let path: String
    private let database: any DatabaseWriter

    var name: String { "sqlite:\(PostgresLocation.printable(path))" }

    /// An existing file, opened read-only (nothing is created, migrated or written); nil when
    /// there is no file or it is empty.
    static func existing(path: String) throws(StoreError) -> SQLiteCopyEndpoint? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw StoreError(.unavailable, "cannot open the inventory \(path): \(String(cString: strerror(errno)))")
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw StoreError(.unavailable, "the inventory \(path) is not a regular file") }
        guard status.st_size > 0 else { return nil }
        var configuration = DatabaseSetup.configuration()
        configuration.readonly = true
        configuration.journalMode = .default
        do {
            return SQLiteCopyEndpoint(path: path, database: try DatabaseQueue(path: path, configuration: configuration))
        } catch {
            throw StoreError.wrapping(error, path: path, action: "open")
        }
    }

    /// The inventory at `path`, created (mode 0600) or upgraded to the current schema, exactly
    /// as any command opens it.
    static func migrated(path: String) throws(StoreError) -> SQLiteCopyEndpoint {
        SQLiteCopyEndpoint(path: path, database: try SQLiteInventoryStore(path: path).pool)
    }

    func recordedVersion() throws(StoreError) -> Int? {
        do { return try database.read { db in try SchemaMigrator.version(of: db) } } catch { throw StoreError.wrapping(error, path: path, action: "read") }
    }

    func reading<T>(_ body: (any CopyTableReader) throws -> T) throws(StoreError) -> T {
        do { return try database.read { db in try body(SQLiteCopyTables(db: db)) } } catch { throw StoreError.wrapping(error, path: path, action: "read") }
    }

    func writing<T>(_ body: (any CopyTableWriter) throws -> T) throws(StoreError) -> T {
        do { return try database.write { db in try body(SQLiteCopyTables(db: db)) } } catch { throw StoreError.wrapping(error, path: path, action: "write") }
    }
}
