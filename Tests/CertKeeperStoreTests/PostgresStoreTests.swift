import Foundation
import TestSupport
import Testing

@testable import CertKeeperStore

/// What only the PostgreSQL inventory has: its migrations, the lock first opens queue on,
/// and refusing servers and databases that are not what the URL promised. Every check of
/// "nothing written" reads the schema back with the independent `psql` client.
@Suite(
    "PostgreSQL inventory",
    .enabled(if: PostgresTestServer.isAvailable || PostgresTestServer.isRequired, Comment(rawValue: PostgresTestServer.unavailableReason))
)
struct PostgresStoreTests {
    @Test("the PostgreSQL test cluster is there (CI never runs without it)")
    func clusterIsConfigured() throws {
        let url = try #require(PostgresTestServer.url, Comment(rawValue: PostgresTestServer.unavailableReason))
        #expect(try PostgresTestServer.psql(url, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == "t")
    }

    @Test("a fresh schema is migrated to the latest version, each migration recorded once")
    func freshSchema() throws {
        let url = try PostgresTestServer.freshSchema()
        let store = try StoreFixtures.postgresStore(url: url)
        #expect(try store.schemaVersion == PostgresInventoryStore.latestSchemaVersion)
        #expect(PostgresInventoryStore.latestSchemaVersion == SQLiteInventoryStore.latestSchemaVersion)
        let versions = try PostgresTestServer.psql(url, "SELECT string_agg(version::text, ',' ORDER BY version) FROM certkeeper_schema_versions")
        #expect(versions == (1...PostgresInventoryStore.latestSchemaVersion).map(String.init).joined(separator: ","))
    }

    @Test("six runners opening one fresh inventory at once migrate it exactly once")
    func concurrentFirstOpens() throws {
        let url = try PostgresTestServer.freshSchema()
        let failures = LockedFailures()
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            do { _ = try StoreFixtures.postgresStore(url: url) } catch { failures.append("\(error)") }
        }
        #expect(failures.all.isEmpty)
        #expect(try PostgresTestServer.psql(url, "SELECT count(*) FROM certkeeper_schema_versions") == "\(PostgresInventoryStore.latestSchemaVersion)")
    }

    @Test("an upgrade keeps the rows an older schema holds")
    func upgradeKeepsRows() throws {
        let url = try PostgresTestServer.freshSchema()
        let old = try StoreFixtures.postgresStore(url: url, migratingUpTo: 1)
        #expect(try old.schemaVersion == 1)
        // Rows as certkeeper at schema version 1 wrote them (today's statements name newer columns).
        let at = "'2027-01-15 08:00:00.000'"
        try PostgresTestServer.psql(
            url,
            """
            INSERT INTO certificates (sha1_thumbprint, sha256_thumbprint, subject, issuer, serial_number, not_before, not_after,
                key_type, key_bits, self_signed, der, created_at, updated_at)
            VALUES (repeat('A', 40), repeat('B', 64), 'CN=old', 'CN=old', '01', \(at), \(at), 'RSA', 2048, 1, '\\x01', \(at), \(at));
            INSERT INTO certificate_files (certificate_id, path, format, has_private_key, first_seen_at, last_seen_at)
            VALUES (1, '/c/a.pem', 'pem', 0, \(at), \(at));
            INSERT INTO events (occurred_at, action) VALUES (\(at), 'inventory.import')
            """)
        let upgraded = try StoreFixtures.postgresStore(url: url)
        #expect(try upgraded.schemaVersion == PostgresInventoryStore.latestSchemaVersion)
        #expect(try upgraded.certificates(matching: .all).map { $0.files.map(\.path) } == [["/c/a.pem"]])
        #expect(try upgraded.events(matching: EventQuery()).map(\.action) == ["inventory.import"])
    }

    @Test("a database of another application is refused, and nothing is written to it")
    func foreignDatabase() throws {
        let url = try PostgresTestServer.freshSchema()
        try PostgresTestServer.psql(url, "CREATE TABLE invoices (id int); INSERT INTO invoices VALUES (1)")
        let error = #expect(throws: StoreError.self) { try StoreFixtures.postgresStore(url: url) }
        #expect(error?.code == .corruptDatabase)
        #expect(error?.description.contains("not a certkeeper inventory") == true)
        #expect(try PostgresTestServer.psql(url, "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = current_schema()") == "invoices")
    }

    @Test("a schema written by a newer certkeeper is refused, and left as it was")
    func newerSchema() throws {
        let url = try PostgresTestServer.freshSchema()
        _ = try StoreFixtures.postgresStore(url: url)
        let next = PostgresInventoryStore.latestSchemaVersion + 1
        try PostgresTestServer.psql(
            url, "INSERT INTO certkeeper_schema_versions VALUES (\(next), '\(String(format: "%04d", next))_future', '2030-01-01 00:00:00.000')")
        let before = try PostgresTestServer.psql(url, "SELECT count(*) FROM events")
        let error = #expect(throws: StoreError.self) { try StoreFixtures.postgresStore(url: url) }
        #expect(error?.code == .newerSchema)
        #expect(error?.description.contains("_future") == true)
        #expect(try PostgresTestServer.psql(url, "SELECT count(*) FROM events") == before)
    }

    @Test("a wrong password is refused with a hint where passwords come from; the password is never shown")
    func wrongPassword() throws {
        let url = try PostgresTestServer.freshSchema()
        let error = #expect(throws: StoreError.self) {
            try PostgresInventoryStore(location: try Self.location(url), password: "not-the-password-4711")
        }
        #expect(error?.code == .unavailable)
        #expect(error?.description.contains("PGPASSWORD") == true)
        #expect(error?.description.contains("4711") == false)
        #expect(try PostgresTestServer.psql(url, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") == "0")
    }

    @Test("verify-full refuses a server whose certificate sslrootcert does not trust")
    func untrustedServerCertificate() throws {
        let url = try #require(PostgresTestServer.url)
        let directory = try #require(PostgresTestServer.directory)
        let untrusted = url.replacingOccurrences(of: "\(directory)/ca.pem", with: "\(directory)/other-ca.pem")
        #expect(untrusted != url)
        let error = #expect(throws: StoreError.self) { try PostgresInventoryStore(location: try Self.location(untrusted)) }
        #expect(error?.code == .unavailable)
        #expect(error?.description.contains("sslrootcert") == true)
    }

    @Test("a NUL character, which PostgreSQL text cannot hold, is refused instead of being cut short")
    func nulRefused() throws {
        let store = try StoreFixtures.postgresStore(url: try PostgresTestServer.freshSchema())
        var facts = StoreFixtures.facts(3)
        facts.subject = "CN=before\u{0}after"
        let error = #expect(throws: StoreError.self) {
            try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/c/nul.pem", [facts])]))
        }
        #expect(error?.code == .invalidValue)
        #expect(try store.certificates(matching: .all).isEmpty)
    }

    static func location(_ url: String) throws -> PostgresLocation {
        guard case .postgres(let location) = try StoreLocation.parse(url) else { throw PostgresTestServer.ServerMissing() }
        return location
    }
}

/// The PostgreSQL checks that need no server.
@Suite("PostgreSQL inventory without a server")
struct PostgresOfflineTests {
    static let migrationsDirectory = MigrationTests.migrationsDirectory.appendingPathComponent("postgres")

    @Test("the embedded PostgreSQL migrations are exactly migrations/postgres/*.sql, twins of the SQLite ones")
    func embeddedCopyHasNotDrifted() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.migrationsDirectory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(names.map { String($0.dropLast(4)) } == EmbeddedPostgresMigrations.all.map(\.name))
        #expect(EmbeddedPostgresMigrations.all.map(\.name) == EmbeddedMigrations.all.map(\.name), "every migration needs its PostgreSQL twin")
        for (index, name) in names.enumerated() {
            let text = try String(contentsOf: Self.migrationsDirectory.appendingPathComponent(name), encoding: .utf8)
            let embedded = try #require(EmbeddedPostgresMigrations.all.first { $0.name + ".sql" == name })
            #expect(embedded.sql == text, "\(name) differs from its embedded copy: run scripts/gen-migrations.sh")
            #expect(embedded.version == index + 1)
        }
    }

    @Test("an unreachable server: one line naming host, port and database")
    func unreachableServer() throws {
        let location = try PostgresStoreTests.location("postgres://certkeeper@127.0.0.1:1/certkeeper?connect_timeout=3")
        let error = #expect(throws: StoreError.self) { try PostgresInventoryStore(location: location) }
        #expect(error?.code == .unavailable)
        #expect(error?.description.contains("postgres://127.0.0.1:1/certkeeper") == true)
        #expect(error?.description.contains("\n") == false)
    }
}

extension PostgresOfflineTests {
    @Test("dates travel as the text GRDB writes: same spelling, milliseconds kept, any epoch side")
    func dateText() throws {
        for seconds in [0.0, 1_800_000_000.25, -86_400.5, 253_402_300_799.999] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = PostgresDateText.format(date)
            let parsed = try #require(PostgresDateText.parse(text))
            #expect(abs(parsed.timeIntervalSince1970 - seconds) < 0.001, "\(text)")
        }
        #expect(PostgresDateText.format(Date(timeIntervalSince1970: 1_800_000_000)) == "2027-01-15 08:00:00.000")
        for bad in ["", "2027-01-15", "2027-01-15 08:00:0x.000", "2027/01/15 08:00:00"] { #expect(PostgresDateText.parse(bad) == nil) }
    }
}

/// Errors collected from concurrent threads.
final class LockedFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [String] = []

    func append(_ failure: String) {
        lock.lock()
        failures.append(failure)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return failures
    }
}
