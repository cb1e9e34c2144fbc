import CertKeeperBase
import Foundation

/// One certkeeper process at a time drives a profile's rotation. The store already refuses
/// a second unfinished rotation and a transition from a stale state, but two `resume`s of
/// the same rotation could both call Graph addKey before either commits; this lock (an
/// flock on `keys/profile-ID/.rotation.lock`) stops that. The kernel drops it when the
/// process dies, so a `kill -9` never leaves the profile locked.
final class RotationLock {
    private let descriptor: Int32

    private init(descriptor: Int32) { self.descriptor = descriptor }

    static func acquire(home: CertKeeperHome, profileID: Int64, profileName: String) throws(CoreError) -> RotationLock {
        guard let lock = try attempt(home: home, profileID: profileID) else {
            throw CoreError(
                .conflict,
                "another certkeeper process is working on the rotation of profile \(profileName) right now: wait for it to finish, then see certkeeper rotate status -p \(profileName)"
            )
        }
        return lock
    }

    /// The lock, or nil when another process holds it (never blocks).
    static func attempt(home: CertKeeperHome, profileID: Int64) throws(CoreError) -> RotationLock? {
        let files = ManagedKeyFiles(home: home, profileID: profileID, revision: 0)
        try files.prepare(home: home)
        let path = (files.directory as NSString).appendingPathComponent(".rotation.lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CoreError(FileReader.error(errno: errno, path: path, action: "lock")) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return RotationLock(descriptor: descriptor)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
