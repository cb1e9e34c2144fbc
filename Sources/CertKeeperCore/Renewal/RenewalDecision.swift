import CertKeeperBase
import CertKeeperStore
import Foundation

/// Where a profile stands for `rotate due`, judged from the inventory alone (no secret, no
/// network): what a dry run reports, and what a real run re-checks under the profile's lock.
enum RenewalDecision {
    case off
    case noCertificate
    case unfinished(StoredRotation)
    case notDue(dueAt: Date, certificate: StoredCertificate)
    case due(dueAt: Date, certificate: StoredCertificate, schedule: RenewalSchedule)

    static func judge(_ profile: StoredProfile, at now: Date, store: any InventoryStore) throws(CoreError) -> RenewalDecision {
        if let rotation = try inventoryCall({ () throws(StoreError) in try store.unfinishedRotation(profileName: profile.name) }) {
            // Renewal off leaves even an operator's unfinished rotation to the operator.
            return profile.settings.renewal.registration == nil ? .off : .unfinished(rotation)
        }
        guard profile.settings.renewal.registration != nil else { return .off }
        guard let certificate = profile.certificate else { return .noCertificate }
        let schedule = try RenewalSchedule(policy: profile.settings.renewal, profile: profile.name)
        let facts = certificate.facts
        let dueAt = schedule.dueDate(notBefore: facts.notBefore, notAfter: facts.notAfter)
        guard schedule.isDue(notBefore: facts.notBefore, notAfter: facts.notAfter, at: now) else {
            return .notDue(dueAt: dueAt, certificate: certificate)
        }
        return .due(dueAt: dueAt, certificate: certificate, schedule: schedule)
    }

    /// When the profile's current certificate is due (nil without a certificate or a
    /// readable policy).
    static func dueDate(_ profile: StoredProfile) -> Date? {
        guard let facts = profile.certificate?.facts,
            let schedule = try? RenewalSchedule(policy: profile.settings.renewal, profile: profile.name)
        else { return nil }
        return schedule.dueDate(notBefore: facts.notBefore, notAfter: facts.notAfter)
    }

    /// Whether the profile needs its lock (something may be done).
    var needsWork: Bool {
        switch self {
        case .unfinished, .due: true
        case .off, .noCertificate, .notDue: false
        }
    }

    /// The result when there is nothing to do (nil when there is).
    func idleResult(_ profile: StoredProfile) -> RenewalResult? {
        let name = profile.name
        switch self {
        case .off:
            return RenewalResult(profile: name, outcome: .notDue, message: "renewal is off for this profile (profile edit --renew-register graph|guided turns it on)")
        case .noCertificate:
            return RenewalResult(profile: name, outcome: .notDue, message: "no certificate to renew (profile edit --cert FILE)")
        case .notDue(let dueAt, let certificate):
            return RenewalResult(
                profile: name, outcome: .notDue, message: "renewal due at \(RFC3339.string(from: dueAt)) (renew_before \(profile.settings.renewal.renewBefore))",
                registration: profile.settings.renewal.registration, oldSHA1: certificate.facts.sha1Thumbprint, dueAt: dueAt,
                notAfter: certificate.facts.notAfter
            )
        case .unfinished, .due:
            return nil
        }
    }
}
