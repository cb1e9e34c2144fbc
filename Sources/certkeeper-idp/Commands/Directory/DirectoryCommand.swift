import ArgumentParser

struct DirectoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "Fill the emulated directory in bulk (what Graph's collection listings return).",
        discussion: """
            EXAMPLES
              certkeeper-idp directory seed --tenant T --apps 10000 --seed 42
            """,
        subcommands: [DirectorySeedCommand.self]
    )
}
