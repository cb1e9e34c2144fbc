import Foundation

/// What `rotate due` was asked to do.
public struct RenewalRequest: Sendable {
    /// Only these profiles; empty: every profile.
    public var profileNames: [String]
    /// Judge due dates at this instant instead of now; implies a dry run (nothing changes).
    public var at: Date?
    /// Report what would happen; change nothing, contact nobody.
    public var dryRun: Bool
    /// How long verification keeps retrying while the directory replicates.
    public var verifyTimeout: TimeInterval
    /// How long to wait for a profile another certkeeper process is rotating.
    public var lockWait: TimeInterval
    /// How long a deploy hook may run before its process group is killed. nil: a rotation
    /// this run starts gets `RotationOptions.defaultHookTimeout`, a resumed one keeps the
    /// timeout it was started with; a value applies to both (as `rotate resume --hook-timeout`).
    public var hookTimeout: TimeInterval?

    public static let defaultLockWait: TimeInterval = 30 * 60

    public init(
        profileNames: [String] = [], at: Date? = nil, dryRun: Bool = false,
        verifyTimeout: TimeInterval = RotationOptions.defaultVerifyTimeout, lockWait: TimeInterval = RenewalRequest.defaultLockWait,
        hookTimeout: TimeInterval? = nil
    ) {
        self.profileNames = profileNames
        self.at = at
        self.dryRun = dryRun || at != nil
        self.verifyTimeout = verifyTimeout
        self.lockWait = lockWait
        self.hookTimeout = hookTimeout
    }
}
