import Foundation

extension PostgresInventoryStore {
    public func createProfile(_ settings: ProfileSettings) throws(StoreError) -> StoredProfile {
        guard let profile = try createProfiles([settings]).first else {
            throw StoreError(.database, "the profile \(settings.name) was not created")
        }
        return profile
    }

    public func createProfiles(_ all: [ProfileSettings]) throws(StoreError) -> [StoredProfile] {
        try InventoryRules.validate(all)
        let now = clock()
        return try write("create a profile in") { connection in
            var ids: [Int64] = []
            for settings in all {
                try refuseTakenName(settings.name, exceptID: nil, connection)
                try requireCertificate(settings.certificateID, connection)
                let id = try connection.execute(
                    """
                    INSERT INTO profiles (\(ProfileRecord.settingsColumns), created_at, updated_at)
                    VALUES (\(Self.placeholders(ProfileRecord.settingsColumnCount + 2))) RETURNING id
                    """, PostgresRecords.profileParameters(settings) + [now, now]
                ).first?.int64(0)
                guard let id else { throw StoreError(.database, "the profile \(settings.name) was not created") }
                ids.append(id)
                try appendEvent(
                    connection, action: "profile.created", profileID: id, profileName: settings.name, certificateID: settings.certificateID,
                    detail: InventoryRules.eventDetail(settings), at: now
                )
                if let certificateID = settings.certificateID { try changeState(of: certificateID, to: .active, connection, at: now) }
            }
            return try ids.map { id throws in try fetchProfile(connection, id: id) }
        }
    }

    public func updateProfile(named name: String, to settings: ProfileSettings) throws(StoreError) -> StoredProfile {
        try InventoryRules.validate(settings)
        let now = clock()
        return try write("update a profile in") { connection in
            let existing = try fetchProfile(connection, named: name)
            try refuseTakenName(settings.name, exceptID: existing.id, connection)
            try requireCertificate(settings.certificateID, connection)
            let count = ProfileRecord.settingsColumnCount
            try connection.execute(
                """
                UPDATE profiles SET (\(ProfileRecord.settingsColumns), updated_at) = (\(Self.placeholders(count + 1)))
                WHERE id = $\(count + 2)
                """, PostgresRecords.profileParameters(settings) + [now, existing.id]
            )
            var detail = InventoryRules.eventDetail(settings)
            detail["changed"] = .string(InventoryRules.changedFields(from: existing.settings, to: settings).joined(separator: ","))
            if existing.settings.name != settings.name { detail["previous_name"] = .string(existing.settings.name) }
            try appendEvent(
                connection, action: "profile.updated", profileID: existing.id, profileName: settings.name,
                certificateID: settings.certificateID, detail: detail, at: now
            )
            if let certificateID = settings.certificateID { try changeState(of: certificateID, to: .active, connection, at: now) }
            if let previous = existing.settings.certificateID, previous != settings.certificateID {
                try releaseCertificate(previous, connection, at: now)
            }
            return try fetchProfile(connection, id: existing.id)
        }
    }

    public func profile(named name: String) throws(StoreError) -> StoredProfile? {
        try read("read") { connection in
            guard
                let row = try connection.execute(
                    "SELECT \(ProfileRecord.columns) FROM profiles WHERE lower(name) = lower($1)", [name]
                ).first
            else { return nil }
            return try storedProfile(row, connection)
        }
    }

    public func profiles() throws(StoreError) -> [StoredProfile] {
        try read("read") { connection in
            try connection.execute("SELECT \(ProfileRecord.columns) FROM profiles ORDER BY lower(name) COLLATE \"C\", name")
                .rows.map { row throws in try storedProfile(row, connection) }
        }
    }

    public func deleteProfile(named name: String) throws(StoreError) -> StoredProfile {
        let now = clock()
        return try write("delete a profile from") { connection in
            let existing = try fetchProfile(connection, named: name)
            let unfinished = try connection.execute(
                "SELECT revision FROM rotations WHERE profile_id = $1 AND state NOT IN ('completed', 'rolled_back')", [existing.id]
            ).first?.int(0)
            if let unfinished {
                throw InventoryRules.profileBusy(existing.name, rotationRevision: Int64(unfinished))
            }
            try connection.execute("DELETE FROM profiles WHERE id = $1", [existing.id])
            try appendEvent(
                connection, action: "profile.deleted", profileID: existing.id, profileName: existing.name,
                certificateID: existing.settings.certificateID, detail: InventoryRules.eventDetail(existing.settings), at: now
            )
            if let certificateID = existing.settings.certificateID { try releaseCertificate(certificateID, connection, at: now) }
            return existing
        }
    }

    // MARK: - Helpers inside a transaction

    func fetchProfile(_ connection: PostgresConnection, named name: String) throws -> StoredProfile {
        guard
            let row = try connection.execute("SELECT \(ProfileRecord.columns) FROM profiles WHERE lower(name) = lower($1)", [name]).first
        else {
            throw StoreError(.notFound, "no profile named \(name): see certkeeper profile list")
        }
        return try storedProfile(row, connection)
    }

    func fetchProfile(_ connection: PostgresConnection, id: Int64) throws -> StoredProfile {
        guard let row = try connection.execute("SELECT \(ProfileRecord.columns) FROM profiles WHERE id = $1", [id]).first else {
            throw StoreError(.notFound, "no profile with id \(id)")
        }
        return try storedProfile(row, connection)
    }

    private func storedProfile(_ row: PostgresRow, _ connection: PostgresConnection) throws -> StoredProfile {
        let record = try StoreRecords.profile(row)
        var certificate: StoredCertificate?
        if let id = record.settings.certificateID,
            let row = try connection.execute("SELECT \(CertificateRecord.columns) FROM certificates WHERE id = $1", [id]).first
        {
            certificate = try StoreRecords.certificate(row)
        }
        return StoredProfile(id: record.id, settings: record.settings, certificate: certificate, createdAt: record.createdAt, updatedAt: record.updatedAt)
    }

    private func refuseTakenName(_ name: String, exceptID: Int64?, _ connection: PostgresConnection) throws {
        let taken = try connection.execute("SELECT id FROM profiles WHERE lower(name) = lower($1)", [name]).first?.int64(0)
        if let taken, taken != exceptID {
            throw StoreError(.duplicate, "a profile named \(name) already exists (names are case-insensitive): choose another name or edit it")
        }
    }

    private func requireCertificate(_ id: Int64?, _ connection: PostgresConnection) throws {
        guard let id else { return }
        guard try connection.execute("SELECT 1 FROM certificates WHERE id = $1", [id]).count > 0 else {
            throw StoreError(.notFound, "no certificate with id \(id) in the inventory")
        }
    }

    /// A certificate no profile uses any more goes back to `discovered` (unless a rotation
    /// has already marked it retired).
    func releaseCertificate(_ id: Int64, _ connection: PostgresConnection, at now: Date) throws {
        let users = try connection.execute("SELECT count(*) FROM profiles WHERE certificate_id = $1", [id]).first?.int(0) ?? 0
        let state = try connection.execute("SELECT state FROM certificates WHERE id = $1", [id]).first?.string(0)
        if users == 0, state == CertificateState.active.rawValue {
            try changeState(of: id, to: .discovered, connection, at: now)
        }
    }
}
