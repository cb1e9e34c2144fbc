import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func forEachCertificateByExpiry(_ body: (CertificateExpiryRow) -> Bool) throws(StoreError) {
        // Walks the covering certificates_expiry index (migration 0003) in not_after order:
        // no table page is read, no sort, no temporary table. Columns are read with the C
        // API and dates parsed from their text in Swift (ColumnReader, StoredTimestamp).
        let sql = """
            SELECT c.id, c.sha1_thumbprint, c.sha256_thumbprint, c.subject, c.subject_cn, c.issuer, c.issuer_cn,
                   c.serial_number, c.not_before, c.not_after, c.state
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
            while let row = try rows.next() {
                let expiryRow = try Self.expiryRow(columns, row, issuers: &issuers, files: files, profileNames: profileNames)
                guard body(expiryRow) else { return }
            }
        }
    }

    private static func expiryRow(
        _ columns: ColumnReader, _ row: Row, issuers: inout RepeatedIssuer, files: FilePathTable, profileNames: [Int64: [String]]
    ) throws -> CertificateExpiryRow {
        let id = columns.int64(0)
        guard let state = columns.withBytes(10, CertificateState.init(utf8:)) else {
            throw StoreError(.database, "unknown certificate state \"\(columns.text(10))\" in the inventory")
        }
        return CertificateExpiryRow(
            id: id,
            sha1Thumbprint: columns.text(1),
            sha256Thumbprint: columns.text(2),
            subject: columns.text(3),
            subjectCommonName: columns.optionalText(4),
            issuer: columns.text(5, reusing: &issuers.name) ?? "",
            issuerCommonName: columns.text(6, reusing: &issuers.commonName),
            serialNumber: columns.text(7),
            notBefore: try date(columns, row, 8),
            notAfter: try date(columns, row, 9),
            state: state,
            filePaths: files.paths(of: id),
            profileNames: profileNames[id] ?? []
        )
    }

    /// Whole seconds, as the inventory's other readers see them.
    private static func date(_ columns: ColumnReader, _ row: Row, _ index: Int32) throws -> Date {
        if let seconds = columns.withBytes(index, StoredTimestamp.seconds) { return Date(timeIntervalSince1970: TimeInterval(seconds)) }
        let date = try row.decode(Date.self, atIndex: Int(index))
        return Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}

/// The previous row's issuer: most inventories hold thousands of certificates from a few CAs.
private struct RepeatedIssuer {
    var name: String?
    var commonName: String?
}

extension CertificateState {
    /// The state spelled by `bytes` (a column's text), without building a String first.
    fileprivate init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        for state in Self.allCases where state.rawValue.utf8.elementsEqual(bytes) {
            self = state
            return
        }
        return nil
    }
}
