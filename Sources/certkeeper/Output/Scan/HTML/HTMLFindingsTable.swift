import CertKeeperBase
import CertKeeperCore

/// Every entry of the report as a table row, in report order (soonest notAfter first,
/// unreadable sources last): readable without scripts. The inline script adds sorting by
/// any column and a filter; it reads the cells' `data-v` (a sort key) and text only.
///
/// Rows come in tables of `chunkRows`, each in a block the browser lays out only when it
/// scrolls near (`content-visibility: auto`): one 10,000-row table took Chromium seconds to
/// lay out before the page answered, chunks let it open at once. Columns line up because
/// every chunk has the same fixed layout (`<colgroup>` widths); the visible header is one
/// sticky table above them, and each chunk repeats it, visually hidden, for screen readers.
struct HTMLFindingsTable {
    static let chunkRows = 250

    /// Whether rows carry `id="c<SHA-256>"` for the timeline's bars to link to (not in the
    /// density view, which has no bars: 66 bytes a row saved on the largest reports).
    let linked: Bool

    private static let columns: [(title: String, numeric: Bool)] = [
        ("Status", true), ("Subject", false), ("Issuer", false), ("Not before", false),
        ("Not after", false), ("Days left", true), ("Where", false), ("SHA-1", false),
    ]

    func render(_ report: ExpiryScanReport, summary: ScanSummary, to output: ByteStream) throws(CoreError) {
        output.append("<section id=\"table-section\">\n<h2>Certificates</h2>\n")
        output.append("<div id=\"filter\" role=\"search\" hidden><label>Filter <input id=\"query\" type=\"search\" ")
        output.append("placeholder=\"subject, path, thumbprint…\" autocomplete=\"off\"></label>")
        for status in HTMLReportText.statusOrder where summary.count(status) > 0 {
            output.append("<label><input type=\"checkbox\" value=\"\(status.rawValue)\" checked> ")
            output.append("<span class=\"sw s-\(status.rawValue)\"></span> \(HTMLReportText.statusName(status))</label>")
        }
        output.append("<output id=\"shown\"></output></div>\n<div id=\"findings\">\n")
        output.append("<table class=\"columns\" aria-hidden=\"true\">")
        Self.header(visible: true, to: output)
        output.append("</table>\n")
        var rows = 0
        try report.forEach { (entry) throws(CoreError) in
            if rows % Self.chunkRows == 0 {
                if rows > 0 { output.append("</tbody></table></div>\n") }
                output.append("<div class=\"chunk\"><table>")
                Self.header(visible: false, to: output)
                output.append("<tbody>\n")
            }
            rows += 1
            row(entry, to: output)
            try CoreError.lifting(try output.flushIfFull())
        }
        if rows > 0 { output.append("</tbody></table></div>\n") }
        output.append("</div>\n</section>\n")
    }

    private static func header(visible: Bool, to output: ByteStream) {
        output.append("<colgroup>")
        for index in columns.indices { output.append("<col class=\"k\(index + 1)\">") }
        output.append(visible ? "</colgroup><thead><tr>" : "</colgroup><thead class=\"sr\"><tr>")
        for column in columns {
            output.append(visible && column.numeric ? "<th data-type=\"number\">" : "<th>")
            output.append(column.title)
            output.append("</th>")
        }
        output.append("</tr></thead>")
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
        case .credential(let credential, let evaluation):
            HTMLText.append("\(credential.kindWord) \(credential.displayName ?? "(no name)")", to: output)
            output.append("</td><td></td><td>")
            if let notBefore = credential.notBefore { output.append { RFC3339.append(notBefore, to: &$0) } }
            output.append("</td><td>")
            output.append { RFC3339.append(credential.notAfter, to: &$0) }
            output.append("</td><td class=\"n\">\(evaluation.daysRemaining)</td><td>")
            HTMLText.append("\(credential.ownerWord) \(credential.appName)", to: output)
            for source in credential.sources {
                output.append("<br>")
                HTMLText.append(source, to: output)
            }
            for profile in credential.profiles {
                output.append("<br>profile ")
                HTMLText.append(profile, to: output)
            }
            output.append("</td><td><code>")
            HTMLText.append(credential.sha1Thumbprint ?? "", to: output)
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
