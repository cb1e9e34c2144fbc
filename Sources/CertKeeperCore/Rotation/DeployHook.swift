import CertKeeperBase
import Foundation

/// Runs the `--deploy-hook` command after promotion: `/bin/sh -c COMMAND` with the rotation's
/// facts in its environment. Its output goes to stderr so certkeeper's stdout stays data. A
/// failing hook is reported, never undone: the profile already points at a working
/// certificate.
public struct DeployHook: Sendable {
    public struct Facts: Sendable {
        public let profile: String
        public let newSHA1: String
        public let newSHA256: String
        public let oldSHA1: String?
        public let pfxPath: String
        /// The profile's deploy targets (`KIND:LOCATION`), one per line in the environment.
        public var deployTargets: [String] = []
    }

    public let command: String
    public let timeout: TimeInterval

    public init(command: String, timeout: TimeInterval = RotationOptions.defaultHookTimeout) {
        self.command = command
        self.timeout = timeout
    }

    /// Runs the hook (see `ShellCommand`: its own process group, killed at the timeout; only
    /// stdio inherited; its background children are not waited for).
    func run(_ facts: Facts) throws(CoreError) -> ShellCommand.Outcome {
        var environment = ProcessInfo.processInfo.environment
        environment["CERTKEEPER_PROFILE"] = facts.profile
        environment["CERTKEEPER_NEW_THUMBPRINT_SHA1"] = facts.newSHA1
        environment["CERTKEEPER_NEW_THUMBPRINT_SHA256"] = facts.newSHA256
        environment["CERTKEEPER_OLD_THUMBPRINT_SHA1"] = facts.oldSHA1 ?? ""
        environment["CERTKEEPER_PFX_PATH"] = facts.pfxPath
        environment["CERTKEEPER_DEPLOY_TARGETS"] = facts.deployTargets.joined(separator: "\n")
        do { return try ShellCommand(command: command, environment: environment, timeout: timeout).run() } catch {
            throw CoreError(.io, "could not run the deploy hook: \(error.description)")
        }
    }
}
