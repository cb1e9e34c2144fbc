import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func startRotation(profileName: String, optionsJSON: String) throws(StoreError) -> StoredRotation {
        let now = clock()
        return try write("start a rotation in") { db in
            let profile = try fetchProfile(db, named: profileName)
            if let open = try fetchRotation(db, where: "r.profile_id = ? AND r.state NOT IN ('completed', 'rolled_back')", [profile.id]) {
                throw InventoryRules.rotationAlreadyOpen(open, profile: profile.name)
            }
            let revision = (try Int.fetchOne(db, sql: "SELECT max(revision) FROM rotations WHERE profile_id = ?", arguments: [profile.id]) ?? 0) + 1
            try db.execute(
                sql: """
                    INSERT INTO rotations (profile_id, revision, state, old_certificate_id, old_certificate_path, old_password_ref,
                        options, started_at, state_entered_at, updated_at)
                    VALUES (?, ?, 'started', ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    profile.id, revision, profile.settings.certificateID, profile.settings.certificatePath,
                    profile.settings.passwordReference, optionsJSON, now, now, now,
                ]
            )
            let id = db.lastInsertedRowID
            try appendEvent(
                db, action: "rotation.started", profileID: profile.id, profileName: profile.name,
                certificateID: profile.settings.certificateID, rotationID: id, detail: ["revision": EventValue(revision)], at: now
            )
            return try requireRotation(db, id: id)
        }
    }

    public func advanceRotation(_ transition: RotationTransition) throws(StoreError) -> StoredRotation {
        if let repoint = transition.repointProfile { try InventoryRules.validateReference(repoint.passwordReference) }
        try InventoryRules.validateReference(transition.newPasswordReference)
        try InventoryRules.validateReference(transition.stagedKey?.passwordReference)
        let now = clock()
        return try write("advance a rotation in") { db in
            let rotation = try requireRotation(db, id: transition.rotationID)
            try InventoryRules.requireState(rotation, transition.from)
            try db.execute(
                sql: """
                    UPDATE rotations SET state = ?, state_entered_at = ?, updated_at = ?, attempts = 0, last_error = NULL,
                        finished_at = ?,
                        new_certificate_id = coalesce(?, new_certificate_id), registration = coalesce(?, registration),
                        graph_key_id = coalesce(?, graph_key_id), old_graph_key_id = coalesce(?, old_graph_key_id),
                        new_certificate_path = coalesce(?, new_certificate_path), new_password_ref = coalesce(?, new_password_ref),
                        retire_after = coalesce(?, retire_after)
                    WHERE id = ?
                    """,
                arguments: [
                    transition.to.rawValue, now, now, transition.to.isFinished ? now : nil,
                    transition.newCertificateID, transition.registration?.rawValue, transition.graphKeyID, transition.oldGraphKeyID,
                    transition.newCertificatePath, transition.newPasswordReference, transition.retireAfter,
                    rotation.id,
                ]
            )
            try applyStagedKey(transition, db, at: now)
            if let repoint = transition.repointProfile {
                try db.execute(
                    sql: "UPDATE profiles SET certificate_id = ?, certificate_path = ?, password_ref = ?, updated_at = ? WHERE id = ?",
                    arguments: [repoint.certificateID, repoint.certificatePath, repoint.passwordReference, now, rotation.profileID]
                )
            }
            for (certificateID, state) in transition.certificateStates.sorted(by: { $0.key < $1.key }) {
                try changeState(of: certificateID, to: state, db: db, at: now)
            }
            let detail = InventoryRules.transitionDetail(transition, of: rotation)
            try appendEvent(
                db, action: "rotation.\(transition.to.rawValue)", profileID: rotation.profileID, profileName: rotation.profileName,
                certificateID: transition.newCertificateID ?? rotation.newCertificateID, rotationID: rotation.id, detail: detail, at: now
            )
            return try requireRotation(db, id: rotation.id)
        }
    }

    public func recordRotationAttempt(rotationID: Int64, in state: RotationState, error: String) throws(StoreError) -> StoredRotation {
        let now = clock()
        return try write("update a rotation in") { db in
            let rotation = try requireRotation(db, id: rotationID)
            try InventoryRules.requireState(rotation, state)
            try db.execute(
                sql: "UPDATE rotations SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?",
                arguments: [error, now, rotationID]
            )
            try appendEvent(
                db, action: "rotation.attempt_failed", profileID: rotation.profileID, profileName: rotation.profileName,
                rotationID: rotationID,
                detail: InventoryRules.attemptFailedDetail(rotation, in: state, error: error),
                at: now
            )
            return try requireRotation(db, id: rotationID)
        }
    }

    public func repointProfile(
        named name: String, to certificate: RotationTransition.ProfileCertificate,
        certificateStates: [Int64: CertificateState], action: String, detail: [String: EventValue]
    ) throws(StoreError) -> StoredProfile {
        try InventoryRules.validateReference(certificate.passwordReference)
        let now = clock()
        return try write("re-point a profile in") { db in
            let profile = try fetchProfile(db, named: name)
            if let open = try fetchRotation(db, where: "r.profile_id = ? AND r.state NOT IN ('completed', 'rolled_back')", [profile.id]) {
                throw InventoryRules.repointBlocked(by: open, profile: profile.name)
            }
            try db.execute(
                sql: "UPDATE profiles SET certificate_id = ?, certificate_path = ?, password_ref = ?, updated_at = ? WHERE id = ?",
                arguments: [certificate.certificateID, certificate.certificatePath, certificate.passwordReference, now, profile.id]
            )
            for (certificateID, state) in certificateStates.sorted(by: { $0.key < $1.key }) {
                try changeState(of: certificateID, to: state, db: db, at: now)
            }
            let eventDetail = InventoryRules.repointDetail(detail, to: certificate, from: profile.settings)
            try appendEvent(
                db, action: action, profileID: profile.id, profileName: profile.name,
                certificateID: certificate.certificateID, rotationID: nil, detail: eventDetail, at: now
            )
            return try fetchProfile(db, named: name)
        }
    }

    public func rotation(id: Int64) throws(StoreError) -> StoredRotation? {
        try read("read") { db in try fetchRotation(db, where: "r.id = ?", [id]) }
    }

    public func unfinishedRotation(profileName: String) throws(StoreError) -> StoredRotation? {
        try read("read") { db in
            try fetchRotation(db, where: "p.name = ? AND r.state NOT IN ('completed', 'rolled_back')", [profileName])
        }
    }

    public func rotations(profileName: String?) throws(StoreError) -> [StoredRotation] {
        try read("read") { db in
            let filter = profileName == nil ? "" : "WHERE p.name = ?"
            let arguments: StatementArguments = profileName.map { [$0] } ?? []
            return try Row.fetchAll(db, sql: "\(RotationRecord.selection) \(filter) ORDER BY r.id", arguments: arguments)
                .map { try RotationRecord(row: $0).rotation }
        }
    }

    private func fetchRotation(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> StoredRotation? {
        try Row.fetchOne(db, sql: "\(RotationRecord.selection) WHERE \(condition)", arguments: arguments)
            .map { try RotationRecord(row: $0).rotation }
    }

    private func requireRotation(_ db: Database, id: Int64) throws -> StoredRotation {
        guard let rotation = try fetchRotation(db, where: "r.id = ?", [id]) else {
            throw InventoryRules.rotationNotFound(id)
        }
        return rotation
    }
}
