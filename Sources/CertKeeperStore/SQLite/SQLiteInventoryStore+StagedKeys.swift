import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func stagedKey(rotationID: Int64) throws(StoreError) -> StagedKey? {
        try read("read") { db in
            try Row.fetchOne(
                db, sql: "SELECT rotation_id, pfx, password_ref, staged_by, staged_host, staged_at FROM rotation_staged_keys WHERE rotation_id = ?",
                arguments: [rotationID]
            ).map { row in
                StagedKey(
                    rotationID: try row.decode(forColumn: "rotation_id"), pfx: [UInt8](try row.decode(forColumn: "pfx") as Data),
                    passwordReference: try row.decode(forColumn: "password_ref"), stagedBy: try row.decode(forColumn: "staged_by"),
                    stagedHost: try row.decode(forColumn: "staged_host"), stagedAt: try row.decode(forColumn: "staged_at")
                )
            }
        }
    }

    /// The staged-key part of `advanceRotation`, inside its transaction: keeps the PFX the
    /// `staged` step hands over, forgets it when the rotation ends.
    func applyStagedKey(_ transition: RotationTransition, _ db: Database, at now: Date) throws {
        if transition.to.isFinished {
            try db.execute(sql: "DELETE FROM rotation_staged_keys WHERE rotation_id = ?", arguments: [transition.rotationID])
        } else if let draft = transition.stagedKey {
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO rotation_staged_keys (rotation_id, pfx, password_ref, staged_by, staged_host, staged_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [transition.rotationID, Data(draft.pfx), draft.passwordReference, actor, AuditHost.current, now]
            )
        }
    }
}
