/// Counts per status, and the exit code they lead to (docs/scan.md).
public struct ScanSummary: Sendable, Hashable {
    public private(set) var counts: [ScanStatus: Int] = [:]
    /// The findings `--warn-on` counts as warnings.
    public let warnOn: Set<ScanStatus>

    public init(warnOn: Set<ScanStatus> = []) { self.warnOn = warnOn }

    /// Of `certificates`, the synced apps' client secrets: a summary that says "N
    /// certificates" must not count them.
    public private(set) var clientSecrets = 0

    public mutating func add(_ status: ScanStatus, clientSecret: Bool = false) {
        counts[status, default: 0] += 1
        if clientSecret && status != .error { clientSecrets += 1 }
    }

    public func count(_ status: ScanStatus) -> Int { counts[status] ?? 0 }

    /// Certificates and client secrets reported (unreadable sources not included).
    public var certificates: Int { counts.filter { $0.key != .error }.values.reduce(0, +) }

    public var unreadableSources: Int { count(.error) }

    /// Statuses from worst to best at equal severity.
    public static let rankOrder: [ScanStatus] = [
        .noValidCredential, .expired, .critical, .warning, .notYetValid, .clientSecret, .unmanagedCertificate, .ok,
    ]

    /// The most severe certificate status found (nil when no certificate was found): the
    /// highest severity (after `--warn-on`), then the first in `rankOrder`.
    public var worst: ScanStatus? {
        let found = Self.rankOrder.filter { count($0) > 0 }
        guard let top = found.map({ $0.severity(warnOn: warnOn) }).max() else { return nil }
        return found.first { $0.severity(warnOn: warnOn) == top }
    }

    /// 0 nothing at or above `--fail-on`; 2 warning; 3 critical; 4 expired. With `--fail-on
    /// error`, unreadable sources alone give 1; a certificate finding wins over them
    /// because it says more.
    public func exitCode(failOn: FailOn) -> Int32 {
        if let worst, failOn.fails(worst, warnOn: warnOn), worst.severity(warnOn: warnOn) > 0 {
            return Int32(worst.severity(warnOn: warnOn) + 1)
        }
        if failOn.fails(.error), unreadableSources > 0 { return 1 }
        return 0
    }
}
