import ArgumentParser
import CertKeeperCore
import CertKeeperStore

struct RotateStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a profile's current (or latest) rotation and what happens next.",
        discussion: "Without -p: every unfinished rotation. JSON fields are those of rotate list plus next_step."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The profile (default: every unfinished rotation).", valueName: "name"))
    var profile: String?

    @Option(help: "Output format.")
    var format: DescriptionFormat = .text

    func run() async throws {
        let logger = global.makeLogger()
        try await CommandRunner.run(logger) { () async throws in
            let engine = try RotationCLI.engine(global: global, logger: logger)
            let statuses: [RotationStatus]
            if let profile {
                guard let status = try engine.status(profileName: profile) else {
                    print(format == .json ? "[]" : "profile \(profile) has never been rotated")
                    return
                }
                statuses = [status]
            } else {
                statuses = try engine.unfinished()
            }
            switch format {
            case .text:
                print(statuses.isEmpty ? "no unfinished rotations" : statuses.map(RotationReportText.describe).joined(separator: "\n\n"))
            case .json:
                print(try JSONOutput.encode(statuses.map(RotationJSON.init)))
            }
        }
    }
}
