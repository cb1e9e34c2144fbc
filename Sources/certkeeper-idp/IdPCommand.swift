import ArgumentParser
import CertKeeperCrypto

/// certkeeper-idp: a local Entra ID emulator that verifies certificate credentials for real.
@main
struct IdPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certkeeper-idp",
        abstract: "A local Entra ID emulator that verifies certificate credentials for real.",
        discussion: """
            Register an app with its certificate, then serve the login and Graph endpoints on \
            loopback. Token requests are checked the way Entra ID checks them (PS256/RS256 \
            assertions, thumbprints, aud, iss/sub, time range, jti replay, certificate validity) \
            and refused with Entra's AADSTS codes.

            EXAMPLES
              certkeeper-idp app create --state idp.sqlite --tenant T --client-id C \\
                  --object-id O --cert app.cer
              certkeeper-idp serve --state idp.sqlite --tls --port 0 --port-file idp.port

            EXIT CODES
              0 success (serve: stopped by SIGTERM/SIGINT), 1 runtime error,
              64 usage error.
            """,
        subcommands: [AppCommand.self, DirectoryCommand.self, VaultCommand.self, ServeCommand.self]
    )

    /// OpenSSL is set up before the server's libssl or anything else touches it.
    static func main() async {
        CryptoLibrary.initialize()
        await main(nil)
    }
}
