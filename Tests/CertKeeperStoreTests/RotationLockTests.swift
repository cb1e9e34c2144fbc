import CertKeeperStore
import Foundation
import TestSupport
import Testing

/// The per-profile rotation lock, as two processes sharing one inventory see it (two store
/// values opened on one database stand for them: an flock is per open file, a PostgreSQL
/// advisory lock per connection).
@Suite("Rotation locks")
struct RotationLockTests {
    @Test("one holder per profile; the refused one learns user@host and since when; released on drop", arguments: StoreBackend.available)
    func exclusiveNamedAndReleased(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let (first, second) = try Self.twoStores(backend, in: directory)
        var lease: (any RotationLease)? = try Self.acquired(first.tryLockRotation(profileID: 7, user: "alice"))
        #expect(lease != nil)

        guard case .held(let holder) = try second.tryLockRotation(profileID: 7, user: "bob") else {
            Issue.record("a second holder got the lock")
            return
        }
        let host = try ProcessRunner.run("hostname", []).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(holder?.user == "alice" && holder?.host == host, "\(String(describing: holder))")
        #expect(holder?.since != nil)
        #expect(holder?.description.hasPrefix("alice@\(host) since ") == true)

        // Another profile is independent.
        #expect(try Self.acquired(second.tryLockRotation(profileID: 8, user: "bob")) != nil)

        lease = nil
        #expect(try Self.acquired(second.tryLockRotation(profileID: 7, user: "bob")) != nil, "the lock goes with its holder")
    }

    static func acquired(_ attempt: RotationLockAttempt) -> (any RotationLease)? {
        if case .acquired(let lease) = attempt { return lease }
        return nil
    }

    static func twoStores(_ backend: StoreBackend, in directory: TemporaryDirectory) throws -> (any InventoryStore, any InventoryStore) {
        switch backend {
        case .sqlite:
            return (try StoreFixtures.store(in: directory), try StoreFixtures.store(in: directory))
        case .postgres:
            let url = try PostgresTestServer.freshSchema()
            return (try StoreFixtures.postgresStore(url: url), try StoreFixtures.postgresStore(url: url))
        }
    }
}
