import ArgumentParser
import CertKeeperCore

struct RotateResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a profile's unfinished rotation from where it stopped.",
        usage: "certkeeper rotate resume [<options>] --profile <name> [--wait]",
        discussion: """
            Use it after uploading the certificate of a guided rotation, once the overlap has \
            passed, or after a crash: every step checks what was already done (by thumbprint) \
            before acting, so resuming is always safe. The options the rotation was started with \
            (registration, overlap, verify timeout, deploy hook) are kept in the inventory.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup(title: "Network options") var network: NetworkOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The profile whose rotation to resume.", valueName: "name"))
    var profile: String

    @Flag(help: "Accepted as rotate start takes it: resume carries out the plan confirmed at start and asks nothing.")
    var yes = false

    @Flag(help: "Guided registration: poll until the uploaded certificate works (up to the rotation's --verify-timeout) instead of stopping.")
    var wait = false

    func run() async throws {
        let logger = global.makeLogger()
        try await CommandRunner.run(logger) { () async throws in
            let engine = try RotationCLI.engine(global: global, logger: logger, network: network)
            try RotationCLI.finish(try await engine.resume(profileName: profile, waitForRegistration: wait))
        }
    }
}
