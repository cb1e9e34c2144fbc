import ArgumentParser

struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Acquire access tokens with a certificate (client credentials).",
        discussion: """
            EXAMPLES
              certkeeper token get -p prod
              certkeeper token get --from-env --format json
              certkeeper token get --tenant T --client-id C --cert app.pfx \\
                  --password-env PFX_PASSWORD
            """,
        subcommands: [TokenGetCommand.self]
    )
}
