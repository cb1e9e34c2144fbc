import CertKeeperBase
import Foundation
import GRDB

/// What a staged sync adds to and removes from a tenant's snapshot, found by comparing the
/// two inside the completing transaction (objects by type and id, credentials by keyId).
struct DirectoryChanges {
    struct Change {
        enum Direction: String {
            case added
            case removed
        }

        let direction: Direction
        let objectType: String
        let objectID: String
        let appID: String
        let objectName: String
        /// nil: the object itself appeared or vanished.
        let credential: (keyID: String, kind: String, thumbprint: String?, notAfter: Date)?

        /// `directory.credential.added`, `directory.object.removed`, ….
        var action: String { "directory.\(credential == nil ? "object" : "credential").\(direction.rawValue)" }

        /// "secret added to application payroll-api", "certificate removed from application X".
        var summary: String {
            let owner = objectType == DirectoryObjectType.servicePrincipal.rawValue ? "service principal" : "application"
            guard let credential else { return "\(owner) \(objectName) \(direction == .added ? "appeared" : "vanished")" }
            return "\(credential.kind) \(direction.rawValue) \(direction == .added ? "to" : "from") \(owner) \(objectName)"
        }

        func detail(tenantID: String) -> [String: EventValue] {
            var detail: [String: EventValue] = [
                "tenant": .string(tenantID), "objectType": .string(objectType), "objectId": .string(objectID),
                "appId": .string(appID), "app": .string(objectName), "summary": .string(summary),
            ]
            if let credential {
                detail["keyId"] = .string(credential.keyID)
                detail["kind"] = .string(credential.kind)
                detail["notAfter"] = .string(RFC3339.string(from: credential.notAfter))
                if let thumbprint = credential.thumbprint { detail["sha1Thumbprint"] = .string(thumbprint) }
            }
            return detail
        }
    }

    private(set) var credentialsAdded: [Change] = []
    private(set) var credentialsRemoved: [Change] = []
    private(set) var objectsAdded: [Change] = []
    private(set) var objectsRemoved: [Change] = []
    /// Added credentials, removed credentials, added objects, removed objects.
    private(set) var counts = (0, 0, 0, 0)

    var all: [Change] { objectsAdded + credentialsAdded + credentialsRemoved + objectsRemoved }

    /// Parameters: syncID, tenantRef (`?` placeholders; the PostgreSQL store numbers them).
    static let objectsAddedSQL = """
        SELECT s.object_type, s.object_id, s.app_id, s.display_name FROM directory_staged_objects s
        WHERE s.sync_ref = ? AND NOT EXISTS (
            SELECT 1 FROM directory_objects o WHERE o.tenant_ref = ? AND o.object_type = s.object_type AND o.object_id = s.object_id)
        ORDER BY s.display_name
        """

    /// Parameters: tenantRef, syncID (`?` placeholders; the PostgreSQL store numbers them).
    static let objectsRemovedSQL = """
        SELECT o.object_type, o.object_id, o.app_id, o.display_name FROM directory_objects o
        WHERE o.tenant_ref = ? AND NOT EXISTS (
            SELECT 1 FROM directory_staged_objects s WHERE s.sync_ref = ? AND s.object_type = o.object_type AND s.object_id = o.object_id)
        ORDER BY o.display_name
        """

    /// Parameters: syncID, tenantRef (`?` placeholders; the PostgreSQL store numbers them).
    static let credentialsAddedSQL = """
        SELECT s.object_type, s.object_id, so.app_id, so.display_name, s.key_id, s.kind, s.sha1_thumbprint, s.not_after
        FROM directory_staged_credentials s
        JOIN directory_staged_objects so ON so.sync_ref = s.sync_ref AND so.object_type = s.object_type AND so.object_id = s.object_id
        WHERE s.sync_ref = ? AND NOT EXISTS (
            SELECT 1 FROM directory_credentials c JOIN directory_objects o ON o.id = c.object_ref
            WHERE o.tenant_ref = ? AND o.object_type = s.object_type AND o.object_id = s.object_id AND c.key_id = s.key_id)
        ORDER BY so.display_name, s.key_id
        """

    /// Parameters: tenantRef, syncID (`?` placeholders; the PostgreSQL store numbers them).
    static let credentialsRemovedSQL = """
        SELECT o.object_type, o.object_id, o.app_id, o.display_name, c.key_id, c.kind, c.sha1_thumbprint, c.not_after
        FROM directory_credentials c JOIN directory_objects o ON o.id = c.object_ref
        WHERE o.tenant_ref = ? AND NOT EXISTS (
            SELECT 1 FROM directory_staged_credentials s
            WHERE s.sync_ref = ? AND s.object_type = o.object_type AND s.object_id = o.object_id AND s.key_id = c.key_id)
        ORDER BY o.display_name, c.key_id
        """

    /// `detailed: false` only counts: a first sync's baseline has no events per credential,
    /// and a tenant's worth of Change values would cost memory for nothing.
    init(_ db: Database, syncID: Int64, tenantRef: Int64, detailed: Bool) throws {
        func fetch(_ sql: String, _ arguments: StatementArguments, _ make: (Row) -> Change) throws -> ([Change], Int) {
            guard detailed else { return ([], try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(sql))", arguments: arguments) ?? 0) }
            let changes = try Row.fetchAll(db, sql: sql, arguments: arguments).map(make)
            return (changes, changes.count)
        }
        let objectsAdded = try fetch(Self.objectsAddedSQL, [syncID, tenantRef]) { Self.objectChange(.added, $0) }
        let objectsRemoved = try fetch(Self.objectsRemovedSQL, [tenantRef, syncID]) { Self.objectChange(.removed, $0) }
        let credentialsAdded = try fetch(Self.credentialsAddedSQL, [syncID, tenantRef]) { Self.credentialChange(.added, $0) }
        let credentialsRemoved = try fetch(Self.credentialsRemovedSQL, [tenantRef, syncID]) { Self.credentialChange(.removed, $0) }
        self.init(objectsAdded: objectsAdded, objectsRemoved: objectsRemoved, credentialsAdded: credentialsAdded, credentialsRemoved: credentialsRemoved)
    }

    /// From each kind's changes (empty when only counted) and count.
    init(
        objectsAdded: ([Change], Int), objectsRemoved: ([Change], Int), credentialsAdded: ([Change], Int), credentialsRemoved: ([Change], Int)
    ) {
        (self.objectsAdded, self.objectsRemoved) = (objectsAdded.0, objectsRemoved.0)
        (self.credentialsAdded, self.credentialsRemoved) = (credentialsAdded.0, credentialsRemoved.0)
        counts = (credentialsAdded.1, credentialsRemoved.1, objectsAdded.1, objectsRemoved.1)
    }

    private static func objectChange(_ direction: Change.Direction, _ row: Row) -> Change {
        Change(direction: direction, objectType: row[0], objectID: row[1], appID: row[2], objectName: row[3], credential: nil)
    }

    private static func credentialChange(_ direction: Change.Direction, _ row: Row) -> Change {
        Change(
            direction: direction, objectType: row[0], objectID: row[1], appID: row[2], objectName: row[3],
            credential: (keyID: row[4], kind: row[5], thumbprint: row[6], notAfter: row[7])
        )
    }
}
