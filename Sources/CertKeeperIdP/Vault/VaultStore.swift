import CertKeeperCrypto
import Foundation
import GRDB

/// The vault tables of the state file, over the directory store's pool: vaults, role
/// assignments, certificate versions and secret versions. Names are matched without case,
/// as Key Vault matches them.
public struct VaultStore: Sendable {
    let directory: DirectoryStore

    public init(directory: DirectoryStore) { self.directory = directory }

    // MARK: Vaults and roles

    public func createVault(_ vault: Vault) throws(IdPError) {
        try directory.write("create vault \(vault.name)") { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM vaults WHERE name_key = ?", arguments: [vault.name.lowercased()]) != nil {
                throw IdPError(.conflict, "a vault named \(vault.name) already exists")
            }
            try db.execute(
                sql: "INSERT INTO vaults (name_key, name, tenant_id, created_at) VALUES (?, ?, ?, ?)",
                arguments: [vault.name.lowercased(), vault.name, vault.tenantID, vault.createdAt.timeIntervalSince1970]
            )
        }
    }

    public func vault(named name: String) throws(IdPError) -> Vault? {
        try vaults(where: "name_key = ?", [name.lowercased()]).first
    }

    public func vaults() throws(IdPError) -> [Vault] { try vaults(where: "1 = 1", []) }

    public func assign(_ role: VaultRole, to principalID: String, in vault: Vault) throws(IdPError) {
        try directory.write("assign \(role.rawValue) on vault \(vault.name)") { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO vault_role_assignments (vault_key, principal_id, role) VALUES (?, ?, ?)",
                arguments: [vault.name.lowercased(), principalID, role.rawValue]
            )
        }
    }

    public func removeAssignment(_ role: VaultRole, from principalID: String, in vault: Vault) throws(IdPError) {
        try directory.write("remove \(role.rawValue) on vault \(vault.name)") { db in
            try db.execute(
                sql: "DELETE FROM vault_role_assignments WHERE vault_key = ? AND principal_id = ? AND role = ?",
                arguments: [vault.name.lowercased(), principalID, role.rawValue]
            )
            guard db.changesCount > 0 else {
                throw IdPError(.notFound, "\(principalID) has no \(role.rawValue) assignment on vault \(vault.name)")
            }
        }
    }

    public func roles(of principalID: String, in vault: Vault) throws(IdPError) -> [VaultRole] {
        try directory.read { db in
            try String.fetchAll(
                db, sql: "SELECT role FROM vault_role_assignments WHERE vault_key = ? AND principal_id = ? ORDER BY role",
                arguments: [vault.name.lowercased(), principalID]
            )
        }.compactMap(VaultRole.init(rawValue:))
    }

    /// Every assignment of the vault: (principal, role).
    public func assignments(in vault: Vault) throws(IdPError) -> [(principalID: String, role: VaultRole)] {
        try directory.read { db in
            try Row.fetchAll(
                db, sql: "SELECT principal_id, role FROM vault_role_assignments WHERE vault_key = ? ORDER BY principal_id, role",
                arguments: [vault.name.lowercased()]
            )
        }.compactMap { row in
            let role: String = row["role"]
            return VaultRole(rawValue: role).map { (row["principal_id"], $0) }
        }
    }

    // MARK: Certificates

    /// Stores a certificate version and its backing secret in one transaction.
    func importCertificate(_ certificate: CertificateVersion, secret: SecretVersion, in vault: Vault) throws(IdPError) {
        let policy = String(decoding: JSON.encode(certificate.policy), as: UTF8.self)
        try directory.write("import certificate \(certificate.name)") { db in
            let nameKey = certificate.name.lowercased()
            if try Row.fetchOne(
                db, sql: "SELECT 1 FROM vault_secret_versions WHERE vault_key = ? AND name_key = ? AND managed = 0 LIMIT 1",
                arguments: [vault.name.lowercased(), nameKey]
            ) != nil {
                throw IdPError(.conflict, "a secret named \(certificate.name) that no certificate manages already exists")
            }
            try db.execute(
                sql: """
                    INSERT INTO vault_certificate_versions
                        (vault_key, name_key, name, version, certificate_der, enabled, tags_json, policy_json, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    vault.name.lowercased(), nameKey, certificate.name, certificate.version, Data(certificate.certificate.der),
                    certificate.enabled, Self.tagsJSON(certificate.tags), policy,
                    certificate.created.timeIntervalSince1970, certificate.updated.timeIntervalSince1970,
                ]
            )
            try Self.insert(secret, vault: vault, db: db)
        }
    }

    /// Every version of a certificate, oldest first.
    func certificateVersions(named name: String, in vault: Vault) throws(IdPError) -> [CertificateVersion] {
        let rows = try directory.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM vault_certificate_versions WHERE vault_key = ? AND name_key = ? ORDER BY sequence",
                arguments: [vault.name.lowercased(), name.lowercased()]
            )
        }
        return try rows.map(Self.certificateVersion(from:))
    }

    /// The newest version of every certificate, ordered by name: `limit` of them from `offset`.
    func latestCertificates(in vault: Vault, offset: Int, limit: Int) throws(IdPError) -> [CertificateVersion] {
        let rows = try directory.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM vault_certificate_versions AS c
                    WHERE vault_key = ? AND sequence = (
                        SELECT max(sequence) FROM vault_certificate_versions
                        WHERE vault_key = c.vault_key AND name_key = c.name_key)
                    ORDER BY name_key LIMIT ? OFFSET ?
                    """,
                arguments: [vault.name.lowercased(), limit, offset]
            )
        }
        return try rows.map(Self.certificateVersion(from:))
    }

    /// Enables or disables one certificate version and its backing secret; updates tags when given.
    func updateCertificate(named name: String, version: String, in vault: Vault, enabled: Bool?, tags: [String: String]?, now: Date) throws(IdPError) {
        try directory.write("update certificate \(name)") { db in
            for table in ["vault_certificate_versions", "vault_secret_versions"] {
                var assignments = ["updated_at = ?"]
                var arguments: StatementArguments = [now.timeIntervalSince1970]
                if let enabled {
                    assignments.append("enabled = ?")
                    _ = arguments.append(contentsOf: [enabled])
                }
                if let tags, table == "vault_certificate_versions" {
                    assignments.append("tags_json = ?")
                    _ = arguments.append(contentsOf: [Self.tagsJSON(tags)])
                }
                _ = arguments.append(contentsOf: [vault.name.lowercased(), name.lowercased(), version])
                try db.execute(
                    sql: "UPDATE \(table) SET \(assignments.joined(separator: ", ")) WHERE vault_key = ? AND name_key = ? AND version = ?",
                    arguments: arguments
                )
            }
        }
    }

    // MARK: Secrets

    /// Every version of a secret, oldest first.
    func secretVersions(named name: String, in vault: Vault) throws(IdPError) -> [SecretVersion] {
        let rows = try directory.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM vault_secret_versions WHERE vault_key = ? AND name_key = ? ORDER BY sequence",
                arguments: [vault.name.lowercased(), name.lowercased()]
            )
        }
        return rows.map(Self.secretVersion(from:))
    }

    /// The newest version of every secret (certificates' backing secrets included, as Key
    /// Vault lists them), ordered by name: `limit` of them from `offset`.
    func latestSecrets(in vault: Vault, offset: Int, limit: Int) throws(IdPError) -> [SecretVersion] {
        let rows = try directory.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM vault_secret_versions AS s
                    WHERE vault_key = ? AND sequence = (
                        SELECT max(sequence) FROM vault_secret_versions
                        WHERE vault_key = s.vault_key AND name_key = s.name_key)
                    ORDER BY name_key LIMIT ? OFFSET ?
                    """,
                arguments: [vault.name.lowercased(), limit, offset]
            )
        }
        return rows.map(Self.secretVersion(from:))
    }

    /// Adds a version of a plain secret; refuses a name a certificate manages.
    func setSecret(_ secret: SecretVersion, in vault: Vault) throws(IdPError) {
        try directory.write("set secret \(secret.name)") { db in
            if try Row.fetchOne(
                db, sql: "SELECT 1 FROM vault_secret_versions WHERE vault_key = ? AND name_key = ? AND managed = 1 LIMIT 1",
                arguments: [vault.name.lowercased(), secret.name.lowercased()]
            ) != nil {
                throw IdPError(.conflict, "Secret \(secret.name) is currently being managed by a certificate.")
            }
            try Self.insert(secret, vault: vault, db: db)
        }
    }

    // MARK: Rows

    private static func insert(_ secret: SecretVersion, vault: Vault, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO vault_secret_versions
                    (vault_key, name_key, name, version, value, content_type, managed, enabled, tags_json, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                vault.name.lowercased(), secret.name.lowercased(), secret.name, secret.version, Data(secret.value),
                secret.contentType, secret.managed, secret.enabled, tagsJSON(secret.tags),
                secret.created.timeIntervalSince1970, secret.updated.timeIntervalSince1970,
            ]
        )
    }

    private func vaults(where condition: String, _ arguments: StatementArguments) throws(IdPError) -> [Vault] {
        try directory.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM vaults WHERE \(condition) ORDER BY name_key", arguments: arguments)
        }.map { row in
            Vault(name: row["name"], tenantID: row["tenant_id"], createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }

    private static func certificateVersion(from row: Row) throws(IdPError) -> CertificateVersion {
        let der: Data = row["certificate_der"]
        let policyJSON: String = row["policy_json"]
        let name: String = row["name"]
        let certificate: X509Certificate
        do { certificate = try X509Certificate(der: [UInt8](der)) } catch {
            throw IdPError(.state, "certificate \(name) in the state file is unreadable: \(error)")
        }
        guard let policy = JSON.decode(CertificatePolicy.self, from: Array(policyJSON.utf8)) else {
            throw IdPError(.state, "certificate \(name) has an unreadable policy in the state file")
        }
        return CertificateVersion(
            name: name, version: row["version"], certificate: certificate, enabled: row["enabled"],
            tags: tags(row["tags_json"]), policy: policy,
            created: Date(timeIntervalSince1970: row["created_at"]), updated: Date(timeIntervalSince1970: row["updated_at"])
        )
    }

    private static func secretVersion(from row: Row) -> SecretVersion {
        let value: Data = row["value"]
        return SecretVersion(
            name: row["name"], version: row["version"], value: [UInt8](value), contentType: row["content_type"],
            managed: row["managed"], enabled: row["enabled"], tags: tags(row["tags_json"]),
            created: Date(timeIntervalSince1970: row["created_at"]), updated: Date(timeIntervalSince1970: row["updated_at"])
        )
    }

    private static func tagsJSON(_ tags: [String: String]) -> String { String(decoding: JSON.encode(tags), as: UTF8.self) }

    private static func tags(_ json: String) -> [String: String] {
        JSON.decode([String: String].self, from: Array(json.utf8)) ?? [:]
    }
}
