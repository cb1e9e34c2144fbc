import Foundation
import GRDB
import TestSupport
import Testing

@testable import CertKeeperStore

/// Schema version 7 rebuilds the tables holding password references so that keyring: and
/// keyvault: references pass their CHECK constraints; rows, ids and counters must survive.
@Suite("Migration 7: keyring and keyvault references")
struct SecretReferenceMigrationTests {
    @Test func version6RowsSurviveAndTheNewReferencesAreAccepted() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("inventory.sqlite")
        let stamp = "'2027-01-01 00:00:00.000'"
        do {
            let old = try SQLiteInventoryStore(path: path, migratingUpTo: 6, clock: { StoreFixtures.epoch })
            try old.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO certificates (sha1_thumbprint, sha256_thumbprint, subject, issuer, serial_number, not_before,
                            not_after, key_type, key_bits, self_signed, der, state, created_at, updated_at)
                        VALUES (?, ?, 'CN=old', 'CN=old', '01', \(stamp), \(stamp), 'RSA', 2048, 1, x'3082', 'active', \(stamp), \(stamp))
                        """, arguments: [String(repeating: "A", count: 40), String(repeating: "B", count: 64)])
                try db.execute(
                    sql: """
                        INSERT INTO certificate_files (certificate_id, path, format, has_private_key, password_ref, first_seen_at, last_seen_at)
                        VALUES (1, '/certs/a.pfx', 'pfx', 1, 'env:OLD_PW', \(stamp), \(stamp))
                        """)
                for id in [1, 2] {
                    try db.execute(
                        sql: """
                            INSERT INTO profiles (id, name, tenant_id, client_id, certificate_id, certificate_path, password_ref, created_at, updated_at)
                            VALUES (?, ?, 't', 'c', 1, '/certs/a.pfx', 'file:/run/pw', \(stamp), \(stamp))
                            """, arguments: [id, "p\(id)"])
                }
                // The newest profile is deleted: its id must not come back.
                try db.execute(sql: "DELETE FROM profiles WHERE id = 2")
                try db.execute(
                    sql: """
                        INSERT INTO rotations (profile_id, revision, state, old_password_ref, started_at, state_entered_at, updated_at)
                        VALUES (1, 1, 'completed', 'prompt', \(stamp), \(stamp), \(stamp))
                        """)
                #expect(throws: (any Error).self) {
                    try db.execute(sql: "UPDATE profiles SET password_ref = 'keyring:app' WHERE id = 1")
                }
            }
        }
        let upgraded = try SQLiteInventoryStore(path: path, clock: { StoreFixtures.epoch })
        #expect(try upgraded.schemaVersion == SQLiteInventoryStore.latestSchemaVersion)
        try upgraded.pool.write { db in
            #expect(try String.fetchOne(db, sql: "SELECT password_ref FROM certificate_files") == "env:OLD_PW")
            #expect(try String.fetchOne(db, sql: "SELECT old_password_ref FROM rotations") == "prompt")
            try db.execute(sql: "UPDATE profiles SET password_ref = 'keyring:certkeeper/app' WHERE id = 1")
            try db.execute(sql: "UPDATE rotations SET new_password_ref = 'keyvault:https://kv.vault.azure.net/secrets/pw'")
            try db.execute(sql: "UPDATE certificate_files SET password_ref = 'keyvault:http://127.0.0.1:8443/secrets/pw'")
            #expect(throws: (any Error).self) { try db.execute(sql: "UPDATE profiles SET password_ref = 'keyvault:ftp://x' WHERE id = 1") }
            #expect(throws: (any Error).self) { try db.execute(sql: "UPDATE profiles SET password_ref = 'hunter2' WHERE id = 1") }
            try db.execute(sql: "INSERT INTO profiles (name, tenant_id, client_id, created_at, updated_at) VALUES ('p3', 't', 'c', \(stamp), \(stamp))")
            #expect(try Int.fetchOne(db, sql: "SELECT id FROM profiles WHERE name = 'p3'") == 3)
            #expect(try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") == nil)
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            for index in ["certificate_files_path", "profiles_name", "profiles_certificate_id", "rotations_one_unfinished_per_profile"] {
                #expect(indexes.contains(index), "\(index) missing: \(indexes)")
            }
        }
        // The rotation still cascades from its profile.
        try upgraded.pool.write { db in try db.execute(sql: "DELETE FROM profiles WHERE id = 1") }
        #expect(try upgraded.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM rotations") } == 0)
    }

    @Test("keyring: and keyvault: references are stored on both backends", arguments: StoreBackend.available)
    func newReferencesAreStored(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        var discovery = StoreFixtures.discovery("/c/a.pfx", [StoreFixtures.facts(1)], format: .pfx)
        discovery.passwordReference = "keyring:certkeeper/a"
        _ = try store.recordImport(ImportBatch(discoveries: [discovery]))
        #expect(try store.certificates(matching: .all).first?.files.first?.passwordReference == "keyring:certkeeper/a")
        let id = try #require(try store.certificates(matching: .all).first?.certificate.id)
        var settings = StoreFixtures.profile("app", certificateID: id)
        settings.passwordReference = "keyvault:https://kv.vault.azure.net/secrets/app-pw"
        _ = try store.createProfile(settings)
        #expect(try store.profile(named: "app")?.settings.passwordReference == "keyvault:https://kv.vault.azure.net/secrets/app-pw")
        settings.passwordReference = "keyring:app"
        _ = try store.updateProfile(named: "app", to: settings)
        #expect(try store.profile(named: "app")?.settings.passwordReference == "keyring:app")
    }
}
