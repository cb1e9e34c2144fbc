import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import Foundation

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create certkeeper's home directory and inventory (safe to run again).",
        discussion: """
            The home is --home DIR, else $CERTKEEPER_HOME, else ~/.certkeeper. It is created with \
            mode 0700, with keys/ (0700) for managed private keys and inventory.sqlite (0600), the \
            SQLite inventory. An existing inventory is upgraded to this certkeeper's schema; one \
            written by a newer certkeeper, or a corrupt file, is refused and left untouched. \
            Every command that needs the home creates it on first use, so init is optional.
            """
    )

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let home = try global.resolveHome()
            let created = try home.prepare()
            let selection = try StoreSelection.resolve(option: global.store, environment: ProcessInfo.processInfo.environment, home: home)
            let store = try home.openInventory(store: global.store)
            let version = try InventoryService(store: store).schemaVersion()
            print("home: \(home.path)\(created ? " (created)" : "")")
            let shown: String
            switch selection.location {
            case .sqlite(let path): shown = path
            case .postgres(let postgres): shown = postgres.description
            }
            print("inventory: \(TerminalText.escaped(shown)) (schema version \(version))")
        }
    }
}
