import CertKeeperEntra
import CertKeeperStore
import Foundation

/// `certkeeper directory sync`: reads every application and service principal of a tenant
/// from Graph and replaces the tenant's snapshot in the inventory. Pages are staged as they
/// arrive (memory stays flat whatever the tenant's size); only a sync that read both
/// collections to the end replaces the snapshot. Any failure (HTTP, a malformed page, a
/// next link to another host) abandons the staged pages: the previous snapshot stays.
public struct DirectorySyncService: Sendable {
    /// After each staged page: the collection, its page number and the objects staged so far.
    public typealias Progress = @Sendable (GraphDirectoryCollection, Int, Int) -> Void

    public let store: any InventoryStore
    public let reader: GraphDirectoryReader

    public init(store: any InventoryStore, reader: GraphDirectoryReader) {
        self.store = store
        self.reader = reader
    }

    public func sync(
        tenantID: String, profileName: String?, token: AccessToken, progress: Progress = { _, _, _ in }
    ) async throws(CoreError) -> DirectorySyncOutcome {
        let handle = try inventoryCall { () throws(StoreError) in
            try store.beginDirectorySync(tenantID: tenantID, graphEndpoint: reader.endpoint.absoluteString, profileName: profileName)
        }
        do throws(CoreError) {
            var staged = 0
            // The page callback speaks EntraError: a store failure is kept aside and rethrown.
            var storeFailure: StoreError?
            for collection in GraphDirectoryCollection.allCases {
                do throws(EntraError) {
                    try await reader.forEachPage(collection, token: token) { (page) throws(EntraError) in
                        do throws(StoreError) {
                            try store.stageDirectoryPage(handle, objects: page.objects.map { Self.draft($0, collection) })
                        } catch {
                            storeFailure = error
                            throw EntraError(.invalidParameter, error.description)
                        }
                        staged += page.objects.count
                        progress(collection, page.number, staged)
                    }
                } catch {
                    if let storeFailure { throw CoreError.inventory(storeFailure) }
                    throw CoreError.identityPlatform(error)
                }
            }
            return try inventoryCall { () throws(StoreError) in try store.completeDirectorySync(handle) }
        } catch {
            // Best effort: a sync that cannot even be marked abandoned is discarded by the next one.
            try? store.abandonDirectorySync(handle)
            throw error
        }
    }

    static func draft(_ object: GraphDirectoryObject, _ collection: GraphDirectoryCollection) -> DirectoryObjectDraft {
        DirectoryObjectDraft(
            type: collection == .applications ? .application : .servicePrincipal, objectID: object.objectID, appID: object.appID,
            displayName: object.displayName, servicePrincipalType: object.servicePrincipalType,
            preferredSigningThumbprint: object.preferredTokenSigningKeyThumbprint,
            credentials: object.credentials.map { credential in
                DirectoryCredentialDraft(
                    keyID: credential.keyID, kind: credential.kind == .certificate ? .certificate : .secret, usage: credential.usage,
                    sha1Thumbprint: credential.sha1Thumbprint, displayName: credential.displayName, notBefore: credential.start,
                    notAfter: credential.end
                )
            }
        )
    }
}
