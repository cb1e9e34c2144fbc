import Foundation

/// The states of a rotation (docs/rotation.md). Which transitions are legal is the rotation
/// engine's business; the store only refuses to move a rotation that is not where the caller
/// believes it is.
public enum RotationState: String, Sendable, Hashable, CaseIterable, Codable {
    case started
    case staged
    case registered
    case verified
    case promoted
    case retired
    case completed
    case rolledBack = "rolled_back"

    /// Finished rotations no longer block a new one for the same profile.
    public var isFinished: Bool { self == .completed || self == .rolledBack }
}

/// How the new certificate reaches the app registration.
public enum RotationRegistration: String, Sendable, Hashable, CaseIterable, Codable {
    /// The user uploads the `.cer` in the portal; certkeeper waits and polls.
    case guided
    /// Graph `addKey`.
    case graph
}

/// A rotation as stored.
public struct StoredRotation: Sendable, Hashable, Identifiable {
    public let id: Int64
    public let profileID: Int64
    public let profileName: String
    /// 1 for the profile's first rotation, 2 for its second, …
    public let revision: Int
    public let state: RotationState
    public let oldCertificateID: Int64?
    public let newCertificateID: Int64?
    public let registration: RotationRegistration?
    /// keyId Graph returned for the added credential.
    public let graphKeyID: String?
    /// keyId of the old credential, once found (by thumbprint) for removal.
    public let oldGraphKeyID: String?
    /// Tries of the current step; reset by each transition.
    public let attempts: Int
    public let lastError: String?
    public let startedAt: Date
    public let stateEnteredAt: Date
    public let updatedAt: Date
    public let finishedAt: Date?
    /// Files, references, options and timing a resume needs.
    public let details: RotationDetails

    public init(
        id: Int64, profileID: Int64, profileName: String, revision: Int, state: RotationState,
        oldCertificateID: Int64?, newCertificateID: Int64?, registration: RotationRegistration?,
        graphKeyID: String?, oldGraphKeyID: String?, attempts: Int, lastError: String?,
        startedAt: Date, stateEnteredAt: Date, updatedAt: Date, finishedAt: Date?,
        details: RotationDetails = RotationDetails()
    ) {
        self.id = id
        self.profileID = profileID
        self.profileName = profileName
        self.revision = revision
        self.state = state
        self.oldCertificateID = oldCertificateID
        self.newCertificateID = newCertificateID
        self.registration = registration
        self.graphKeyID = graphKeyID
        self.oldGraphKeyID = oldGraphKeyID
        self.attempts = attempts
        self.lastError = lastError
        self.startedAt = startedAt
        self.stateEnteredAt = stateEnteredAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
        self.details = details
    }
}

/// What a rotation remembers beyond its state, so `rotate resume` needs nothing from the
/// command line that started it.
public struct RotationDetails: Sendable, Hashable {
    /// The start options as JSON (owned by the rotation engine; opaque to the store).
    public var optionsJSON: String
    /// The profile's certificate file and password reference when the rotation started.
    public var oldCertificatePath: String?
    public var oldPasswordReference: String?
    /// The staged certificate's file (with its key) and password reference.
    public var newCertificatePath: String?
    public var newPasswordReference: String?
    /// When the overlap ends and the old credential may be removed.
    public var retireAfter: Date?

    public init(
        optionsJSON: String = "{}", oldCertificatePath: String? = nil, oldPasswordReference: String? = nil,
        newCertificatePath: String? = nil, newPasswordReference: String? = nil, retireAfter: Date? = nil
    ) {
        self.optionsJSON = optionsJSON
        self.oldCertificatePath = oldCertificatePath
        self.oldPasswordReference = oldPasswordReference
        self.newCertificatePath = newCertificatePath
        self.newPasswordReference = newPasswordReference
        self.retireAfter = retireAfter
    }
}

/// One step of a rotation, applied in a single transaction together with its audit event:
/// the rotation moves `from` → `to` (refused if it is no longer in `from`), the fields set
/// here are written, and the profile and certificate changes happen at the same instant —
/// so `promoted` re-points the profile atomically and a crash leaves either all or nothing.
public struct RotationTransition: Sendable, Hashable {
    /// What to point the profile at (promotion, rollback).
    public struct ProfileCertificate: Sendable, Hashable {
        public var certificateID: Int64
        public var certificatePath: String
        public var passwordReference: String?

        public init(certificateID: Int64, certificatePath: String, passwordReference: String?) {
            self.certificateID = certificateID
            self.certificatePath = certificatePath
            self.passwordReference = passwordReference
        }
    }

    public var rotationID: Int64
    public var from: RotationState
    public var to: RotationState
    public var newCertificateID: Int64?
    public var registration: RotationRegistration?
    public var graphKeyID: String?
    public var oldGraphKeyID: String?
    public var repointProfile: ProfileCertificate?
    /// Where the staged certificate lives (set by the `staged` step).
    public var newCertificatePath: String?
    public var newPasswordReference: String?
    /// When the overlap ends (set by the `promoted` step).
    public var retireAfter: Date?
    /// The encrypted PFX to keep in the inventory (set by the `staged` step), so another
    /// runner can resume; a transition to a finished state deletes the rotation's.
    public var stagedKey: StagedKeyDraft?
    /// Certificate lifecycle changes made in the same transaction (new → active, old → retired).
    public var certificateStates: [Int64: CertificateState]
    /// Extra facts for the audit event (`rotation.<to>`).
    public var eventDetail: [String: EventValue]

    public init(
        rotationID: Int64, from: RotationState, to: RotationState,
        newCertificateID: Int64? = nil, registration: RotationRegistration? = nil,
        graphKeyID: String? = nil, oldGraphKeyID: String? = nil,
        repointProfile: ProfileCertificate? = nil,
        newCertificatePath: String? = nil, newPasswordReference: String? = nil, retireAfter: Date? = nil,
        stagedKey: StagedKeyDraft? = nil, certificateStates: [Int64: CertificateState] = [:],
        eventDetail: [String: EventValue] = [:]
    ) {
        self.rotationID = rotationID
        self.from = from
        self.to = to
        self.newCertificateID = newCertificateID
        self.registration = registration
        self.graphKeyID = graphKeyID
        self.oldGraphKeyID = oldGraphKeyID
        self.repointProfile = repointProfile
        self.newCertificatePath = newCertificatePath
        self.newPasswordReference = newPasswordReference
        self.retireAfter = retireAfter
        self.stagedKey = stagedKey
        self.certificateStates = certificateStates
        self.eventDetail = eventDetail
    }
}
