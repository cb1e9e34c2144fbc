import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func certificate(id: Int64) throws(StoreError) -> InventoryEntry? {
        try read("read") { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT \(CertificateRecord.columns) FROM certificates WHERE id = ?", arguments: [id]
                )
            else { return nil }
            let certificate = try CertificateRecord(row: row).certificate
            let files = try Row.fetchAll(
                db, sql: "SELECT \(CertificateFileRecord.columns) FROM certificate_files WHERE certificate_id = ? ORDER BY id",
                arguments: [id]
            ).map { try CertificateFileRecord(row: $0).file }
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM profiles WHERE certificate_id = ? ORDER BY name", arguments: [id]
            )
            return InventoryEntry(certificate: certificate, files: files, profileNames: names)
        }
    }

    public func certificates(thumbprintPrefix prefix: String) throws(StoreError) -> [StoredCertificate] {
        let upper = prefix.uppercased()
        guard !upper.isEmpty, upper.count <= 64, InventoryRules.isHex(upper, count: upper.count) else {
            throw StoreError(.invalidValue, "\"\(prefix)\" is not a hex thumbprint prefix")
        }
        // Thumbprints are uppercase hex, so every value starting with the prefix lies in
        // [prefix, prefix + "G"): a range both unique indexes can answer.
        let upperBound = upper + "G"
        return try read("read") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(CertificateRecord.columns) FROM certificates
                    WHERE (sha1_thumbprint >= ? AND sha1_thumbprint < ?) OR (sha256_thumbprint >= ? AND sha256_thumbprint < ?)
                    ORDER BY id
                    """, arguments: [upper, upperBound, upper, upperBound]
            ).map { try CertificateRecord(row: $0).certificate }
        }
    }

    public func certificates(matching query: CertificateQuery) throws(StoreError) -> [InventoryEntry] {
        var entries: [InventoryEntry] = []
        try forEachCertificate(matching: query) { entries.append($0) }
        return entries
    }

    public func forEachCertificate(matching query: CertificateQuery, _ body: (InventoryEntry) -> Void) throws(StoreError) {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let before = query.expiringBefore {
            conditions.append("c.not_after < ?")
            _ = arguments.append(contentsOf: [before])
        }
        if !query.states.isEmpty {
            let states = query.states.map(\.rawValue).sorted()
            conditions.append("c.state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
            _ = arguments.append(contentsOf: StatementArguments(states))
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order = query.expiringBefore == nil ? "c.id" : "c.not_after, c.id"
        // One pass over certificates LEFT JOIN files, grouped by certificate: memory stays
        // flat however large the inventory is.
        let sql = """
            SELECT \(InventoryEntryGrouping.joinedColumns)
            FROM certificates c LEFT JOIN certificate_files f ON f.certificate_id = c.id
            \(filter)
            ORDER BY \(order), f.id
            """
        try read("read") { db in
            var entries = InventoryEntryGrouping(profileNames: try Self.profileNamesByCertificate(db))
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() { try entries.add(GRDBStoreRow(row), body) }
            entries.finish(body)
        }
    }

    public func removeCertificate(id: Int64) throws(StoreError) -> StoredCertificate {
        try write("remove a certificate from") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(CertificateRecord.columns) FROM certificates WHERE id = ?", arguments: [id]) else {
                throw StoreError(.notFound, "no certificate with id \(id) in the inventory")
            }
            let certificate = try CertificateRecord(row: row).certificate
            let profiles = try String.fetchAll(db, sql: "SELECT name FROM profiles WHERE certificate_id = ? ORDER BY name", arguments: [id])
            if !profiles.isEmpty {
                throw StoreError(.conflict, "certificate \(id) is the active certificate of profile \(profiles.joined(separator: ", ")): rotate or edit the profile first")
            }
            let rotations =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM rotations WHERE old_certificate_id = ? OR new_certificate_id = ?", arguments: [id, id]
                ) ?? 0
            if rotations > 0 {
                throw StoreError(.conflict, "certificate \(id) belongs to \(rotations) rotation(s) and stays for their history")
            }
            let files = try Int.fetchOne(db, sql: "SELECT count(*) FROM certificate_files WHERE certificate_id = ?", arguments: [id]) ?? 0
            try db.execute(sql: "DELETE FROM certificates WHERE id = ?", arguments: [id])
            try appendEvent(
                db, action: "certificate.removed", certificateID: id,
                detail: [
                    "sha256_thumbprint": .string(certificate.facts.sha256Thumbprint), "subject": .string(certificate.facts.subject),
                    "file_locations": EventValue(files),
                ],
                at: clock()
            )
            return certificate
        }
    }

    public func setCertificateState(id: Int64, to state: CertificateState) throws(StoreError) {
        try write("update") { db in try changeState(of: id, to: state, db: db, at: clock()) }
    }

    /// Inside the caller's transaction (rotation steps change states too).
    func changeState(of id: Int64, to state: CertificateState, db: Database, at now: Date) throws {
        guard let previous = try String.fetchOne(db, sql: "SELECT state FROM certificates WHERE id = ?", arguments: [id]) else {
            throw StoreError(.notFound, "no certificate with id \(id) in the inventory")
        }
        guard previous != state.rawValue else { return }
        try db.execute(sql: "UPDATE certificates SET state = ?, updated_at = ? WHERE id = ?", arguments: [state.rawValue, now, id])
        try appendEvent(
            db, action: "certificate.state_changed", certificateID: id,
            detail: InventoryRules.stateChangedDetail(from: previous, to: state), at: now
        )
    }

    static func profileNamesByCertificate(_ db: Database) throws -> [Int64: [String]] {
        var names: [Int64: [String]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT certificate_id, name FROM profiles WHERE certificate_id IS NOT NULL ORDER BY name") {
            names[try row.decode(forColumn: "certificate_id"), default: []].append(try row.decode(forColumn: "name"))
        }
        return names
    }
}
