import Foundation

extension PostgresInventoryStore {
    public func forEachCertificateByExpiry(_ body: (CertificateExpiryRow) -> Bool) throws(StoreError) {
        // The certificates_expiry index gives not_after order; DER is never read.
        let sql = """
            SELECT c.id, c.sha1_thumbprint, c.sha256_thumbprint, c.subject, c.subject_cn, c.issuer, c.issuer_cn,
                   c.serial_number, c.not_before, c.not_after, c.state
            FROM certificates c
            WHERE c.state <> 'retired' OR c.id IN (SELECT certificate_id FROM profiles WHERE certificate_id IS NOT NULL)
            ORDER BY c.not_after, c.id
            """
        try read("scan") { connection in
            let profileNames = try Self.profileNamesByCertificate(connection)
            let files = try Self.filePaths(connection)
            try connection.forEachRow(sql) { row in
                body(try Self.expiryRow(row, files: files, profileNames: profileNames))
            }
        }
    }

    private static func expiryRow(_ row: PostgresRow, files: [Int64: [String]], profileNames: [Int64: [String]]) throws -> CertificateExpiryRow {
        let id = try row.int64(0)
        let stateText = try row.string(10)
        guard let state = CertificateState(rawValue: stateText) else {
            throw StoreError(.database, "unknown certificate state \"\(stateText)\" in the inventory")
        }
        return CertificateExpiryRow(
            id: id, sha1Thumbprint: try row.string(1), sha256Thumbprint: try row.string(2),
            subject: try row.string(3), subjectCommonName: row.optionalString(4),
            issuer: try row.string(5), issuerCommonName: row.optionalString(6), serialNumber: try row.string(7),
            // Whole seconds, as the SQLite store reports them.
            notBefore: wholeSeconds(try row.date(8)), notAfter: wholeSeconds(try row.date(9)), state: state,
            filePaths: files[id] ?? [], profileNames: profileNames[id] ?? []
        )
    }

    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// Every certificate's file paths, read in one pass (a lookup per certificate would cost
    /// a round trip each).
    static func filePaths(_ connection: PostgresConnection) throws -> [Int64: [String]] {
        var paths: [Int64: [String]] = [:]
        try connection.forEachRow("SELECT certificate_id, path FROM certificate_files ORDER BY certificate_id, path") { row in
            paths[try row.int64(0), default: []].append(try row.string(1))
            return true
        }
        return paths
    }
}
