import CertKeeperBase
import CertKeeperStore
import Foundation

extension RenewalRunner {
    /// One profile, its rotation lock held: decide again (another runner may have just
    /// renewed it), then resume its unfinished rotation or start one with its policy.
    func renewHoldingLock(_ name: String, request: RenewalRequest, runStartedAt: Date) async -> RenewalResult {
        let reporter = CollectingReporter(base: context.reporter, profile: name)
        let engine = RotationEngine(context: context.reporting(to: reporter))
        let profile: StoredProfile
        let decision: RenewalDecision
        do {
            profile = try engine.loadProfile(name)
            decision = try RenewalDecision.judge(profile, at: context.clock(), store: context.store)
        } catch {
            return failed(name, error)
        }
        switch decision {
        case .unfinished(let rotation):
            do {
                let outcome = try await engine.resumeHoldingLock(rotation, waitForRegistration: false, hookTimeout: request.hookTimeout)
                return finish(outcome, resumedFrom: rotation.state, profile: profile, reporter: reporter, dueAt: RenewalDecision.dueDate(profile))
            } catch {
                return failed(name, error, details: reporter.details, rotation: rotation, dueAt: RenewalDecision.dueDate(profile))
            }
        case .due(let dueAt, let certificate, let schedule):
            let policy = profile.settings.renewal
            // Everything else comes from the policy, as for a manual rotate start.
            let choices = RotationChoices(
                verifyTimeout: request.verifyTimeout, hookTimeout: request.hookTimeout ?? RotationOptions.defaultHookTimeout)
            if schedule.isDueWhenIssued(lifetime: certificate.facts.notAfter.timeIntervalSince(certificate.facts.notBefore)) {
                reporter.warning(
                    "renew_before \(policy.renewBefore) is not shorter than the certificate's lifetime: the new certificate is due at once and every run renews again; set a shorter renew_before"
                )
            }
            do {
                let plan = try engine.plan(profileName: name, choices: choices)
                let outcome = try await engine.startHoldingLock(plan)
                return finish(outcome, resumedFrom: nil, profile: profile, reporter: reporter, dueAt: dueAt)
            } catch {
                let rotation = try? context.ledger { (store) throws(StoreError) in try store.unfinishedRotation(profileName: name) }
                return failed(name, error, details: reporter.details, rotation: rotation ?? nil, dueAt: dueAt)
            }
        case .off, .noCertificate, .notDue:
            var idle = decision.idleResult(profile) ?? RenewalResult(profile: name, outcome: .notDue, message: "nothing to do")
            if let latest = try? context.ledger({ (store) throws(StoreError) in try store.rotations(profileName: name) }).last,
                let finished = latest.finishedAt, finished >= runStartedAt, latest.state == .completed
            {
                idle = RenewalResult(
                    profile: name, outcome: .notDue,
                    message: "another certkeeper process renewed it moments ago (rotation #\(latest.revision) completed at \(RFC3339.string(from: finished)))",
                    registration: latest.registration, revision: latest.revision, state: latest.state,
                    oldSHA1: idle.oldSHA1, dueAt: idle.dueAt, notAfter: idle.notAfter
                )
            }
            return idle
        }
    }

    /// The report line for where the rotation stopped, and its audit event.
    private func finish(
        _ outcome: RotationOutcome, resumedFrom: RotationState?, profile: StoredProfile, reporter: CollectingReporter, dueAt: Date?
    ) -> RenewalResult {
        let rotation = outcome.rotation
        let acted: RenewalOutcome = resumedFrom == nil ? .renewed : .resumed
        let name = "rotation #\(rotation.revision)"
        let result: (RenewalOutcome, String, CoreError?)
        switch outcome {
        case .completed:
            result = (acted, "\(name) completed: the profile signs with the new certificate and the old one is retired", nil)
        case .waitingForOverlap(_, let until):
            let message = "\(name) promoted: the profile signs with the new certificate; the old one stays registered until \(RFC3339.string(from: until)) (a later run retires it)"
            result = (resumedFrom == .promoted ? .waiting : acted, message, nil)
        case .waitingForRegistration:
            result = (.needsOperator, "\(name) staged: an operator must upload the new certificate (steps below), then the next run finishes it", nil)
        case .rolledBack(_, let cause):
            result = (.failed, "\(name) rolled back (the profile kept its certificate): \(cause.description)", cause)
        }
        let certificates = thumbprints(rotation)
        // The rollback's cause is the message already; the warning that announced it would repeat it.
        let details = reporter.details.filter { line in result.2.map { !line.contains($0.description) } ?? true }
        let line = RenewalResult(
            profile: profile.name, outcome: result.0, message: result.1, details: details,
            registration: rotation.registration, revision: rotation.revision, state: rotation.state,
            oldSHA1: certificates.old, newSHA1: certificates.new, dueAt: dueAt, notAfter: profile.certificate?.facts.notAfter,
            error: result.2
        )
        if line.outcome != .waiting { record(line, rotationID: rotation.id) }
        return line
    }

    /// A failure (the rotation, if any, stays where the engine left it: resumable or rolled back).
    func failed(
        _ name: String, _ error: CoreError, details: [String] = [], rotation: StoredRotation? = nil, dueAt: Date? = nil
    ) -> RenewalResult {
        let certificates = rotation.map(thumbprints) ?? (old: nil, new: nil)
        let result = RenewalResult(
            profile: name, outcome: .failed, message: error.description, details: details, registration: rotation?.registration,
            revision: rotation?.revision, state: rotation.flatMap(currentState), oldSHA1: certificates.old, newSHA1: certificates.new,
            dueAt: dueAt, error: error
        )
        record(result, rotationID: rotation?.id)
        return result
    }

    private func currentState(_ rotation: StoredRotation) -> RotationState? {
        let stored = try? context.ledger { (store) throws(StoreError) in try store.rotation(id: rotation.id) }
        return (stored ?? nil)?.state
    }

    private func thumbprints(_ rotation: StoredRotation) -> (old: String?, new: String?) {
        func sha1(_ id: Int64?) -> String? {
            guard let id else { return nil }
            return (try? context.ledger { (store) throws(StoreError) in try store.certificate(id: id) })??.certificate.facts.sha1Thumbprint
        }
        return (sha1(rotation.oldCertificateID), sha1(rotation.newCertificateID))
    }

    /// `renewal.<outcome>` in the audit history. Best effort: the rotation's own events are
    /// already committed, and a report must still be printed if the inventory refuses.
    func record(_ result: RenewalResult, rotationID: Int64?) {
        var detail: [String: EventValue] = ["message": .string(result.message)]
        if let dueAt = result.dueAt { detail["due_at"] = .string(RFC3339.string(from: dueAt)) }
        if let old = result.oldSHA1 { detail["old_sha1"] = .string(old) }
        if let new = result.newSHA1 { detail["new_sha1"] = .string(new) }
        if let revision = result.revision { detail["revision"] = EventValue(revision) }
        do {
            try context.ledger { (store) throws(StoreError) in
                try store.recordEvent(
                    EventDraft(
                        action: "renewal.\(result.outcome.rawValue)", profileName: result.profile, rotationID: rotationID, detail: detail
                    ))
            }
        } catch {
            context.reporter.warning("\(result.profile): could not record renewal.\(result.outcome.rawValue) in the history: \(error.description)")
        }
    }
}
