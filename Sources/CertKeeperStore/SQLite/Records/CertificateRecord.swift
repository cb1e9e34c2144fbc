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

    init(row: Row) throws {
        let stateText: String = try row.decode(forColumn: "state")
        guard let state = CertificateState(rawValue: stateText) else {
            throw StoreError(.database, "unknown certificate state \"\(stateText)\" in the inventory")
        }
        let facts = CertificateFacts(
            sha1Thumbprint: try row.decode(forColumn: "sha1_thumbprint"),
            sha256Thumbprint: try row.decode(forColumn: "sha256_thumbprint"),
            subject: try row.decode(forColumn: "subject"),
            subjectCommonName: try row.decode(forColumn: "subject_cn"),
            issuer: try row.decode(forColumn: "issuer"),
            issuerCommonName: try row.decode(forColumn: "issuer_cn"),
            serialNumber: try row.decode(forColumn: "serial_number"),
            notBefore: try row.decode(forColumn: "not_before"),
            notAfter: try row.decode(forColumn: "not_after"),
            keyType: try row.decode(forColumn: "key_type"),
            keyBits: try row.decode(forColumn: "key_bits"),
            isSelfSigned: try row.decode(forColumn: "self_signed"),
            der: [UInt8](try row.decode(Data.self, forColumn: "der"))
        )
        certificate = StoredCertificate(
            id: try row.decode(forColumn: "id"),
            facts: facts,
            state: state,
            createdAt: try row.decode(forColumn: "created_at"),
            updatedAt: try row.decode(forColumn: "updated_at")
        )
    }
}

/// A `certificate_files` row.
struct CertificateFileRecord: FetchableRecord {
    static let columns = "certificate_id, path, format, has_private_key, password_ref, first_seen_at, last_seen_at"

    let file: CertificateFile

    init(row: Row) throws {
        let formatText: String = try row.decode(forColumn: "format")
        guard let format = CertificateFileFormat(rawValue: formatText) else {
            throw StoreError(.database, "unknown file format \"\(formatText)\" in the inventory")
        }
        file = CertificateFile(
            certificateID: try row.decode(forColumn: "certificate_id"),
            path: try row.decode(forColumn: "path"),
            format: format,
            hasPrivateKey: try row.decode(forColumn: "has_private_key"),
            passwordReference: try row.decode(forColumn: "password_ref"),
            firstSeenAt: try row.decode(forColumn: "first_seen_at"),
            lastSeenAt: try row.decode(forColumn: "last_seen_at")
        )
    }
}
