import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func createProfile(_ settings: ProfileSettings) throws(StoreError) -> StoredProfile {
        guard let profile = try createProfiles([settings]).first else {
            throw StoreError(.database, "the profile \(settings.name) was not created")
        }
        return profile
    }

    public func createProfiles(_ all: [ProfileSettings]) throws(StoreError) -> [StoredProfile] {
        try InventoryRules.validate(all)
        let now = clock()
        return try write("create a profile in") { db in
            var ids: [Int64] = []
            for settings in all {
                try refuseTakenName(settings.name, exceptID: nil, db: db)
                try requireCertificate(settings.certificateID, db: db)
                try db.execute(
                    sql: "INSERT INTO profiles (\(ProfileRecord.settingsColumns), created_at, updated_at) VALUES (\(Self.placeholders(ProfileRecord.settingsColumnCount + 2)))",
                    arguments: ProfileRecord.arguments(for: settings) + [now, now]
                )
                let id = db.lastInsertedRowID
                ids.append(id)
                try appendEvent(
                    db, action: "profile.created", profileID: id, profileName: settings.name, certificateID: settings.certificateID,
                    detail: InventoryRules.eventDetail(settings), at: now
                )
                if let certificateID = settings.certificateID { try changeState(of: certificateID, to: .active, db: db, at: now) }
            }
            return try ids.map { id throws in try fetchProfile(db, id: id) }
        }
    }

    public func updateProfile(named name: String, to settings: ProfileSettings) throws(StoreError) -> StoredProfile {
        try InventoryRules.validate(settings)
        let now = clock()
        return try write("update a profile in") { db in
            let existing = try fetchProfile(db, named: name)
            try refuseTakenName(settings.name, exceptID: existing.id, db: db)
            try requireCertificate(settings.certificateID, db: db)
            try db.execute(
                sql: """
                    UPDATE profiles SET (\(ProfileRecord.settingsColumns), updated_at) = (\(Self.placeholders(ProfileRecord.settingsColumnCount + 1)))
                    WHERE id = ?
                    """,
                arguments: ProfileRecord.arguments(for: settings) + [now, existing.id]
            )
            var detail = InventoryRules.eventDetail(settings)
            detail["changed"] = .string(InventoryRules.changedFields(from: existing.settings, to: settings).joined(separator: ","))
            if existing.settings.name != settings.name { detail["previous_name"] = .string(existing.settings.name) }
            try appendEvent(
                db, action: "profile.updated", profileID: existing.id, profileName: settings.name,
                certificateID: settings.certificateID, detail: detail, at: now
            )
            if let certificateID = settings.certificateID { try changeState(of: certificateID, to: .active, db: db, at: now) }
            if let previous = existing.settings.certificateID, previous != settings.certificateID {
                try releaseCertificate(previous, db: db, at: now)
            }
            return try fetchProfile(db, id: existing.id)
        }
    }

    public func profile(named name: String) throws(StoreError) -> StoredProfile? {
        try read("read") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(ProfileRecord.columns) FROM profiles WHERE name = ?", arguments: [name]) else {
                return nil
            }
            return try storedProfile(ProfileRecord(row: row), db: db)
        }
    }

    public func profiles() throws(StoreError) -> [StoredProfile] {
        try read("read") { db in
            try Row.fetchAll(db, sql: "SELECT \(ProfileRecord.columns) FROM profiles ORDER BY name")
                .map { row throws in try storedProfile(ProfileRecord(row: row), db: db) }
        }
    }

    public func deleteProfile(named name: String) throws(StoreError) -> StoredProfile {
        let now = clock()
        return try write("delete a profile from") { db in
            let existing = try fetchProfile(db, named: name)
            let unfinished = try Int.fetchOne(
                db, sql: "SELECT revision FROM rotations WHERE profile_id = ? AND state NOT IN ('completed', 'rolled_back')",
                arguments: [existing.id]
            )
            if let unfinished {
                throw InventoryRules.profileBusy(existing.name, rotationRevision: Int64(unfinished))
            }
            try db.execute(sql: "DELETE FROM profiles WHERE id = ?", arguments: [existing.id])
            try appendEvent(
                db, action: "profile.deleted", profileID: existing.id, profileName: existing.name,
                certificateID: existing.settings.certificateID, detail: InventoryRules.eventDetail(existing.settings), at: now
            )
            if let certificateID = existing.settings.certificateID { try releaseCertificate(certificateID, db: db, at: now) }
            return existing
        }
    }

    // MARK: - Helpers inside a transaction

    func fetchProfile(_ db: Database, named name: String) throws -> StoredProfile {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(ProfileRecord.columns) FROM profiles WHERE name = ?", arguments: [name]) else {
            throw StoreError(.notFound, "no profile named \(name): see certkeeper profile list")
        }
        return try storedProfile(ProfileRecord(row: row), db: db)
    }

    func fetchProfile(_ db: Database, id: Int64) throws -> StoredProfile {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(ProfileRecord.columns) FROM profiles WHERE id = ?", arguments: [id]) else {
            throw StoreError(.notFound, "no profile with id \(id)")
        }
        return try storedProfile(ProfileRecord(row: row), db: db)
    }

    private func storedProfile(_ record: ProfileRecord, db: Database) throws -> StoredProfile {
        var certificate: StoredCertificate?
        if let id = record.settings.certificateID,
            let row = try Row.fetchOne(db, sql: "SELECT \(CertificateRecord.columns) FROM certificates WHERE id = ?", arguments: [id])
        {
            certificate = try CertificateRecord(row: row).certificate
        }
        return StoredProfile(id: record.id, settings: record.settings, certificate: certificate, createdAt: record.createdAt, updatedAt: record.updatedAt)
    }

    private func refuseTakenName(_ name: String, exceptID: Int64?, db: Database) throws {
        let taken = try Int64.fetchOne(db, sql: "SELECT id FROM profiles WHERE name = ?", arguments: [name])
        if let taken, taken != exceptID {
            throw StoreError(.duplicate, "a profile named \(name) already exists (names are case-insensitive): choose another name or edit it")
        }
    }

    private func requireCertificate(_ id: Int64?, db: Database) throws {
        guard let id else { return }
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM certificates WHERE id = ?", arguments: [id]) ?? false else {
            throw StoreError(.notFound, "no certificate with id \(id) in the inventory")
        }
    }

    /// A certificate no profile uses any more goes back to `discovered` (unless a rotation
    /// has already marked it retired).
    func releaseCertificate(_ id: Int64, db: Database, at now: Date) throws {
        let users = try Int.fetchOne(db, sql: "SELECT count(*) FROM profiles WHERE certificate_id = ?", arguments: [id]) ?? 0
        let state = try String.fetchOne(db, sql: "SELECT state FROM certificates WHERE id = ?", arguments: [id])
        if users == 0, state == CertificateState.active.rawValue {
            try changeState(of: id, to: .discovered, db: db, at: now)
        }
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

}
