import Foundation

/// The thresholds of a scan and how one certificate is judged against them at a given time.
public struct ExpiryPolicy: Sendable, Hashable {
    public static let defaultWarning = ExpiryThreshold.remaining(.days(30))
    public static let defaultCritical = ExpiryThreshold.remaining(.days(7))

    public let warning: ExpiryThreshold
    public let critical: ExpiryThreshold

    /// Refuses a critical threshold that would fire before the warning one (`--warn 7d
    /// --crit 30d`): every warning would then be reported as critical, which is never meant.
    public init(warning: ExpiryThreshold = defaultWarning, critical: ExpiryThreshold = defaultCritical) throws(CoreError) {
        if critical.isAtLeastAsStrict(as: warning) == false {
            throw CoreError(
                .invalidInput,
                "--crit \(critical) would fire before --warn \(warning): the critical threshold must be the closer one to expiry"
            )
        }
        self.warning = warning
        self.critical = critical
    }

    /// Judges a validity period at `now`. notAfter itself is still valid (RFC 5280: the
    /// period includes both dates), so a certificate is expired only after it.
    public func evaluate(notBefore: Date, notAfter: Date, at now: Date) -> ExpiryEvaluation {
        let window = ValidityWindow(notBefore: notBefore, notAfter: notAfter)
        let instant = Int64(now.timeIntervalSince1970.rounded(.down))
        let status: ScanStatus
        if instant < window.notBefore {
            status = .notYetValid
        } else if instant > window.notAfter {
            status = .expired
        } else if critical.isReached(by: window, at: instant) {
            status = .critical
        } else if warning.isReached(by: window, at: instant) {
            status = .warning
        } else {
            status = .ok
        }
        let remaining = window.notAfter - instant
        // Floor division: 1 second past expiry is day -1, 29.9 days left is day 29.
        let days = remaining >= 0 ? remaining / 86_400 : -((-remaining + 86_399) / 86_400)
        let elapsed = Double(instant - window.notBefore) / Double(window.lifetime) * 100
        let percent = (min(max(elapsed, 0), 100) * 100).rounded() / 100
        return ExpiryEvaluation(status: status, daysRemaining: Int(days), lifetimeElapsedPercent: percent)
    }
}

/// The verdict on one certificate.
public struct ExpiryEvaluation: Sendable, Hashable {
    public let status: ScanStatus
    /// Whole days until notAfter, rounded down (negative once expired).
    public let daysRemaining: Int
    /// Share of notBefore…notAfter already elapsed, 0–100, two decimals.
    public let lifetimeElapsedPercent: Double
}
