import Foundation
import GRDB
import TestSupport
import Testing

@testable import CertKeeperStore

/// Opening an inventory inspects it read-only first (header, application id, schema table,
/// version) and only then switches to WAL or migrates: a file certkeeper refuses is left
/// byte for byte as it was, with no -wal or -shm file beside it.
@Suite("inspect before writing")
struct InspectBeforeWritingTests {
    /// Everything in the directory, with each file's bytes (a page write or a journal switch shows).
    static func snapshot(_ directory: TemporaryDirectory) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try directory.contents() { files[name] = try directory.read(name) }
        return files
    }

    @Test(
        "a foreign SQLite database (rollback journal) is refused and not switched to WAL",
        arguments: [
            "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')",
            "PRAGMA application_id = 1196444237",  // another program's id ('GPKG'), no tables yet
            "PRAGMA application_id = 1196444237; CREATE TABLE schema_versions (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)",
        ])
    func foreignDatabaseUntouched(setup: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("inventory.sqlite")
        let made = try IndependentTools.python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.executescript(sys.argv[2])
            db.commit(); db.close()
            """, [path, setup])
        #expect(made.status == 0, "\(made)")
        let before = try Self.snapshot(directory)
        let error = #expect(throws: StoreError.self) { try SQLiteInventoryStore(path: path) }
        #expect(error?.code == .corruptDatabase, "\(String(describing: error))")
        #expect(error?.description.contains("left untouched") == true, "\(String(describing: error))")
        let after = try Self.snapshot(directory)
        #expect(after.keys.sorted() == before.keys.sorted(), "files now: \(after.keys.sorted())")
        #expect(after == before, "the foreign database was modified")
        // Bytes 18 and 19 of the header are 1 for a rollback journal, 2 for WAL.
        #expect(after["inventory.sqlite"].map { Array($0[18...19]) } == [1, 1])
    }

    @Test("an inventory from a newer certkeeper is refused without a single write")
    func futureSchemaUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("inventory.sqlite")
        do {
            let store = try StoreFixtures.store(in: directory)
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO schema_versions (version, name, applied_at) VALUES (999, '0999_future', '2030-01-01 00:00:00.000')")
            }
        }
        let before = try Self.snapshot(directory)
        for _ in 0..<3 {
            let error = #expect(throws: StoreError.self) { try SQLiteInventoryStore(path: path) }
            #expect(error?.code == .newerSchema)
            #expect(error?.description.contains("0999_future") == true)
        }
        let after = try Self.snapshot(directory)
        #expect(after.keys.sorted() == before.keys.sorted(), "files now: \(after.keys.sorted()), before: \(before.keys.sorted())")
        #expect(after == before, "the newer inventory was written to")
    }

    @Test("a fresh inventory carries certkeeper's application id; an existing one keeps working")
    func applicationID() throws {
        let directory = try TemporaryDirectory()
        _ = try StoreFixtures.store(in: directory)
        let id = try StoreFixtures.rawQueue(directory.file("inventory.sqlite")).read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
        #expect(id == InventoryInspection.applicationID)
        _ = try StoreFixtures.store(in: directory)
    }
}
