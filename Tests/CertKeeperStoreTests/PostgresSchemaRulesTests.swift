import Foundation
import TestSupport
import Testing

@testable import CertKeeperStore

/// The PostgreSQL twins of the SQLite-file checks in MigrationTests: upgrades from every older
/// version, another application's tables (even one named like ours) left alone, and the rules
/// the schema itself enforces. Read back and written with the independent `psql` client.
@Suite(
    "PostgreSQL schema: upgrades, foreign schemas, rules",
    .enabled(if: PostgresTestServer.isAvailable || PostgresTestServer.isRequired, Comment(rawValue: PostgresTestServer.unavailableReason))
)
struct PostgresSchemaRulesTests {
    @Test("a schema at every older version is upgraded in place and keeps its certificates")
    func upgradeFromEveryVersion() throws {
        for version in 1..<PostgresInventoryStore.latestSchemaVersion {
            let url = try PostgresTestServer.freshSchema()
            let old = try StoreFixtures.postgresStore(url: url, migratingUpTo: version)
            #expect(try old.schemaVersion == version)
            let at = "'2027-01-15 08:00:00.000'"
            try PostgresTestServer.psql(
                url,
                """
                INSERT INTO certificates (sha1_thumbprint, sha256_thumbprint, subject, issuer, serial_number, not_before, not_after,
                    key_type, key_bits, self_signed, der, created_at, updated_at)
                VALUES (repeat('A', 40), repeat('B', 64), 'CN=v\(version)', 'CN=v\(version)', '01', \(at), \(at), 'RSA', 2048, 1, '\\x01', \(at), \(at))
                """)
            let upgraded = try StoreFixtures.postgresStore(url: url)
            #expect(try upgraded.schemaVersion == PostgresInventoryStore.latestSchemaVersion, "from \(version)")
            #expect(try upgraded.certificates(matching: .all).map(\.certificate.facts.subject) == ["CN=v\(version)"], "from \(version)")
            let versions = try PostgresTestServer.psql(url, "SELECT string_agg(version::text, ',' ORDER BY version) FROM certkeeper_schema_versions")
            #expect(versions == (1...PostgresInventoryStore.latestSchemaVersion).map(String.init).joined(separator: ","), "from \(version)")
        }
    }

    @Test("another application's table named like ours is refused, and nothing is written to the schema")
    func foreignTableWithOurName() throws {
        let url = try PostgresTestServer.freshSchema()
        try PostgresTestServer.psql(url, "CREATE TABLE certificates (id int, owner text); INSERT INTO certificates VALUES (1, 'billing')")
        let error = #expect(throws: StoreError.self) { try StoreFixtures.postgresStore(url: url) }
        #expect(error?.code == .corruptDatabase, "\(String(describing: error))")
        #expect(try PostgresTestServer.psql(url, "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = current_schema()") == "certificates")
        #expect(try PostgresTestServer.psql(url, "SELECT owner FROM certificates") == "billing")
    }

    @Test("events are append-only")
    func eventsAppendOnly() throws {
        let url = try PostgresTestServer.freshSchema()
        let store = try StoreFixtures.postgresStore(url: url)
        try store.recordEvent(EventDraft(action: "test.event"))
        #expect(throws: PostgresTestServer.PsqlFailed.self) { try PostgresTestServer.psql(url, "UPDATE events SET action = 'x'") }
        #expect(throws: PostgresTestServer.PsqlFailed.self) { try PostgresTestServer.psql(url, "DELETE FROM events") }
        #expect(try store.events(matching: EventQuery()).map(\.action) == ["test.event"])
    }

    @Test("the schema refuses anything but a reference where a password would go")
    func passwordColumnsHoldReferencesOnly() throws {
        let url = try PostgresTestServer.freshSchema()
        let store = try StoreFixtures.postgresStore(url: url)
        var settings = StoreFixtures.profile("app")
        settings.passwordReference = "hunter2"
        let error = #expect(throws: StoreError.self) { try store.createProfile(settings) }
        #expect(error?.code == .invalidValue)
        #expect(error?.description.contains("hunter2") == false)
        #expect(throws: PostgresTestServer.PsqlFailed.self) {
            try PostgresTestServer.psql(
                url,
                """
                INSERT INTO profiles (name, tenant_id, client_id, password_ref, created_at, updated_at)
                VALUES ('raw', 't', 'c', 'hunter2', '2030-01-01 00:00:00.000', '2030-01-01 00:00:00.000')
                """)
        }
        #expect(try PostgresTestServer.psql(url, "SELECT count(*) FROM profiles") == "0")
    }
}
