import Foundation

/// The inventory's seam: domain operations in, domain values out. No SQL crosses it, so a
/// shared PostgreSQL inventory is a second implementation of these protocols, not a rewrite
/// of the workflows in CertKeeperCore. Every mutating method writes its audit event in the
/// same transaction as the change.
public protocol InventoryStore: CertificateInventory, ProfileRepository, RotationLedger, StagedKeyStorage, RotationLocking, AuditLog,
    DirectoryInventory
{
    /// The schema version the store is at (the highest applied migration).
    var schemaVersion: Int { get throws(StoreError) }
}

/// Certificates and where they live on disk.
public protocol CertificateInventory: Sendable {
    /// Records what an import pass found: new certificates are added (deduplicated by SHA-256
    /// thumbprint), every file location is added or refreshed, locations a re-read file no
    /// longer holds are dropped. One transaction, one `inventory.import` event plus one
    /// `certificate.discovered` event per new certificate.
    func recordImport(_ batch: ImportBatch) throws(StoreError) -> ImportBatchOutcome

    /// For files whose stamp (path → stamp) equals the one recorded at their last import, the
    /// SHA-256 thumbprints of the certificates they hold. Files not listed must be read.
    func unchangedFiles(_ stamps: [String: String]) throws(StoreError) -> [String: [String]]

    /// One certificate with its files and profiles.
    func certificate(id: Int64) throws(StoreError) -> InventoryEntry?

    /// Certificates whose SHA-1 or SHA-256 thumbprint starts with `prefix` (hex, any case).
    func certificates(thumbprintPrefix prefix: String) throws(StoreError) -> [StoredCertificate]

    /// Certificates matching `query`, with files and profile names.
    func certificates(matching query: CertificateQuery) throws(StoreError) -> [InventoryEntry]

    /// Streams the certificates matching `query` one at a time (scans of large inventories:
    /// memory stays flat). `body` must not call back into the store.
    func forEachCertificate(matching query: CertificateQuery, _ body: (InventoryEntry) -> Void) throws(StoreError)

    /// Streams what an expiry scan judges, in ascending not-after order: every certificate
    /// but retired ones, plus any a profile still uses. No DER is loaded. `body` returns
    /// false to stop early, and must not call back into the store.
    func forEachCertificateByExpiry(_ body: (CertificateExpiryRow) -> Bool) throws(StoreError)

    /// Forgets a certificate and its file locations (the files stay on disk). Refused while a
    /// profile or a rotation refers to it.
    func removeCertificate(id: Int64) throws(StoreError) -> StoredCertificate

    /// Moves a certificate to another lifecycle state.
    func setCertificateState(id: Int64, to state: CertificateState) throws(StoreError)
}

/// Named connection profiles.
public protocol ProfileRepository: Sendable {
    /// Refused with `.duplicate` when the name (case-insensitive) is taken.
    func createProfile(_ settings: ProfileSettings) throws(StoreError) -> StoredProfile
    /// Several profiles at once, all or nothing (profile import).
    func createProfiles(_ settings: [ProfileSettings]) throws(StoreError) -> [StoredProfile]
    /// Replaces the settings of `name` (which may rename it).
    func updateProfile(named name: String, to settings: ProfileSettings) throws(StoreError) -> StoredProfile
    func profile(named name: String) throws(StoreError) -> StoredProfile?
    func profiles() throws(StoreError) -> [StoredProfile]
    /// Refused while a rotation of the profile is unfinished.
    func deleteProfile(named name: String) throws(StoreError) -> StoredProfile
}

/// Rotations of profiles' certificates (docs/rotation.md).
public protocol RotationLedger: Sendable {
    /// Opens a rotation of `profileName` in state `started`, its old certificate (and file and
    /// password reference) being the profile's active one, `optionsJSON` the start options.
    /// Refused with `.conflict` while another is unfinished.
    func startRotation(profileName: String, optionsJSON: String) throws(StoreError) -> StoredRotation
    /// Applies one step (see `RotationTransition`); `.conflict` when the rotation is no longer
    /// in `transition.from` (another process moved it).
    func advanceRotation(_ transition: RotationTransition) throws(StoreError) -> StoredRotation
    /// Counts a failed try of the current step and keeps its error (no state change).
    func recordRotationAttempt(rotationID: Int64, in state: RotationState, error: String) throws(StoreError) -> StoredRotation
    func rotation(id: Int64) throws(StoreError) -> StoredRotation?
    func unfinishedRotation(profileName: String) throws(StoreError) -> StoredRotation?
    /// Every rotation, or those of one profile, oldest first.
    func rotations(profileName: String?) throws(StoreError) -> [StoredRotation]
    /// Points a profile at another certificate (a rollback to an earlier revision after its
    /// rotations finished), with `action`'s audit event, in one transaction. Refused while a
    /// rotation of the profile is unfinished.
    func repointProfile(
        named name: String, to certificate: RotationTransition.ProfileCertificate,
        certificateStates: [Int64: CertificateState], action: String, detail: [String: EventValue]
    ) throws(StoreError) -> StoredProfile
}

extension RotationLedger {
    /// A rotation with no recorded options.
    public func startRotation(profileName: String) throws(StoreError) -> StoredRotation {
        try startRotation(profileName: profileName, optionsJSON: "{}")
    }
}

/// The append-only audit log.
public protocol AuditLog: Sendable {
    /// Appends an event for an action that changed nothing in the inventory itself.
    func recordEvent(_ event: EventDraft) throws(StoreError)
    func events(matching query: EventQuery) throws(StoreError) -> [AuditEvent]
}
