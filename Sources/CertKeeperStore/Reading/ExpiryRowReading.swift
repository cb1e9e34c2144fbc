import Foundation

/// The columns of an expiry scan, in this order, in both stores' scan queries.
enum ExpiryScanColumns {
    static let select = """
        c.id, c.sha1_thumbprint, c.sha256_thumbprint, c.subject, c.subject_cn, c.issuer, c.issuer_cn,
        c.serial_number, c.not_before, c.not_after, c.state
        """
    static let count = 11
}

/// The previous row's issuer: most inventories hold thousands of certificates from a few CAs.
struct RepeatedIssuer {
    var name: String?
    var commonName: String?
}

extension CertificateExpiryRow {
    /// One scan row (`ExpiryScanColumns`) with its files and profiles.
    init(_ columns: some StoreColumns, issuers: inout RepeatedIssuer, files: FilePathTable, profileNames: [Int64: [String]]) throws {
        let id = columns.int64(0)
        guard let state = columns.withBytes(10, CertificateState.init(utf8:)) else {
            throw StoreError(.database, "unknown certificate state \"\(columns.text(10))\" in the inventory")
        }
        self.init(
            id: id,
            sha1Thumbprint: columns.text(1),
            sha256Thumbprint: columns.text(2),
            subject: columns.text(3),
            subjectCommonName: columns.optionalText(4),
            issuer: columns.text(5, reusing: &issuers.name) ?? "",
            issuerCommonName: columns.text(6, reusing: &issuers.commonName),
            serialNumber: columns.text(7),
            notBefore: try columns.date(8),
            notAfter: try columns.date(9),
            state: state,
            filePaths: files.paths(of: id),
            profileNames: profileNames[id] ?? []
        )
    }
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
