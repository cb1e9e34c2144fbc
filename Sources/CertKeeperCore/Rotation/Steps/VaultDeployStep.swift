import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

extension RotationRun {
    /// The rotation's `keyvault:` deploy targets (other kinds are the deploy hook's).
    func vaultTargets() throws(CoreError) -> [KeyVaultReference] {
        try (options.deployTargets ?? []).filter(VaultTarget.isVaultTarget).map { (text) throws(CoreError) in try VaultTarget.parse(text) }
    }

    /// Between verify and promote: the new certificate becomes the current version of every
    /// vault target, read back by x5t. A target whose newest version already is the new
    /// certificate (a resumed rotation) is not imported again. Throws — leaving the rotation
    /// at `verified` and the profile on its old certificate — unless every target holds it.
    func deployToVaults(_ rotation: StoredRotation) async throws(CoreError) {
        let targets = try vaultTargets()
        guard !targets.isEmpty else { return }
        let new = try newCredential(rotation)
        let access = try vaultAccess(rotation)
        for target in targets {
            let client = access.client(for: target.vault)
            let version = try await VaultTarget.install(
                new, at: target, client: client, tags: tags(rotation, certificate: new.certificate), reporter: context.reporter,
                afterImport: { context.faults.reached("after-vault-import") }
            )
            try recordEvent(
                "rotation.vault_deployed", rotation,
                [
                    "target": .string(target.description), "version": .string(version.version ?? "?"),
                    "x5t": .string(version.x5t ?? "?"), "sha1": .string(new.certificate.sha1Thumbprint.hex),
                ])
        }
        context.reporter.progress("every vault target holds the new certificate \(new.certificate.sha1Thumbprint.hex)")
    }

    /// After a promotion is undone: every vault target whose current version is the new
    /// certificate gets the old one imported as a newer version. Re-enabling the old version
    /// would not do: Key Vault's current version is always the newest one, which is what App
    /// Service references and "Get secret" without a version read.
    func restoreVaults(_ rotation: StoredRotation, to old: ClientCertificateCredential) async throws(CoreError) {
        guard !(try vaultTargets()).isEmpty, let newPath = rotation.details.newCertificatePath, !newPath.isEmpty,
            let new = try inventoryCertificate(id: rotation.newCertificateID)
        else { return }
        try await restoreVaults(rotation, leaving: new, to: old, detail: [:])
    }

    /// The same for any certificate the profile leaves (`rotate rollback --to N` too): a
    /// target whose current version is `leaving` gets `old` as its newest version; a target
    /// holding anything else was changed by someone else and is left alone.
    func restoreVaults(
        _ rotation: StoredRotation, leaving: X509Certificate, to old: ClientCertificateCredential, detail: [String: EventValue]
    ) async throws(CoreError) {
        let targets = try vaultTargets()
        guard !targets.isEmpty else { return }
        let access = try vaultAccess(rotation)
        for target in targets {
            let client = access.client(for: target.vault)
            let current: KeyVaultCertificate?
            do { current = try await client.certificate(name: target.name) } catch {
                if error.code == .notFound { continue }
                throw CoreError(.identityPlatform, "\(target): \(error.description)", tokenFailure: error)
            }
            guard let current, current.holds(leaving) else {
                if let current, !current.holds(old.certificate) {
                    context.reporter.warning("\(target) holds neither certificate (x5t \(current.x5t ?? "none")): left alone")
                }
                continue
            }
            let version = try await VaultTarget.install(
                old, at: target, client: client, tags: tags(rotation, certificate: old.certificate), reporter: context.reporter, afterImport: {}
            )
            let recorded: [String: EventValue] = [
                "target": .string(target.description), "version": .string(version.version ?? "?"),
                "x5t": .string(version.x5t ?? "?"), "sha1": .string(old.certificate.sha1Thumbprint.hex),
            ]
            try recordEvent("rotation.vault_restored", rotation, recorded.merging(detail) { first, _ in first })
        }
    }

    /// Who authenticates to the vaults: --vault-profile's certificate, else the rotated
    /// profile's current one (registered throughout the rotation).
    private func vaultAccess(_ rotation: StoredRotation) throws(CoreError) -> VaultAccess {
        let profile: StoredProfile
        if let name = options.vaultProfile {
            guard let found = try context.ledger({ (store) throws(StoreError) in try store.profile(named: name) }) else {
                throw CoreError(.notFound, "no profile named \(name) (--vault-profile): see certkeeper profile list")
            }
            profile = found
        } else {
            profile = try self.profile(of: rotation)
        }
        guard let path = profile.settings.certificatePath else {
            throw CoreError(.invalidInput, "profile \(profile.name) has no certificate to get a Key Vault token with")
        }
        let credential = try context.credential(path: path, passwordReference: profile.settings.passwordReference, purpose: "the certificate of profile \(profile.name)")
        return VaultAccess(profile: profile.settings, credential: credential, transport: context.transport, clock: context.clock, sleep: context.sleep)
    }

    /// What certkeeper knows, on the vault version (tag values are at most 256 characters).
    private func tags(_ rotation: StoredRotation, certificate: X509Certificate) throws(CoreError) -> [String: String] {
        let profile = try profile(of: rotation)
        return [
            "certkeeper-profile": String(profile.name.prefix(256)), "certkeeper-app-id": profile.settings.clientID,
            "certkeeper-sha1": certificate.sha1Thumbprint.hex, "certkeeper-rotation": String(rotation.revision),
        ]
    }
}
