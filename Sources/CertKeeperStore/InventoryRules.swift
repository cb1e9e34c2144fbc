import Foundation

/// What both stores check before writing and how they describe a profile in audit events:
/// one definition, so SQLite and PostgreSQL refuse and record exactly alike.
enum InventoryRules {
    static func validate(_ facts: CertificateFacts) throws(StoreError) {
        guard isHex(facts.sha1Thumbprint, count: 40), isHex(facts.sha256Thumbprint, count: 64) else {
            throw StoreError(.invalidValue, "thumbprints must be 40 (SHA-1) and 64 (SHA-256) hex digits")
        }
        guard !facts.der.isEmpty else { throw StoreError(.invalidValue, "a certificate without DER bytes cannot be recorded") }
    }

    /// The schema refuses anything but a reference; say so before the database does.
    static func validateReference(_ reference: String?) throws(StoreError) {
        guard let reference, let problem = PasswordReferenceSyntax.problem(in: reference) else { return }
        throw StoreError(.invalidValue, problem)
    }

    static func isHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102) }
    }

    static func validate(_ settings: ProfileSettings) throws(StoreError) {
        guard !settings.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw StoreError(.invalidValue, "a profile needs a name")
        }
        try validateReference(settings.passwordReference)
    }

    /// Profiles created together: each valid, no name twice (names compare case-insensitively).
    static func validate(_ all: [ProfileSettings]) throws(StoreError) {
        for settings in all { try validate(settings) }
        let names = all.map { $0.name.lowercased() }
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw StoreError(.duplicate, "profile name \"\(repeated)\" appears more than once")
        }
    }

    /// What an audit event says about a profile: identifiers and references, no secrets.
    static func eventDetail(_ settings: ProfileSettings) -> [String: EventValue] {
        var detail: [String: EventValue] = [
            "tenant_id": .string(settings.tenantID), "client_id": .string(settings.clientID),
            "assertion_algorithm": .string(settings.assertionAlgorithm.rawValue),
        ]
        if let path = settings.certificatePath { detail["certificate_path"] = .string(path) }
        if let reference = settings.passwordReference { detail["password_ref"] = .string(reference) }
        detail["renew_before"] = .string(settings.renewal.renewBefore)
        detail["renew_register"] = .string(settings.renewal.registrationName)
        return detail
    }

    static func changedFields(from old: ProfileSettings, to new: ProfileSettings) -> [String] {
        var changed: [String] = []
        if old.name != new.name { changed.append("name") }
        if old.tenantID != new.tenantID { changed.append("tenant_id") }
        if old.clientID != new.clientID { changed.append("client_id") }
        if old.authorityHost != new.authorityHost { changed.append("authority_host") }
        if old.scope != new.scope { changed.append("scope") }
        if old.certificateID != new.certificateID || old.certificatePath != new.certificatePath { changed.append("certificate") }
        if old.passwordReference != new.passwordReference { changed.append("password_ref") }
        if old.sendCertificateChain != new.sendCertificateChain { changed.append("send_x5c") }
        if old.assertionAlgorithm != new.assertionAlgorithm { changed.append("assertion_algorithm") }
        if old.applicationObjectID != new.applicationObjectID { changed.append("app_object_id") }
        if old.graphEndpoint != new.graphEndpoint { changed.append("graph_endpoint") }
        if old.graphScope != new.graphScope { changed.append("graph_scope") }
        if old.renewal.renewBefore != new.renewal.renewBefore { changed.append("renew_before") }
        if old.renewal.registration != new.renewal.registration { changed.append("renew_register") }
        if old.renewal.overlapSeconds != new.renewal.overlapSeconds { changed.append("renew_overlap") }
        if old.renewal.deployHook != new.renewal.deployHook { changed.append("deploy_hook") }
        if old.renewal.deployTargets != new.renewal.deployTargets { changed.append("deploy_targets") }
        return changed
    }
}
