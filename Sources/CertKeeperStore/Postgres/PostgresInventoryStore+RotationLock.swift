import Foundation

extension PostgresInventoryStore {
    /// A session advisory lock (`pg_try_advisory_lock`) on a connection of its own, named
    /// `certkeeper rotation USER@HOST` so a refused runner can say who holds it: the server
    /// drops the lock when that connection ends, including when the process is killed.
    public func tryLockRotation(profileID: Int64, user: String?) throws(StoreError) -> RotationLockAttempt {
        let key = "rotation:\(profileID)"
        let holder = "\(user ?? "")@\(AuditHost.current ?? "")"
        let connection = try session.dedicatedConnection(applicationName: String((Self.lockApplicationPrefix + holder).utf8.prefix(63)) ?? "certkeeper")
        do {
            let locked = try connection.execute(
                "SELECT CASE WHEN pg_try_advisory_lock($1, hashtext(current_schema() || $2)) THEN 1 ELSE 0 END",
                [Int(PostgresSession.lockClass), key]
            ).first?.bool(0)
            if locked == true { return .acquired(PostgresRotationLease(connection)) }
            let row = try connection.execute(
                """
                SELECT a.application_name, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND l.classid::bigint = $1
                  AND l.objid::bigint = (hashtext(current_schema() || $2)::bigint & 4294967295)
                """, [Int(PostgresSession.lockClass), key]
            ).first
            return .held(by: try row.map { row throws(PostgresError) in Self.holder(row.optionalString(0), since: try row.optionalDate(1)) })
        } catch {
            throw PostgresSession.wrapping(error, location: location, action: "lock the rotation in")
        }
    }

    static let lockApplicationPrefix = "certkeeper rotation "

    private static func holder(_ applicationName: String?, since: Date?) -> RotationLockHolder {
        guard let applicationName, applicationName.hasPrefix(lockApplicationPrefix) else {
            return RotationLockHolder(user: nil, host: nil, since: since)
        }
        let who = applicationName.dropFirst(lockApplicationPrefix.count)
        let parts = who.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        func part(_ index: Int) -> String? { index < parts.count && !parts[index].isEmpty ? String(parts[index]) : nil }
        return RotationLockHolder(user: part(0), host: part(1), since: since)
    }
}

/// The lock's own connection; closing it (deinit) releases the lock.
final class PostgresRotationLease: RotationLease, @unchecked Sendable {
    // Only kept alive, never used again after locking.
    private let connection: PostgresConnection

    init(_ connection: PostgresConnection) { self.connection = connection }
}
