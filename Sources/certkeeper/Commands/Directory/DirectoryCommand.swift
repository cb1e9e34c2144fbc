import ArgumentParser

struct DirectoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "Inventory every app registration's certificates and secrets, via Graph.",
        discussion: """
            sync reads all applications and service principals of the profile's tenant
            (Graph permission Application.Read.All, admin-consented) into the inventory;
            list shows them with days left; scan then judges them with the certificates
            on disk (see certkeeper scan --help, --directory).

            EXAMPLES
              certkeeper directory sync -p reader
              certkeeper directory list --format json
              certkeeper scan --directory --fail-on critical --format junit --output d.xml
            """,
        subcommands: [DirectorySyncCommand.self, DirectoryListCommand.self]
    )
}
