import CertKeeperCrypto
import Foundation

/// The certificate and secret operations of one authorized request.
struct VaultOperations {
    let store: VaultStore
    let vault: Vault
    /// The vault's origin as the client addressed it: every id starts with it.
    let base: String
    let now: Date

    func perform(_ route: VaultRoute, query: [String: String], body: [UInt8]) throws(VaultError) -> HTTPReply {
        switch route {
        case .listCertificates:
            let page = try VaultPaging(query: query, path: "/certificates", base: base)
            let items = try stored { () throws(IdPError) in try store.latestCertificates(in: vault, offset: page.offset, limit: page.size + 1) }
            return page.reply(items.map { VaultResources.item($0, base: base, withVersion: false) })
        case .importCertificate(let name):
            let (certificate, secret) = try VaultImport.versions(name: name, body: body, now: now)
            do throws(IdPError) { try store.importCertificate(certificate, secret: secret, in: vault) } catch {
                throw error.code == .conflict ? .conflict(error.description) : .serviceFailure()
            }
            return .json(200, JSON.encode(VaultResources.bundle(certificate, base: base)), subject: name)
        case .certificateVersions(let name):
            let page = try VaultPaging(query: query, path: "/certificates/\(name)/versions", base: base)
            let all = try stored { () throws(IdPError) in try store.certificateVersions(named: name, in: vault) }
            let items = Array(all.dropFirst(page.offset).prefix(page.size + 1))
            return page.reply(items.map { VaultResources.item($0, base: base, withVersion: true) })
        case .getCertificate(let name, let version):
            let found = try certificate(name, version)
            return .json(200, JSON.encode(VaultResources.bundle(found, base: base)), subject: name)
        case .updateCertificate(let name, let version):
            let found = try certificate(name, version)
            guard let update = JSON.decode(UpdateRequest.self, from: body) else {
                throw .badParameter("The request body is not a certificate update body: {\"attributes\": {\"enabled\": …}, \"tags\": …}.")
            }
            try stored { () throws(IdPError) in
                try store.updateCertificate(named: name, version: found.version, in: vault, enabled: update.attributes?.enabled, tags: update.tags, now: now)
            }
            let updated = try certificate(name, found.version)
            return .json(200, JSON.encode(VaultResources.bundle(updated, base: base)), subject: name)
        case .getSecret(let name, let version):
            let versions = try stored { () throws(IdPError) in try store.secretVersions(named: name, in: vault) }
            guard let secret = version.map({ wanted in versions.first { $0.version == wanted.lowercased() } }) ?? versions.last else {
                throw .secretNotFound(version.map { "\(name)/\($0)" } ?? name)
            }
            guard secret.enabled else { throw .secretDisabled() }
            let validity = secret.managed ? try certificate(name, secret.version).certificate : nil
            return .json(200, JSON.encode(VaultResources.secret(secret, validity: validity, base: base)), subject: name)
        case .listSecrets:
            // List items carry no value, as Key Vault's: the ids are without a version.
            let page = try VaultPaging(query: query, path: "/secrets", base: base)
            let items = try stored { () throws(IdPError) in try store.latestSecrets(in: vault, offset: page.offset, limit: page.size + 1) }
            return page.reply(items.map { SecretItem($0, base: base, withVersion: false) })
        case .secretVersions(let name):
            let page = try VaultPaging(query: query, path: "/secrets/\(name)/versions", base: base)
            let all = try stored { () throws(IdPError) in try store.secretVersions(named: name, in: vault) }
            let items = Array(all.dropFirst(page.offset).prefix(page.size + 1))
            return page.reply(items.map { SecretItem($0, base: base, withVersion: true) })
        case .setSecret(let name):
            guard let request = JSON.decode(SetSecretRequest.self, from: body), let value = request.value else {
                throw .badParameter("The request body is not a secret body: {\"value\": …, \"contentType\": …}.")
            }
            let secret = SecretVersion(
                name: name, version: UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""), value: Array(value.utf8),
                contentType: request.contentType, managed: false, enabled: request.attributes?.enabled ?? true,
                tags: request.tags ?? [:], created: now, updated: now
            )
            do throws(IdPError) { try store.setSecret(secret, in: vault) } catch {
                throw error.code == .conflict ? .conflict(error.description) : .serviceFailure()
            }
            return .json(200, JSON.encode(VaultResources.secret(secret, validity: nil, base: base)), subject: name)
        }
    }

    private struct UpdateRequest: Decodable {
        struct Attributes: Decodable { let enabled: Bool? }
        let attributes: Attributes?
        let tags: [String: String]?
    }

    private struct SetSecretRequest: Decodable {
        struct Attributes: Decodable { let enabled: Bool? }
        let value: String?
        let contentType: String?
        let attributes: Attributes?
        let tags: [String: String]?
    }

    private struct SecretItem: Encodable {
        let id: String
        let contentType: String?
        let attributes: VaultResources.Attributes
        let managed: Bool?

        init(_ secret: SecretVersion, base: String, withVersion: Bool) {
            id = "\(base)/secrets/\(secret.name)" + (withVersion ? "/\(secret.version)" : "")
            contentType = secret.contentType
            attributes = .init(enabled: secret.enabled, validity: nil, created: secret.created, updated: secret.updated)
            managed = secret.managed ? true : nil
        }
    }

    /// A version (versions are matched without case) or the newest.
    private func certificate(_ name: String, _ version: String?) throws(VaultError) -> CertificateVersion {
        let versions = try stored { () throws(IdPError) in try store.certificateVersions(named: name, in: vault) }
        guard let found = version.map({ wanted in versions.first { $0.version == wanted.lowercased() } }) ?? versions.last else {
            throw .certificateNotFound(version.map { "\(name)/\($0)" } ?? name)
        }
        return found
    }

    private func stored<T>(_ body: () throws(IdPError) -> T) throws(VaultError) -> T {
        do { return try body() } catch { throw .serviceFailure() }
    }
}
