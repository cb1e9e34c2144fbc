import Foundation

extension PostgresInventoryStore {
    public func forEachCertificateByExpiry(_ body: (CertificateExpiryRow) -> Bool) throws(StoreError) {
        // Streamed with binary COPY (PostgresCopyStream) in the certificates_expiry index's
        // order; DER is never read. Ties on not_after are broken as the SQLite store's
        // covering index breaks them, so both stores print the same report.
        let sql = """
            SELECT \(ExpiryScanColumns.select)
            FROM certificates c
            WHERE c.state <> 'retired' OR c.id IN (SELECT certificate_id FROM profiles WHERE certificate_id IS NOT NULL)
            ORDER BY c.not_after, c.not_before, c.state COLLATE "C", c.sha1_thumbprint
            """
        try read("scan") { connection in
            let profileNames = try Self.profileNamesByCertificate(connection)
            let files = try FilePathTable(connection)
            var issuers = RepeatedIssuer()
            try connection.forEachCopyRow(sql, columns: ExpiryScanColumns.count) { row in
                body(try CertificateExpiryRow(row, issuers: &issuers, files: files, profileNames: profileNames))
            }
        }
    }

    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}

extension FilePathTable {
    /// Every certificate's file paths, read in one pass (a lookup per certificate would cost
    /// a round trip each).
    init(_ connection: PostgresConnection) throws {
        self.init()
        try connection.forEachCopyRow("SELECT certificate_id, path FROM certificate_files ORDER BY certificate_id, path", columns: 2) { row in
            row.withBytes(1) { append(id: row.int64(0), path: $0) }
            return true
        }
    }
}
