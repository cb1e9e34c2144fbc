import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto
import CertKeeperStore
import Foundation

struct RotateStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start rotating a profile's certificate and drive it as far as it can go.",
        discussion: """
            The new certificate copies the current one's subject, SANs and lifetime unless --days \
            overrides it; the key is RSA (Entra ID accepts RSA only), the current size unless \
            --bits says otherwise. The PFX is encrypted with the profile's password reference.

            The deploy hook runs as `/bin/sh -c CMD` after promotion with CERTKEEPER_PROFILE, \
            CERTKEEPER_NEW_THUMBPRINT_SHA1, CERTKEEPER_NEW_THUMBPRINT_SHA256, \
            CERTKEEPER_OLD_THUMBPRINT_SHA1 and CERTKEEPER_PFX_PATH in its environment, only \
            stdin (/dev/null), stdout and stderr open, in a process group that is killed \
            after --hook-timeout; a failing or killed hook is reported and does not undo the \
            promotion. A child the hook backgrounds is not waited for.

            --register, --overlap, --deploy-hook and --deploy-target default to the profile's \
            renewal policy (certkeeper profile renewal), so a manual rotation does what the \
            nightly rotate due would; the built-in defaults (guided, 24h, no hook, no target) \
            apply only where the policy is silent. --dry-run shows the result.

            Key Vault targets (--deploy-target keyvault:URL): after verification the new PFX is \
            imported into each as a new version and read back (x5t); promotion happens only \
            when every target holds it. The vault token comes from this profile's certificate, \
            or --vault-profile's. A rollback imports the old certificate as the newest version.

            Reliability testing: CERTKEEPER_FAULT_INJECTION=after-<state> (e.g. after-registered), \
            after-stage-files, after-add-key, after-vault-import, after-remove-key or after-hook makes the process kill \
            itself with SIGKILL at that point. It is inert unless set; never set it in production.
            """
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup(title: "Network options") var network: NetworkOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The profile whose certificate to rotate.", valueName: "name"))
    var profile: String

    @Option(help: ArgumentHelp("Validity of the new certificate in days (default: the current certificate's lifetime).", valueName: "n"))
    var days: Int?

    @Option(help: ArgumentHelp("RSA key size: 2048, 3072 or 4096 (default: the current size).", valueName: "bits"))
    var bits: Int?

    @Option(help: "How the new certificate reaches the app registration: graph (addKey) or guided (you upload it). Default: the profile's renewal policy, else guided.")
    var register: RegistrationArgument?

    @Option(
        help: ArgumentHelp(
            "How long the old credential stays registered after promotion (0 = retire at once), e.g. 24h, 2d. Default: the profile's renewal policy, else 24h.",
            valueName: "duration"
        )
    )
    var overlap: String?

    @Flag(help: "Guided registration: poll until the uploaded certificate works (up to --verify-timeout) instead of stopping.")
    var wait = false

    @Option(name: .customLong("verify-timeout"), help: ArgumentHelp("How long to keep retrying AADSTS700027 while the directory replicates, e.g. 10m.", valueName: "duration"))
    var verifyTimeout: String = "10m"

    @Option(
        name: .customLong("deploy-hook"),
        help: ArgumentHelp("Shell command to run after promotion (see the discussion). Default: the profile's renewal policy's.", valueName: "command")
    )
    var deployHook: String?

    @Option(
        name: .customLong("hook-timeout"),
        help: ArgumentHelp("Kill the deploy hook (and what it started) after this long, e.g. 30s, 10m.", valueName: "duration")
    )
    var hookTimeout: String = "10m"

    @Option(
        name: .customLong("deploy-target"),
        help: ArgumentHelp("keyvault:https://VAULT.vault.azure.net/certificates/NAME (repeatable): imported and read back before promotion.", valueName: "target")
    )
    var deployTargets: [String] = []

    @Option(name: .customLong("vault-profile"), help: ArgumentHelp("Profile whose certificate gets the Key Vault token (default: this profile's).", valueName: "name"))
    var vaultProfile: String?

    @Flag(name: .customLong("dry-run"), help: "Print the plan and change nothing.")
    var dryRun = false

    @Flag(help: "Do not ask for confirmation (needed when stdin is not a terminal).")
    var yes = false

    func validate() throws {
        if let bits, !KeyGenerationSpec.allowedRSABits.contains(bits) {
            throw ValidationError("--bits must be 2048, 3072 or 4096 (Entra ID accepts RSA keys only).")
        }
        if let days, !(1...CertificateValidity.maximumDays).contains(days) {
            throw ValidationError("--days must be between 1 and \(CertificateValidity.maximumDays).")
        }
        if let overlap { _ = try RotationArguments.duration(overlap, option: "--overlap") }
        let timeout = try RotationArguments.duration(verifyTimeout, option: "--verify-timeout")
        if timeout <= 0 { throw ValidationError("--verify-timeout must be longer than 0.") }
        _ = try RotationArguments.hookTimeout(hookTimeout)
        for target in deployTargets {
            do { try DeployTargetCheck.validate(target) } catch { throw ValidationError(error.description) }
        }
    }

    func run() async throws {
        let logger = global.makeLogger()
        let choices = RotationChoices(
            validityDays: days, keyBits: bits, registration: register?.registration,
            overlap: try overlap.map { (text) throws in try RotationArguments.duration(text, option: "--overlap") }, waitForRegistration: wait,
            verifyTimeout: try RotationArguments.duration(verifyTimeout, option: "--verify-timeout"), deployHook: deployHook,
            hookTimeout: try RotationArguments.hookTimeout(hookTimeout),
            deployTargets: deployTargets.isEmpty ? nil : deployTargets, vaultProfile: vaultProfile
        )
        try await CommandRunner.run(logger) { () async throws in
            let engine = try RotationCLI.engine(global: global, logger: logger, network: network)
            let plan = try engine.plan(profileName: profile, choices: choices)
            if dryRun {
                print(plan.lines.joined(separator: "\n"))
                return
            }
            try RotationCLI.confirm(plan: plan, yes: yes)
            let outcome = try await engine.start(plan)
            try RotationCLI.finish(outcome)
        }
    }
}

enum RegistrationArgument: String, ExpressibleByArgument, CaseIterable {
    case graph
    case guided

    var registration: RotationRegistration { self == .graph ? .graph : .guided }
}
