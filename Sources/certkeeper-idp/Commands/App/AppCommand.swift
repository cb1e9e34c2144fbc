import ArgumentParser

struct AppCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Manage app registrations and their certificates and secrets.",
        discussion: """
            EXAMPLES
              certkeeper-idp app create --tenant T --client-id C --object-id O \\
                  --cert app.cer
              certkeeper-idp app list --format json
              certkeeper-idp app add-cert --app O --cert next.cer
              certkeeper-idp app remove-cert --app O --key 3F2A…(keyId or thumbprint)
              certkeeper-idp app add-secret --app O --days 90
            """,
        subcommands: [AppCreateCommand.self, AppListCommand.self, AppAddCertCommand.self, AppRemoveCertCommand.self, AppAddSecretCommand.self, AppRemoveSecretCommand.self]
    )
}
