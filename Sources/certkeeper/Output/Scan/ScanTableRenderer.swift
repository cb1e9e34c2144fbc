import CertKeeperBase
import CertKeeperCore

/// `--format table`: one row per certificate in notAfter order, unreadable sources after
/// them, then a summary line. The status column is colored when `colored` (a terminal
/// without NO_COLOR). Control characters in names are shown as `?`, so one row stays one line.
struct ScanTableRenderer: ScanRenderer {
    let colored: Bool
    /// Wide enough for `unmanaged_certificate` when the directory is scanned.
    private var statusWidth = 13

    /// Fixed widths, so rows stream without a first pass to measure them; a longer subject
    /// pushes only its own row's last column.
    private static let dateWidth = 20
    private static let daysWidth = 6
    private static let subjectWidth = 40

    init(colored: Bool) { self.colored = colored }

    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        var renderer = self
        if report.includesDirectory { renderer.statusWidth = ScanStatus.unmanagedCertificate.rawValue.count }
        try renderer.write(report, to: output)
    }

    private func write(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        Self.cell("STATUS", statusWidth, output)
        Self.cell("NOT AFTER", Self.dateWidth, output)
        Self.cell("DAYS", Self.daysWidth, output, alignRight: true)
        Self.cell("SUBJECT", Self.subjectWidth, output)
        output.append("WHERE\n")
        try report.forEach { (entry) throws(CoreError) in
            switch entry {
            case .certificate(let certificate, let evaluation):
                status(evaluation.status, output)
                output.append { RFC3339.append(certificate.notAfter, to: &$0) }
                output.append("  ")
                Self.cell(String(evaluation.daysRemaining), Self.daysWidth, output, alignRight: true)
                Self.cell(certificate.subject, Self.subjectWidth, output)
                var first = true
                for profile in certificate.profiles {
                    output.append(first ? "profile:" : ", profile:")
                    output.append(TerminalText.escaped(profile))
                    first = false
                }
                for source in certificate.sources {
                    if !first { output.append(", ") }
                    output.append(TerminalText.escaped(source))
                    first = false
                }
            case .credential(let credential, let evaluation):
                // SUBJECT: what the credential is; WHERE: the app, then files holding it.
                status(evaluation.status, output)
                output.append { RFC3339.append(credential.notAfter, to: &$0) }
                output.append("  ")
                Self.cell(String(evaluation.daysRemaining), Self.daysWidth, output, alignRight: true)
                Self.cell("\(credential.kindWord) \(credential.displayName ?? credential.keyID)", Self.subjectWidth, output)
                output.append(TerminalText.escaped("\(credential.ownerWord) \(credential.appName) (\(credential.directorySource))"))
                for profile in credential.profiles { output.append(", profile:" + TerminalText.escaped(profile)) }
                for file in credential.files { output.append(", " + TerminalText.escaped(file)) }
            case .unreadable(let source):
                status(.error, output)
                Self.cell("-", Self.dateWidth, output)
                Self.cell("-", Self.daysWidth, output, alignRight: true)
                Self.cell("(unreadable: \(source.reason))", Self.subjectWidth, output)
                output.append(TerminalText.escaped(source.source))
            }
            output.append(UInt8(ascii: "\n"))
            try CoreError.lifting(try output.flushIfFull())
        }
        let summary = try report.summary()
        let policy = report.policy
        output.append(
            "\n" + ScanWording.summary(summary)
                + ". Thresholds: warn \(policy.warning), crit \(policy.critical); fail on \(report.failOn)"
                + (report.warnOn.isEmpty ? "" : ", warn on \(report.warnOn.map(\.rawValue).sorted().joined(separator: ", "))")
                + " (exit \(summary.exitCode(failOn: report.failOn))).\n"
        )
        try CoreError.lifting(try output.flushIfFull())
    }

    private func status(_ status: ScanStatus, _ output: ByteStream) {
        guard colored else {
            Self.cell(status.rawValue, statusWidth, output)
            return
        }
        let color =
            switch status {
            case .ok: "32"  // green
            case .warning, .notYetValid: "33"  // yellow
            case .critical: "1;31"  // bold red
            case .expired: "31"  // red
            case .error: "35"  // magenta
            case .noValidCredential: "1;31"  // bold red
            case .clientSecret, .unmanagedCertificate: "36"  // cyan: a finding, not an expiry
            }
        output.append("\u{1B}[\(color)m")
        output.append(status.rawValue)
        output.append("\u{1B}[0m")
        Self.spaces(statusWidth - status.rawValue.utf8.count + 2, output)
    }

    /// `text` padded to `width` columns, then the two-space column gap.
    private static func cell(_ text: String, _ width: Int, _ output: ByteStream, alignRight: Bool = false) {
        let shown = TerminalText.escaped(text)
        // Names are mostly ASCII; count characters only when they are not.
        let count = shown.utf8.allSatisfy { $0 < 0x80 } ? shown.utf8.count : shown.count
        if alignRight { spaces(width - count, output) }
        output.append(shown)
        if !alignRight { spaces(width - count, output) }
        output.append("  ")
    }

    private static func spaces(_ count: Int, _ output: ByteStream) { output.appendSpaces(count) }
}
