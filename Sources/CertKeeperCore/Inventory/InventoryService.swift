import CertKeeperBase
import CertKeeperStore
import Foundation

/// The inventory's read and housekeeping operations for the CLI: listing, lookup, removal,
/// audit history. Errors come back as CoreError, in the store's words.
public struct InventoryService: Sendable {
    public let store: any InventoryStore

    public init(store: any InventoryStore) { self.store = store }

    public func schemaVersion() throws(CoreError) -> Int {
        try inventoryCall { () throws(StoreError) in try store.schemaVersion }
    }

    /// Certificates in id order, or in expiry order when `expiringWithin` is given (those
    /// whose not-after falls before now + the window, expired ones included).
    public func list(expiringWithin window: DurationSpec?, states: Set<CertificateState>, now: Date = Date()) throws(CoreError) -> [InventoryEntry] {
        let query = CertificateQuery(expiringBefore: window.map { now.addingTimeInterval($0.timeInterval) }, states: states)
        return try inventoryCall { () throws(StoreError) in try store.certificates(matching: query) }
    }

    /// One certificate by id or thumbprint (see `CertificateLookup`).
    public func show(_ identifier: String) throws(CoreError) -> InventoryEntry {
        try CertificateLookup.find(identifier, in: store)
    }

    /// Forgets a certificate; its files stay on disk.
    public func remove(_ identifier: String) throws(CoreError) -> InventoryEntry {
        let entry = try CertificateLookup.find(identifier, in: store)
        _ = try inventoryCall { () throws(StoreError) in try store.removeCertificate(id: entry.certificate.id) }
        return entry
    }

    public func history(profile: String?, limit: Int?) throws(CoreError) -> [AuditEvent] {
        try inventoryCall { () throws(StoreError) in try store.events(matching: EventQuery(profileName: profile, limit: limit)) }
    }
}
