import CertKeeperBase
import CertKeeperStore
import Foundation

/// The synced tenants' credentials as a scan source (`scan --directory`), streamed from the
/// inventory's directory snapshot.
public struct DirectoryScanSource: ScanCredentialSource {
    private let store: any DirectoryInventory

    public init(store: any DirectoryInventory) { self.store = store }

    /// The directory of the inventory (`StoreSelection`, as `InventoryScanSource` opens
    /// it) when a tenant has been synced; nil otherwise (no inventory file, or never
    /// synced). A scan never creates an inventory.
    public static func openIfSynced(
        in home: CertKeeperHome, store: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CoreError) -> DirectoryScanSource? {
        let selection = try StoreSelection.resolve(option: store, environment: environment, home: home)
        if case .sqlite(let path) = selection.location {
            var status = stat()
            guard stat(path, &status) == 0 else {
                if errno == ENOENT || errno == ENOTDIR { return nil }
                throw CoreError(FileReader.error(errno: errno, path: path, action: "open the inventory"))
            }
        }
        let opened = try selection.open(actor: nil, environment: environment)
        let tenants = try inventoryCall { () throws(StoreError) in try opened.directoryTenants() }
        return tenants.isEmpty ? nil : DirectoryScanSource(store: opened)
    }

    public func forEachCredential(byObject: Bool, _ body: (ScannedCredential) throws(CoreError) -> Void) throws(CoreError) {
        // The store's callback cannot throw our error type: stop it and rethrow afterwards.
        var failure: CoreError?
        try inventoryCall { () throws(StoreError) in
            try store.forEachDirectoryCredential(tenantID: nil, order: byObject ? .object : .expiry) { row in
                do throws(CoreError) {
                    try body(ScannedCredential(row))
                    return true
                } catch {
                    failure = error
                    return false
                }
            }
        }
        if let failure { throw failure }
    }
}
