import Foundation
import GRDB
import TestSupport
import Testing

@testable import CertKeeperStore

@Suite("Schema migrations")
struct MigrationTests {
    /// `migrations/` in the repository, found from this file's path.
    static let migrationsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("migrations")

    @Test("the embedded migrations are exactly migrations/*.sql (run scripts/gen-migrations.sh)")
    func embeddedCopyHasNotDrifted() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.migrationsDirectory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(!names.isEmpty)
        #expect(names.map { String($0.dropLast(4)) } == EmbeddedMigrations.all.map(\.name))
        for (index, name) in names.enumerated() {
            let text = try String(contentsOf: Self.migrationsDirectory.appendingPathComponent(name), encoding: .utf8)
            let embedded = try #require(EmbeddedMigrations.all.first { $0.name + ".sql" == name })
            #expect(embedded.sql == text, "\(name) differs from its embedded copy: run scripts/gen-migrations.sh")
            #expect(embedded.version == index + 1)
            #expect(Int(name.prefix(4)) == embedded.version)
        }
    }

    @Test("a fresh inventory is WAL, has foreign keys on, a busy timeout ≥ 5 s and the latest version")
    func freshInventorySettings() throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(in: directory)
        #expect(try store.schemaVersion == SQLiteInventoryStore.latestSchemaVersion)
        #expect(SQLiteInventoryStore.latestSchemaVersion >= 2)
        let (journal, foreignKeys, timeout) = try store.pool.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Bool.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try Int.fetchOne(db, sql: "PRAGMA busy_timeout")
            )
        }
        #expect(journal == "wal")
        #expect(foreignKeys == true)
        #expect((timeout ?? 0) >= 5000)
        #expect(try directory.mode(of: "inventory.sqlite") == 0o600)
        let versions = try store.pool.read { db in try Int.fetchAll(db, sql: "SELECT version FROM schema_versions ORDER BY version") }
        #expect(versions == Array(1...SQLiteInventoryStore.latestSchemaVersion))
    }

    @Test("a database created at version 1 is upgraded in place and keeps its rows")
    func upgradeFromVersionOne() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("inventory.sqlite")
        do {
            let old = try SQLiteInventoryStore(path: path, migratingUpTo: 1, clock: { StoreFixtures.epoch })
            #expect(try old.schemaVersion == 1)
            // Rows as certkeeper at schema version 1 wrote them.
            try old.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO certificates (sha1_thumbprint, sha256_thumbprint, subject, issuer, serial_number, not_before,
                            not_after, key_type, key_bits, self_signed, der, state, created_at, updated_at)
                        VALUES (?, ?, 'CN=old', 'CN=old', '01', '2027-01-01 00:00:00.000', '2028-01-01 00:00:00.000',
                            'RSA', 2048, 1, x'3082', 'active', '2027-01-01 00:00:00.000', '2027-01-01 00:00:00.000')
                        """, arguments: [String(repeating: "A", count: 40), String(repeating: "B", count: 64)])
                try db.execute(
                    sql: """
                        INSERT INTO certificate_files (certificate_id, path, format, has_private_key, password_ref, first_seen_at, last_seen_at)
                        VALUES (1, '/certs/a.pem', 'pem', 1, 'env:OLD_PW', '2027-01-01 00:00:00.000', '2027-01-01 00:00:00.000')
                        """)
            }
            let columns = try old.pool.read { db in try db.columns(in: "certificate_files").map(\.name) }
            #expect(!columns.contains("file_stamp"))
        }
        let upgraded = try SQLiteInventoryStore(path: path, clock: { StoreFixtures.epoch })
        #expect(try upgraded.schemaVersion == SQLiteInventoryStore.latestSchemaVersion)
        let entries = try upgraded.certificates(matching: .all)
        #expect(entries.count == 1)
        #expect(entries.first?.certificate.state == .active)
        #expect(entries.first?.certificate.facts.subject == "CN=old")
        #expect(entries.first?.files.map(\.path) == ["/certs/a.pem"])
        #expect(entries.first?.files.first?.passwordReference == "env:OLD_PW")
        // Rows from before version 2 have no stamp: the file is read again, not trusted.
        #expect(try upgraded.unchangedFiles(["/certs/a.pem": "1:2:3"]).isEmpty)
        let stamped = try upgraded.pool.read { db in try String?.fetchOne(db, sql: "SELECT file_stamp FROM certificate_files") }
        #expect(stamped == .some(nil))
    }

    @Test("an inventory from a newer certkeeper is refused, naming its version, and left unchanged")
    func newerSchemaRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("inventory.sqlite")
        do {
            let store = try StoreFixtures.store(in: directory)
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO schema_versions (version, name, applied_at) VALUES (42, '0042_future', '2030-01-01 00:00:00.000')")
            }
        }
        let error = #expect(throws: StoreError.self) { try SQLiteInventoryStore(path: path) }
        #expect(error?.code == .newerSchema)
        #expect(error?.description.contains("schema version 42") == true)
        #expect(error?.description.contains("0042_future") == true)
        let versions = try StoreFixtures.rawQueue(path).read { db in try Int.fetchAll(db, sql: "SELECT version FROM schema_versions") }
        #expect(versions.contains(42))
    }

    @Test("a file that is not SQLite is refused and never written")
    func garbageFileRefused() throws {
        let directory = try TemporaryDirectory()
        let garbage = Array("this is not a database, it is a note I saved by mistake\n".utf8) + [UInt8](repeating: 0x5A, count: 4000)
        let path = try directory.write(garbage, to: "inventory.sqlite", mode: 0o600)
        let error = #expect(throws: StoreError.self) { try SQLiteInventoryStore(path: path) }
        #expect(error?.code == .corruptDatabase)
        #expect(error?.description.contains("left untouched") == true)
        #expect(try directory.read("inventory.sqlite") == garbage)
        #expect(try directory.contents() == ["inventory.sqlite"])
    }

    @Test("a SQLite file with damaged pages is reported as corrupt and not overwritten")
    func damagedPagesRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("inventory.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE notes (body TEXT)")
                for index in 0..<200 { try db.execute(sql: "INSERT INTO notes VALUES (?)", arguments: [String(repeating: "x", count: 200 + index)]) }
            }
        }
        var bytes = try directory.read("inventory.sqlite")
        // Keep the 100-byte header, scribble over the schema page and the first data pages.
        for index in 100..<min(bytes.count, 12_000) { bytes[index] = UInt8(truncatingIfNeeded: index &* 31) }
        try directory.write(bytes, to: "inventory.sqlite", mode: 0o600)
        let error = #expect(throws: StoreError.self) { try SQLiteInventoryStore(path: path) }
        #expect(error?.code == .corruptDatabase)
        #expect(try directory.read("inventory.sqlite") == bytes)
    }

    @Test("a SQLite database of another program is refused")
    func foreignDatabaseRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("inventory.sqlite")
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE certificates (x)") }
        let error = #expect(throws: StoreError.self) { try SQLiteInventoryStore(path: path) }
        #expect(error?.code == .corruptDatabase)
        #expect(error?.description.contains("not a certkeeper inventory") == true)
    }

    @Test("events are append-only")
    func eventsAppendOnly() throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(in: directory)
        try store.recordEvent(EventDraft(action: "test.event"))
        #expect(throws: DatabaseError.self) { try store.pool.write { db in try db.execute(sql: "UPDATE events SET action = 'x'") } }
        #expect(throws: DatabaseError.self) { try store.pool.write { db in try db.execute(sql: "DELETE FROM events") } }
        #expect(try store.events(matching: EventQuery()).map(\.action) == ["test.event"])
    }

    @Test("the schema refuses anything but a reference where a password would go")
    func passwordColumnsHoldReferencesOnly() throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(in: directory)
        var settings = StoreFixtures.profile("app")
        settings.passwordReference = "hunter2"
        let error = #expect(throws: StoreError.self) { try store.createProfile(settings) }
        #expect(error?.code == .invalidValue)
        #expect(error?.description.contains("hunter2") == false)
        #expect(throws: DatabaseError.self) {
            try store.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO profiles (name, tenant_id, client_id, password_ref, created_at, updated_at)
                        VALUES ('raw', 't', 'c', 'hunter2', '2030-01-01 00:00:00.000', '2030-01-01 00:00:00.000')
                        """)
            }
        }
    }
}
