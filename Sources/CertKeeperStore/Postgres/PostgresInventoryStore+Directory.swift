import Foundation

extension PostgresInventoryStore {
    public func beginDirectorySync(tenantID: String, graphEndpoint: String, profileName: String?) throws(StoreError) -> DirectorySyncHandle {
        try write("start a directory sync") { connection in
            let now = clock()
            try connection.execute(
                """
                INSERT INTO directory_tenants (tenant_id, graph_endpoint, profile_name) VALUES ($1, $2, $3)
                ON CONFLICT (lower(tenant_id)) DO NOTHING
                """, [tenantID, graphEndpoint, profileName])
            let tenantRef = try Self.tenantRef(tenantID, connection)
            // A sync that never completed (killed, failed) leaves staged rows: drop them.
            try connection.execute(
                "UPDATE directory_syncs SET state = 'abandoned', finished_at = $1 WHERE tenant_ref = $2 AND state = 'running'", [now, tenantRef])
            try Self.dropStagedRows(connection, where: "tenant_ref = $1 AND state = 'abandoned'", [tenantRef])
            let id = try connection.execute(
                "INSERT INTO directory_syncs (tenant_ref, started_at) VALUES ($1, $2) RETURNING id", [tenantRef, now]
            ).first?.int64(0)
            guard let id else { throw StoreError(.database, "the directory sync of \(tenantID) was not recorded") }
            return DirectorySyncHandle(id: id, tenantID: tenantID)
        }
    }

    public func stageDirectoryPage(_ sync: DirectorySyncHandle, objects: [DirectoryObjectDraft]) throws(StoreError) {
        try write("stage a directory page") { connection in
            try Self.requireRunning(sync, connection)
            for object in objects {
                try connection.execute(
                    """
                    INSERT INTO directory_staged_objects
                        (sync_ref, object_type, object_id, app_id, display_name, service_principal_type, preferred_signing_thumbprint)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT (sync_ref, object_type, object_id) DO UPDATE SET app_id = excluded.app_id,
                        display_name = excluded.display_name, service_principal_type = excluded.service_principal_type,
                        preferred_signing_thumbprint = excluded.preferred_signing_thumbprint
                    """,
                    [
                        sync.id, object.type.rawValue, object.objectID, object.appID, object.displayName, object.servicePrincipalType,
                        object.preferredSigningThumbprint,
                    ])
                for credential in object.credentials {
                    try connection.execute(
                        """
                        INSERT INTO directory_staged_credentials
                            (sync_ref, object_type, object_id, key_id, kind, usage, sha1_thumbprint, display_name, not_before, not_after)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        ON CONFLICT (sync_ref, object_type, object_id, key_id) DO UPDATE SET kind = excluded.kind,
                            usage = excluded.usage, sha1_thumbprint = excluded.sha1_thumbprint, display_name = excluded.display_name,
                            not_before = excluded.not_before, not_after = excluded.not_after
                        """,
                        [
                            sync.id, object.type.rawValue, object.objectID, credential.keyID, credential.kind.rawValue, credential.usage,
                            credential.sha1Thumbprint, credential.displayName, credential.notBefore, credential.notAfter,
                        ])
                }
            }
            try connection.execute("UPDATE directory_syncs SET pages = pages + 1 WHERE id = $1", [sync.id])
        }
    }

    public func completeDirectorySync(_ sync: DirectorySyncHandle) throws(StoreError) -> DirectorySyncOutcome {
        try write("complete the directory sync") { connection in
            try Self.requireRunning(sync, connection)
            let now = clock()
            let tenantRef = try Self.tenantRef(sync.tenantID, connection)
            var outcome = DirectorySyncOutcome()
            outcome.firstSync =
                try connection.execute("SELECT last_synced_at FROM directory_tenants WHERE id = $1", [tenantRef]).first?.optionalString(0) == nil
            let changes = try Self.directoryChanges(connection, syncID: sync.id, tenantRef: tenantRef, detailed: !outcome.firstSync)
            (outcome.credentialsAdded, outcome.credentialsRemoved, outcome.objectsAdded, outcome.objectsRemoved) = changes.counts
            // The first sync is the baseline: its summary event stands for every credential.
            if !outcome.firstSync {
                for change in changes.all {
                    try appendEvent(connection, action: change.action, detail: change.detail(tenantID: sync.tenantID), at: now)
                }
            }
            try connection.execute("DELETE FROM directory_objects WHERE tenant_ref = $1", [tenantRef])
            try connection.execute(
                """
                INSERT INTO directory_objects
                    (tenant_ref, object_type, object_id, app_id, display_name, service_principal_type, preferred_signing_thumbprint)
                SELECT $1, object_type, object_id, app_id, display_name, service_principal_type, preferred_signing_thumbprint
                FROM directory_staged_objects WHERE sync_ref = $2
                """, [tenantRef, sync.id])
            outcome.credentials = try connection.execute(
                """
                INSERT INTO directory_credentials
                    (object_ref, key_id, kind, usage, sha1_thumbprint, display_name, not_before, not_after)
                SELECT o.id, s.key_id, s.kind, s.usage, s.sha1_thumbprint, s.display_name, s.not_before, s.not_after
                FROM directory_staged_credentials s
                JOIN directory_objects o ON o.tenant_ref = $1 AND o.object_type = s.object_type AND o.object_id = s.object_id
                WHERE s.sync_ref = $2
                """, [tenantRef, sync.id]
            ).affectedRows
            let counts = try connection.execute(
                "SELECT object_type, count(*) FROM directory_objects WHERE tenant_ref = $1 GROUP BY object_type", [tenantRef])
            for row in counts.rows {
                if try row.string(0) == DirectoryObjectType.application.rawValue {
                    outcome.applications = try row.int(1)
                } else {
                    outcome.servicePrincipals = try row.int(1)
                }
            }
            try connection.execute("UPDATE directory_syncs SET state = 'completed', finished_at = $1 WHERE id = $2", [now, sync.id])
            try Self.dropStagedRows(connection, where: "id = $1", [sync.id])
            try connection.execute("UPDATE directory_tenants SET last_synced_at = $1 WHERE id = $2", [now, tenantRef])
            try appendEvent(
                connection, action: "directory.sync",
                detail: InventoryRules.directorySyncDetail(sync, outcome), at: now)
            return outcome
        }
    }

    public func abandonDirectorySync(_ sync: DirectorySyncHandle) throws(StoreError) {
        try write("abandon the directory sync") { connection in
            try connection.execute(
                "UPDATE directory_syncs SET state = 'abandoned', finished_at = $1 WHERE id = $2 AND state = 'running'", [clock(), sync.id])
            try Self.dropStagedRows(connection, where: "id = $1", [sync.id])
        }
    }

    public func directoryTenants() throws(StoreError) -> [DirectoryTenant] {
        try read("list directory tenants") { connection in
            try connection.execute(
                """
                SELECT t.tenant_id, t.graph_endpoint, t.profile_name, t.last_synced_at,
                       (SELECT count(*) FROM directory_objects o WHERE o.tenant_ref = t.id) AS objects,
                       (SELECT count(*) FROM directory_credentials c JOIN directory_objects o ON o.id = c.object_ref
                        WHERE o.tenant_ref = t.id) AS credentials
                FROM directory_tenants t WHERE t.last_synced_at IS NOT NULL ORDER BY t.tenant_id
                """
            ).rows.map { row in
                DirectoryTenant(
                    tenantID: try row.string(0), graphEndpoint: try row.string(1), profileName: row.optionalString(2),
                    lastSyncedAt: try row.optionalDate(3), objects: try row.int(4), credentials: try row.int(5)
                )
            }
        }
    }

    public func forEachDirectoryCredential(
        tenantID: String?, order: DirectoryCredentialOrder, _ body: (DirectoryCredentialRow) -> Bool
    ) throws(StoreError) {
        let sorting =
            switch order {
            case .expiry: "c.not_after, o.display_name, c.key_id"
            case .object: "t.tenant_id, o.object_type, o.display_name, o.object_id, c.not_after, c.key_id"
            }
        let sql = """
            SELECT t.tenant_id, o.object_type, o.object_id, o.app_id, o.display_name, c.key_id, c.kind, c.usage,
                   c.sha1_thumbprint, c.display_name, c.not_before, c.not_after,
                   (SELECT max(l.not_after) FROM directory_credentials l WHERE l.object_ref = c.object_ref),
                   k.id
            FROM directory_credentials c
            JOIN directory_objects o ON o.id = c.object_ref
            JOIN directory_tenants t ON t.id = o.tenant_ref
            LEFT JOIN certificates k ON k.sha1_thumbprint = c.sha1_thumbprint
            WHERE $1::text IS NULL OR t.tenant_id = $1
            ORDER BY \(sorting)
            """
        try read("read the directory") { connection in
            let profileNames = try Self.profileNamesByCertificate(connection)
            let files = try FilePathTable(connection)
            try connection.forEachRow(sql, [tenantID]) { row in
                let certificateID = try row.optionalInt64(13)
                let credential = DirectoryCredentialRow(
                    tenantID: try row.string(0), objectType: DirectoryObjectType(rawValue: try row.string(1)) ?? .application,
                    objectID: try row.string(2), appID: try row.string(3), objectName: try row.string(4), keyID: try row.string(5),
                    kind: DirectoryCredentialKind(rawValue: try row.string(6)) ?? .secret, usage: row.optionalString(7),
                    sha1Thumbprint: row.optionalString(8), displayName: row.optionalString(9),
                    notBefore: try row.optionalDate(10).map(Self.wholeSeconds), notAfter: Self.wholeSeconds(try row.date(11)),
                    objectLatestNotAfter: Self.wholeSeconds(try row.date(12)),
                    filePaths: certificateID.map { files.paths(of: $0) } ?? [],
                    profileNames: certificateID.flatMap { profileNames[$0] } ?? [], knownCertificate: certificateID != nil
                )
                return body(credential)
            }
        }
    }

    public func directoryRegistrations(sha1Thumbprint: String) throws(StoreError) -> [DirectoryRegistration] {
        try read("read the directory") { connection in
            try connection.execute(
                """
                SELECT t.tenant_id, o.object_type, o.object_id, o.app_id, o.display_name, c.key_id, c.usage, c.not_after
                FROM directory_credentials c
                JOIN directory_objects o ON o.id = c.object_ref
                JOIN directory_tenants t ON t.id = o.tenant_ref
                WHERE c.sha1_thumbprint = $1
                ORDER BY t.tenant_id, o.display_name, c.key_id
                """, [sha1Thumbprint.uppercased()]
            ).rows.map { row in
                DirectoryRegistration(
                    tenantID: try row.string(0), objectType: DirectoryObjectType(rawValue: try row.string(1)) ?? .application,
                    objectID: try row.string(2), appID: try row.string(3), objectName: try row.string(4), keyID: try row.string(5),
                    usage: row.optionalString(6), notAfter: try row.date(7)
                )
            }
        }
    }

    // MARK: Helpers

    private static func tenantRef(_ tenantID: String, _ connection: PostgresConnection) throws -> Int64 {
        guard let id = try connection.execute("SELECT id FROM directory_tenants WHERE lower(tenant_id) = lower($1)", [tenantID]).first?.int64(0)
        else {
            throw StoreError(.notFound, "tenant \(tenantID) has never been synced: run certkeeper directory sync")
        }
        return id
    }

    private static func requireRunning(_ sync: DirectorySyncHandle, _ connection: PostgresConnection) throws {
        let state = try connection.execute("SELECT state FROM directory_syncs WHERE id = $1", [sync.id]).first?.string(0)
        guard state == "running" else {
            throw StoreError(
                .conflict,
                "another sync of tenant \(sync.tenantID) started meanwhile and replaced this one; the inventory keeps the previous snapshot"
            )
        }
    }

    private static func dropStagedRows(_ connection: PostgresConnection, where condition: String, _ parameters: [(any PostgresEncodable)?]) throws {
        for table in ["directory_staged_credentials", "directory_staged_objects"] {
            try connection.execute("DELETE FROM \(table) WHERE sync_ref IN (SELECT id FROM directory_syncs WHERE \(condition))", parameters)
        }
    }

    /// The SQLite store's change queries, with numbered placeholders.
    private static func directoryChanges(_ connection: PostgresConnection, syncID: Int64, tenantRef: Int64, detailed: Bool) throws
        -> DirectoryChanges
    {
        typealias Change = DirectoryChanges.Change
        func fetch(_ sql: String, _ parameters: [Int64], _ make: (PostgresRow) throws -> Change) throws -> ([Change], Int) {
            let numbered = numberPlaceholders(sql)
            let values = parameters.map { $0 as (any PostgresEncodable)? }
            guard detailed else {
                return ([], try connection.execute("SELECT count(*) FROM (\(numbered)) AS changes", values).first?.int(0) ?? 0)
            }
            let changes = try connection.execute(numbered, values).rows.map(make)
            return (changes, changes.count)
        }
        func object(_ direction: Change.Direction) -> (PostgresRow) throws -> Change {
            { row in
                Change(
                    direction: direction, objectType: try row.string(0), objectID: try row.string(1), appID: try row.string(2),
                    objectName: try row.string(3), credential: nil)
            }
        }
        func credential(_ direction: Change.Direction) -> (PostgresRow) throws -> Change {
            { row in
                Change(
                    direction: direction, objectType: try row.string(0), objectID: try row.string(1), appID: try row.string(2),
                    objectName: try row.string(3),
                    credential: (keyID: try row.string(4), kind: try row.string(5), thumbprint: row.optionalString(6), notAfter: try row.date(7))
                )
            }
        }
        return DirectoryChanges(
            objectsAdded: try fetch(DirectoryChanges.objectsAddedSQL, [syncID, tenantRef], object(.added)),
            objectsRemoved: try fetch(DirectoryChanges.objectsRemovedSQL, [tenantRef, syncID], object(.removed)),
            credentialsAdded: try fetch(DirectoryChanges.credentialsAddedSQL, [syncID, tenantRef], credential(.added)),
            credentialsRemoved: try fetch(DirectoryChanges.credentialsRemovedSQL, [tenantRef, syncID], credential(.removed))
        )
    }

    /// `?`, `?` → `$1`, `$2` (the shared queries hold no `?` inside literals).
    private static func numberPlaceholders(_ sql: String) -> String {
        var number = 0
        var result = ""
        for character in sql {
            if character == "?" {
                number += 1
                result += "$\(number)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
