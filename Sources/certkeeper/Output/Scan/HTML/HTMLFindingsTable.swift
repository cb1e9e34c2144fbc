import CertKeeperCore

/// Every entry of the report as a table row, in report order (soonest notAfter first,
/// unreadable sources last): readable without scripts. The inline script adds sorting by
/// any column and a filter; it reads the cells' `data-v` (a sort key) and text only.
struct HTMLFindingsTable {
    /// Whether rows carry `id="c<SHA-256>"` for the timeline's bars to link to (not in the
    /// density view, which has no bars: 66 bytes a row saved on the largest reports).
    let linked: Bool

    func render(_ report: ExpiryScanReport, summary: ScanSummary, to output: ByteStream) throws(CoreError) {
        output.append("<section id=\"table-section\">\n<h2>Certificates</h2>\n")
        output.append("<div id=\"filter\" role=\"search\" hidden><label>Filter <input id=\"query\" type=\"search\" ")
        output.append("placeholder=\"subject, path, thumbprint…\" autocomplete=\"off\"></label>")
        for status in HTMLReportText.statusOrder where summary.count(status) > 0 {
            output.append("<label><input type=\"checkbox\" value=\"\(status.rawValue)\" checked> ")
            output.append("<span class=\"sw s-\(status.rawValue)\"></span> \(HTMLReportText.statusName(status))</label>")
        }
        output.append("<output id=\"shown\"></output></div>\n")
        output.append("<table id=\"findings\">\n<thead><tr><th data-type=\"number\">Status</th><th>Subject</th><th>Issuer</th>")
        output.append("<th>Not before</th><th>Not after</th><th data-type=\"number\">Days left</th><th>Where</th><th>SHA-1</th></tr></thead>\n<tbody>\n")
        try report.forEach { (entry) throws(CoreError) in
            row(entry, to: output)
            try output.flushIfFull()
        }
        output.append("</tbody>\n</table>\n</section>\n")
    }

    private func row(_ entry: ScanEntry, to output: ByteStream) {
        let status = entry.status
        output.append("<tr")
        if linked, case .certificate(let certificate, _) = entry {
            output.append(" id=\"c")
            HTMLText.append(certificate.sha256Thumbprint, to: output)
            output.append("\"")
        }
        output.append(" data-status=\"\(status.rawValue)\"><td data-v=\"\(HTMLReportText.statusRank(status))\">")
        output.append("<span class=\"sw s-\(status.rawValue)\"></span> \(status == .error ? "error" : HTMLReportText.statusName(status))</td><td>")
        switch entry {
        case .certificate(let certificate, let evaluation):
            HTMLText.append(certificate.subject, to: output)
            output.append("</td><td>")
            HTMLText.append(certificate.issuer, to: output)
            output.append("</td><td>")
            output.append { RFC3339.append(certificate.notBefore, to: &$0) }
            output.append("</td><td>")
            output.append { RFC3339.append(certificate.notAfter, to: &$0) }
            output.append("</td><td class=\"n\">\(evaluation.daysRemaining)</td><td>")
            var first = true
            for profile in certificate.profiles {
                output.append(first ? "profile " : "<br>profile ")
                HTMLText.append(profile, to: output)
                first = false
            }
            for source in certificate.sources {
                if !first { output.append("<br>") }
                HTMLText.append(source, to: output)
                first = false
            }
            output.append("</td><td><code>")
            HTMLText.append(certificate.sha1Thumbprint, to: output)
            output.append("</code></td></tr>\n")
        case .unreadable(let source):
            output.append("(unreadable) ")
            HTMLText.append(source.reason, to: output)
            output.append("</td><td></td><td>-</td><td>-</td><td class=\"n\" data-v=\"\"></td><td>")
            HTMLText.append(source.source, to: output)
            output.append("</td><td></td></tr>\n")
        }
    }
}
