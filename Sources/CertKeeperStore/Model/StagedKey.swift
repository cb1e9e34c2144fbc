import Foundation

/// What the `staged` step hands the store with its transition: the new PKCS#12 as written
/// under the staging runner's keys/ (already encrypted), and the reference its password
/// comes from. The store keeps both until the rotation ends; it never sees the password.
public struct StagedKeyDraft: Sendable, Hashable {
    public var pfx: [UInt8]
    public var passwordReference: String

    public init(pfx: [UInt8], passwordReference: String) {
        self.pfx = pfx
        self.passwordReference = passwordReference
    }
}

/// The new key of an unfinished rotation as the inventory holds it, so another runner can
/// resume the rotation: the encrypted PKCS#12, its password reference, and who staged it
/// where (named when a runner cannot open it).
public struct StagedKey: Sendable, Hashable {
    public let rotationID: Int64
    public let pfx: [UInt8]
    public let passwordReference: String
    /// OS user and host name of the runner that staged it (nil when unknown).
    public let stagedBy: String?
    public let stagedHost: String?
    public let stagedAt: Date

    public init(rotationID: Int64, pfx: [UInt8], passwordReference: String, stagedBy: String?, stagedHost: String?, stagedAt: Date) {
        self.rotationID = rotationID
        self.pfx = pfx
        self.passwordReference = passwordReference
        self.stagedBy = stagedBy
        self.stagedHost = stagedHost
        self.stagedAt = stagedAt
    }
}

/// The staged keys of unfinished rotations. They are written and deleted only by
/// `advanceRotation` (`RotationTransition.stagedKey`; a transition to `completed` or
/// `rolled_back` deletes the rotation's), in the transaction of the state change.
public protocol StagedKeyStorage: Sendable {
    /// The rotation's staged key, nil when none is stored (not staged yet, finished, or
    /// staged by a certkeeper older than schema version 9).
    func stagedKey(rotationID: Int64) throws(StoreError) -> StagedKey?
}
