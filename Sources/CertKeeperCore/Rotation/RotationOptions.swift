import CertKeeperStore
import Foundation

/// How a rotation was asked to run. Stored with the rotation (as JSON) when it starts, so
/// `rotate resume` continues with the same choices after a crash.
public struct RotationOptions: Sendable, Hashable, Codable {
    public static let defaultOverlap: TimeInterval = 24 * 3600
    public static let defaultVerifyTimeout: TimeInterval = 600
    public static let defaultHookTimeout: TimeInterval = 600

    /// Validity of the new certificate; nil copies the current certificate's lifetime.
    public var validityDays: Int?
    /// RSA size of the new key; nil keeps the current size (at least 2048).
    public var keyBits: Int?
    public var registration: RotationRegistration
    /// How long the old credential stays registered after promotion (0: retire at once).
    public var overlap: TimeInterval
    /// Guided registration: poll until the uploaded certificate works instead of exiting.
    public var waitForRegistration: Bool
    /// How long verification (and a guided --wait) keeps trying while the directory replicates.
    public var verifyTimeout: TimeInterval
    /// A shell command run after promotion (deploy the PFX, restart a service).
    public var deployHook: String?
    /// How long the deploy hook may run before its process group is killed; nil (rotations
    /// recorded before the option existed): `defaultHookTimeout`.
    public var hookTimeout: TimeInterval?
    /// Where the certificate is deployed (`KIND:LOCATION`), handed to the deploy hook; nil
    /// in rotations recorded before renewal policies existed.
    public var deployTargets: [String]?
    /// The profile whose certificate gets the Key Vault token for `keyvault:` targets; nil:
    /// the rotated profile's own current certificate.
    public var vaultProfile: String?

    public init(
        validityDays: Int? = nil, keyBits: Int? = nil, registration: RotationRegistration = .guided,
        overlap: TimeInterval = RotationOptions.defaultOverlap, waitForRegistration: Bool = false,
        verifyTimeout: TimeInterval = RotationOptions.defaultVerifyTimeout, deployHook: String? = nil,
        hookTimeout: TimeInterval? = nil, deployTargets: [String]? = nil, vaultProfile: String? = nil
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

    enum CodingKeys: String, CodingKey {
        case registration, overlap
        case validityDays = "validity_days"
        case keyBits = "key_bits"
        case waitForRegistration = "wait_for_registration"
        case verifyTimeout = "verify_timeout"
        case deployHook = "deploy_hook"
        case hookTimeout = "hook_timeout"
        case deployTargets = "deploy_targets"
        case vaultProfile = "vault_profile"
    }

    func encodedJSON() throws(CoreError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { return String(decoding: try encoder.encode(self), as: UTF8.self) } catch {
            throw CoreError(.invalidInput, "could not record the rotation options: \(error.localizedDescription)")
        }
    }

    static func decoded(from json: String, rotation: StoredRotation) throws(CoreError) -> RotationOptions {
        do { return try JSONDecoder().decode(RotationOptions.self, from: Data(json.utf8)) } catch {
            throw CoreError(
                .inventory,
                "rotation #\(rotation.revision) of profile \(rotation.profileName) has unreadable options: roll it back with certkeeper rotate rollback -p \(rotation.profileName)"
            )
        }
    }
}
