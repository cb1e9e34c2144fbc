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

            --deploy-hook CMD replaces the rotation's deploy hook and --no-deploy-hook skips it \
            (a hook that hangs, a script that moved); the change is recorded in the history \
            and kept by later resumes. Refused once the hook has run.
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

    @Option(
        name: [.customLong("deploy-hook"), .customLong("hook")],
        help: ArgumentHelp("Run this shell command after promotion instead of the rotation's hook.", valueName: "command")
    )
    var deployHook: String?

    @Flag(name: [.customLong("no-deploy-hook"), .customLong("no-hook")], help: "Do not run the rotation's deploy hook.")
    var noDeployHook = false

    @Option(
        name: .customLong("hook-timeout"),
        help: ArgumentHelp("Kill the deploy hook (and what it started) after this long (default: as at start).", valueName: "duration")
    )
    var hookTimeout: String?

    func validate() throws {
        if deployHook != nil && noDeployHook {
            throw ValidationError("--deploy-hook and --no-deploy-hook exclude each other: give one.")
        }
        if let hookTimeout { _ = try RotationArguments.hookTimeout(hookTimeout) }
    }

    func run() async throws {
        let logger = global.makeLogger()
        try await CommandRunner.run(logger) { () async throws in
            let engine = try RotationCLI.engine(global: global, logger: logger, network: network)
            let change: DeployHookChange? = noDeployHook ? .skip : deployHook.map { .replace($0) }
            let timeout = try hookTimeout.map { (text) throws in try RotationArguments.hookTimeout(text) }
            try RotationCLI.finish(
                try await engine.resume(profileName: profile, waitForRegistration: wait, hookChange: change, hookTimeout: timeout))
        }
    }
}
