import ArgumentParser

struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Work on a whole inventory: move it between SQLite and PostgreSQL.",
        discussion: """
            EXAMPLES
              certkeeper store copy --from sqlite:$HOME/.certkeeper/inventory.sqlite \\
                  --to 'postgres://ck@db.example/certkeeper?sslmode=verify-full&sslrootcert=ca.pem'
              certkeeper store copy --from 'postgres://ck@db.example/certkeeper' \\
                  --to sqlite:/backup/inventory.sqlite --format json
            """,
        subcommands: [StoreCopyCommand.self]
    )
}
