import CertKeeperBase
import CertKeeperStore
import Foundation

/// One certkeeper process at a time drives a profile's rotation, on any machine sharing the
/// inventory (`RotationLocking`: an flock beside a SQLite inventory, an advisory lock on
/// PostgreSQL). The store already refuses a second unfinished rotation and a transition from
/// a stale state, but two `resume`s of the same rotation could both call Graph addKey before
/// either commits; this lock stops that. It goes when the process dies, so a `kill -9` never
/// leaves the profile locked.
final class RotationLock {
    private let lease: any RotationLease

    private init(lease: any RotationLease) { self.lease = lease }

    static func acquire(store: any InventoryStore, profileID: Int64, profileName: String) throws(CoreError) -> RotationLock {
        switch try attemptOrHolder(store: store, profileID: profileID) {
        case .success(let lock):
            return lock
        case .failure(let refusal):
            let who = refusal.holder.map { "another certkeeper process (\($0))" } ?? "another certkeeper process"
            throw CoreError(
                .conflict,
                "\(who) is working on the rotation of profile \(profileName) right now: wait for it to finish, then see certkeeper rotate status -p \(profileName)"
            )
        }
    }

    /// The lock, or nil when another process holds it (never blocks).
    static func attempt(store: any InventoryStore, profileID: Int64) throws(CoreError) -> RotationLock? {
        let result = try attemptOrHolder(store: store, profileID: profileID)
        return try? result.get()
    }

    struct Refusal: Error {
        let holder: RotationLockHolder?
    }

    private static func attemptOrHolder(store: any InventoryStore, profileID: Int64) throws(CoreError) -> Result<RotationLock, Refusal> {
        let attempt = try inventoryCall { () throws(StoreError) in try store.tryLockRotation(profileID: profileID, user: CertKeeperHome.currentUser) }
        switch attempt {
        case .acquired(let lease): return .success(RotationLock(lease: lease))
        case .held(let holder): return .failure(Refusal(holder: holder))
        }
    }
}
