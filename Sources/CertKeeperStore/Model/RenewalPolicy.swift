import Foundation

/// When and how `certkeeper rotate due` renews a profile's certificate. The store keeps it
/// as typed in (`renewBefore` is parsed and judged by CertKeeperCore, like scan thresholds).
public struct RenewalPolicy: Sendable, Hashable {
    /// Two thirds of the lifetime elapsed, as cert-manager: a third of it is left for retries
    /// and, for guided profiles, for the operator.
    public static let defaultRenewBefore = "66%"
    public static let defaultRegistration: RotationRegistration? = .guided
    public static let defaultOverlapSeconds: Int64 = 24 * 3600

    /// A time left before notAfter (`30d`) or a share of the lifetime elapsed (`66%`).
    public var renewBefore: String
    /// How the new certificate reaches the app registration; nil: renewal is off (rotate due
    /// never touches the profile).
    public var registration: RotationRegistration?
    /// How long the old credential stays registered after promotion.
    public var overlapSeconds: Int64
    /// Shell command run after promotion.
    public var deployHook: String?
    /// Where the certificate is deployed, `KIND:LOCATION` each; handed to the deploy hook.
    public var deployTargets: [String]

    public init(
        renewBefore: String = RenewalPolicy.defaultRenewBefore,
        registration: RotationRegistration? = RenewalPolicy.defaultRegistration,
        overlapSeconds: Int64 = RenewalPolicy.defaultOverlapSeconds,
        deployHook: String? = nil, deployTargets: [String] = []
    ) {
        self.renewBefore = renewBefore
        self.registration = registration
        self.overlapSeconds = overlapSeconds
        self.deployHook = deployHook
        self.deployTargets = deployTargets
    }

    /// `graph`, `guided` or `off`, as stored and typed.
    public var registrationName: String { registration?.rawValue ?? "off" }
}
