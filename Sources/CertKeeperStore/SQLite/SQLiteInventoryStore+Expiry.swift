import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func forEachCertificateByExpiry(_ body: (CertificateExpiryRow) -> Bool) throws(StoreError) {
        // Walks the covering certificates_expiry index (migration 0003) in not_after order:
        // no table page is read, no sort, no temporary table. Columns are read with the C
        // API and dates parsed from their text in Swift (ColumnReader, StoredTimestamp).
        // Ties on not_after come in the index's order (not_before, state, sha1_thumbprint):
        // the PostgreSQL store orders them alike, so both print the same report.
        let sql = """
            SELECT \(ExpiryScanColumns.select)
            FROM certificates c INDEXED BY certificates_expiry
            WHERE c.state <> 'retired' OR c.id IN (SELECT certificate_id FROM profiles WHERE certificate_id IS NOT NULL)
            ORDER BY c.not_after
            """
        try read("scan") { db in
            let profileNames = try Self.profileNamesByCertificate(db)
            let files = try FilePathTable(db)
            let statement = try db.makeStatement(sql: sql)
            let columns = ColumnReader(statement)
            let rows = try Row.fetchCursor(statement)
            var issuers = RepeatedIssuer()
            while try rows.next() != nil {
                let expiryRow = try CertificateExpiryRow(columns, issuers: &issuers, files: files, profileNames: profileNames)
                guard body(expiryRow) else { return }
            }
        }
    }
}

extension FilePathTable {
    /// Read in one sequential pass over the UNIQUE (certificate_id, path) index.
    init(_ db: Database) throws {
        self.init()
        let statement = try db.makeStatement(sql: "SELECT certificate_id, path FROM certificate_files ORDER BY certificate_id, path")
        let columns = ColumnReader(statement)
        let rows = try Row.fetchCursor(statement)
        while try rows.next() != nil {
            columns.withBytes(1) { append(id: columns.int64(0), path: $0) }
        }
    }
}
