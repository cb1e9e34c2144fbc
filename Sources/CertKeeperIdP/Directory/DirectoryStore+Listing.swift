import CertKeeperCrypto
import Foundation
import GRDB

extension DirectoryStore {
    /// One page of `collection` in `tenantID`, ordered by object id, starting after
    /// `afterObjectID`. Credentials come from both tables: certificates registered with their
    /// DER (`app create --cert`, addKey) and metadata-only ones (secrets, seeded certificates).
    public func page(
        of collection: DirectoryCollection, tenantID: String, after afterObjectID: String?, limit: Int
    ) throws(IdPError) -> [ListedObject] {
        try read { db in
            let rows: [Row]
            switch collection {
            case .applications:
                rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT object_id, client_id AS app_id, display_name, NULL AS service_principal_type,
                                   NULL AS preferred_token_signing_key_thumbprint, created_at
                            FROM applications WHERE tenant_id = ? AND object_id > ? ORDER BY object_id LIMIT ?
                            """), arguments: [tenantID, afterObjectID ?? "", limit])
            case .servicePrincipals:
                rows = try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT object_id, app_id, display_name, service_principal_type,
                                   preferred_token_signing_key_thumbprint, NULL AS created_at
                            FROM service_principals WHERE tenant_id = ? AND object_id > ? ORDER BY object_id LIMIT ?
                            """), arguments: [tenantID, afterObjectID ?? "", limit])
            }
            let ids: [String] = rows.map { $0["object_id"] }
            var credentials = try Self.listedCredentials(owners: ids, db)
            if collection == .applications {
                for (owner, keys) in try Self.registeredKeys(owners: ids, db) { credentials[owner, default: []].insert(contentsOf: keys, at: 0) }
            }
            return rows.map { row in
                let objectID: String = row["object_id"]
                let created: Double? = row["created_at"]
                return ListedObject(
                    objectID: objectID, appID: row["app_id"], displayName: row["display_name"],
                    servicePrincipalType: row["service_principal_type"],
                    preferredTokenSigningKeyThumbprint: row["preferred_token_signing_key_thumbprint"],
                    createdAt: created.map(Date.init(timeIntervalSince1970:)), credentials: credentials[objectID] ?? []
                )
            }
        }
    }

    /// Adds a metadata-only credential (a client secret) to an application or service principal.
    public func addListedCredential(_ credential: ListedCredential, ownerID: String) throws(IdPError) {
        try write("add credential \(credential.keyID)") { db in
            let owners =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT (SELECT count(*) FROM applications WHERE object_id = ?) + (SELECT count(*) FROM service_principals WHERE object_id = ?)
                        """, arguments: [ownerID, ownerID]) ?? 0
            guard owners > 0 else { throw IdPError(.notFound, "no application or service principal with object id \(ownerID)") }
            try Self.insert(credential, ownerID: ownerID, db)
        }
    }

    /// Removes a metadata-only credential; `.notFound` when `ownerID` has none with `keyID`.
    public func removeListedCredential(ownerID: String, keyID: String) throws(IdPError) {
        try write("remove credential \(keyID)") { db in
            try db.execute(
                sql: "DELETE FROM listed_credentials WHERE owner_id = ? AND lower(key_id) = lower(?)", arguments: [ownerID, keyID]
            )
            guard db.changesCount > 0 else { throw IdPError(.notFound, "\(ownerID) has no secret with keyId \(keyID)") }
        }
    }

    // MARK: Rows

    static func insertServicePrincipal(of application: Application, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO service_principals
                    (object_id, tenant_id, app_id, display_name, service_principal_type, application_object_id)
                VALUES (?, ?, ?, ?, 'Application', ?)
                """
        ).execute(arguments: [
            application.servicePrincipalID, application.tenantID, application.clientID, application.displayName, application.objectID,
        ])
    }

    static func insert(_ credential: ListedCredential, ownerID: String, _ db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO listed_credentials
                    (key_id, owner_id, kind, usage, custom_key_identifier, display_name, hint, start_at, end_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            credential.keyID, ownerID, credential.kind.rawValue, credential.usage, credential.customKeyIdentifier.map { Data($0) },
            credential.displayName, credential.hint, credential.start.timeIntervalSince1970, credential.end.timeIntervalSince1970,
        ])
    }

    private static func listedCredentials(owners: [String], _ db: Database) throws -> [String: [ListedCredential]] {
        guard !owners.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: owners.count).joined(separator: ",")
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT * FROM listed_credentials WHERE owner_id IN (\(marks)) ORDER BY owner_id, start_at, key_id
                """, arguments: StatementArguments(owners))
        var byOwner: [String: [ListedCredential]] = [:]
        while let row = try rows.next() {
            let identifier: Data? = row["custom_key_identifier"]
            let credential = ListedCredential(
                keyID: row["key_id"], kind: ListedCredential.Kind(rawValue: row["kind"]) ?? .password, usage: row["usage"],
                customKeyIdentifier: identifier.map { [UInt8]($0) }, displayName: row["display_name"], hint: row["hint"],
                start: Date(timeIntervalSince1970: row["start_at"]), end: Date(timeIntervalSince1970: row["end_at"])
            )
            byOwner[row["owner_id"], default: []].append(credential)
        }
        return byOwner
    }

    /// Certificates registered with their DER, described as Graph lists them.
    private static func registeredKeys(owners: [String], _ db: Database) throws -> [String: [ListedCredential]] {
        guard !owners.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: owners.count).joined(separator: ",")
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT key_id, object_id, certificate_der, display_name FROM key_credentials
                WHERE object_id IN (\(marks)) ORDER BY added_at, key_id
                """, arguments: StatementArguments(owners))
        var byOwner: [String: [ListedCredential]] = [:]
        for row in rows {
            let der: Data = row["certificate_der"]
            // A stored certificate was parsed when it was registered; skip one that no longer is.
            guard let certificate = try? X509Certificate(der: [UInt8](der)) else { continue }
            byOwner[row["object_id"], default: []].append(
                ListedCredential(
                    keyID: row["key_id"], kind: .key, usage: "Verify", customKeyIdentifier: certificate.sha1Thumbprint.bytes,
                    displayName: row["display_name"], hint: nil, start: certificate.notBefore, end: certificate.notAfter
                ))
        }
        return byOwner
    }
}
