import Foundation

/// What `certkeeper-idp vault …` does: create vaults and assign data-plane roles to an
/// application's service principal (the portal's "Access control (IAM)" blade).
public struct VaultAdmin: Sendable {
    private let directory: DirectoryStore
    private var store: VaultStore { VaultStore(directory: directory) }

    public init(store: DirectoryStore) { directory = store }

    public func createVault(name: String, tenantID: String, now: Date = Date()) throws(IdPError) -> Vault {
        try Vault.checkName(name)
        let vault = Vault(name: name, tenantID: tenantID, createdAt: now)
        try store.createVault(vault)
        return vault
    }

    public func vault(named name: String) throws(IdPError) -> Vault {
        guard let vault = try store.vault(named: name) else {
            throw IdPError(.notFound, "no vault named \(name): create it with `certkeeper-idp vault create --name \(name) --tenant T`")
        }
        return vault
    }

    public func vaults() throws(IdPError) -> [Vault] { try store.vaults() }

    /// Assigns `role` on `vaultName` to the service principal of `app` (object id or client id).
    public func assign(_ role: VaultRole, app: String, vaultName: String) throws(IdPError) -> ApplicationRecord {
        let vault = try vault(named: vaultName)
        let record = try DirectoryAdmin(store: directory).application(named: app)
        guard record.application.tenantID == vault.tenantID else {
            throw IdPError(
                .invalidValue, "application \(app) is in tenant \(record.application.tenantID), vault \(vault.name) in \(vault.tenantID): roles are granted within one tenant")
        }
        try store.assign(role, to: record.application.servicePrincipalID, in: vault)
        return record
    }

    public func revoke(_ role: VaultRole, app: String, vaultName: String) throws(IdPError) -> ApplicationRecord {
        let vault = try vault(named: vaultName)
        let record = try DirectoryAdmin(store: directory).application(named: app)
        try store.removeAssignment(role, from: record.application.servicePrincipalID, in: vault)
        return record
    }

    /// The vault's assignments as (client id or principal id, role).
    public func assignments(in vault: Vault) throws(IdPError) -> [(principal: String, role: VaultRole)] {
        let applications = try directory.applications()
        return try store.assignments(in: vault).map { assignment in
            let client = applications.first { $0.application.servicePrincipalID == assignment.principalID }?.application.clientID
            return (client ?? assignment.principalID, assignment.role)
        }
    }
}

extension VaultAdmin {
    /// A certificate's versions as stored, oldest first: (version, SHA-1 hex, enabled).
    public func certificateVersions(vaultName: String, certificate: String) throws(IdPError) -> [(version: String, sha1: String, enabled: Bool)] {
        let vault = try vault(named: vaultName)
        return try VaultStore(directory: directory).certificateVersions(named: certificate, in: vault).map {
            ($0.version, $0.certificate.sha1Thumbprint.hex, $0.enabled)
        }
    }
}

extension VaultAdmin {
    /// Adds a version of a plain secret (the portal's "Generate/Import" on Secrets): how an
    /// administrator puts a password or a PEM into a vault. Refuses a certificate's secret.
    public func setSecret(vaultName: String, name: String, value: [UInt8], contentType: String?, now: Date = Date()) throws(IdPError) -> String {
        let vault = try vault(named: vaultName)
        guard Vault.isValidObjectName(name) else {
            throw IdPError(.invalidValue, "secret name \"\(name)\" must be 1-127 letters, digits or hyphens")
        }
        let version = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let secret = SecretVersion(
            name: name, version: version, value: value, contentType: contentType, managed: false, enabled: true, tags: [:], created: now, updated: now
        )
        try VaultStore(directory: directory).setSecret(secret, in: vault)
        return version
    }
}
