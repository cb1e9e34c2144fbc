import CertKeeperCore
import CertKeeperStore
import Foundation

extension GlobalOptions {
    /// The home from `--home`, `$CERTKEEPER_HOME` or `~/.certkeeper` (resolved here, at the edge).
    func resolveHome() throws(CoreError) -> CertKeeperHome {
        try CertKeeperHome.resolve(option: home, environment: ProcessInfo.processInfo.environment)
    }

    /// Creates the home on first use and opens its inventory.
    func openInventory() throws(CoreError) -> any InventoryStore {
        try resolveHome().openInventory(store: store)
    }
}
