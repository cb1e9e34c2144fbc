import Foundation

extension PostgresInventoryStore {
    public func stagedKey(rotationID: Int64) throws(StoreError) -> StagedKey? {
        try read("read") { connection in
            try connection.execute(
                "SELECT rotation_id, pfx, password_ref, staged_by, staged_host, staged_at FROM rotation_staged_keys WHERE rotation_id = $1",
                [rotationID]
            ).first.map { row in
                StagedKey(
                    rotationID: try row.int64("rotation_id"), pfx: try row.bytes("pfx"), passwordReference: try row.string("password_ref"),
                    stagedBy: try row.optionalString("staged_by"), stagedHost: try row.optionalString("staged_host"),
                    stagedAt: try row.date("staged_at")
                )
            }
        }
    }

    /// The staged-key part of `advanceRotation`, inside its transaction: keeps the PFX the
    /// `staged` step hands over, forgets it when the rotation ends.
    func applyStagedKey(_ transition: RotationTransition, _ connection: PostgresConnection, at now: Date) throws {
        if transition.to.isFinished {
            try connection.execute("DELETE FROM rotation_staged_keys WHERE rotation_id = $1", [transition.rotationID])
        } else if let draft = transition.stagedKey {
            try connection.execute(
                """
                INSERT INTO rotation_staged_keys (rotation_id, pfx, password_ref, staged_by, staged_host, staged_at)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (rotation_id) DO UPDATE SET pfx = excluded.pfx, password_ref = excluded.password_ref,
                    staged_by = excluded.staged_by, staged_host = excluded.staged_host, staged_at = excluded.staged_at
                """,
                [transition.rotationID, PostgresBytes(draft.pfx), draft.passwordReference, actor, AuditHost.current, now]
            )
        }
    }
}
