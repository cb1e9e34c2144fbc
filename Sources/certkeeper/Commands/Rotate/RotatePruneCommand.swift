import ArgumentParser
import CertKeeperCore

struct RotatePruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete the key files of old rotations, keeping what rollback may need.",
        discussion: """
            Keeps the PFX, .cer and keyCredential JSON of the certificate the profile uses now and \
            of the --keep most recent earlier completed revisions; deletes those of older and \
            rolled-back revisions under the home's keys/. Files you brought yourself (revision 0) \
            are never touched. Refused while a rotation of the profile is unfinished.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The profile.", valueName: "name"))
    var profile: String

    @Option(help: ArgumentHelp("Earlier completed revisions to keep for rollback.", valueName: "n"))
    var keep: Int = 1

    @Flag(name: .customLong("dry-run"), help: "List what would be deleted; delete nothing.")
    var dryRun = false

    func validate() throws {
        if keep < 0 { throw ValidationError("--keep must be 0 or more.") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        try await CommandRunner.run(logger) { () async throws in
            let engine = try RotationCLI.engine(global: global, logger: logger)
            let result = try RotationPruner(context: engine.context).prune(profileName: profile, keep: keep, dryRun: dryRun)
            let verb = dryRun ? "would delete" : "deleted"
            for path in result.deletedFiles { print("\(verb) \(path)") }
            print(
                "\(result.deletedFiles.isEmpty ? "nothing to prune" : "\(verb) \(result.deletedFiles.count) files"); kept revisions: \(result.keptRevisions.map(String.init).joined(separator: ", "))"
            )
        }
    }
}
