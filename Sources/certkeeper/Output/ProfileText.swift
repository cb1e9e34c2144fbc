import CertKeeperBase
import CertKeeperCore
import CertKeeperStore
import Foundation

/// Text renderings of profiles.
enum ProfileText {
    static func table(_ profiles: [StoredProfile], now: Date) -> String {
        let rows = profiles.map { profile -> [String] in
            let settings = profile.settings
            let expiry = profile.certificate.map { "\(InventoryText.day($0.facts.notAfter)) (\(InventoryText.daysLeft($0.facts.notAfter, now: now))d)" } ?? "-"
            return [settings.name, settings.tenantID, settings.clientID, settings.assertionAlgorithm.rawValue, expiry, settings.certificatePath ?? "-"]
        }
        return TableRenderer.render(header: ["NAME", "TENANT", "CLIENT ID", "ALG", "CERT EXPIRES", "CERTIFICATE FILE"], rows: rows)
    }

    static func lines(_ report: ProfileService.Report, now: Date) -> [(String, String)] {
        let settings = report.profile.settings
        var lines: [(String, String)] = [
            ("Profile", settings.name),
            ("Tenant", settings.tenantID),
            ("Client ID", settings.clientID),
            ("Authority host", settings.authorityHost),
            ("Scope", settings.scope),
            ("Assertion", settings.assertionAlgorithm.rawValue + (settings.sendCertificateChain ? " with x5c" : "")),
            ("App object ID", settings.applicationObjectID ?? "not set (needed for automatic Graph rotation)"),
            ("Graph", "\(settings.graphEndpoint) (scope \(settings.graphScope))"),
        ]
        if let path = settings.certificatePath {
            let state =
                report.certificateFileExists == false
                ? "  (MISSING: the file is no longer there; run certkeeper profile edit -p \(settings.name) --cert FILE)"
                : ""
            lines.append(("Certificate file", path + state))
        } else {
            lines.append(("Certificate file", "none"))
        }
        lines.append(("Password", settings.passwordReference.map { "from \($0)" } ?? "none"))
        if let certificate = report.profile.certificate {
            let facts = certificate.facts
            let days = InventoryText.daysLeft(facts.notAfter, now: now)
            let status = days < 0 ? "EXPIRED \(-days) days ago" : "\(days) days left"
            lines += [
                ("Certificate", "\(facts.subject) (inventory id \(certificate.id), \(certificate.state.rawValue))"),
                ("Not after", "\(RFC3339.string(from: facts.notAfter)) (\(status))"),
                ("Key", "\(facts.keyType) \(facts.keyBits)"),
                ("SHA-1 thumbprint", facts.sha1Thumbprint),
                ("SHA-256 thumbprint", facts.sha256Thumbprint),
            ]
        }
        lines += renewalLines(report.profile, now: now)
        // Subjects, paths and hooks come from files and users: never raw control characters.
        return lines.map { ($0.0, TerminalText.escaped($0.1)) }
    }

    /// The renewal policy, and when `rotate due` will renew the current certificate.
    static func renewalLines(_ profile: StoredProfile, now: Date) -> [(String, String)] {
        let policy = profile.settings.renewal
        let overlap = policy.overlapSeconds == 0 ? "none" : DurationSpec(seconds: policy.overlapSeconds).description
        var lines: [(String, String)]
        guard let schedule = try? RenewalSchedule(policy: policy, profile: profile.name) else {
            return [("Renewal", "renew_before \"\(policy.renewBefore)\" is not valid: set it with certkeeper profile edit -p \(profile.name) --renew-before 66%")]
        }
        if let registration = policy.registration {
            lines = [("Renewal", "\(registration.rawValue), \(schedule.summary) (renew_before \(policy.renewBefore)); overlap \(overlap)")]
            if let facts = profile.certificate?.facts {
                let due = schedule.dueDate(notBefore: facts.notBefore, notAfter: facts.notAfter)
                let when = due <= now ? "now (due since \(RFC3339.string(from: due)))" : "\(RFC3339.string(from: due)) (in \(InventoryText.daysLeft(due, now: now)) days)"
                lines.append(("Renewal due", when))
            }
        } else {
            lines = [("Renewal", "off: rotate due leaves this profile alone (renew_before \(policy.renewBefore), overlap \(overlap))")]
        }
        lines.append(("Deploy hook", policy.deployHook ?? "none"))
        lines.append(("Deploy targets", policy.deployTargets.isEmpty ? "none" : policy.deployTargets.joined(separator: ", ")))
        return lines
    }

    /// ` (certificate SHA-1 …, expires …)` or an empty string.
    static func certificateSummary(_ profile: StoredProfile) -> String {
        guard let certificate = profile.certificate else { return " (no certificate)" }
        return " (certificate SHA-1 \(certificate.facts.sha1Thumbprint), expires \(InventoryText.day(certificate.facts.notAfter)))"
    }
}
