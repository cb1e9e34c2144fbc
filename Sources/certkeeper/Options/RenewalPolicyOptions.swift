import ArgumentParser
import CertKeeperCore
import CertKeeperStore

/// A profile's renewal policy, shared by `profile create` and `profile edit`.
struct RenewalPolicyOptions: ParsableArguments {
    @Option(
        name: .customLong("renew-before"),
        help: ArgumentHelp(
            "When rotate due renews: time left before expiry (30d) or share of the lifetime elapsed (66%). Default: \(RenewalPolicy.defaultRenewBefore).",
            valueName: "when"
        )
    )
    var renewBefore: String?

    @Option(
        name: .customLong("renew-register"),
        help: ArgumentHelp("How rotate due registers the new certificate: graph (unattended), guided (an operator uploads it) or off. Default: guided.", valueName: "mode")
    )
    var registration: String?

    @Option(
        name: .customLong("renew-overlap"),
        help: ArgumentHelp("How long the old credential stays registered after a renewal (24h, 2d, 0). Default: 24h.", valueName: "duration")
    )
    var overlap: String?

    @Option(
        name: .customLong("deploy-hook"),
        help: ArgumentHelp("Shell command run after a renewal is promoted (as rotate start --deploy-hook); '' removes it.", valueName: "command")
    )
    var deployHook: String?

    @Option(
        name: .customLong("deploy-target"),
        help: ArgumentHelp("Where the certificate is deployed, KIND:LOCATION (repeatable; replaces the list); given to the deploy hook.", valueName: "target")
    )
    var deployTargets: [String] = []

    @Flag(name: .customLong("no-deploy-targets"), help: "Remove every deploy target.")
    var clearDeployTargets = false

    func validate() throws {
        if clearDeployTargets && !deployTargets.isEmpty {
            throw ValidationError("Give either --deploy-target or --no-deploy-targets, not both.")
        }
        // Bad values are usage errors (64), found before the inventory is opened.
        do { _ = try draft.checked() } catch { throw ValidationError(error.description) }
    }

    var draft: RenewalDraft {
        RenewalDraft(
            renewBefore: renewBefore, registration: registration, overlap: overlap, deployHook: deployHook,
            deployTargets: clearDeployTargets ? [] : (deployTargets.isEmpty ? nil : deployTargets)
        )
    }
}
