import Foundation

/// Turns rows of `certificates LEFT JOIN certificate_files` (`joinedColumns`, ordered by
/// certificate) into one `InventoryEntry` per certificate, handed on as soon as the next
/// certificate starts: memory stays flat however large the inventory is. Both stores' listing
/// queries feed it.
struct InventoryEntryGrouping {
    /// The certificate's columns (`c.`) and its file's, prefixed `f_`.
    static let joinedColumns = """
        \(CertificateRecord.columns(qualifiedBy: "c")),
        f.path AS f_path, f.format AS f_format, f.has_private_key AS f_has_private_key,
        f.password_ref AS f_password_ref, f.first_seen_at AS f_first_seen_at, f.last_seen_at AS f_last_seen_at
        """

    private let profileNames: [Int64: [String]]
    private var current: StoredCertificate?
    private var files: [CertificateFile] = []

    init(profileNames: [Int64: [String]]) { self.profileNames = profileNames }

    /// Adds one joined row; `body` receives the previous certificate's entry when this row
    /// starts another.
    mutating func add(_ row: some StoreRow, _ body: (InventoryEntry) -> Void) throws {
        let id = try row.int64("id")
        if current?.id != id {
            finish(body)
            current = try StoreRecords.certificate(row)
        }
        if let file = try StoreRecords.file(row, prefix: "f_", certificateID: id) { files.append(file) }
    }

    /// Hands on the last certificate's entry.
    mutating func finish(_ body: (InventoryEntry) -> Void) {
        if let certificate = current {
            body(InventoryEntry(certificate: certificate, files: files, profileNames: profileNames[certificate.id] ?? []))
        }
        current = nil
        files = []
    }
}
