import ArgumentParser
import CertKeeperIdP

struct AppRemoveSecretCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-secret",
        abstract: "Remove a client secret from an application."
    )

    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("The application's object id or client id.", valueName: "id"))
    var app: String

    @Option(help: ArgumentHelp("The secret's keyId.", valueName: "key-id"))
    var key: String

    func run() throws {
        let admin = try state.admin()
        let record = try admin.application(named: app)
        try state.openStore().removeListedCredential(ownerID: record.application.objectID, keyID: key)
        print("removed secret keyId \(key) from \(record.application.objectID)")
    }
}
