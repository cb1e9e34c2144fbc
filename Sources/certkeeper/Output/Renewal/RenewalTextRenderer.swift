import CertKeeperBase
import CertKeeperCore
import Foundation

/// The `rotate due` table: one row per profile, then what each profile that needs attention
/// needs (upload steps, diagnosis), then one summary line. Everything from profiles,
/// certificates and servers is escaped: no raw control character reaches the terminal.
enum RenewalTextRenderer {
    static func render(_ report: RenewalReport) -> String {
        let rows = report.results.map { result -> [String] in
            [
                result.profile, RenewalWording.label(result.outcome), result.revision.map { "#\($0)" } ?? "-",
                result.dueAt.map(RFC3339.string(from:)) ?? "-", result.message,
            ].map(TerminalText.escaped)
        }
        var text = TableRenderer.render(header: ["PROFILE", "OUTCOME", "ROTATION", "DUE", "WHAT HAPPENED"], rows: rows)
        for result in report.results {
            let lines = result.details + RenewalWording.diagnosis(result)
            guard !lines.isEmpty else { continue }
            text += "\n\n\(TerminalText.escaped(result.profile)) (\(RenewalWording.label(result.outcome))):\n"
            text += lines.map { "  " + TerminalText.escaped($0) }.joined(separator: "\n")
        }
        let when =
            report.dryRun
            ? " Dry run judged at \(RFC3339.string(from: report.evaluatedAt)): nothing was changed."
            : ""
        return text + "\n\n\(RenewalWording.summary(report)).\(when) Exit \(report.exitCode).\n"
    }
}
