import CertKeeperBase
import CertKeeperStore
import Foundation

/// When a certificate is due for renewal under a profile's `renew_before`: the notation and
/// the edges of scan thresholds (`30d` = at most 30 days left; `66%` = at least 66% of the
/// lifetime elapsed), so `scan --warn 66%` and the renewal policy mean the same instant.
public struct RenewalSchedule: Sendable, Hashable {
    public let threshold: ExpiryThreshold

    /// Refuses values that renew never (0d, 100%: only once expired, when Graph can no longer
    /// prove possession) or always (0%: every run would rotate again).
    public init(parsing text: String) throws(CoreError) {
        let threshold: ExpiryThreshold
        do { threshold = try ExpiryThreshold(parsing: text) } catch {
            throw CoreError(
                .invalidInput,
                "renew_before \"\(TerminalText.escaped(text))\" is neither a time left before expiry (30d, 2w) nor a share of the lifetime elapsed (66%)"
            )
        }
        let afterExpiry: Bool
        let atIssue: Bool
        switch threshold {
        case .remaining(let duration): (afterExpiry, atIssue) = (duration.seconds <= 0, false)
        case .lifetimeElapsed(let basisPoints): (afterExpiry, atIssue) = (basisPoints >= 10_000, basisPoints == 0)
        }
        if afterExpiry {
            throw CoreError(.invalidInput, "renew_before \(threshold) would renew only after expiry, when Graph can no longer prove possession: use e.g. 30d or 66%")
        }
        if atIssue {
            throw CoreError(.invalidInput, "renew_before 0% makes every certificate due the moment it is issued: use e.g. 66%")
        }
        self.threshold = threshold
    }

    /// The schedule a stored policy names.
    public init(policy: RenewalPolicy, profile: String) throws(CoreError) {
        do { try self.init(parsing: policy.renewBefore) } catch {
            throw CoreError(.invalidInput, "profile \(profile): \(error.description): fix it with certkeeper profile edit -p \(profile) --renew-before 66%")
        }
    }

    /// `when 66% of the lifetime has elapsed`, `when 30d or less remain`.
    public var summary: String {
        switch threshold {
        case .remaining(let duration): "when \(duration) or less remain"
        case .lifetimeElapsed: "when \(threshold) of the lifetime has elapsed"
        }
    }

    /// The first instant (whole seconds) at which a certificate valid `notBefore`…`notAfter`
    /// is due. Inclusive, like scan thresholds: due at exactly 30 days left.
    public func dueDate(notBefore: Date, notAfter: Date) -> Date {
        let window = ValidityWindow(notBefore: notBefore, notAfter: notAfter)
        let due: Int64
        switch threshold {
        case .remaining(let duration):
            due = window.notAfter - duration.seconds
        case .lifetimeElapsed(let basisPoints):
            // The smallest elapsed time with elapsed * 10000 >= basisPoints * lifetime.
            let product = basisPoints * window.lifetime
            due = window.notBefore + (product + 9_999) / 10_000
        }
        return Date(timeIntervalSince1970: TimeInterval(due))
    }

    public func isDue(notBefore: Date, notAfter: Date, at now: Date) -> Bool {
        Int64(now.timeIntervalSince1970.rounded(.down)) >= Int64(dueDate(notBefore: notBefore, notAfter: notAfter).timeIntervalSince1970)
    }

    /// Whether a certificate that lives `lifetime` seconds is already due when issued: then
    /// every run would rotate it again (renew_before 30d with 30-day certificates).
    public func isDueWhenIssued(lifetime: TimeInterval) -> Bool {
        let start = Date(timeIntervalSince1970: 0)
        return isDue(notBefore: start, notAfter: start.addingTimeInterval(lifetime), at: start)
    }
}
