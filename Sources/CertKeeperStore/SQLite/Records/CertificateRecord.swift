import Foundation
import GRDB

/// A `certificates` row.
struct CertificateRecord: FetchableRecord {
    static let columns = """
        id, sha1_thumbprint, sha256_thumbprint, subject, subject_cn, issuer, issuer_cn, serial_number,
        not_before, not_after, key_type, key_bits, self_signed, der, state, created_at, updated_at
        """

    /// The same columns, qualified with `alias.` for joins.
    static func columns(qualifiedBy alias: String) -> String {
        columns.split(separator: ",").map { "\(alias).\($0.trimmingCharacters(in: .whitespacesAndNewlines))" }.joined(separator: ", ")
    }

    let certificate: StoredCertificate

    init(row: Row) throws { certificate = try StoreRecords.certificate(GRDBStoreRow(row)) }
}

/// A `certificate_files` row.
struct CertificateFileRecord: FetchableRecord {
    static let columns = "certificate_id, path, format, has_private_key, password_ref, first_seen_at, last_seen_at"

    let file: CertificateFile

    init(row: Row) throws {
        // Never nil: `path` is NOT NULL, and this record is read from the table itself.
        guard let file = try StoreRecords.file(GRDBStoreRow(row)) else { throw StoreError(.database, "a file row without a path in the inventory") }
        self.file = file
    }
}
