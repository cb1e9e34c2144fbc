import ArgumentParser
import CertKeeperIdP

struct AppCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Register an application (its tenant, client id and object id), optionally with certificates."
    )

    @OptionGroup var state: StateOptions

    @Option(help: ArgumentHelp("Tenant id (GUID) or domain name; the tenant exists once an app names it.", valueName: "tenant"))
    var tenant: String

    @Option(name: .customLong("client-id"), help: ArgumentHelp("The app's client id (appId).", valueName: "id"))
    var clientID: String

    @Option(name: .customLong("object-id"), help: ArgumentHelp("The application object's id (Graph and proofs use it).", valueName: "id"))
    var objectID: String

    @Option(name: .customLong("cert"), help: ArgumentHelp("A certificate (PEM or DER) to register; repeatable. RSA only.", valueName: "file"))
    var certificates: [String] = []

    @Option(name: .customLong("display-name"), help: ArgumentHelp("The application's display name.", valueName: "name"))
    var displayName: String?

    @Option(name: .customLong("role"), help: ArgumentHelp("An application role for its tokens' roles claim; repeatable.", valueName: "role"))
    var roles: [String] = []

    func run() throws {
        let certificates = try self.certificates.map(CertificateFile.read)
        let record = try state.admin().createApplication(
            tenantID: tenant, clientID: clientID, objectID: objectID, displayName: displayName, roles: roles, certificates: certificates
        )
        print(ApplicationText.render(record), terminator: "")
    }
}
