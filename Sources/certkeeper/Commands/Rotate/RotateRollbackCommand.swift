import ArgumentParser
import CertKeeperCore

struct RotateRollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Abandon a profile's unfinished rotation, or return to an earlier certificate.",
        usage: "certkeeper rotate rollback [<options>] --profile <name> [--to <revision>]",
        discussion: """
            Without --to: the unfinished rotation ends rolled_back. Before promotion the profile \
            never left its certificate and the new credential is withdrawn (Graph removeKey, or \
            steps to remove it in the portal). After promotion the profile is re-pointed to the \
            old certificate first — only if it is unexpired and still gets a token.

            With --to REVISION (nothing unfinished): the profile points at the certificate that \
            revision installed (0 = the one before the first rotation; see rotate list), only if \
            it is unexpired and still gets a token from Entra ID.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup(title: "Network options") var network: NetworkOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The profile.", valueName: "name"))
    var profile: String

    @Option(name: .customLong("to"), help: ArgumentHelp("Return to the certificate of this revision (0 = before the first rotation).", valueName: "revision"))
    var revision: Int?

    func validate() throws {
        if let revision, revision < 0 { throw ValidationError("--to takes a revision number, 0 or more.") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        try await CommandRunner.run(logger) { () async throws in
            let engine = try RotationCLI.engine(global: global, logger: logger, network: network)
            if let rotation = try await engine.rollback(profileName: profile, toRevision: revision) {
                print("rotation #\(rotation.revision) of profile \(rotation.profileName): \(rotation.state.rawValue)")
            } else {
                print("profile \(profile) now uses the certificate of revision \(revision ?? 0)")
            }
        }
    }
}
