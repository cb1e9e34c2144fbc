import CertKeeperBase
import CertKeeperStore
import Foundation

/// The inventory as a scan source: its certificates in not-after order, streamed from the
/// store (every one but retired ones, plus those a profile still uses), each marked with
/// the profiles whose active certificate it is.
public struct InventoryScanSource: ScanCertificateSource {
    private let inventory: any CertificateInventory
    /// Named in errors.
    private let location: String

    public init(inventory: any CertificateInventory, location: String) {
        self.inventory = inventory
        self.location = location
    }

    /// Opens the inventory of `home` when there is one; nil when there is none. A scan never
    /// creates a home or an inventory: it only reads what `inventory import` built.
    public static func openIfPresent(in home: CertKeeperHome) throws(CoreError) -> InventoryScanSource? {
        let path = home.inventoryPath
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw CoreError(FileReader.error(errno: errno, path: path, action: "open the inventory"))
        }
        let store = try inventoryCall { () throws(StoreError) in try SQLiteInventoryStore(path: path) }
        return InventoryScanSource(inventory: store, location: path)
    }

    public func forEachCertificate(_ body: (ScannedCertificate) throws(CoreError) -> Void) throws(CoreError) {
        // The store's callback cannot throw our error type: stop it and rethrow afterwards.
        var failure: CoreError?
        do throws(StoreError) {
            try inventory.forEachCertificateByExpiry { row in
                do throws(CoreError) {
                    try body(ScannedCertificate(row))
                    return true
                } catch {
                    failure = error
                    return false
                }
            }
        } catch {
            throw CoreError.inventory(error)
        }
        if let failure { throw failure }
    }
}

extension ScannedCertificate {
    init(_ row: CertificateExpiryRow) {
        self.init(
            subject: row.subject, issuer: row.issuer, serialNumber: row.serialNumber,
            sha1Thumbprint: row.sha1Thumbprint, sha256Thumbprint: row.sha256Thumbprint,
            notBefore: row.notBefore, notAfter: row.notAfter,
            sources: [Self.inventorySource] + row.filePaths, profiles: row.profileNames,
            subjectCommonName: row.subjectCommonName, issuerCommonName: row.issuerCommonName
        )
    }
}
