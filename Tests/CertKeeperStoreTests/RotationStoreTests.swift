import Foundation
import TestSupport
import Testing

@testable import CertKeeperStore

@Suite("Rotations in the store")
struct RotationStoreTests {
    /// A store with profile "app" on certificate 1 and a second certificate to rotate to.
    private func setUp(_ backend: StoreBackend, _ directory: TemporaryDirectory) throws -> (any InventoryStore, old: Int64, new: Int64) {
        let store = try StoreFixtures.store(backend, in: directory)
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/c/a.pem", [StoreFixtures.facts(1), StoreFixtures.facts(2)])]))
        let ids = try store.certificates(matching: .all).map(\.certificate.id)
        _ = try store.createProfile(StoreFixtures.profile("app", certificateID: ids[0]))
        return (store, ids[0], ids[1])
    }

    @Test("one unfinished rotation per profile; revisions count up", arguments: StoreBackend.available)
    func oneUnfinishedRotation(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (store, old, _) = try setUp(backend, directory)
        let first = try store.startRotation(profileName: "app")
        #expect(first.revision == 1)
        #expect(first.state == .started)
        #expect(first.oldCertificateID == old)
        let error = #expect(throws: StoreError.self) { try store.startRotation(profileName: "app") }
        #expect(error?.code == .conflict)
        #expect(error?.description.contains("#1") == true)
        #expect((#expect(throws: StoreError.self) { try store.deleteProfile(named: "app") })?.code == .conflict)

        _ = try store.advanceRotation(RotationTransition(rotationID: first.id, from: .started, to: .rolledBack))
        let second = try store.startRotation(profileName: "app")
        #expect(second.revision == 2)
        #expect(try store.unfinishedRotation(profileName: "app")?.id == second.id)
        #expect(try store.rotations(profileName: "app").map(\.revision) == [1, 2])
    }

    @Test("the partial unique index itself refuses a second unfinished rotation")
    func partialUniqueIndex() throws {
        let directory = try TemporaryDirectory()
        let (any, _, _) = try setUp(.sqlite, directory)
        let store = try #require(any as? SQLiteInventoryStore)
        _ = try store.startRotation(profileName: "app")
        #expect(throws: (any Error).self) {
            try store.pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO rotations (profile_id, revision, state, started_at, state_entered_at, updated_at)
                        VALUES (1, 7, 'staged', '2030-01-01 00:00:00.000', '2030-01-01 00:00:00.000', '2030-01-01 00:00:00.000')
                        """)
            }
        }
    }

    @Test("a full rotation: each step is checked against the expected state; promotion re-points the profile atomically", arguments: StoreBackend.available)
    func fullRotation(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (store, old, new) = try setUp(backend, directory)
        var rotation = try store.startRotation(profileName: "app")
        rotation = try store.advanceRotation(
            RotationTransition(
                rotationID: rotation.id, from: .started, to: .staged, newCertificateID: new, certificateStates: [new: .staged]
            ))
        #expect(rotation.newCertificateID == new)
        #expect(try store.certificate(id: new)?.certificate.state == .staged)

        rotation = try store.recordRotationAttempt(rotationID: rotation.id, in: .staged, error: "AADSTS700027: not replicated yet")
        rotation = try store.recordRotationAttempt(rotationID: rotation.id, in: .staged, error: "AADSTS700027: not replicated yet")
        #expect(rotation.attempts == 2)
        #expect(rotation.lastError?.contains("700027") == true)

        rotation = try store.advanceRotation(
            RotationTransition(
                rotationID: rotation.id, from: .staged, to: .registered, registration: .graph, graphKeyID: "key-123"
            ))
        #expect(rotation.attempts == 0)
        #expect(rotation.lastError == nil)
        #expect(rotation.graphKeyID == "key-123")
        #expect(rotation.registration == .graph)

        // A stale caller (thinks it is still staged) is refused and changes nothing.
        let stale = #expect(throws: StoreError.self) {
            try store.advanceRotation(RotationTransition(rotationID: rotation.id, from: .staged, to: .registered))
        }
        #expect(stale?.code == .conflict)

        rotation = try store.advanceRotation(RotationTransition(rotationID: rotation.id, from: .registered, to: .verified))
        rotation = try store.advanceRotation(
            RotationTransition(
                rotationID: rotation.id, from: .verified, to: .promoted,
                repointProfile: .init(certificateID: new, certificatePath: "/home/keys/app-2.pfx", passwordReference: "file:/home/keys/app-2.pass"),
                certificateStates: [new: .active]
            ))
        let profile = try #require(try store.profile(named: "app"))
        #expect(profile.settings.certificateID == new)
        #expect(profile.settings.certificatePath == "/home/keys/app-2.pfx")
        #expect(profile.settings.passwordReference == "file:/home/keys/app-2.pass")
        #expect(profile.certificate?.state == .active)

        rotation = try store.advanceRotation(
            RotationTransition(
                rotationID: rotation.id, from: .promoted, to: .retired, oldGraphKeyID: "key-old", certificateStates: [old: .retired]
            ))
        rotation = try store.advanceRotation(RotationTransition(rotationID: rotation.id, from: .retired, to: .completed))
        #expect(rotation.state == .completed)
        #expect(rotation.finishedAt != nil)
        #expect(try store.certificate(id: old)?.certificate.state == .retired)
        #expect(try store.unfinishedRotation(profileName: "app") == nil)

        let actions = try store.events(matching: EventQuery(profileName: "app")).map(\.action).filter { $0.hasPrefix("rotation.") }
        #expect(
            actions == [
                "rotation.started", "rotation.staged", "rotation.attempt_failed", "rotation.attempt_failed", "rotation.registered",
                "rotation.verified", "rotation.promoted", "rotation.retired", "rotation.completed",
            ])
    }

    @Test("a failing step rolls back the whole transition, event included", arguments: StoreBackend.available)
    func transitionIsAtomic(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (store, _, _) = try setUp(backend, directory)
        let rotation = try store.startRotation(profileName: "app")
        let eventsBefore = try store.events(matching: EventQuery()).count
        #expect(throws: StoreError.self) {
            // Certificate 999 does not exist: the state change must not survive.
            try store.advanceRotation(RotationTransition(rotationID: rotation.id, from: .started, to: .staged, certificateStates: [999: .staged]))
        }
        #expect(try store.rotation(id: rotation.id)?.state == .started)
        #expect(try store.events(matching: EventQuery()).count == eventsBefore)
    }
}
