import CertKeeperBase
import CertKeeperStore
import Foundation

extension ProfileService {
    public struct ImportOutcome: Sendable {
        public let profiles: [StoredProfile]
        public let warnings: [String]
    }

    /// Creates every profile of a certkeeper or entratool file, all or nothing. Certificate
    /// files that exist are read and recorded (with `passwordReference` for entratool
    /// profiles, whose passwords live in its own store); one that cannot be read leaves the
    /// profile without an inventory link and says why. A deploy hook is a shell command that
    /// `rotate due` will run: one in the file is refused unless `allowDeployHooks`.
    public func importProfiles(
        from path: String, passwordReference: SecretReference?, allowDeployHooks: Bool = false
    ) throws(CoreError) -> ImportOutcome {
        var warnings: [String] = []
        var drafts: [ProfileDraft] = []
        for entry in try ProfileImportFile.read(path).entries {
            switch entry {
            case .certkeeper(let document):
                if let hook = document.deployHook, !hook.isEmpty, !allowDeployHooks {
                    throw CoreError(
                        .invalidInput,
                        "\(path): profile \(TerminalText.escaped(document.name)) carries a deploy hook, a shell command rotate due would run (\(TerminalText.escaped(hook))): nothing was imported; read it, then import with --allow-deploy-hooks"
                    )
                }
                var draft = try document.draft
                if draft.passwordReference == nil { draft.passwordReference = passwordReference }
                drafts.append(draft)
            case .entratool(let profile):
                guard profile.usesCertificate else {
                    warnings.append(
                        "profile \(profile.name) skipped: it uses a client secret (\(profile.authMethod ?? "no certificate")); certkeeper manages certificate credentials")
                    continue
                }
                let scope = profile.scopes.first { $0.hasSuffix("/.default") }
                if profile.scopes.count > 1 {
                    warnings.append(
                        "profile \(profile.name): several scopes given; client credentials take one resource's /.default, kept \(scope ?? ProfileSettings.defaultScope)")
                }
                drafts.append(
                    ProfileDraft(
                        name: profile.name, tenantID: profile.tenantId, clientID: profile.clientId, scope: scope,
                        certificatePath: profile.certificatePath, passwordReference: passwordReference
                    ))
            }
        }
        guard !drafts.isEmpty else { throw CoreError(.invalidInput, "\(path) holds no certificate profile to import") }
        try refuseDuplicates(drafts)
        var settings: [ProfileSettings] = []
        for draft in drafts {
            var profile = try draft.newSettings()
            if let certificatePath = draft.certificatePath {
                profile.certificatePath = FileWalker.absolute(certificatePath)
                do {
                    let adopted = try adopt(certificatePath, reference: draft.passwordReference)
                    profile.certificateID = adopted.id
                    warnings += adopted.warnings
                } catch {
                    warnings.append("profile \(profile.name): certificate not linked to the inventory: \(error.description)")
                }
            }
            settings.append(profile)
        }
        let created = try inventoryCall { () throws(StoreError) in try store.createProfiles(settings) }
        return ImportOutcome(profiles: created, warnings: warnings)
    }

    /// Names taken already, or twice in the file: refused before anything is written.
    private func refuseDuplicates(_ drafts: [ProfileDraft]) throws(CoreError) {
        var seen: Set<String> = []
        var duplicates: [String] = []
        for name in drafts.compactMap(\.name) {
            if !seen.insert(name.lowercased()).inserted {
                duplicates.append(name)
                continue
            }
            if try inventoryCall({ () throws(StoreError) in try store.profile(named: name) }) != nil { duplicates.append(name) }
        }
        if !duplicates.isEmpty {
            throw CoreError(
                .duplicate,
                "profile name(s) already taken: \(duplicates.joined(separator: ", ")): nothing was imported; delete or rename them first"
            )
        }
    }
}
