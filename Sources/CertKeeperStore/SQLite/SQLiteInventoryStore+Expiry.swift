import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func forEachCertificateByExpiry(_ body: (CertificateExpiryRow) -> Bool) throws(StoreError) {
        // Walks the not_after index; each certificate's files come from the
        // UNIQUE (certificate_id, path) index, so no sort and no temporary table. Only the
        // columns a scan prints are read (no DER), and dates arrive as Unix seconds.
        let sql = """
            SELECT c.id, c.sha1_thumbprint, c.sha256_thumbprint, c.subject, c.subject_cn, c.issuer, c.issuer_cn,
                   c.serial_number, CAST(strftime('%s', c.not_before) AS INTEGER), CAST(strftime('%s', c.not_after) AS INTEGER),
                   c.state, f.path
            FROM certificates c INDEXED BY certificates_not_after
            LEFT JOIN certificate_files f ON f.certificate_id = c.id
            WHERE c.state <> 'retired' OR c.id IN (SELECT certificate_id FROM profiles WHERE certificate_id IS NOT NULL)
            ORDER BY c.not_after
            """
        try read("scan") { db in
            let profileNames = try Self.profileNamesByCertificate(db)
            var pending: CertificateExpiryRow?
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() {
                let id = try row.decode(Int64.self, atIndex: 0)
                let path = try row.decode(String?.self, atIndex: 11)
                if pending?.id == id {
                    if let path { pending?.filePaths.append(path) }
                    continue
                }
                if let finished = pending, !body(finished) { return }
                pending = try Self.expiryRow(row, paths: path.map { [$0] } ?? [], profileNames: profileNames)
            }
            if let finished = pending { _ = body(finished) }
        }
    }

    private static func expiryRow(_ row: Row, paths: [String], profileNames: [Int64: [String]]) throws -> CertificateExpiryRow {
        let id = try row.decode(Int64.self, atIndex: 0)
        let stateText = try row.decode(String.self, atIndex: 10)
        guard let state = CertificateState(rawValue: stateText) else {
            throw StoreError(.database, "unknown certificate state \"\(stateText)\" in the inventory")
        }
        return CertificateExpiryRow(
            id: id,
            sha1Thumbprint: try row.decode(String.self, atIndex: 1),
            sha256Thumbprint: try row.decode(String.self, atIndex: 2),
            subject: try row.decode(String.self, atIndex: 3),
            subjectCommonName: try row.decode(String?.self, atIndex: 4),
            issuer: try row.decode(String.self, atIndex: 5),
            issuerCommonName: try row.decode(String?.self, atIndex: 6),
            serialNumber: try row.decode(String.self, atIndex: 7),
            notBefore: Date(timeIntervalSince1970: TimeInterval(try row.decode(Int64.self, atIndex: 8))),
            notAfter: Date(timeIntervalSince1970: TimeInterval(try row.decode(Int64.self, atIndex: 9))),
            state: state,
            filePaths: paths,
            profileNames: profileNames[id] ?? []
        )
    }
}
