import Foundation

/// `serve --throttle-every N`: every Nth directory listing request is answered 429 with
/// `Retry-After`, as Graph answers a client over its quota, so a client's back-off can be
/// rehearsed. One counter per server process (and one per vault for
/// `--vault-throttle-every`, which Key Vault's service limits answer the same way).
public final class GraphThrottle: @unchecked Sendable {
    public let every: Int
    public let retryAfterSeconds: Int
    // Every access to `count` holds `lock`.
    private let lock = NSLock()
    private var count = 0

    /// `every` 0 never throttles.
    public init(every: Int, retryAfterSeconds: Int) {
        self.every = max(0, every)
        self.retryAfterSeconds = max(0, retryAfterSeconds)
    }

    public static let off = GraphThrottle(every: 0, retryAfterSeconds: 0)

    /// Counts one request; true when this one is to be refused.
    func isThrottled() -> Bool {
        guard every > 0 else { return false }
        return lock.withLock {
            count += 1
            return count % every == 0
        }
    }
}
