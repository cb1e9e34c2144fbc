import ArgumentParser
import CertKeeperCore

struct InventoryRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Forget a certificate (its files on disk are never touched).",
        discussion: """
            Removes the certificate and its recorded file locations from the inventory. Refused \
            while a profile uses it or a rotation refers to it. The removal is written to the \
            audit log (certkeeper history).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Inventory id or thumbprint (prefix of at least 8 hex digits).", valueName: "id-or-thumbprint"))
    var identifier: String

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let entry = try InventoryService(store: try global.openInventory()).remove(identifier)
            let facts = entry.certificate.facts
            print(
                "removed certificate \(entry.certificate.id) (\(facts.subject), SHA-1 \(facts.sha1Thumbprint)) from the inventory; \(entry.files.count) file(s) left on disk untouched"
            )
        }
    }
}
