import CertKeeperBase
import CertKeeperStore
import Foundation

/// `rotate due --dry-run` / `--at`: what a run would do with each profile, from the
/// inventory alone. No lock, no secret, no network, no write.
struct RenewalPlanner {
    let store: any InventoryStore

    func plan(_ profile: StoredProfile, at now: Date) throws(CoreError) -> RenewalResult {
        let decision = try RenewalDecision.judge(profile, at: now, store: store)
        switch decision {
        case .unfinished(let rotation):
            return RenewalResult(
                profile: profile.name, outcome: rotation.state == .promoted && (rotation.details.retireAfter ?? now) > now ? .waiting : .unfinished,
                message: "rotation #\(rotation.revision) is \(rotation.state.rawValue); next: \(RotationStatus.nextStep(rotation, now: now))",
                registration: rotation.registration, revision: rotation.revision, state: rotation.state,
                oldSHA1: profile.certificate?.facts.sha1Thumbprint
            )
        case .due(let dueAt, let certificate, let schedule):
            let policy = profile.settings.renewal
            var details = steps(profile, policy: policy)
            details += Self.warnings(profile, certificate: certificate, schedule: schedule, at: now)
            return RenewalResult(
                profile: profile.name, outcome: .due,
                message:
                    "due since \(RFC3339.string(from: dueAt)) (renew_before \(policy.renewBefore)): would \(policy.registration == .graph ? "renew through Graph" : "stage a certificate for an operator to upload")",
                details: details, registration: policy.registration, oldSHA1: certificate.facts.sha1Thumbprint,
                dueAt: dueAt, notAfter: certificate.facts.notAfter
            )
        case .off, .noCertificate, .notDue:
            return decision.idleResult(profile) ?? RenewalResult(profile: profile.name, outcome: .notDue, message: "nothing to do")
        }
    }

    private func steps(_ profile: StoredProfile, policy: RenewalPolicy) -> [String] {
        let overlap = policy.overlapSeconds == 0 ? "at once" : "after \(DurationText.describe(TimeInterval(policy.overlapSeconds)))"
        var lines = ["stage a new key and certificate like the current one"]
        if policy.registration == .graph {
            lines += ["add it through Graph addKey, verify a token with it, promote it", "retire the old certificate \(overlap) (Graph removeKey)"]
        } else {
            lines += ["stop: an operator uploads the .cer in the portal (rotate due reports the steps and exits 2)"]
        }
        if let hook = policy.deployHook { lines.append("after promotion run the deploy hook: \(hook)") }
        return lines
    }

    /// What would make the renewal fail or repeat, visible before it runs.
    static func warnings(_ profile: StoredProfile, certificate: StoredCertificate, schedule: RenewalSchedule, at now: Date) -> [String] {
        let settings = profile.settings
        let facts = certificate.facts
        var warnings: [String] = []
        if settings.passwordReference == nil {
            warnings.append("warning: no password reference, and the new key is kept in an encrypted PFX: it would fail (profile edit --password-ref env:NAME)")
        }
        if settings.renewal.registration == .graph {
            if settings.applicationObjectID == nil {
                warnings.append("warning: Graph registration needs the application object id: it would fail (profile edit --app-object-id GUID)")
            } else if facts.notAfter <= now {
                warnings.append("warning: the certificate has expired, so Graph cannot prove possession: it would fail (profile edit --renew-register guided)")
            }
        }
        if schedule.isDueWhenIssued(lifetime: facts.notAfter.timeIntervalSince(facts.notBefore)) {
            warnings.append(
                "warning: renew_before \(settings.renewal.renewBefore) is not shorter than the certificate's lifetime, so the new certificate is due at once and every run renews again: set a shorter renew_before"
            )
        }
        return warnings
    }
}
