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

    public init(command: String) { self.command = command }

    /// The hook's exit status (or 128 + signal).
    func run(_ facts: Facts) throws(CoreError) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["CERTKEEPER_PROFILE"] = facts.profile
        environment["CERTKEEPER_NEW_THUMBPRINT_SHA1"] = facts.newSHA1
        environment["CERTKEEPER_NEW_THUMBPRINT_SHA256"] = facts.newSHA256
        environment["CERTKEEPER_OLD_THUMBPRINT_SHA1"] = facts.oldSHA1 ?? ""
        environment["CERTKEEPER_PFX_PATH"] = facts.pfxPath
        environment["CERTKEEPER_DEPLOY_TARGETS"] = facts.deployTargets.joined(separator: "\n")
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.standardError
        process.standardError = FileHandle.standardError
        do { try process.run() } catch {
            throw CoreError(.io, "could not run the deploy hook: \(error.localizedDescription)")
        }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }
}
