import Foundation
import GRDB
import TestSupport
import Testing

@testable import CertKeeperStore

/// `store copy` in the store layer: the copier's table list against both schemas (drift),
/// and its refusals — a non-empty target, a source at another schema version, a failure
/// midway — each leaving the target exactly as it was. The full SQLite → PostgreSQL → SQLite
/// round trip, checked with sqlite3 and psql dumps, is in CLITests (StoreCopyCLITests).
@Suite("Inventory copy")
struct InventoryCopyTests {
    /// A fresh inventory on `backend` and its location (a new file, or a new schema).
    private static func fresh(_ backend: StoreBackend, in directory: TemporaryDirectory, name: String) throws -> (any InventoryStore, StoreLocation) {
        switch backend {
        case .sqlite:
            let path = directory.file("\(name).sqlite")
            return (try SQLiteInventoryStore(path: path, actor: "tester", clock: { StoreFixtures.epoch }), .sqlite(path: path))
        case .postgres:
            let url = try PostgresTestServer.freshSchema()
            return (try StoreFixtures.postgresStore(url: url), try StoreLocation.parse(url))
        }
    }

    /// An empty location on `backend`: a file that does not exist yet, or an empty schema.
    private static func emptyLocation(_ backend: StoreBackend, in directory: TemporaryDirectory, name: String) throws -> StoreLocation {
        switch backend {
        case .sqlite: .sqlite(path: directory.file("\(name).sqlite"))
        case .postgres: try StoreLocation.parse(try PostgresTestServer.freshSchema())
        }
    }

    private static func populate(_ store: any InventoryStore) throws {
        _ = try store.recordImport(
            ImportBatch(discoveries: [StoreFixtures.discovery("/certs/a.pem", [StoreFixtures.facts(1), StoreFixtures.facts(2)])]))
        _ = try store.createProfile(StoreFixtures.profile("app", certificateID: 1))
        let rotation = try store.startRotation(profileName: "app")
        // A staged rotation: its encrypted PFX (a blob) travels too.
        _ = try store.advanceRotation(
            RotationTransition(
                rotationID: rotation.id, from: .started, to: .staged, newCertificateID: 2, newPasswordReference: "env:APP_PFX",
                stagedKey: StagedKeyDraft(pfx: [0x30, 0x00, 0xFF, 0x27], passwordReference: "env:APP_PFX")
            ))
        try store.recordEvent(EventDraft(action: "test.note", profileName: "app", detail: ["text": "\u{1B}[31mred\nline"]))
    }

    @Test("the copier carries exactly the tables and columns of the current schema", arguments: StoreBackend.available)
    func tableListMatchesSchema(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (_, location) = try Self.fresh(backend, in: directory, name: "drift")
        let catalog: [String: [String]]
        switch location {
        case .sqlite(let path):
            let endpoint = try #require(try SQLiteCopyEndpoint.existing(path: path))
            catalog = try endpoint.reading { try $0.catalog() }
        case .postgres(let postgres):
            catalog = try PostgresCopyEndpoint(location: postgres, password: nil).reading { try $0.catalog() }
        }
        let drift = CopiedTables.drift(from: catalog)
        #expect(drift.isEmpty, "add the new table or column to CopiedTables.all (Copy/CopiedTables.swift): \(drift)")
        // The check itself sees a column and a table it does not carry.
        var changed = catalog
        changed["certificates", default: []].append("extra")
        changed["rotation_notes"] = ["id", "text"]
        #expect(CopiedTables.drift(from: changed) == ["column certificates.extra is not carried", "table rotation_notes is not carried"])
    }

    @Test("a source with a column the copier does not know is refused: nothing is copied", arguments: StoreBackend.available)
    func driftedSourceRefused(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (source, from) = try Self.fresh(backend, in: directory, name: "source")
        try Self.populate(source)
        try StoreFixtures.rawExecute(source, "ALTER TABLE certificates ADD COLUMN notes TEXT")
        let to = StoreLocation.sqlite(path: directory.file("target.sqlite"))
        let error = #expect(throws: StoreError.self) { try InventoryCopier.copy(from: from, to: to) }
        #expect(error?.code == .invalidValue)
        #expect(error?.description.contains("certificates.notes is not carried") == true, "\(String(describing: error))")
    }

    @Test("a target that holds rows is refused and left exactly as it was", arguments: StoreBackend.available, StoreBackend.available)
    func nonEmptyTargetRefused(sourceBackend: StoreBackend, targetBackend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (source, from) = try Self.fresh(sourceBackend, in: directory, name: "source")
        try Self.populate(source)
        let (target, to) = try Self.fresh(targetBackend, in: directory, name: "target")
        _ = try target.createProfile(StoreFixtures.profile("existing"))
        let before = try StoreFixtures.rawScalar(target, "SELECT count(*) FROM events")
        let error = #expect(throws: StoreError.self) { try InventoryCopier.copy(from: from, to: to) }
        #expect(error?.code == .targetNotEmpty)
        #expect(error?.description.contains("already holds an inventory (rows in profiles, events)") == true, "\(String(describing: error))")
        #expect(try target.profiles().map(\.settings.name) == ["existing"])
        #expect(try StoreFixtures.rawScalar(target, "SELECT count(*) FROM certificates") == "0")
        #expect(try StoreFixtures.rawScalar(target, "SELECT count(*) FROM events") == before)
    }

    @Test("a failure midway (the target refuses a row) rolls everything back: the target stays empty", arguments: StoreBackend.available)
    func failureMidwayLeavesTargetEmpty(targetBackend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (source, from) = try Self.fresh(.sqlite, in: directory, name: "source")
        try Self.populate(source)
        // Events are copied after certificates, files, profiles and rotations: a trigger that
        // refuses them fails the copy with five tables already written in the transaction.
        let (target, to) = try Self.fresh(targetBackend, in: directory, name: "target")
        switch targetBackend {
        case .sqlite:
            try StoreFixtures.rawExecute(target, "CREATE TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        case .postgres:
            try StoreFixtures.rawExecute(
                target,
                """
                CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$;
                CREATE TRIGGER refuse BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse();
                """)
        }
        let error = #expect(throws: StoreError.self) { try InventoryCopier.copy(from: from, to: to) }
        #expect(error?.description.contains("events: ") == true && error?.description.contains("injected failure") == true, "\(String(describing: error))")
        for table in CopiedTables.all {
            #expect(try StoreFixtures.rawScalar(target, "SELECT count(*) FROM \(table.name)") == "0", "\(table.name)")
        }
        if targetBackend == .sqlite {
            #expect(try StoreFixtures.rawScalar(target, "SELECT count(*) FROM sqlite_sequence WHERE seq > 0") == "0")
        }
    }

    @Test("a source at an older or newer schema version is refused, and left as it was", arguments: StoreBackend.available)
    func sourceVersionRefused(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let latest = SQLiteInventoryStore.latestSchemaVersion
        let older: any InventoryStore
        let from: StoreLocation
        switch backend {
        case .sqlite:
            let path = directory.file("old.sqlite")
            older = try SQLiteInventoryStore(path: path, migratingUpTo: latest - 1)
            from = .sqlite(path: path)
        case .postgres:
            let url = try PostgresTestServer.freshSchema()
            older = try StoreFixtures.postgresStore(url: url, migratingUpTo: latest - 1)
            from = try StoreLocation.parse(url)
        }
        let to = StoreLocation.sqlite(path: directory.file("target.sqlite"))
        let old = #expect(throws: StoreError.self) { try InventoryCopier.copy(from: from, to: to) }
        #expect(old?.description.contains("upgrade the source first") == true, "\(String(describing: old))")
        #expect(try older.schemaVersion == latest - 1)
        #expect(!FileManager.default.fileExists(atPath: directory.file("target.sqlite")))

        let table = backend == .sqlite ? "schema_versions" : "certkeeper_schema_versions"
        try StoreFixtures.rawExecute(older, "INSERT INTO \(table) (version, name, applied_at) VALUES (\(latest + 5), 'future', '2030-01-01 00:00:00.000')")
        let newer = #expect(throws: StoreError.self) { try InventoryCopier.copy(from: from, to: to) }
        #expect(newer?.code == .newerSchema)
        #expect(!FileManager.default.fileExists(atPath: directory.file("target.sqlite")))
    }

    @Test("a missing source is refused without creating it", arguments: StoreBackend.available)
    func missingSource(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let from = try Self.emptyLocation(backend, in: directory, name: "missing")
        let error = #expect(throws: StoreError.self) { try InventoryCopier.copy(from: from, to: .sqlite(path: directory.file("target.sqlite"))) }
        #expect(error?.code == .notFound)
        #expect(!FileManager.default.fileExists(atPath: directory.file("missing.sqlite")))
    }
}
