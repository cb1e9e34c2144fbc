import Foundation
import GRDB

extension SQLiteInventoryStore {
    public func beginDirectorySync(tenantID: String, graphEndpoint: String, profileName: String?) throws(StoreError) -> DirectorySyncHandle {
        try write("start a directory sync") { db in
            let now = clock()
            try db.execute(
                sql: """
                    INSERT INTO directory_tenants (tenant_id, graph_endpoint, profile_name) VALUES (?, ?, ?)
                    ON CONFLICT (tenant_id) DO NOTHING
                    """, arguments: [tenantID, graphEndpoint, profileName])
            let tenantRef = try Self.tenantRef(tenantID, db)
            // A sync that never completed (killed, failed) leaves staged rows: drop them.
            try db.execute(
                sql: """
                    UPDATE directory_syncs SET state = 'abandoned', finished_at = ? WHERE tenant_ref = ? AND state = 'running'
                    """, arguments: [now, tenantRef])
            try Self.dropStagedRows(db, where: "tenant_ref = ? AND state = 'abandoned'", [tenantRef])
            try db.execute(sql: "INSERT INTO directory_syncs (tenant_ref, started_at) VALUES (?, ?)", arguments: [tenantRef, now])
            return DirectorySyncHandle(id: db.lastInsertedRowID, tenantID: tenantID)
        }
    }

    public func stageDirectoryPage(_ sync: DirectorySyncHandle, objects: [DirectoryObjectDraft]) throws(StoreError) {
        try write("stage a directory page") { db in
            try Self.requireRunning(sync, db)
            let objectStatement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO directory_staged_objects
                        (sync_ref, object_type, object_id, app_id, display_name, service_principal_type, preferred_signing_thumbprint)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            let credentialStatement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO directory_staged_credentials
                        (sync_ref, object_type, object_id, key_id, kind, usage, sha1_thumbprint, display_name, not_before, not_after)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for object in objects {
                try objectStatement.execute(arguments: [
                    sync.id, object.type.rawValue, object.objectID, object.appID, object.displayName, object.servicePrincipalType,
                    object.preferredSigningThumbprint,
                ])
                for credential in object.credentials {
                    try credentialStatement.execute(arguments: [
                        sync.id, object.type.rawValue, object.objectID, credential.keyID, credential.kind.rawValue, credential.usage,
                        credential.sha1Thumbprint, credential.displayName, credential.notBefore.map(StoredTimestamp.value),
                        StoredTimestamp.value(credential.notAfter),
                    ])
                }
            }
            try db.execute(sql: "UPDATE directory_syncs SET pages = pages + 1 WHERE id = ?", arguments: [sync.id])
        }
    }

    public func completeDirectorySync(_ sync: DirectorySyncHandle) throws(StoreError) -> DirectorySyncOutcome {
        try write("complete the directory sync") { db in
            try Self.requireRunning(sync, db)
            let now = clock()
            let tenantRef = try Self.tenantRef(sync.tenantID, db)
            var outcome = DirectorySyncOutcome()
            outcome.firstSync =
                try Date.fetchOne(
                    db, sql: "SELECT last_synced_at FROM directory_tenants WHERE id = ?", arguments: [tenantRef]
                ) == nil
            let changes = try DirectoryChanges(db, syncID: sync.id, tenantRef: tenantRef, detailed: !outcome.firstSync)
            (outcome.credentialsAdded, outcome.credentialsRemoved, outcome.objectsAdded, outcome.objectsRemoved) = changes.counts
            // The first sync is the baseline: its summary event stands for every credential.
            if !outcome.firstSync {
                for change in changes.all {
                    try appendEvent(db, action: change.action, detail: change.detail(tenantID: sync.tenantID), at: now)
                }
            }

            try db.execute(sql: "DELETE FROM directory_objects WHERE tenant_ref = ?", arguments: [tenantRef])
            try db.execute(
                sql: """
                    INSERT INTO directory_objects
                        (tenant_ref, object_type, object_id, app_id, display_name, service_principal_type, preferred_signing_thumbprint)
                    SELECT ?, object_type, object_id, app_id, display_name, service_principal_type, preferred_signing_thumbprint
                    FROM directory_staged_objects WHERE sync_ref = ?
                    """, arguments: [tenantRef, sync.id])
            try db.execute(
                sql: """
                    INSERT INTO directory_credentials
                        (object_ref, key_id, kind, usage, sha1_thumbprint, display_name, not_before, not_after)
                    SELECT o.id, s.key_id, s.kind, s.usage, s.sha1_thumbprint, s.display_name, s.not_before, s.not_after
                    FROM directory_staged_credentials s
                    JOIN directory_objects o ON o.tenant_ref = ? AND o.object_type = s.object_type AND o.object_id = s.object_id
                    WHERE s.sync_ref = ?
                    """, arguments: [tenantRef, sync.id])
            outcome.credentials = db.changesCount
            for (type, count) in try Row.fetchAll(
                db, sql: "SELECT object_type, count(*) FROM directory_objects WHERE tenant_ref = ? GROUP BY object_type", arguments: [tenantRef]
            ).map({ (row: Row) -> (String, Int) in (row[0], row[1]) }) {
                if type == DirectoryObjectType.application.rawValue { outcome.applications = count } else { outcome.servicePrincipals = count }
            }
            try db.execute(sql: "UPDATE directory_syncs SET state = 'completed', finished_at = ? WHERE id = ?", arguments: [now, sync.id])
            try Self.dropStagedRows(db, where: "id = ?", [sync.id])
            try db.execute(sql: "UPDATE directory_tenants SET last_synced_at = ? WHERE id = ?", arguments: [now, tenantRef])
            try appendEvent(
                db, action: "directory.sync",
                detail: InventoryRules.directorySyncDetail(sync, outcome), at: now)
            return outcome
        }
    }

    public func abandonDirectorySync(_ sync: DirectorySyncHandle) throws(StoreError) {
        try write("abandon the directory sync") { db in
            try db.execute(
                sql: """
                    UPDATE directory_syncs SET state = 'abandoned', finished_at = ? WHERE id = ? AND state = 'running'
                    """, arguments: [clock(), sync.id])
            try Self.dropStagedRows(db, where: "id = ?", [sync.id])
        }
    }

    public func directoryTenants() throws(StoreError) -> [DirectoryTenant] {
        try read("list directory tenants") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.tenant_id, t.graph_endpoint, t.profile_name, t.last_synced_at,
                           (SELECT count(*) FROM directory_objects o WHERE o.tenant_ref = t.id) AS objects,
                           (SELECT count(*) FROM directory_credentials c JOIN directory_objects o ON o.id = c.object_ref
                            WHERE o.tenant_ref = t.id) AS credentials
                    FROM directory_tenants t WHERE t.last_synced_at IS NOT NULL ORDER BY t.tenant_id
                    """
            ).map { row in
                DirectoryTenant(
                    tenantID: row["tenant_id"], graphEndpoint: row["graph_endpoint"], profileName: row["profile_name"],
                    lastSyncedAt: row["last_synced_at"], objects: row["objects"], credentials: row["credentials"]
                )
            }
        }
    }

    public func forEachDirectoryCredential(
        tenantID: String?, order: DirectoryCredentialOrder, _ body: (DirectoryCredentialRow) -> Bool
    ) throws(StoreError) {
        let credentials =
            switch order {
            case .expiry: "FROM directory_credentials c INDEXED BY directory_credentials_not_after"
            case .object: "FROM directory_credentials c"
            }
        let sorting =
            switch order {
            case .expiry: "c.not_after, o.display_name, c.key_id"
            case .object: "t.tenant_id, o.object_type, o.display_name, o.object_id, c.not_after, c.key_id"
            }
        // Dates as Unix seconds: SQLite converts them faster than Date decoding of the text.
        let sql = """
            SELECT t.tenant_id, o.object_type, o.object_id, o.app_id, o.display_name, c.key_id, c.kind, c.usage,
                   c.sha1_thumbprint, c.display_name,
                   CAST(strftime('%s', c.not_before) AS INTEGER), CAST(strftime('%s', c.not_after) AS INTEGER),
                   CAST(strftime('%s', (SELECT max(l.not_after) FROM directory_credentials l WHERE l.object_ref = c.object_ref)) AS INTEGER),
                   k.id
            \(credentials)
            JOIN directory_objects o ON o.id = c.object_ref
            JOIN directory_tenants t ON t.id = o.tenant_ref
            LEFT JOIN certificates k ON k.sha1_thumbprint = c.sha1_thumbprint
            WHERE ?1 IS NULL OR t.tenant_id = ?1
            ORDER BY \(sorting)
            """
        try read("read the directory") { db in
            let profileNames = try Self.profileNamesByCertificate(db)
            let files = try FilePathTable(db)
            let rows = try Row.fetchCursor(db, sql: sql, arguments: [tenantID])
            while let row = try rows.next() {
                let certificateID: Int64? = row[13]
                let notBefore: Int64? = row[10]
                let credential = DirectoryCredentialRow(
                    tenantID: row[0], objectType: DirectoryObjectType(rawValue: row[1]) ?? .application, objectID: row[2], appID: row[3],
                    objectName: row[4], keyID: row[5], kind: DirectoryCredentialKind(rawValue: row[6]) ?? .secret, usage: row[7],
                    sha1Thumbprint: row[8], displayName: row[9], notBefore: notBefore.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                    notAfter: Date(timeIntervalSince1970: TimeInterval(row[11] as Int64)),
                    objectLatestNotAfter: Date(timeIntervalSince1970: TimeInterval(row[12] as Int64)),
                    filePaths: certificateID.map { files.paths(of: $0) } ?? [],
                    profileNames: certificateID.flatMap { profileNames[$0] } ?? [], knownCertificate: certificateID != nil
                )
                guard body(credential) else { return }
            }
        }
    }

    public func directoryRegistrations(sha1Thumbprint: String) throws(StoreError) -> [DirectoryRegistration] {
        try read("read the directory") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.tenant_id, o.object_type, o.object_id, o.app_id, o.display_name, c.key_id, c.usage, c.not_after
                    FROM directory_credentials c
                    JOIN directory_objects o ON o.id = c.object_ref
                    JOIN directory_tenants t ON t.id = o.tenant_ref
                    WHERE c.sha1_thumbprint = ?
                    ORDER BY t.tenant_id, o.display_name, c.key_id
                    """, arguments: [sha1Thumbprint.uppercased()]
            ).map { row in
                DirectoryRegistration(
                    tenantID: row[0], objectType: DirectoryObjectType(rawValue: row[1]) ?? .application, objectID: row[2], appID: row[3],
                    objectName: row[4], keyID: row[5], usage: row[6], notAfter: row[7]
                )
            }
        }
    }

    // MARK: Helpers

    private static func tenantRef(_ tenantID: String, _ db: Database) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM directory_tenants WHERE tenant_id = ?", arguments: [tenantID]) else {
            throw StoreError(.notFound, "tenant \(tenantID) has never been synced: run certkeeper directory sync")
        }
        return id
    }

    private static func requireRunning(_ sync: DirectorySyncHandle, _ db: Database) throws {
        let state = try String.fetchOne(db, sql: "SELECT state FROM directory_syncs WHERE id = ?", arguments: [sync.id])
        guard state == "running" else {
            throw StoreError(
                .conflict,
                "another sync of tenant \(sync.tenantID) started meanwhile and replaced this one; the inventory keeps the previous snapshot"
            )
        }
    }

    private static func dropStagedRows(_ db: Database, where condition: String, _ arguments: StatementArguments) throws {
        for table in ["directory_staged_credentials", "directory_staged_objects"] {
            try db.execute(
                sql: "DELETE FROM \(table) WHERE sync_ref IN (SELECT id FROM directory_syncs WHERE \(condition))", arguments: arguments
            )
        }
    }
}
