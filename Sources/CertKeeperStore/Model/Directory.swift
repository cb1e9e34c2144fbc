import Foundation

/// What a Graph listing holds: an app registration or a service principal.
public enum DirectoryObjectType: String, Sendable, Hashable, CaseIterable {
    case application
    case servicePrincipal
}

/// A keyCredential (certificate) or a passwordCredential (client secret).
public enum DirectoryCredentialKind: String, Sendable, Hashable {
    case certificate
    case secret
}

/// One credential of a directory object, as read from Graph (metadata only).
public struct DirectoryCredentialDraft: Sendable, Hashable {
    public let keyID: String
    public let kind: DirectoryCredentialKind
    /// `Verify` or `Sign` for certificates.
    public let usage: String?
    /// Uppercase hex SHA-1, when customKeyIdentifier held a thumbprint.
    public let sha1Thumbprint: String?
    public let displayName: String?
    public let notBefore: Date?
    public let notAfter: Date

    public init(
        keyID: String, kind: DirectoryCredentialKind, usage: String?, sha1Thumbprint: String?, displayName: String?,
        notBefore: Date?, notAfter: Date
    ) {
        self.keyID = keyID
        self.kind = kind
        self.usage = usage
        self.sha1Thumbprint = sha1Thumbprint
        self.displayName = displayName
        self.notBefore = notBefore
        self.notAfter = notAfter
    }
}

/// One application or service principal with its credentials, as read from Graph.
public struct DirectoryObjectDraft: Sendable, Hashable {
    public let type: DirectoryObjectType
    public let objectID: String
    public let appID: String
    public let displayName: String
    public let servicePrincipalType: String?
    public let preferredSigningThumbprint: String?
    public let credentials: [DirectoryCredentialDraft]

    public init(
        type: DirectoryObjectType, objectID: String, appID: String, displayName: String, servicePrincipalType: String?,
        preferredSigningThumbprint: String?, credentials: [DirectoryCredentialDraft]
    ) {
        self.type = type
        self.objectID = objectID
        self.appID = appID
        self.displayName = displayName
        self.servicePrincipalType = servicePrincipalType
        self.preferredSigningThumbprint = preferredSigningThumbprint
        self.credentials = credentials
    }
}

/// A sync in progress: pages are staged under it until it completes.
public struct DirectorySyncHandle: Sendable, Hashable {
    public let id: Int64
    public let tenantID: String
}

/// What a completed sync changed.
public struct DirectorySyncOutcome: Sendable, Hashable {
    public var applications = 0
    public var servicePrincipals = 0
    public var credentials = 0
    /// Credentials and objects that appeared or vanished since the previous snapshot (0 on
    /// a tenant's first sync, which is the baseline).
    public var credentialsAdded = 0
    public var credentialsRemoved = 0
    public var objectsAdded = 0
    public var objectsRemoved = 0
    public var firstSync = false

    public init() {}
}

/// A synced tenant.
public struct DirectoryTenant: Sendable, Hashable {
    public let tenantID: String
    public let graphEndpoint: String
    public let profileName: String?
    public let lastSyncedAt: Date?
    public let objects: Int
    public let credentials: Int
}

/// One credential of the snapshot with its object and what the local inventory knows of
/// the certificate (matched by SHA-1 thumbprint).
public struct DirectoryCredentialRow: Sendable, Hashable {
    public let tenantID: String
    public let objectType: DirectoryObjectType
    public let objectID: String
    public let appID: String
    public let objectName: String
    public let keyID: String
    public let kind: DirectoryCredentialKind
    public let usage: String?
    public let sha1Thumbprint: String?
    public let displayName: String?
    public let notBefore: Date?
    public let notAfter: Date
    /// The latest notAfter among the object's credentials: before now, it cannot authenticate.
    public let objectLatestNotAfter: Date
    /// Files on this host that hold the certificate (inventory), and profiles using it.
    public let filePaths: [String]
    public let profileNames: [String]
    /// Whether the inventory knows the certificate at all.
    public let knownCertificate: Bool
}

/// An app or service principal that registers a given certificate (`inventory show`).
public struct DirectoryRegistration: Sendable, Hashable {
    public let tenantID: String
    public let objectType: DirectoryObjectType
    public let objectID: String
    public let appID: String
    public let objectName: String
    public let keyID: String
    public let usage: String?
    public let notAfter: Date
}

/// How `forEachDirectoryCredential` orders the credentials.
public enum DirectoryCredentialOrder: Sendable {
    /// Ascending notAfter (then display name, keyId).
    case expiry
    /// Grouped by owner: tenant, object type, display name, object id; then notAfter.
    case object
}

/// The tenant-wide credential inventory (`certkeeper directory sync`).
public protocol DirectoryInventory: Sendable {
    /// Opens a sync of `tenantID`, discarding the staged rows of any earlier sync that never
    /// completed. The tenant's snapshot is untouched until `completeDirectorySync`.
    func beginDirectorySync(tenantID: String, graphEndpoint: String, profileName: String?) throws(StoreError) -> DirectorySyncHandle
    /// Stages one page (one short transaction).
    func stageDirectoryPage(_ sync: DirectorySyncHandle, objects: [DirectoryObjectDraft]) throws(StoreError)
    /// Replaces the tenant's snapshot with the staged one and writes the audit events of
    /// what appeared and vanished, in one transaction.
    func completeDirectorySync(_ sync: DirectorySyncHandle) throws(StoreError) -> DirectorySyncOutcome
    /// Marks a sync abandoned and drops its staged rows (the snapshot stays as it was).
    func abandonDirectorySync(_ sync: DirectorySyncHandle) throws(StoreError)
    /// Tenants with a completed sync.
    func directoryTenants() throws(StoreError) -> [DirectoryTenant]
    /// Streams the snapshot's credentials (one tenant, or all) in `order`. `body` returns
    /// false to stop, and must not call back into the store.
    func forEachDirectoryCredential(
        tenantID: String?, order: DirectoryCredentialOrder, _ body: (DirectoryCredentialRow) -> Bool
    ) throws(StoreError)
    /// Apps and service principals that register the certificate with this SHA-1 thumbprint.
    func directoryRegistrations(sha1Thumbprint: String) throws(StoreError) -> [DirectoryRegistration]
}

extension DirectoryInventory {
    /// The snapshot's credentials in ascending notAfter order.
    public func forEachDirectoryCredential(tenantID: String?, _ body: (DirectoryCredentialRow) -> Bool) throws(StoreError) {
        try forEachDirectoryCredential(tenantID: tenantID, order: .expiry, body)
    }
}
