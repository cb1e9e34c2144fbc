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

    /// Opens the inventory (`StoreSelection`: `store`, `CERTKEEPER_STORE`, the home's config,
    /// its file) when there is one; nil when the home has no inventory file. A scan never
    /// creates a home or an inventory file: it only reads what `inventory import` built.
    public static func openIfPresent(
        in home: CertKeeperHome, store: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CoreError) -> InventoryScanSource? {
        let selection = try StoreSelection.resolve(option: store, environment: environment, home: home)
        guard case .sqlite(let path) = selection.location else {
            return InventoryScanSource(inventory: try selection.open(actor: nil, environment: environment), location: selection.location.description)
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw CoreError(FileReader.error(errno: errno, path: path, action: "open the inventory"))
        }
        let store = try inventoryCall { () throws(StoreError) in try SQLiteInventoryStore(path: path) }
        return InventoryScanSource(inventory: store, location: path)
    }

    /// Rows per hand-over between the reading thread and the caller's.
    private static let batchSize = 512

    /// The store is read on a thread of its own (rows decoded, converted) while `body` runs
    /// on the caller's: on two cores a 100,000-row scan takes about the longer of the two
    /// halves instead of their sum.
    public func forEachCertificate(_ body: (ScannedCertificate) throws(CoreError) -> Void) throws(CoreError) {
        let pipe = BatchPipe<CertificateExpiryRow, StoreError>(capacity: 8)
        let inventory = inventory
        Thread {
            var batch: [CertificateExpiryRow] = []
            batch.reserveCapacity(Self.batchSize)
            do throws(StoreError) {
                try inventory.forEachCertificateByExpiry { row in
                    batch.append(row)
                    guard batch.count == Self.batchSize else { return true }
                    defer {
                        batch = []
                        batch.reserveCapacity(Self.batchSize)
                    }
                    return pipe.put(batch)
                }
                if !batch.isEmpty { _ = pipe.put(batch) }
                pipe.close(failure: nil)
            } catch {
                pipe.close(failure: error)
            }
        }.start()
        var stopped: CoreError?
        do throws(StoreError) {
            batches: while let batch = try pipe.take() {
                for row in batch {
                    // Converted here, not on the reading thread: reading is the longer half.
                    do throws(CoreError) { try body(ScannedCertificate(row)) } catch {
                        stopped = error
                        break batches
                    }
                }
            }
        } catch {
            throw CoreError.inventory(error)
        }
        if let stopped {
            pipe.cancelAndWait()
            throw stopped
        }
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
