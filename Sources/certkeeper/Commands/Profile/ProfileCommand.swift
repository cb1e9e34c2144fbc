import ArgumentParser

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Connection profiles: tenant, app registration, and the certificate to sign with.",
        discussion: """
            A profile names everything a token request needs: tenant, client ID, authority, scope, \
            the certificate file with its private key, and where that file's password comes from \
            (env:NAME, file:PATH, keyring:NAME, keyvault:…/secrets/NAME or prompt: a reference, never the password). Entra ID accepts \
            RSA certificates only, so a profile refuses EC ones. Every change is in the audit log \
            (certkeeper history -p NAME).

            EXAMPLES
              certkeeper profile create --name payroll --tenant contoso.onmicrosoft.com \\
                  --client-id 11111111-2222-3333-4444-555555555555 --cert payroll.pfx \\
                  --password-ref env:PAYROLL_PFX_PASSWORD
              certkeeper profile show -p payroll
              certkeeper profile export -p payroll --format env > payroll.env
              certkeeper profile import ~/.entratool/profiles.json \\
                  --password-ref env:PFX_PASSWORD
            """,
        subcommands: [
            ProfileCreateCommand.self,
            ProfileEditCommand.self,
            ProfileShowCommand.self,
            ProfileListCommand.self,
            ProfileDeleteCommand.self,
            ProfileExportCommand.self,
            ProfileImportCommand.self,
        ]
    )
}
