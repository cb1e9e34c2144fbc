import CertKeeperBase
import CertKeeperCore

/// The top of the page: the verdict at a glance (counts per status, the next expiry, the
/// thresholds and time the scan judged by, the exit code a pipeline saw).
struct HTMLSummaryStrip {
    let report: ExpiryScanReport
    let overview: HTMLReportOverview

    func render(to output: ByteStream) {
        let summary = overview.summary
        let now = RFC3339.string(from: report.now)
        output.append("<header>\n<h1>Certificate expiry report</h1>\n<p class=\"meta\">As of <time datetime=\"\(now)\">\(now)</time>: ")
        HTMLText.append(ScanWording.summary(summary), to: output)
        output.append(".</p>\n<ul class=\"counts\" id=\"counts\">")
        for status in HTMLReportText.statuses(of: report) {
            let count = summary.count(status)
            let name = status == .error ? "unreadable" : HTMLReportText.statusName(status)
            output.append("<li data-status=\"\(status.rawValue)\"\(count == 0 ? " class=\"zero\"" : "")>")
            output.append("<span class=\"sw s-\(status.rawValue)\"></span><b>\(count)</b> \(name)</li>")
        }
        output.append("</ul>\n<dl class=\"facts\">\n<dt>Next expiry</dt><dd>")
        if let next = overview.nextExpiry {
            HTMLText.append(next.certificate.subject, to: output)
            let notAfter = RFC3339.string(from: next.certificate.notAfter)
            output.append(" — <time datetime=\"\(notAfter)\">\(notAfter)</time> (")
            output.append(next.evaluation.daysRemaining == 0 ? "less than a day left" : "in \(next.evaluation.daysRemaining) day\(next.evaluation.daysRemaining == 1 ? "" : "s")")
            output.append(", \(HTMLReportText.statusName(next.evaluation.status)))")
        } else {
            output.append(summary.certificates == 0 ? "no certificate found" : "none: every certificate has expired")
        }
        output.append("</dd>\n<dt>Thresholds</dt><dd>")
        let warnOn = report.warnOn.isEmpty ? "" : ", --warn-on \(report.warnOn.map(\.rawValue).sorted().joined(separator: ","))"
        HTMLText.append("warn \(report.policy.warning), crit \(report.policy.critical), --fail-on \(report.failOn)\(warnOn)", to: output)
        output.append("</dd>\n<dt>Exit code</dt><dd>\(summary.exitCode(failOn: report.failOn))</dd>\n</dl>\n</header>\n")
    }
}
