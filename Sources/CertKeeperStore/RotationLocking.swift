import CertKeeperBase
import Foundation

/// The right to drive one profile's rotation: one process at a time, on any machine that
/// shares the inventory. The ledger already refuses a second unfinished rotation and a
/// transition from a stale state, but two `resume`s of one rotation could both call Graph
/// addKey before either commits; this lock stops that. SQLite: an flock on a file beside the
/// database; PostgreSQL: a session advisory lock on a connection of its own. Either way the
/// lock goes when the process dies, so a `kill -9` never leaves a profile locked.
public protocol RotationLocking: Sendable {
    /// Takes the lock of `profileID`'s rotation without waiting; `user` (and this machine's
    /// host name) is what a refused process is told.
    func tryLockRotation(profileID: Int64, user: String?) throws(StoreError) -> RotationLockAttempt
}

/// A held rotation lock, released when the last reference goes (or the process ends).
public protocol RotationLease: AnyObject, Sendable {}

public enum RotationLockAttempt: Sendable {
    case acquired(any RotationLease)
    /// Someone else holds it; who, when the store can tell.
    case held(by: RotationLockHolder?)
}

/// Who holds a rotation lock: `alice@runner-7 since 2026-11-26T01:00:00Z`.
public struct RotationLockHolder: Sendable, Hashable, CustomStringConvertible {
    public let user: String?
    public let host: String?
    public let since: Date?

    public init(user: String?, host: String?, since: Date?) {
        self.user = user
        self.host = host
        self.since = since
    }

    public var description: String {
        let who = "\(user ?? "?")@\(host ?? "?")"
        guard let since else { return who }
        return "\(who) since \(RFC3339.string(from: since))"
    }
}
