import Foundation
import TestSupport
import Testing

@testable import CertKeeperStore

/// The staged key of a rotation (migration 0009): written with `started → staged`, read by
/// another runner, deleted by the transition that ends the rotation — each in the
/// transaction of the state change, on both stores.
@Suite("Staged keys in the store")
struct StagedKeyStoreTests {
    private static let pfx: [UInt8] = [0x30, 0x82, 0x00, 0x00, 0x00, 0xFF, 0x27, 0x5C]

    private func staged(_ backend: StoreBackend, _ directory: TemporaryDirectory) throws -> (any InventoryStore, StoredRotation, new: Int64) {
        let store = try StoreFixtures.store(backend, in: directory, actor: "alice")
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/c/a.pem", [StoreFixtures.facts(1), StoreFixtures.facts(2)])]))
        let ids = try store.certificates(matching: .all).map(\.certificate.id)
        _ = try store.createProfile(StoreFixtures.profile("app", certificateID: ids[0]))
        let started = try store.startRotation(profileName: "app")
        #expect(try store.stagedKey(rotationID: started.id) == nil)
        let rotation = try store.advanceRotation(
            RotationTransition(
                rotationID: started.id, from: .started, to: .staged, newCertificateID: ids[1], newPasswordReference: "env:APP_PFX",
                stagedKey: StagedKeyDraft(pfx: Self.pfx, passwordReference: "env:APP_PFX"), certificateStates: [ids[1]: .staged]
            ))
        return (store, rotation, ids[1])
    }

    @Test("the staged PFX, its reference and who staged it where are kept until the rotation completes", arguments: StoreBackend.available)
    func keptUntilCompleted(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        var (store, rotation, new) = try staged(backend, directory)
        let key = try #require(try store.stagedKey(rotationID: rotation.id))
        #expect(key.pfx == Self.pfx)
        #expect(key.passwordReference == "env:APP_PFX")
        #expect(key.stagedBy == "alice")
        #expect(key.stagedHost == AuditHost.current && key.stagedHost != nil)
        #expect(key.stagedAt == StoreFixtures.epoch)

        for (from, to) in [(RotationState.staged, RotationState.registered), (.registered, .verified), (.verified, .promoted), (.promoted, .retired)] {
            rotation = try store.advanceRotation(RotationTransition(rotationID: rotation.id, from: from, to: to))
            #expect(try store.stagedKey(rotationID: rotation.id)?.pfx == Self.pfx, "kept in \(to)")
        }
        rotation = try store.advanceRotation(RotationTransition(rotationID: rotation.id, from: .retired, to: .completed, certificateStates: [new: .active]))
        #expect(try store.stagedKey(rotationID: rotation.id) == nil)
    }

    @Test("a rollback deletes it", arguments: StoreBackend.available)
    func deletedByRollback(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (store, rotation, _) = try staged(backend, directory)
        _ = try store.advanceRotation(RotationTransition(rotationID: rotation.id, from: .staged, to: .rolledBack))
        #expect(try store.stagedKey(rotationID: rotation.id) == nil)
    }

    @Test("a transition refused as stale writes and deletes nothing", arguments: StoreBackend.available)
    func staleTransitionLeavesIt(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (store, rotation, _) = try staged(backend, directory)
        let error = #expect(throws: StoreError.self) {
            try store.advanceRotation(RotationTransition(rotationID: rotation.id, from: .registered, to: .rolledBack))
        }
        #expect(error?.code == .conflict)
        #expect(try store.stagedKey(rotationID: rotation.id)?.pfx == Self.pfx)
    }

    @Test("only a reference is accepted as its password source", arguments: StoreBackend.available)
    func referenceOnly(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/c/a.pem", [StoreFixtures.facts(1)])]))
        _ = try store.createProfile(StoreFixtures.profile("app", certificateID: try store.certificates(matching: .all)[0].certificate.id))
        let rotation = try store.startRotation(profileName: "app")
        let error = #expect(throws: StoreError.self) {
            try store.advanceRotation(
                RotationTransition(
                    rotationID: rotation.id, from: .started, to: .staged,
                    stagedKey: StagedKeyDraft(pfx: Self.pfx, passwordReference: "hunter2")
                ))
        }
        #expect(error?.code == .invalidValue)
        #expect(error?.description.contains("hunter2") == false)
        #expect(try store.rotation(id: rotation.id)?.state == .started)
        #expect(try store.stagedKey(rotationID: rotation.id) == nil)
    }

    @Test("store copy carries the staged key byte for byte, to either backend", arguments: StoreBackend.available)
    func copiedByStoreCopy(target: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (_, rotation, _) = try staged(.sqlite, directory)
        let to: StoreLocation =
            target == .sqlite ? .sqlite(path: directory.file("copy.sqlite")) : try StoreLocation.parse(try PostgresTestServer.freshSchema())
        _ = try InventoryCopier.copy(from: .sqlite(path: directory.file("inventory.sqlite")), to: to)
        let copy = try InventoryStores.open(to, password: nil, actor: "bob")
        let key = try #require(try copy.stagedKey(rotationID: rotation.id))
        #expect(key.pfx == Self.pfx && key.passwordReference == "env:APP_PFX" && key.stagedBy == "alice" && key.stagedAt == StoreFixtures.epoch)
    }
}
