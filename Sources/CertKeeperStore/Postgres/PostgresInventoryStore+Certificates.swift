import Foundation

extension PostgresInventoryStore {
    public func certificate(id: Int64) throws(StoreError) -> InventoryEntry? {
        try read("read") { connection in
            guard let row = try connection.execute("SELECT \(CertificateRecord.columns) FROM certificates WHERE id = $1", [id]).first else {
                return nil
            }
            let certificate = try StoreRecords.certificate(row)
            let files = try connection.execute(
                "SELECT \(CertificateFileRecord.columns) FROM certificate_files WHERE certificate_id = $1 ORDER BY id", [id]
            ).rows.compactMap { row in try StoreRecords.file(row) }
            let names = try connection.execute(
                "SELECT name FROM profiles WHERE certificate_id = $1 ORDER BY lower(name) COLLATE \"C\", name", [id]
            ).rows.map { row in try row.string(0) }
            return InventoryEntry(certificate: certificate, files: files, profileNames: names)
        }
    }

    public func certificates(thumbprintPrefix prefix: String) throws(StoreError) -> [StoredCertificate] {
        let upper = prefix.uppercased()
        guard !upper.isEmpty, upper.count <= 64, InventoryRules.isHex(upper, count: upper.count) else {
            throw StoreError(.invalidValue, "\"\(prefix)\" is not a hex thumbprint prefix")
        }
        // Thumbprints are uppercase hex (COLLATE "C"), so every value starting with the prefix
        // lies in [prefix, prefix + "G"): a range both unique indexes can answer.
        let upperBound = upper + "G"
        return try read("read") { connection in
            try connection.execute(
                """
                SELECT \(CertificateRecord.columns) FROM certificates
                WHERE (sha1_thumbprint >= $1 AND sha1_thumbprint < $2) OR (sha256_thumbprint >= $1 AND sha256_thumbprint < $2)
                ORDER BY id
                """, [upper, upperBound]
            ).rows.map { row in try StoreRecords.certificate(row) }
        }
    }

    public func certificates(matching query: CertificateQuery) throws(StoreError) -> [InventoryEntry] {
        var entries: [InventoryEntry] = []
        try forEachCertificate(matching: query) { entries.append($0) }
        return entries
    }

    public func forEachCertificate(matching query: CertificateQuery, _ body: (InventoryEntry) -> Void) throws(StoreError) {
        var conditions: [String] = []
        var parameters: [(any PostgresEncodable)?] = []
        if let before = query.expiringBefore {
            parameters.append(before)
            conditions.append("c.not_after < $\(parameters.count)")
        }
        if !query.states.isEmpty {
            let states = query.states.map(\.rawValue).sorted()
            parameters.append(contentsOf: states.map { $0 as (any PostgresEncodable)? })
            conditions.append("c.state IN (\(Self.placeholders(states.count, from: parameters.count - states.count + 1)))")
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
        try read("read") { connection in
            var entries = InventoryEntryGrouping(profileNames: try Self.profileNamesByCertificate(connection))
            try connection.forEachRow(sql, parameters) { row in
                try entries.add(row, body)
                return true
            }
            entries.finish(body)
        }
    }

    public func removeCertificate(id: Int64) throws(StoreError) -> StoredCertificate {
        try write("remove a certificate from") { connection in
            guard let row = try connection.execute("SELECT \(CertificateRecord.columns) FROM certificates WHERE id = $1", [id]).first else {
                throw StoreError(.notFound, "no certificate with id \(id) in the inventory")
            }
            let certificate = try StoreRecords.certificate(row)
            let profiles = try connection.execute(
                "SELECT name FROM profiles WHERE certificate_id = $1 ORDER BY lower(name) COLLATE \"C\", name", [id]
            ).rows.map { row in try row.string(0) }
            if !profiles.isEmpty {
                throw StoreError(.conflict, "certificate \(id) is the active certificate of profile \(profiles.joined(separator: ", ")): rotate or edit the profile first")
            }
            let rotations =
                try connection.execute(
                    "SELECT count(*) FROM rotations WHERE old_certificate_id = $1 OR new_certificate_id = $1", [id]
                ).first?.int(0) ?? 0
            if rotations > 0 {
                throw StoreError(.conflict, "certificate \(id) belongs to \(rotations) rotation(s) and stays for their history")
            }
            let files = try connection.execute("SELECT count(*) FROM certificate_files WHERE certificate_id = $1", [id]).first?.int(0) ?? 0
            try connection.execute("DELETE FROM certificates WHERE id = $1", [id])
            try appendEvent(
                connection, action: "certificate.removed", certificateID: id,
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
        try write("update") { connection in try changeState(of: id, to: state, connection, at: clock()) }
    }

    /// Inside the caller's transaction (rotation steps change states too).
    func changeState(of id: Int64, to state: CertificateState, _ connection: PostgresConnection, at now: Date) throws {
        guard let previous = try connection.execute("SELECT state FROM certificates WHERE id = $1", [id]).first?.string(0) else {
            throw StoreError(.notFound, "no certificate with id \(id) in the inventory")
        }
        guard previous != state.rawValue else { return }
        try connection.execute("UPDATE certificates SET state = $1, updated_at = $2 WHERE id = $3", [state.rawValue, now, id])
        try appendEvent(
            connection, action: "certificate.state_changed", certificateID: id,
            detail: InventoryRules.stateChangedDetail(from: previous, to: state), at: now
        )
    }

    static func profileNamesByCertificate(_ connection: PostgresConnection) throws -> [Int64: [String]] {
        var names: [Int64: [String]] = [:]
        let rows = try connection.execute(
            "SELECT certificate_id, name FROM profiles WHERE certificate_id IS NOT NULL ORDER BY lower(name) COLLATE \"C\", name")
        for row in rows.rows {
            names[try row.int64(0), default: []].append(try row.string(1))
        }
        return names
    }
}
