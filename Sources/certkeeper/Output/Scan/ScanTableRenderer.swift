import CertKeeperCore

/// `--format table`: one row per certificate in notAfter order, unreadable sources after
/// them, then a summary line. The status column is colored when `colored` (a terminal
/// without NO_COLOR).
struct ScanTableRenderer: ScanRenderer {
    let colored: Bool

    /// Fixed widths, so rows stream without a first pass to measure them; a longer subject
    /// pushes only its own row's last column.
    private static let statusWidth = 13
    private static let dateWidth = 20
    private static let daysWidth = 6
    private static let subjectWidth = 40

    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        try output.write(
            Self.pad("STATUS", Self.statusWidth) + "  " + Self.pad("NOT AFTER", Self.dateWidth) + "  "
                + Self.padLeft("DAYS", Self.daysWidth) + "  " + Self.pad("SUBJECT", Self.subjectWidth) + "  WHERE\n"
        )
        try report.forEach { (entry) throws(CoreError) in
            switch entry {
            case .certificate(let certificate, let evaluation):
                var places = certificate.profiles.map { "profile:\($0)" }
                places += certificate.sources
                try output.write(
                    status(evaluation.status) + "  " + RFC3339.string(from: certificate.notAfter) + "  "
                        + Self.padLeft(String(evaluation.daysRemaining), Self.daysWidth) + "  "
                        + Self.pad(certificate.subject, Self.subjectWidth) + "  " + places.joined(separator: ", ") + "\n"
                )
            case .unreadable(let source):
                try output.write(
                    status(.error) + "  " + Self.pad("-", Self.dateWidth) + "  " + Self.padLeft("-", Self.daysWidth) + "  "
                        + Self.pad("(unreadable: \(source.reason))", Self.subjectWidth) + "  " + source.source + "\n"
                )
            }
        }
        let summary = try report.summary()
        let policy = report.policy
        try output.write(
            "\n" + ScanWording.summary(summary)
                + ". Thresholds: warn \(policy.warning), crit \(policy.critical); fail on \(report.failOn)"
                + " (exit \(summary.exitCode(failOn: report.failOn))).\n"
        )
    }

    private func status(_ status: ScanStatus) -> String {
        let text = Self.pad(status.rawValue, Self.statusWidth)
        guard colored else { return text }
        let color = switch status {
        case .ok: "32"                  // green
        case .warning, .notYetValid: "33"  // yellow
        case .critical: "1;31"          // bold red
        case .expired: "31"             // red
        case .error: "35"               // magenta
        }
        return "\u{1B}[\(color)m\(text)\u{1B}[0m"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : text + String(repeating: " ", count: width - count)
    }

    private static func padLeft(_ text: String, _ width: Int) -> String {
        let count = text.count
        return count >= width ? text : String(repeating: " ", count: width - count) + text
    }
}
