import CertKeeperBase
import CertKeeperCore

/// `--format table`: one row per certificate in notAfter order, unreadable sources after
/// them, then a summary line. The status column is colored when `colored` (a terminal
/// without NO_COLOR). Control characters in names are shown as `?`, so one row stays one line.
struct ScanTableRenderer: ScanRenderer {
    let colored: Bool

    /// Fixed widths, so rows stream without a first pass to measure them; a longer subject
    /// pushes only its own row's last column.
    private static let statusWidth = 13
    private static let dateWidth = 20
    private static let daysWidth = 6
    private static let subjectWidth = 40

    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        Self.cell("STATUS", Self.statusWidth, output)
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
                + " (exit \(summary.exitCode(failOn: report.failOn))).\n"
        )
        try CoreError.lifting(try output.flushIfFull())
    }

    private func status(_ status: ScanStatus, _ output: ByteStream) {
        guard colored else {
            Self.cell(status.rawValue, Self.statusWidth, output)
            return
        }
        let color =
            switch status {
            case .ok: "32"  // green
            case .warning, .notYetValid: "33"  // yellow
            case .critical: "1;31"  // bold red
            case .expired: "31"  // red
            case .error: "35"  // magenta
            }
        output.append("\u{1B}[\(color)m")
        output.append(status.rawValue)
        output.append("\u{1B}[0m")
        Self.spaces(Self.statusWidth - status.rawValue.utf8.count + 2, output)
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
