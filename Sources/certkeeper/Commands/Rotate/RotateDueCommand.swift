import ArgumentParser
import CertKeeperCore
import Foundation

struct RotateDueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "Renew every profile whose certificate is due (for a nightly job).",
        discussion: RenewalOptions.discussion
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: RenewalOptions
    @OptionGroup(title: "Network options") var network: NetworkOptions

    func run() async throws {
        try await RenewalCLI.run(global: global, options: options, network: network)
    }
}

/// `certkeeper renew`: the same command under the name certbot users type.
struct RenewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Same as certkeeper rotate due: renew every profile that is due.",
        discussion: RenewalOptions.discussion
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: RenewalOptions
    @OptionGroup(title: "Network options") var network: NetworkOptions

    func run() async throws {
        try await RenewalCLI.run(global: global, options: options, network: network)
    }
}

/// The options of `rotate due` and `renew`.
struct RenewalOptions: ParsableArguments {
    static let discussion = """
        For each profile (or each -p NAME), in name order:
          unfinished rotation   resumed from where it stopped (never a second one)
          certificate due       a rotation with the profile's renewal policy:
                                graph: staged, added, verified, promoted, and the
                                old key retired after the overlap - unattended;
                                guided: staged, then an operator must upload it
          otherwise             untouched (not due, renewal off, no certificate)
        Due means the profile's renew_before is reached: a time left (30d) or a
        share of the lifetime elapsed (66%, the default). Set it with
        certkeeper profile edit -p NAME --renew-before 30d --renew-register graph.

        Two runners at once are safe: each profile is decided again under its
        rotation lock, so it is renewed exactly once; a profile another
        process is rotating is waited for (--lock-wait) after the others. One
        profile's failure never stops the others. Every action is recorded in
        the history (renewal.renewed, .resumed, .needs_operator, .failed).

        --dry-run (and --at, which implies it) reads the inventory only: no
        lock, no password, no request, no change. --random-delay sleeps a
        random time first, so a fleet of runners does not reach Entra ID at
        the same second (skipped with --dry-run).

        OUTCOMES  renewed, resumed, not_due, waiting (the old key's overlap
        has not ended), needs_operator, failed; a dry run says due (would
        renew) or unfinished (would resume) instead.

        FORMATS   table (stdout), json (schema certkeeper.renewal/v1), junit
        (one testcase per profile; failed and needs_operator are failures).
        --output F writes the json or junit report to F atomically and
        prints the table on stdout.

        EXIT CODES
          0   nothing failed and nothing needs an operator
          1   a rotation failed (rolled back or stopped; see its diagnosis),
              or the command could not run (unknown -p NAME, inventory)
          2   something needs an operator (a guided rotation is staged) and
              nothing failed
          64  usage error

        EXAMPLES
          certkeeper rotate due --random-delay 1h
          certkeeper rotate due --format junit --output renewal.xml
          certkeeper rotate due --at 2027-03-01        # what would be due then
          certkeeper renew -p payroll -p billing --dry-run
        """

    @Option(
        name: [.short, .customLong("profile")], parsing: .upToNextOption,
        help: ArgumentHelp("Only these profiles (repeatable; default: all).", valueName: "name")
    )
    var profiles: [String] = []

    @Option(
        help: ArgumentHelp("Judge due dates at this time (2027-03-01 or 2027-03-01T00:00:00Z); implies --dry-run.", valueName: "time"),
        transform: ScanCommand.instant
    )
    var at: Date?

    @Flag(name: .customLong("dry-run"), help: "Report what would happen; change nothing.")
    var dryRun = false

    @Option(
        name: .customLong("random-delay"),
        help: ArgumentHelp("Sleep a random time up to this long first (30m, 1h).", valueName: "duration")
    )
    var randomDelay: String?

    @Option(
        name: .customLong("verify-timeout"),
        help: ArgumentHelp("How long to retry AADSTS700027 while Entra ID replicates a new key.", valueName: "duration")
    )
    var verifyTimeout: String = "10m"

    @Option(
        name: .customLong("lock-wait"),
        help: ArgumentHelp("How long to wait for a profile another certkeeper process is rotating.", valueName: "duration")
    )
    var lockWait: String = "30m"

    @Option(
        name: .customLong("hook-timeout"),
        help: ArgumentHelp(
            "Kill a deploy hook (and what it started) after this long, e.g. 30s, 10m (default: 10m; a resumed rotation keeps its own).",
            valueName: "duration")
    )
    var hookTimeout: String?

    @Option(help: "Report format.")
    var format: RenewalFormat = .table

    @Option(
        help: ArgumentHelp("Write the json or junit report here (atomically); the table goes to stdout.", valueName: "file"),
        completion: .file()
    )
    var output: String?

    func validate() throws {
        if let randomDelay { _ = try RotationArguments.duration(randomDelay, option: "--random-delay") }
        if try RotationArguments.duration(verifyTimeout, option: "--verify-timeout") <= 0 {
            throw ValidationError("--verify-timeout must be longer than 0.")
        }
        _ = try RotationArguments.duration(lockWait, option: "--lock-wait")
        if let hookTimeout { _ = try RotationArguments.hookTimeout(hookTimeout) }
        if output != nil && format == .table {
            throw ValidationError("--output writes a json or junit report: add --format json or --format junit.")
        }
    }

    var request: RenewalRequest {
        get throws {
            RenewalRequest(
                profileNames: profiles, at: at, dryRun: dryRun,
                verifyTimeout: try RotationArguments.duration(verifyTimeout, option: "--verify-timeout"),
                lockWait: try RotationArguments.duration(lockWait, option: "--lock-wait"),
                hookTimeout: try hookTimeout.map { (text) throws in try RotationArguments.hookTimeout(text) }
            )
        }
    }
}

enum RenewalFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case junit
}
