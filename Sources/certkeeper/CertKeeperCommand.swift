import ArgumentParser
import CertKeeperCrypto

@main
struct CertKeeperCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certkeeper",
        abstract: "Certificate lifecycle and rotation for service principals (Microsoft Entra ID app registrations).",
        discussion: """
            Creates keys, CSRs and self-signed certificates, converts between PEM, DER and PFX, \
            and reports thumbprints exactly as the Azure portal shows them.

            Data goes to stdout; logs and progress go to stderr. --verbose (or \
            CERTKEEPER_LOG_LEVEL=debug) logs file paths and OpenSSL error details, never secrets. \
            Passwords come from --password-env NAME, --password-file PATH (mode 0600) or a \
            terminal prompt; never from the command line.

            EXIT CODES
              0   success
              1   runtime error: bad input, wrong password, I/O, network or crypto failure
              2   scan found a certificate at warning level
              3   scan found a certificate at critical level
              4   scan found an expired certificate
              (rotate due / renew: 1 a rotation failed, 2 something needs an operator)
              64  usage error (unknown option, missing argument, invalid value)
            """,
        version: CertKeeperVersion.current,
        subcommands: [
            KeyCommand.self,
            CSRCommand.self,
            CertCommand.self,
            InspectCommand.self,
            ConvertCommand.self,
            ExportCommand.self,
            ScanCommand.self,
            TokenCommand.self,
            InitCommand.self,
            InventoryCommand.self,
            ProfileCommand.self,
            HistoryCommand.self,
            RotateCommand.self,
            RenewCommand.self,
            DirectoryCommand.self,
            StoreCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    /// ArgumentParser's main, with escaped error messages and a checked stdout (ProcessEnd).
    static func main() async {
        CryptoLibrary.initialize()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            ProcessEnd.fail(error)
        }
        ProcessEnd.succeed()
    }
}

enum CertKeeperVersion {
    static let current = "0.1.0"
}
