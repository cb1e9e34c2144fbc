import CertKeeperBase
import CertKeeperCore
import Foundation

/// `rotate due --format json`: schema certkeeper.renewal/v1 (docs/renewal.md).
struct RenewalJSON: Encodable {
    static let schema = "certkeeper.renewal/v1"

    struct Profile: Encodable {
        let profile: String
        let outcome: String
        let message: String
        let details: [String]
        let diagnosis: [String]
        let registration: String?
        let revision: Int?
        let state: String?
        let oldSHA1: String?
        let newSHA1: String?
        let dueAt: String?
        let notAfter: String?
        let seconds: Double

        enum CodingKeys: String, CodingKey {
            case profile, outcome, message, details, diagnosis, registration, revision, state, seconds
            case oldSHA1 = "old_sha1_thumbprint"
            case newSHA1 = "new_sha1_thumbprint"
            case dueAt = "due_at"
            case notAfter = "not_after"
        }

        /// Every key present (null when unknown), so consumers need no existence checks.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(profile, forKey: .profile)
            try container.encode(outcome, forKey: .outcome)
            try container.encode(message, forKey: .message)
            try container.encode(details, forKey: .details)
            try container.encode(diagnosis, forKey: .diagnosis)
            try container.encode(registration, forKey: .registration)
            try container.encode(revision, forKey: .revision)
            try container.encode(state, forKey: .state)
            try container.encode(oldSHA1, forKey: .oldSHA1)
            try container.encode(newSHA1, forKey: .newSHA1)
            try container.encode(dueAt, forKey: .dueAt)
            try container.encode(notAfter, forKey: .notAfter)
            try container.encode((seconds * 1000).rounded() / 1000, forKey: .seconds)
        }
    }

    let schema = RenewalJSON.schema
    let startedAt: String
    let evaluatedAt: String
    let dryRun: Bool
    let exitCode: Int32
    let summary: [String: Int]
    let profiles: [Profile]

    enum CodingKeys: String, CodingKey {
        case schema, summary, profiles
        case startedAt = "started_at"
        case evaluatedAt = "evaluated_at"
        case dryRun = "dry_run"
        case exitCode = "exit_code"
    }

    init(_ report: RenewalReport) {
        startedAt = RFC3339.string(from: report.startedAt)
        evaluatedAt = RFC3339.string(from: report.evaluatedAt)
        dryRun = report.dryRun
        exitCode = report.exitCode
        summary = Dictionary(uniqueKeysWithValues: RenewalOutcome.allCases.map { ($0.rawValue, report.count($0)) })
        profiles = report.results.map { result in
            Profile(
                profile: result.profile, outcome: result.outcome.rawValue, message: result.message, details: result.details,
                diagnosis: RenewalWording.diagnosis(result), registration: result.registration?.rawValue,
                revision: result.revision, state: result.state?.rawValue, oldSHA1: result.oldSHA1, newSHA1: result.newSHA1,
                dueAt: result.dueAt.map(RFC3339.string(from:)), notAfter: result.notAfter.map(RFC3339.string(from:)),
                seconds: result.seconds
            )
        }
    }

    static func render(_ report: RenewalReport) throws -> String {
        try JSONOutput.encode(RenewalJSON(report)) + "\n"
    }
}
