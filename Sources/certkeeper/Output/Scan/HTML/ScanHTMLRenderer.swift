import CertKeeperBase
import CertKeeperCore
import Foundation

/// `--format html`: one self-contained page (inline style, script and SVG; no fetch of any
/// kind) with a summary strip, the expiry timeline and a sortable, filterable table.
///
/// The page walks the report up to three times, as JUnit walks it twice: once for the
/// overview (counts, axis range, band sizes), once for the timeline's bars (skipped in the
/// density view), once for the table. Nothing grows with the number of certificates except
/// the output, which streams. Every value from a certificate, path or reason goes through
/// `HTMLText`; the script only reads the DOM, so it never parses a value either.
struct ScanHTMLRenderer: ScanRenderer {
    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        let overview = try HTMLReportOverview.gather(report)
        let timeline = TimelineSVG(report: report, overview: overview)
        head(report, overview, to: output)
        HTMLSummaryStrip(report: report, overview: overview).render(to: output)
        output.append("<section id=\"timeline-section\">\n<h2>Timeline</h2>\n")
        legend(report, timeline, to: output)
        output.append("<div class=\"scroll\">\n")
        try timeline.render(to: output)
        output.append("</div>\n</section>\n")
        try HTMLFindingsTable(linked: !timeline.density).render(report, summary: overview.summary, to: output)
        if report.includesDirectory { try HTMLAppFindings().render(report, to: output) }
        output.append("<footer class=\"note\"><p>certkeeper scan, format html. Dates are UTC.</p></footer>\n")
        output.append("<script>")
        output.append(HTMLReportAssets.script)
        output.append("</script>\n</body>\n</html>\n")
        try CoreError.lifting(try output.flushIfFull())
    }

    private func head(_ report: ExpiryScanReport, _ overview: HTMLReportOverview, to output: ByteStream) {
        output.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        output.append("<meta http-equiv=\"Content-Security-Policy\" content=\"")
        HTMLText.append(HTMLReportAssets.contentSecurityPolicy, to: output)
        output.append("\">\n<meta name=\"referrer\" content=\"no-referrer\">\n")
        output.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        HTMLText.append("Certificate expiry report — \(ScanWording.summary(overview.summary)) — \(RFC3339.string(from: report.now))", to: output)
        output.append("</title>\n<style>")
        output.append(HTMLReportAssets.style)
        output.append("</style>\n</head>\n<body>\n")
    }

    private func legend(_ report: ExpiryScanReport, _ timeline: TimelineSVG, to output: ByteStream) {
        output.append("<p class=\"note\">")
        if timeline.density {
            output.append("More than \(TimelineSVG.barLimit) certificates: each band shows how many expire per period, ")
            output.append("stacked by status (hover a stack for its counts). Every certificate is listed in the table below.")
        } else {
            output.append("Each bar runs from a certificate's notBefore to its notAfter; hover for details, click to jump to its row.")
        }
        output.append("</p>\n<ul class=\"legend\">")
        for status in HTMLReportText.statuses(of: report) where status != .error {
            output.append("<li><span class=\"sw s-\(status.rawValue)\"></span>\(HTMLReportText.statusName(status))</li>")
        }
        output.append("<li><span class=\"ln now\"></span>now</li>")
        for (name, threshold) in [("crit", report.policy.critical), ("warn", report.policy.warning)] {
            output.append("<li><span class=\"ln \(name)\"></span>")
            if case .lifetimeElapsed = threshold {
                let drawn = timeline.density ? "not drawn in the density view" : "a tick on each bar"
                HTMLText.append("\(name) at \(threshold) of each lifetime (\(drawn))", to: output)
            } else {
                HTMLText.append("\(name) \(threshold) before expiry", to: output)
            }
            output.append("</li>")
        }
        output.append("</ul>\n")
    }
}
