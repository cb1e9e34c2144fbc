import ArgumentParser
import CertKeeperIdP

struct VaultCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "Manage emulated key vaults and their data-plane role assignments.",
        discussion: """
            A vault is served on a port of its own by `serve` (restart serve after creating
            one). Apps reach it with a token for https://vault.azure.net/.default and need a
            role: Certificates Officer to import, Certificate User or Secrets User to read
            the PFX, Reader for metadata; without one the vault answers 403 ForbiddenByRbac.

            EXAMPLES
              certkeeper-idp vault create --name kv-app --tenant T
              certkeeper-idp vault grant --vault kv-app --app C --role "Certificates Officer"
              certkeeper-idp vault list
            """,
        subcommands: [
            VaultCreateCommand.self, VaultGrantCommand.self, VaultRevokeCommand.self, VaultListCommand.self, VaultShowCommand.self,
            VaultSetSecretCommand.self,
        ]
    )
}

/// `--vault NAME --app ID --role ROLE`, shared by grant and revoke.
struct VaultAssignmentOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The vault's name.", valueName: "name"))
    var vault: String

    @Option(help: ArgumentHelp("The application's object id or client id.", valueName: "id"))
    var app: String

    @Option(
        help: ArgumentHelp(
            "Administrator, Certificates Officer, Certificate User, Secrets Officer, Secrets User or Reader (\"Key Vault \" prefix optional).",
            valueName: "role"
        ))
    var role: String

    func validate() throws {
        guard VaultRole(named: role) != nil else {
            throw ValidationError("--role \(role) is not a Key Vault role: use one of \(VaultRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    var parsedRole: VaultRole { VaultRole(named: role) ?? .reader }
}
