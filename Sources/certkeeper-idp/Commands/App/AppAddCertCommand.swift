import ArgumentParser
import CertKeeperIdP

struct AppAddCertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-cert",
        abstract: "Register another certificate on an application (what a portal upload does)."
    )

    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("The application's object id or client id.", valueName: "id"))
    var app: String

    @Option(name: .customLong("cert"), help: ArgumentHelp("The certificate (PEM or DER). RSA only.", valueName: "file"))
    var certificate: String

    @Option(name: .customLong("display-name"), help: ArgumentHelp("The key credential's display name (default: the subject).", valueName: "name"))
    var displayName: String?

    func run() throws {
        let certificate = try CertificateFile.read(self.certificate)
        let admin = try state.admin()
        let record = try admin.application(named: app)
        let key = try admin.addCertificate(certificate, to: record.application.objectID, displayName: displayName)
        print("added keyId \(key.keyID) to \(record.application.objectID): SHA-1 \(certificate.sha1Thumbprint.hex)")
    }
}
