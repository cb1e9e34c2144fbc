import Foundation

extension PostgresInventoryStore {
    public func startRotation(profileName: String, optionsJSON: String) throws(StoreError) -> StoredRotation {
        let now = clock()
        return try write("start a rotation in") { connection in
            let profile = try fetchProfile(connection, named: profileName)
            if let open = try fetchRotation(connection, where: "r.profile_id = $1 AND r.state NOT IN ('completed', 'rolled_back')", [profile.id]) {
                throw InventoryRules.rotationAlreadyOpen(open, profile: profile.name)
            }
            let revision = (try connection.execute("SELECT max(revision) FROM rotations WHERE profile_id = $1", [profile.id]).first?.optionalInt64(0) ?? 0) + 1
            let id = try connection.execute(
                """
                INSERT INTO rotations (profile_id, revision, state, old_certificate_id, old_certificate_path, old_password_ref,
                    options, started_at, state_entered_at, updated_at)
                VALUES ($1, $2, 'started', $3, $4, $5, $6, $7, $7, $7) RETURNING id
                """,
                [
                    profile.id, revision, profile.settings.certificateID, profile.settings.certificatePath,
                    profile.settings.passwordReference, optionsJSON, now,
                ]
            ).first?.int64(0)
            guard let id else { throw StoreError(.database, "the rotation of \(profile.name) was not recorded") }
            try appendEvent(
                connection, action: "rotation.started", profileID: profile.id, profileName: profile.name,
                certificateID: profile.settings.certificateID, rotationID: id, detail: ["revision": .int(revision)], at: now
            )
            return try requireRotation(connection, id: id)
        }
    }

    public func advanceRotation(_ transition: RotationTransition) throws(StoreError) -> StoredRotation {
        if let repoint = transition.repointProfile { try InventoryRules.validateReference(repoint.passwordReference) }
        try InventoryRules.validateReference(transition.newPasswordReference)
        try InventoryRules.validateReference(transition.stagedKey?.passwordReference)
        let now = clock()
        return try write("advance a rotation in") { connection in
            let rotation = try requireRotation(connection, id: transition.rotationID)
            try InventoryRules.requireState(rotation, transition.from)
            try connection.execute(
                """
                UPDATE rotations SET state = $1, state_entered_at = $2, updated_at = $2, attempts = 0, last_error = NULL,
                    finished_at = $3,
                    new_certificate_id = coalesce($4, new_certificate_id), registration = coalesce($5, registration),
                    graph_key_id = coalesce($6, graph_key_id), old_graph_key_id = coalesce($7, old_graph_key_id),
                    new_certificate_path = coalesce($8, new_certificate_path), new_password_ref = coalesce($9, new_password_ref),
                    retire_after = coalesce($10, retire_after)
                WHERE id = $11
                """,
                [
                    transition.to.rawValue, now, transition.to.isFinished ? now : nil,
                    transition.newCertificateID, transition.registration?.rawValue, transition.graphKeyID, transition.oldGraphKeyID,
                    transition.newCertificatePath, transition.newPasswordReference, transition.retireAfter,
                    rotation.id,
                ]
            )
            try applyStagedKey(transition, connection, at: now)
            if let repoint = transition.repointProfile {
                try connection.execute(
                    "UPDATE profiles SET certificate_id = $1, certificate_path = $2, password_ref = $3, updated_at = $4 WHERE id = $5",
                    [repoint.certificateID, repoint.certificatePath, repoint.passwordReference, now, rotation.profileID]
                )
            }
            for (certificateID, state) in transition.certificateStates.sorted(by: { $0.key < $1.key }) {
                try changeState(of: certificateID, to: state, connection, at: now)
            }
            let detail = InventoryRules.transitionDetail(transition, of: rotation)
            try appendEvent(
                connection, action: "rotation.\(transition.to.rawValue)", profileID: rotation.profileID, profileName: rotation.profileName,
                certificateID: transition.newCertificateID ?? rotation.newCertificateID, rotationID: rotation.id, detail: detail, at: now
            )
            return try requireRotation(connection, id: rotation.id)
        }
    }

    public func recordRotationAttempt(rotationID: Int64, in state: RotationState, error: String) throws(StoreError) -> StoredRotation {
        let now = clock()
        return try write("update a rotation in") { connection in
            let rotation = try requireRotation(connection, id: rotationID)
            try InventoryRules.requireState(rotation, state)
            try connection.execute(
                "UPDATE rotations SET attempts = attempts + 1, last_error = $1, updated_at = $2 WHERE id = $3", [error, now, rotationID]
            )
            try appendEvent(
                connection, action: "rotation.attempt_failed", profileID: rotation.profileID, profileName: rotation.profileName,
                rotationID: rotationID,
                detail: InventoryRules.attemptFailedDetail(rotation, in: state, error: error),
                at: now
            )
            return try requireRotation(connection, id: rotationID)
        }
    }

    public func repointProfile(
        named name: String, to certificate: RotationTransition.ProfileCertificate,
        certificateStates: [Int64: CertificateState], action: String, detail: [String: EventValue]
    ) throws(StoreError) -> StoredProfile {
        try InventoryRules.validateReference(certificate.passwordReference)
        let now = clock()
        return try write("re-point a profile in") { connection in
            let profile = try fetchProfile(connection, named: name)
            if let open = try fetchRotation(connection, where: "r.profile_id = $1 AND r.state NOT IN ('completed', 'rolled_back')", [profile.id]) {
                throw InventoryRules.repointBlocked(by: open, profile: profile.name)
            }
            try connection.execute(
                "UPDATE profiles SET certificate_id = $1, certificate_path = $2, password_ref = $3, updated_at = $4 WHERE id = $5",
                [certificate.certificateID, certificate.certificatePath, certificate.passwordReference, now, profile.id]
            )
            for (certificateID, state) in certificateStates.sorted(by: { $0.key < $1.key }) {
                try changeState(of: certificateID, to: state, connection, at: now)
            }
            let eventDetail = InventoryRules.repointDetail(detail, to: certificate, from: profile.settings)
            try appendEvent(
                connection, action: action, profileID: profile.id, profileName: profile.name,
                certificateID: certificate.certificateID, rotationID: nil, detail: eventDetail, at: now
            )
            return try fetchProfile(connection, named: name)
        }
    }

    public func rotation(id: Int64) throws(StoreError) -> StoredRotation? {
        try read("read") { connection in try fetchRotation(connection, where: "r.id = $1", [id]) }
    }

    public func unfinishedRotation(profileName: String) throws(StoreError) -> StoredRotation? {
        try read("read") { connection in
            try fetchRotation(connection, where: "lower(p.name) = lower($1) AND r.state NOT IN ('completed', 'rolled_back')", [profileName])
        }
    }

    public func rotations(profileName: String?) throws(StoreError) -> [StoredRotation] {
        try read("read") { connection in
            let filter = profileName == nil ? "" : "WHERE lower(p.name) = lower($1)"
            return try connection.execute("\(RotationRecord.selection) \(filter) ORDER BY r.id", profileName.map { [$0] } ?? [])
                .rows.map { row in try StoreRecords.rotation(row) }
        }
    }

    private func fetchRotation(_ connection: PostgresConnection, where condition: String, _ parameters: [(any PostgresEncodable)?]) throws
        -> StoredRotation?
    {
        try connection.execute("\(RotationRecord.selection) WHERE \(condition)", parameters).first.map { row in try StoreRecords.rotation(row) }
    }

    private func requireRotation(_ connection: PostgresConnection, id: Int64) throws -> StoredRotation {
        guard let rotation = try fetchRotation(connection, where: "r.id = $1", [id]) else {
            throw InventoryRules.rotationNotFound(id)
        }
        return rotation
    }
}
