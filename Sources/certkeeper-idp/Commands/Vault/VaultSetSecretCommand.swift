import ArgumentParser
import CertKeeperBase
import CertKeeperIdP

/// `vault set-secret`: a new version of a plain secret, its value read from a file so it
/// never appears in argv (ps, shell history).
struct VaultSetSecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-secret",
        abstract: "Add a version of a plain secret (a password, a PEM, a base64 PFX), read from a file."
    )

    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("The vault's name.", valueName: "name"))
    var vault: String

    @Option(help: ArgumentHelp("The secret's name: 1-127 letters, digits or hyphens.", valueName: "name"))
    var name: String

    @Option(name: .customLong("value-file"), help: ArgumentHelp("File holding the value, used byte for byte.", valueName: "path"))
    var valueFile: String

    @Option(name: .customLong("content-type"), help: ArgumentHelp("The secret's contentType (application/x-pkcs12, application/x-pem-file…).", valueName: "type"))
    var contentType: String?

    func run() throws {
        let value = try FileReader.read(valueFile)
        let version = try VaultAdmin(store: try state.openStore()).setSecret(vaultName: vault, name: name, value: value, contentType: contentType)
        print("set secret \(name) in \(vault): version \(version)")
    }
}
