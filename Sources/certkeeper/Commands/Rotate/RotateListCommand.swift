import ArgumentParser
import CertKeeperCore
import CertKeeperStore

struct RotateListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List rotations (all, or one profile's), oldest first.",
        discussion: "Revision N of a profile is the certificate rotation N installed; revision 0 the one before the first rotation."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Only this profile's rotations.", valueName: "name"))
    var profile: String?

    @Option(help: "Output format.")
    var format: DescriptionFormat = .text

    func run() async throws {
        let logger = global.makeLogger()
        try await CommandRunner.run(logger) { () async throws in
            let engine = try RotationCLI.engine(global: global, logger: logger)
            let statuses = try engine.history(profileName: profile)
            switch format {
            case .text: print(RotationReportText.table(statuses))
            case .json: print(try JSONOutput.encode(statuses.map(RotationJSON.init)))
            }
        }
    }
}
