import ArgumentParser
import CertKeeperIdP
import Foundation

/// `--state F`: the emulator's SQLite state file.
struct StateOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The emulator's SQLite state file (created 0600). Default: $CERTKEEPER_IDP_STATE, else ./certkeeper-idp.sqlite.",
            valueName: "file"
        )
    )
    var state: String?

    var path: String {
        state ?? ProcessInfo.processInfo.environment["CERTKEEPER_IDP_STATE"] ?? "certkeeper-idp.sqlite"
    }

    func openStore() throws -> DirectoryStore { try DirectoryStore(path: path) }

    func admin() throws -> DirectoryAdmin { DirectoryAdmin(store: try openStore()) }
}
