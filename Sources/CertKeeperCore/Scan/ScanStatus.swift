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
    /// A synced app or service principal whose every certificate and secret has expired:
    /// it cannot authenticate any more (each of its credentials carries this status).
    case noValidCredential = "no_valid_credential"
    /// A valid client secret of an application: reported, a warning only under
    /// `--warn-on client_secret` (migrate to a certificate).
    case clientSecret = "client_secret"
    /// A valid certificate registered on an application that no profile and no file on this
    /// host holds: reported, a warning only under `--warn-on unmanaged_certificate`.
    case unmanagedCertificate = "unmanaged_certificate"

    public var description: String { rawValue }

    /// How bad a status is for `--fail-on`: ok 0, warning 1, critical 2, expired 3. A
    /// not-yet-valid certificate counts as a warning (it will not authenticate today, but
    /// nothing is about to break); an unreadable source has no severity of its own and
    /// fails the run only with `--fail-on error`. An app without a valid credential is as
    /// bad as an expired certificate; client secrets and unmanaged certificates are
    /// findings of severity 0 unless `--warn-on` names them.
    public var severity: Int {
        switch self {
        case .ok, .error, .clientSecret, .unmanagedCertificate: 0
        case .warning, .notYetValid: 1
        case .critical: 2
        case .expired, .noValidCredential: 3
        }
    }

    /// The severity with the findings `--warn-on` raises to warnings.
    public func severity(warnOn: Set<ScanStatus>) -> Int {
        warnOn.contains(self) ? max(severity, 1) : severity
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

    /// Whether an entry with `status` fails the run (`warnOn`: the findings `--warn-on`
    /// counts as warnings).
    public func fails(_ status: ScanStatus, warnOn: Set<ScanStatus> = []) -> Bool {
        let severity = status.severity(warnOn: warnOn)
        return switch self {
        case .never: false
        case .error: status == .error || severity >= 1
        case .warning: severity >= 1
        case .critical: severity >= 2
        case .expired: severity >= 3
        }
    }
}
