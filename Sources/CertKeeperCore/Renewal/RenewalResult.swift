import CertKeeperStore
import Foundation

/// What `rotate due` did (or, in a dry run, would do) with one profile.
public enum RenewalOutcome: String, Sendable, Hashable, CaseIterable {
    /// A new rotation ran: the profile signs with a new certificate.
    case renewed
    /// An unfinished rotation was carried on (and finished, or got as far as it can alone).
    case resumed
    /// Nothing to do: not due, renewal off, or no certificate.
    case notDue = "not_due"
    /// An unfinished rotation waits for its overlap to end; nothing to do yet.
    case waiting
    /// A guided rotation is staged: a person must upload the certificate.
    case needsOperator = "needs_operator"
    /// The rotation failed or was rolled back; the profile kept a working certificate.
    case failed
    /// Dry run: a renewal would start.
    case due
    /// Dry run: an unfinished rotation would be resumed.
    case unfinished
}

/// One profile's line in the report.
public struct RenewalResult: Sendable {
    public let profile: String
    public let outcome: RenewalOutcome
    /// One line: what happened and, when something is left, what happens next.
    public let message: String
    /// Steps for a person (upload, removal), warnings, or a dry run's plan.
    public let details: [String]
    public let registration: RotationRegistration?
    /// The rotation involved, with the state it was left in.
    public let revision: Int?
    public let state: RotationState?
    public let oldSHA1: String?
    public let newSHA1: String?
    /// When the certificate the profile used at the start is (or was) due.
    public let dueAt: Date?
    public let notAfter: Date?
    /// The failure, when `outcome` is `.failed` (with the identity platform's diagnosis).
    public let error: CoreError?
    public let seconds: Double

    public init(
        profile: String, outcome: RenewalOutcome, message: String, details: [String] = [],
        registration: RotationRegistration? = nil, revision: Int? = nil, state: RotationState? = nil,
        oldSHA1: String? = nil, newSHA1: String? = nil, dueAt: Date? = nil, notAfter: Date? = nil,
        error: CoreError? = nil, seconds: Double = 0
    ) {
        self.profile = profile
        self.outcome = outcome
        self.message = message
        self.details = details
        self.registration = registration
        self.revision = revision
        self.state = state
        self.oldSHA1 = oldSHA1
        self.newSHA1 = newSHA1
        self.dueAt = dueAt
        self.notAfter = notAfter
        self.error = error
        self.seconds = seconds
    }

    func timed(_ seconds: Double) -> RenewalResult {
        RenewalResult(
            profile: profile, outcome: outcome, message: message, details: details, registration: registration,
            revision: revision, state: state, oldSHA1: oldSHA1, newSHA1: newSHA1, dueAt: dueAt, notAfter: notAfter,
            error: error, seconds: seconds
        )
    }
}

/// Every profile `rotate due` looked at, in name order.
public struct RenewalReport: Sendable {
    /// Exit codes of `rotate due` (documented in its --help).
    public enum ExitCode {
        public static let success: Int32 = 0
        public static let failed: Int32 = 1
        public static let needsOperator: Int32 = 2
    }

    public let startedAt: Date
    /// The instant due dates were judged at: now, or `--at`.
    public let evaluatedAt: Date
    public let dryRun: Bool
    public let results: [RenewalResult]

    public init(startedAt: Date, evaluatedAt: Date, dryRun: Bool, results: [RenewalResult]) {
        self.startedAt = startedAt
        self.evaluatedAt = evaluatedAt
        self.dryRun = dryRun
        self.results = results
    }

    public func count(_ outcome: RenewalOutcome) -> Int { results.filter { $0.outcome == outcome }.count }

    /// 1 when anything failed (it is the more urgent), else 2 when a person is needed, else 0.
    public var exitCode: Int32 {
        if count(.failed) > 0 { return ExitCode.failed }
        if count(.needsOperator) > 0 { return ExitCode.needsOperator }
        return ExitCode.success
    }
}
