import CertKeeperBase
import Foundation

extension SQLiteInventoryStore {
    /// An flock on `INVENTORY-rotation-ID.lock` beside the database (0600), so every home
    /// that points at this file shares the lock. The holder writes who it is into the file.
    public func tryLockRotation(profileID: Int64, user: String?) throws(StoreError) -> RotationLockAttempt {
        let lockPath = "\(path)-rotation-\(profileID).lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.unavailable, "cannot open the rotation lock \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = SQLiteRotationLease.holder(descriptor)
            close(descriptor)
            return .held(by: holder)
        }
        let lease = SQLiteRotationLease(descriptor: descriptor)
        lease.record(RotationLockHolder(user: user, host: AuditHost.current, since: clock()))
        return .acquired(lease)
    }
}

/// The open, flocked lock file; closing it releases the lock.
final class SQLiteRotationLease: RotationLease {
    private let descriptor: Int32

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Three lines: user, host, Unix seconds (best effort: a holder unknown is still a lock).
    func record(_ holder: RotationLockHolder) {
        let text = "\(holder.user ?? "")\n\(holder.host ?? "")\n\(Int64(holder.since?.timeIntervalSince1970 ?? 0))\n"
        _ = ftruncate(descriptor, 0)
        _ = Array(text.utf8).withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    static func holder(_ descriptor: Int32) -> RotationLockHolder? {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let lines = String(decoding: buffer[0..<count], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3 else { return nil }
        func text(_ line: Substring) -> String? { line.isEmpty ? nil : String(line) }
        let seconds = Int64(lines[2]).flatMap { $0 > 0 ? Date(timeIntervalSince1970: TimeInterval($0)) : nil }
        return RotationLockHolder(user: text(lines[0]), host: text(lines[1]), since: seconds)
    }
}
