import CertKeeperStore
import Foundation
import GRDB
import TestSupport
import Testing

/// The tenant snapshot: staged pages, one-transaction replacement, the audit trail of what
/// appeared and vanished, interrupted syncs, and the thumbprint link to the inventory.
@Suite("Directory snapshots in the store")
struct DirectoryStoreTests {
    static let tenant = "11111111-2222-3333-4444-555555555555"
    static func credential(_ keyID: String, _ kind: DirectoryCredentialKind = .certificate, thumbprint: String? = nil, days: Double = 100)
        -> DirectoryCredentialDraft
    {
        DirectoryCredentialDraft(
            keyID: keyID, kind: kind, usage: kind == .certificate ? "Verify" : nil, sha1Thumbprint: thumbprint, displayName: "cred \(keyID)",
            notBefore: StoreFixtures.epoch.addingTimeInterval(-86_400), notAfter: StoreFixtures.epoch.addingTimeInterval(days * 86_400)
        )
    }

    static func app(_ id: String, _ name: String, _ credentials: [DirectoryCredentialDraft], type: DirectoryObjectType = .application)
        -> DirectoryObjectDraft
    {
        DirectoryObjectDraft(
            type: type, objectID: id, appID: "app-\(id)", displayName: name, servicePrincipalType: type == .servicePrincipal ? "Application" : nil,
            preferredSigningThumbprint: nil, credentials: credentials
        )
    }

    @discardableResult
    private static func sync(_ store: any InventoryStore, _ pages: [[DirectoryObjectDraft]]) throws -> DirectorySyncOutcome {
        let handle = try store.beginDirectorySync(tenantID: Self.tenant, graphEndpoint: "https://graph.microsoft.com", profileName: "reader")
        for page in pages { try store.stageDirectoryPage(handle, objects: page) }
        return try store.completeDirectorySync(handle)
    }

    private static func snapshot(_ store: any InventoryStore) throws -> [String] {
        var keys: [String] = []
        try store.forEachDirectoryCredential(tenantID: nil) { row in
            keys.append("\(row.objectName)/\(row.keyID)")
            return true
        }
        return keys.sorted()
    }

    private static func directoryEvents(_ store: any InventoryStore) throws -> [AuditEvent] {
        try store.events(matching: EventQuery()).filter { $0.action.hasPrefix("directory.") }
    }

    @Test("the first sync is a baseline; the next one records what appeared and vanished", arguments: StoreBackend.available)
    func syncsRecordChanges(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        let first = try Self.sync(
            store,
            [
                [Self.app("o1", "payroll", [Self.credential("k1"), Self.credential("s1", .secret)]), Self.app("o2", "billing", [Self.credential("k2")])],
                [Self.app("o3", "legacy", [Self.credential("k3")]), Self.app("p1", "payroll", [], type: .servicePrincipal)],
            ])
        #expect(first.firstSync && first.applications == 3 && first.servicePrincipals == 1 && first.credentials == 4)
        #expect(try Self.directoryEvents(store).map(\.action) == ["directory.sync"])

        let second = try Self.sync(
            store,
            [
                [
                    Self.app("o1", "payroll", [Self.credential("k1"), Self.credential("s1", .secret), Self.credential("s2", .secret)]),
                    Self.app("o2", "billing", []),
                    Self.app("p1", "payroll", [], type: .servicePrincipal),
                ]
            ])
        #expect(!second.firstSync)
        #expect(second.credentialsAdded == 1 && second.credentialsRemoved == 2 && second.objectsRemoved == 1)
        let summaries = try Self.directoryEvents(store).compactMap { $0.detail["summary"]?.description }
        #expect(summaries.contains("secret added to application payroll"))
        #expect(summaries.contains("certificate removed from application billing"))
        #expect(summaries.contains("certificate removed from application legacy"))
        #expect(summaries.contains("application legacy vanished"))
        #expect(try Self.snapshot(store) == ["payroll/k1", "payroll/s1", "payroll/s2"])
    }

    @Test("an interrupted sync leaves the previous snapshot, and the next sync discards its pages", arguments: StoreBackend.available)
    func interruptedSyncKeepsTheSnapshot(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        try Self.sync(store, [[Self.app("o1", "payroll", [Self.credential("k1")])]])
        let killed = try store.beginDirectorySync(tenantID: Self.tenant, graphEndpoint: "https://graph.microsoft.com", profileName: nil)
        try store.stageDirectoryPage(killed, objects: [Self.app("o9", "half", [Self.credential("k9")])])
        #expect(try Self.snapshot(store) == ["payroll/k1"])

        try Self.sync(store, [[Self.app("o1", "payroll", [Self.credential("k1"), Self.credential("k2")])]])
        #expect(try Self.snapshot(store) == ["payroll/k1", "payroll/k2"])
        #expect(try StoreFixtures.rawScalar(store, "SELECT count(*) FROM directory_staged_credentials") == "0")
        let states = try (0..<3).map { offset in
            try StoreFixtures.rawScalar(store, "SELECT state FROM directory_syncs ORDER BY id LIMIT 1 OFFSET \(offset)")
        }
        #expect(states == ["completed", "abandoned", "completed"])
        // The killed sync's handle is dead: its pages cannot sneak in later.
        #expect(throws: StoreError(.conflict, "")) { try store.stageDirectoryPage(killed, objects: []) }
        #expect(throws: StoreError(.conflict, "")) { try store.completeDirectorySync(killed) }
    }

    @Test("a failed sync is abandoned explicitly and changes nothing", arguments: StoreBackend.available)
    func abandonedSync(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        try Self.sync(store, [[Self.app("o1", "payroll", [Self.credential("k1")])]])
        let failed = try store.beginDirectorySync(tenantID: Self.tenant, graphEndpoint: "https://graph.microsoft.com", profileName: nil)
        try store.stageDirectoryPage(failed, objects: [])
        try store.abandonDirectorySync(failed)
        #expect(try Self.snapshot(store) == ["payroll/k1"])
        #expect(try store.directoryTenants().first?.credentials == 1)
    }

    @Test("certificates are linked by SHA-1 thumbprint both ways", arguments: StoreBackend.available)
    func thumbprintLink(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        let known = StoreFixtures.facts(7)
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/srv/app/cert.pem", [known])]))
        try Self.sync(
            store,
            [
                [
                    Self.app("o1", "payroll", [Self.credential("k1", thumbprint: known.sha1Thumbprint), Self.credential("k2", thumbprint: String(repeating: "AB", count: 20))])
                ]
            ])
        var rows: [DirectoryCredentialRow] = []
        try store.forEachDirectoryCredential(tenantID: Self.tenant) {
            rows.append($0)
            return true
        }
        let linked = try #require(rows.first { $0.keyID == "k1" })
        #expect(linked.knownCertificate && linked.filePaths == ["/srv/app/cert.pem"])
        let unknown = try #require(rows.first { $0.keyID == "k2" })
        #expect(!unknown.knownCertificate && unknown.filePaths.isEmpty)
        let registrations = try store.directoryRegistrations(sha1Thumbprint: known.sha1Thumbprint.lowercased())
        #expect(registrations.map(\.objectName) == ["payroll"])
        #expect(registrations.first?.keyID == "k1")
    }

    @Test("rows stream in notAfter order with the object's latest expiry", arguments: StoreBackend.available)
    func expiryOrder(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        try Self.sync(
            store,
            [
                [
                    Self.app("o1", "dead", [Self.credential("a", days: -10), Self.credential("b", .secret, days: -3)]),
                    Self.app("o2", "alive", [Self.credential("c", days: -5), Self.credential("d", days: 40)]),
                ]
            ])
        var rows: [DirectoryCredentialRow] = []
        try store.forEachDirectoryCredential(tenantID: nil) {
            rows.append($0)
            return true
        }
        #expect(rows.map(\.keyID) == ["a", "c", "b", "d"])
        #expect(rows.filter { $0.objectName == "dead" }.allSatisfy { $0.objectLatestNotAfter < StoreFixtures.epoch })
        #expect(rows.filter { $0.objectName == "alive" }.allSatisfy { $0.objectLatestNotAfter > StoreFixtures.epoch })
    }

    @Test("an inventory at schema version 5 is upgraded with empty directory tables")
    func upgradeFromFive() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("old.sqlite")
        _ = try SQLiteInventoryStore(path: path, migratingUpTo: 5)
        let upgraded = try SQLiteInventoryStore(path: path)
        #expect(try upgraded.schemaVersion >= 6)
        #expect(try upgraded.directoryTenants().isEmpty)
    }
}

/// The two orders `scan --directory` reads the snapshot in, on both backends.
@Suite("Directory credential order")
struct DirectoryCredentialOrderTests {
    @Test(arguments: StoreBackend.available)
    func expiryAndObjectOrder(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        typealias Fixture = DirectoryStoreTests
        let handle = try store.beginDirectorySync(tenantID: Fixture.tenant, graphEndpoint: "https://graph.microsoft.com", profileName: nil)
        try store.stageDirectoryPage(
            handle,
            objects: [
                Fixture.app("o2", "beta", [Fixture.credential("b1", days: 5), Fixture.credential("b2", .secret, days: 50)]),
                Fixture.app("o1", "alpha", [Fixture.credential("a1", days: 20), Fixture.credential("a2", days: -3)]),
                Fixture.app("o3", "alpha", [Fixture.credential("c1", days: 1)], type: .servicePrincipal),
            ])
        _ = try store.completeDirectorySync(handle)
        func keys(_ order: DirectoryCredentialOrder) throws -> [String] {
            var keys: [String] = []
            try store.forEachDirectoryCredential(tenantID: nil, order: order) { row in
                keys.append(row.keyID)
                return true
            }
            return keys
        }
        #expect(try keys(.expiry) == ["a2", "c1", "b1", "a1", "b2"])
        #expect(try keys(.object) == ["a2", "a1", "b1", "b2", "c1"])
    }
}
