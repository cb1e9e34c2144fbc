import ArgumentParser
import CertKeeperCore

struct ProfileImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create profiles from certkeeper JSON or entratool's profiles.json.",
        discussion: """
            Reads certkeeper's profile JSON (profile export, profile list --format json) or \
            entratool's profiles.json (name, tenantId, clientId, scope/scopes, certificatePath, \
            authMethod/useCertificate). Client-secret profiles are skipped with a warning. \
            entratool keeps passwords in its own store: give --password-ref for the certificate \
            files. All profiles are created or none: a name already taken stops the import. \
            A profile that carries a deploy hook (a shell command rotate due runs after \
            renewing) is refused unless --allow-deploy-hooks: read the file first.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The file to import.", valueName: "file"), completion: .file())
    var file: String

    @Option(
        name: .customLong("password-ref"),
        help: ArgumentHelp("Password reference for certificate files of profiles that have none: env:NAME, file:PATH or prompt.", valueName: "ref"))
    var passwordReference: String?

    @Flag(name: .customLong("allow-deploy-hooks"), help: "Accept the deploy hooks (shell commands) the file's profiles carry.")
    var allowDeployHooks = false

    func validate() throws {
        if let passwordReference {
            do { _ = try SecretReference(parsing: passwordReference) } catch { throw ValidationError(error.description) }
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        let reference = try passwordReference.map { try SecretReference(parsing: $0) }
        let outcome = try CommandRunner.run(logger) {
            try ProfileService(store: try global.openInventory()).importProfiles(from: file, passwordReference: reference, allowDeployHooks: allowDeployHooks)
        }
        outcome.warnings.forEach(Diagnostics.warn)
        print("imported \(outcome.profiles.count) profile(s): \(outcome.profiles.map(\.name).joined(separator: ", "))")
    }
}
