import ArgumentParser

struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "The certificate inventory: which certificates exist, where, and when they expire.",
        discussion: """
            The inventory is a SQLite file in certkeeper's home (--home, $CERTKEEPER_HOME or \
            ~/.certkeeper). It records each distinct certificate once (by SHA-256 thumbprint) with \
            every file it was found in; passwords are never stored, only where they come from.

            EXAMPLES
              certkeeper inventory import ./certs --recursive --password-env PFX_PASSWORD
              certkeeper inventory list --expiring-within 30d
              certkeeper inventory show 3FA2B1C4
              certkeeper inventory remove 12
            """,
        subcommands: [
            InventoryImportCommand.self,
            InventoryListCommand.self,
            InventoryShowCommand.self,
            InventoryRemoveCommand.self,
        ]
    )
}
