import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func forEachCertificateByExpiry(_ body: (CertificateExpiryRow) -> Bool) throws(StoreError) {
        // Walks the covering certificates_expiry index (migration 0003) in not_after order:
        // no table page is read, no sort, no temporary table. Dates arrive as Unix seconds
        // (SQLite converts them faster than Date decoding of the stored text).
        let sql = """
            SELECT c.id, c.sha1_thumbprint, c.sha256_thumbprint, c.subject, c.subject_cn, c.issuer, c.issuer_cn,
                   c.serial_number, CAST(strftime('%s', c.not_before) AS INTEGER), CAST(strftime('%s', c.not_after) AS INTEGER),
                   c.state
            FROM certificates c INDEXED BY certificates_expiry
            WHERE c.state <> 'retired' OR c.id IN (SELECT certificate_id FROM profiles WHERE certificate_id IS NOT NULL)
            ORDER BY c.not_after
            """
        try read("scan") { db in
            let profileNames = try Self.profileNamesByCertificate(db)
            let files = try FilePathTable(db)
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() {
                guard body(try Self.expiryRow(row, files: files, profileNames: profileNames)) else { return }
            }
        }
    }

    private static func expiryRow(_ row: Row, files: FilePathTable, profileNames: [Int64: [String]]) throws -> CertificateExpiryRow {
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
            filePaths: files.paths(of: id),
            profileNames: profileNames[id] ?? []
        )
    }
}

/// Every certificate's file paths, read in one sequential pass over the
/// UNIQUE (certificate_id, path) index and packed into three flat arrays.
///
/// Certificates arrive in expiry order, so looking their files up with a join jumps around
/// that index: one B-tree descent per certificate, most of a scan's time. Packed, 100,000
/// paths take a few MiB and each lookup is a binary search.
struct FilePathTable {
    /// Sorted (the index order).
    private var ids: [Int64] = []
    /// Where each path ends in `bytes`.
    private var ends: [Int] = []
    private var bytes: [UInt8] = []

    init(_ db: Database) throws {
        let rows = try Row.fetchCursor(db, sql: "SELECT certificate_id, path FROM certificate_files ORDER BY certificate_id, path")
        while let row = try rows.next() {
            ids.append(try row.decode(Int64.self, atIndex: 0))
            try row.withUnsafeData(atIndex: 1) { data in
                if let data { bytes.append(contentsOf: data) }
            }
            ends.append(bytes.count)
        }
    }

    func paths(of id: Int64) -> [String] {
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] < id { low = middle + 1 } else { high = middle }
        }
        var paths: [String] = []
        var index = low
        while index < ids.count, ids[index] == id {
            let range = (index == 0 ? 0 : ends[index - 1])..<ends[index]
            paths.append(bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) })
            index += 1
        }
        return paths
    }
}
