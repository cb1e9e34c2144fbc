import CertKeeperBase
import CertKeeperStore
import Foundation

/// A rotation with the certificates it involves and, in words, what happens next.
public struct RotationStatus: Sendable {
    public let rotation: StoredRotation
    public let oldCertificate: StoredCertificate?
    public let newCertificate: StoredCertificate?
    public let nextStep: String
    /// Key Vault versions this rotation made current (or found current), in order; a
    /// rollback's restores come after the deployments they undo.
    public let vaultVersions: [VaultVersion]

    public struct VaultVersion: Sendable, Hashable {
        /// `keyvault:https://…/certificates/NAME`.
        public let target: String
        public let version: String
        public let sha1: String
        /// The old certificate put back by a rollback (not the rotation's new one).
        public let restored: Bool
    }

    init(rotation: StoredRotation, store: any InventoryStore, now: Date) throws(CoreError) {
        self.rotation = rotation
        oldCertificate = try rotation.oldCertificateID.flatMap { (id) throws(CoreError) -> StoredCertificate? in
            try inventoryCall { () throws(StoreError) in try store.certificate(id: id) }?.certificate
        }
        newCertificate = try rotation.newCertificateID.flatMap { (id) throws(CoreError) -> StoredCertificate? in
            try inventoryCall { () throws(StoreError) in try store.certificate(id: id) }?.certificate
        }
        nextStep = Self.nextStep(rotation, now: now)
        let events = try inventoryCall { () throws(StoreError) in try store.events(matching: EventQuery(rotationID: rotation.id)) }
        vaultVersions = events.compactMap { event in
            guard event.action == "rotation.vault_deployed" || event.action == "rotation.vault_restored",
                let target = event.detail["target"], let version = event.detail["version"]
            else { return nil }
            return VaultVersion(
                target: target.description, version: version.description, sha1: event.detail["sha1"]?.description ?? "",
                restored: event.action == "rotation.vault_restored"
            )
        }
    }

    static func nextStep(_ rotation: StoredRotation, now: Date) -> String {
        let resume = "certkeeper rotate resume -p \(rotation.profileName)"
        switch rotation.state {
        case .started: return "stage the new certificate: \(resume)"
        case .staged:
            return rotation.registration == .graph
                ? "register it through Graph: \(resume)"
                : "upload \((rotation.details.newCertificatePath.map { ($0 as NSString).deletingPathExtension } ?? "the new certificate")).cer in the portal, then \(resume)"
        case .registered: return "verify the new certificate: \(resume)"
        case .verified: return "promote the new certificate (after importing it into any vault targets): \(resume)"
        case .promoted:
            guard let until = rotation.details.retireAfter, until > now else { return "retire the old certificate: \(resume)" }
            return "the old certificate stays registered until \(RFC3339.string(from: until)); then \(resume)"
        case .retired: return "finish: \(resume)"
        case .completed: return "nothing: the rotation is complete"
        case .rolledBack: return "nothing: the rotation was rolled back and the profile kept its certificate"
        }
    }
}
