import ArgumentParser
import CertKeeperCore

extension ProfileExport.Format: ExpressibleByArgument {}

struct ProfileExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print a profile as JSON, environment variables or a Terraform provider block.",
        discussion: """
            json       certkeeper's profile JSON (schema certkeeper.profile/v1); profile
                       import reads it.
            env        export lines for azure-identity (AZURE_TENANT_ID,
                       AZURE_CLIENT_ID, AZURE_CLIENT_CERTIFICATE_PATH,
                       AZURE_CLIENT_CERTIFICATE_PASSWORD,
                       AZURE_CLIENT_SEND_CERTIFICATE_CHAIN, AZURE_AUTHORITY_HOST)
                       and the Terraform microsoft365 provider (M365_TENANT_ID,
                       M365_AUTH_METHOD, M365_CLIENT_ID,
                       M365_CLIENT_CERTIFICATE_FILE_PATH,
                       M365_CLIENT_CERTIFICATE_PASSWORD, M365_SEND_CERTIFICATE_CHAIN).
                       The password lines expand the reference when sourced
                       ("${NAME}" or "$(cat 'PATH')"): the output holds no secret.
            terraform  a provider "microsoft365" block with the password as a sensitive variable
                       (set it with TF_VAR_client_certificate_password).
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: ProfileSelection

    @Option(name: .long, help: "Output format.")
    var format: ProfileExport.Format = .json

    func run() throws {
        let logger = global.makeLogger()
        let text = try CommandRunner.run(logger) {
            try ProfileService(store: try global.openInventory()).export(selection.profile, as: format)
        }
        print(text)
    }
}
