import ArgumentParser

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export what an app registration needs from a certificate.",
        discussion: """
            EXAMPLES
              certkeeper export cer --in app.pfx --out app.cer --password-env PFX_PASSWORD
              certkeeper export cer --in fullchain.pem --out app.cer \\
                  --key-credential app.keycredential.json
            """,
        subcommands: [ExportCerCommand.self]
    )
}
