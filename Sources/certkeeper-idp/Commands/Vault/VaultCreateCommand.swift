import ArgumentParser
import CertKeeperIdP

struct VaultCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a vault in a tenant.")

    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("The vault's name: 3-24 letters, digits or hyphens.", valueName: "name"))
    var name: String

    @Option(help: ArgumentHelp("The tenant whose tokens the vault accepts.", valueName: "id"))
    var tenant: String

    func run() throws {
        let vault = try VaultAdmin(store: try state.openStore()).createVault(name: name, tenantID: tenant)
        print("created vault \(vault.name) in tenant \(vault.tenantID); `serve` gives it a port of its own")
    }
}

struct VaultGrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "grant", abstract: "Assign a data-plane role on a vault to an app's service principal.")

    @OptionGroup var state: StateOptions
    @OptionGroup var assignment: VaultAssignmentOptions

    func run() throws {
        let role = assignment.parsedRole
        let record = try VaultAdmin(store: try state.openStore()).assign(role, app: assignment.app, vaultName: assignment.vault)
        print("assigned \(role.rawValue) on \(assignment.vault) to \(record.application.clientID) (principal \(record.application.servicePrincipalID))")
    }
}

struct VaultRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Remove a role assignment.")

    @OptionGroup var state: StateOptions
    @OptionGroup var assignment: VaultAssignmentOptions

    func run() throws {
        let role = assignment.parsedRole
        let record = try VaultAdmin(store: try state.openStore()).revoke(role, app: assignment.app, vaultName: assignment.vault)
        print("removed \(role.rawValue) on \(assignment.vault) from \(record.application.clientID)")
    }
}

struct VaultListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List vaults and their role assignments.")

    @OptionGroup var state: StateOptions

    func run() throws {
        let admin = VaultAdmin(store: try state.openStore())
        for vault in try admin.vaults() {
            print("\(vault.name)  tenant \(vault.tenantID)")
            for (principal, role) in try admin.assignments(in: vault) {
                print("  \(role.rawValue): \(principal)")
            }
        }
    }
}

struct VaultShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print a certificate's versions, oldest first: VERSION SHA-1 enabled|disabled."
    )

    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("The vault's name.", valueName: "name"))
    var vault: String

    @Option(help: ArgumentHelp("The certificate's name.", valueName: "name"))
    var certificate: String

    func run() throws {
        let versions = try VaultAdmin(store: try state.openStore()).certificateVersions(vaultName: vault, certificate: certificate)
        for (version, sha1, enabled) in versions {
            print("\(version) \(sha1) \(enabled ? "enabled" : "disabled")")
        }
    }
}
