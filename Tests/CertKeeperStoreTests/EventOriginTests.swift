import CertKeeperStore
import Foundation
import TestSupport
import Testing

/// A team's inventory is written by several runners and operators: every event says who
/// (the OS user) and where (the host name), checked against the `hostname` tool.
@Suite("Audit events record user and host")
struct EventOriginTests {
    @Test("every event written records the actor and this machine's host name", arguments: StoreBackend.available)
    func eventsCarryUserAndHost(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory, actor: "alice")
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/certs/a.pem", [StoreFixtures.facts(1)])]))
        _ = try store.createProfile(StoreFixtures.profile("payroll"))
        try store.recordEvent(EventDraft(action: "profile.exported", profileName: "payroll"))

        let hostname = try ProcessRunner.run("hostname", []).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let events = try store.events(matching: EventQuery())
        #expect(events.count >= 4)
        #expect(events.allSatisfy { $0.actor == "alice" && $0.host == hostname }, "\(events.map { ($0.action, $0.actor, $0.host) })")
    }

    @Test("events written before schema 8 keep no host; new ones get it")
    func upgradedInventory() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("inventory.sqlite")
        // An event as a schema-7 certkeeper wrote it (no host column yet).
        _ = try SQLiteInventoryStore(path: path, migratingUpTo: 7, clock: { StoreFixtures.epoch })
        try StoreFixtures.rawQueue(path).write { db in
            try db.execute(
                sql: "INSERT INTO events (occurred_at, action, actor, profile_name) VALUES ('2026-01-01 00:00:00.000', 'profile.created', 'bob', 'before')")
        }
        let store = try SQLiteInventoryStore(path: path, actor: "bob", clock: { StoreFixtures.epoch })
        _ = try store.createProfile(StoreFixtures.profile("after"))
        let events = try store.events(matching: EventQuery())
        #expect(events.map(\.profileName) == ["before", "after"])
        #expect(events[0].host == nil && events[1].host == AuditHost.current && events[1].host != nil)
    }
}
