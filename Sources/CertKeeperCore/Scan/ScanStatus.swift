/// What a scan says about one certificate (or one source it could not read).
public enum ScanStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case ok
    case warning
    case critical
    case expired
    /// notBefore is still in the future: the certificate cannot be used yet.
    case notYetValid = "not_yet_valid"
    /// The source could not be read (the entry carries the reason).
    case error

    public var description: String { rawValue }

    /// How bad a status is for `--fail-on`: ok 0, warning 1, critical 2, expired 3. A
    /// not-yet-valid certificate counts as a warning (it will not authenticate today, but
    /// nothing is about to break); an unreadable source has no severity of its own and
    /// fails the run only with `--fail-on error`.
    public var severity: Int {
        switch self {
        case .ok, .error: 0
        case .warning, .notYetValid: 1
        case .critical: 2
        case .expired: 3
        }
    }
}

/// `--fail-on`: the lowest severity that makes the run fail (docs/scan.md).
public enum FailOn: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Report only; exit 0 whatever was found.
    case never
    case warning
    case critical
    case expired
    /// The strictest: like `warning`, and an unreadable source also fails the run (exit 1).
    case error

    public var description: String { rawValue }

    /// Whether an entry with `status` fails the run.
    public func fails(_ status: ScanStatus) -> Bool {
        switch self {
        case .never: false
        case .error: status == .error || status.severity >= 1
        case .warning: status.severity >= 1
        case .critical: status.severity >= 2
        case .expired: status.severity >= 3
        }
    }
}
