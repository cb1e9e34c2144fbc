import Foundation

/// When and how long to back off: on 429 and 5xx (and AADSTS50196), honouring `Retry-After`
/// (seconds or an HTTP date), else exponential from `baseDelay`, capped at `maximumDelay`.
/// The sleeper is injected so tests run without waiting.
public struct RetryPolicy: Sendable {
    /// Total attempts, the first included.
    public var maximumAttempts: Int
    public var baseDelay: Double
    public var maximumDelay: Double
    /// A `Retry-After` longer than this is not waited for: the error says when to try again.
    public var longestRetryAfter: Double
    public var sleep: @Sendable (Double) async -> Void

    public init(
        maximumAttempts: Int = 4, baseDelay: Double = 1, maximumDelay: Double = 30, longestRetryAfter: Double = 120,
        sleep: @escaping @Sendable (Double) async -> Void = RetryPolicy.taskSleep
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.longestRetryAfter = longestRetryAfter
        self.sleep = sleep
    }

    public static let standard = RetryPolicy()

    /// No retries (the Graph client's writes use this: addKey is not idempotent).
    public static let none = RetryPolicy(maximumAttempts: 1)

    public static let taskSleep: @Sendable (Double) async -> Void = { seconds in
        guard seconds > 0 else { return }
        try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }

    /// Statuses that mean "later", not "never".
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || ((500...599).contains(status) && status != 501 && status != 505)
    }

    /// The wait before attempt `attempt + 1` (attempts count from 1), or nil to stop: the
    /// attempts are used up or the server asks for a longer pause than we wait for.
    package func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double? {
        guard attempt < maximumAttempts else { return nil }
        if let retryAfter {
            return retryAfter <= longestRetryAfter ? max(0, retryAfter) : nil
        }
        return min(maximumDelay, baseDelay * pow(2, Double(attempt - 1)))
    }

    /// `Retry-After` as seconds from `now`: delta-seconds or an IMF-fixdate (RFC 9110 §10.2.3).
    package static func retryAfterSeconds(_ value: String?, now: Date) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
