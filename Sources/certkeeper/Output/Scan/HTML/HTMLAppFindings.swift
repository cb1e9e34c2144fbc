import CertKeeperBase
import CertKeeperCore
import CertKeeperStore

/// The directory findings grouped by app: one collapsible block per application or service
/// principal with at least one credential that is not OK, its worst status and counts in
/// the heading, its credentials inside. The report streams them grouped by owner, so only
/// one owner's credentials are held at a time.
struct HTMLAppFindings {
    private struct Owner {
        let credential: ScannedCredential
        var rows: [(ScannedCredential, ExpiryEvaluation)] = []

        func isSame(_ other: ScannedCredential) -> Bool {
            credential.tenantID == other.tenantID && credential.objectType == other.objectType && credential.objectID == other.objectID
        }
    }

    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        output.append("<section id=\"apps-section\">\n<h2>Entra ID apps with findings</h2>\n<p class=\"note\">")
        output.append("Applications and service principals of the synced tenants with a credential that is not ok, worst first ")
        output.append("within each; open one for its certificates and client secrets.</p>\n")
        var current: Owner?
        var shown = 0
        try report.forEachCredential(byObject: true) { (credential, evaluation) throws(CoreError) in
            if let owner = current, !owner.isSame(credential) {
                if Self.write(owner, report: report, to: output) { shown += 1 }
                try CoreError.lifting(try output.flushIfFull())
                current = nil
            }
            if current == nil { current = Owner(credential: credential) }
            current?.rows.append((credential, evaluation))
        }
        if let owner = current, Self.write(owner, report: report, to: output) { shown += 1 }
        if shown == 0 { output.append("<p>None: every synced credential is ok.</p>\n") }
        output.append("</section>\n")
    }

    /// Writes the owner's block when one of its credentials is not OK; whether it did.
    private static func write(_ owner: Owner, report: ExpiryScanReport, to output: ByteStream) -> Bool {
        guard owner.rows.contains(where: { $0.1.status != .ok }) else { return false }
        let order = HTMLReportText.statusOrder
        let rows = owner.rows.sorted { (order.firstIndex(of: $0.1.status) ?? 0) < (order.firstIndex(of: $1.1.status) ?? 0) }
        let worst = rows[0].1.status
        var counts: [ScanStatus: Int] = [:]
        for (_, evaluation) in rows { counts[evaluation.status, default: 0] += 1 }
        let credential = owner.credential
        output.append("<details class=\"app\" data-status=\"\(worst.rawValue)\"><summary><span class=\"sw s-\(worst.rawValue)\"></span> ")
        HTMLText.append("\(credential.ownerWord) \(credential.appName)", to: output)
        output.append(" <code>")
        HTMLText.append(credential.appID, to: output)
        output.append("</code> — ")
        let parts = order.compactMap { status in counts[status].map { "\($0) \(HTMLReportText.statusName(status))" } }
        HTMLText.append("\(rows.count) credential\(rows.count == 1 ? "" : "s"): " + parts.joined(separator: ", "), to: output)
        output.append("</summary>\n<ul>")
        for (row, evaluation) in rows {
            output.append("<li><span class=\"sw s-\(evaluation.status.rawValue)\"></span> ")
            HTMLText.append("\(HTMLReportText.statusName(evaluation.status)): " + ScanWording.message(for: row, evaluation), to: output)
            output.append("</li>")
        }
        output.append("</ul></details>\n")
        return true
    }
}
