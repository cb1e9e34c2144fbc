import CertKeeperStore
import Foundation

/// What a rotation was asked to do, before the profile is read: every choice left nil comes
/// from the profile's renewal policy (`profile renewal`), so a manual `rotate start` registers,
/// overlaps and deploys exactly as the nightly `rotate due` would — an operator should not
/// have to repeat `--register graph --deploy-target …` from memory. The built-in defaults
/// apply only where the policy says nothing.
public struct RotationChoices: Sendable, Hashable {
    public var validityDays: Int?
    public var keyBits: Int?
    public var registration: RotationRegistration?
    public var overlap: TimeInterval?
    public var waitForRegistration: Bool
    public var verifyTimeout: TimeInterval
    public var deployHook: String?
    public var hookTimeout: TimeInterval
    public var deployTargets: [String]?
    public var vaultProfile: String?

    public init(
        validityDays: Int? = nil, keyBits: Int? = nil, registration: RotationRegistration? = nil, overlap: TimeInterval? = nil,
        waitForRegistration: Bool = false, verifyTimeout: TimeInterval = RotationOptions.defaultVerifyTimeout,
        deployHook: String? = nil, hookTimeout: TimeInterval = RotationOptions.defaultHookTimeout,
        deployTargets: [String]? = nil, vaultProfile: String? = nil
    ) {
        self.validityDays = validityDays
        self.keyBits = keyBits
        self.registration = registration
        self.overlap = overlap
        self.waitForRegistration = waitForRegistration
        self.verifyTimeout = verifyTimeout
        self.deployHook = deployHook
        self.hookTimeout = hookTimeout
        self.deployTargets = deployTargets
        self.vaultProfile = vaultProfile
    }

    /// The options the rotation records: the choices, then `policy`, then the defaults. A
    /// policy with renewal off (registration nil) still lends its overlap, hook and targets;
    /// its registration falls back to guided, the safe default.
    public func resolved(with policy: RenewalPolicy) -> RotationOptions {
        RotationOptions(
            validityDays: validityDays, keyBits: keyBits,
            registration: registration ?? policy.registration ?? .guided,
            overlap: overlap ?? TimeInterval(policy.overlapSeconds),
            waitForRegistration: waitForRegistration, verifyTimeout: verifyTimeout,
            deployHook: deployHook ?? policy.deployHook, hookTimeout: hookTimeout,
            deployTargets: deployTargets ?? (policy.deployTargets.isEmpty ? nil : policy.deployTargets),
            vaultProfile: vaultProfile
        )
    }
}
