import ArgumentParser
import CertKeeperIdP

struct AppRemoveCertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove-cert",
        abstract: "Remove a certificate credential from an application."
    )

    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("The application's object id or client id.", valueName: "id"))
    var app: String

    @Option(help: ArgumentHelp("The keyId, or the certificate's SHA-1 or SHA-256 thumbprint (hex).", valueName: "key"))
    var key: String

    func run() throws {
        let admin = try state.admin()
        let record = try admin.application(named: app)
        let removed = try admin.removeCertificate(from: record.application.objectID, keyIDOrThumbprint: key)
        print("removed keyId \(removed.keyID) from \(record.application.objectID): SHA-1 \(removed.certificate.sha1Thumbprint.hex)")
    }
}
