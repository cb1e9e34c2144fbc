import CertKeeperBase
import CertKeeperCore
import Foundation

/// The timeline as inline SVG: one band per source group on a shared time axis, with "now"
/// and the thresholds drawn across all of them.
///
/// Up to `barLimit` certificates, each is a bar from notBefore to notAfter with a text label
/// (status word and name) and a link to its table row. Bars stream: the overview knows how
/// many certificates each band holds, so a bar's row is its band's offset plus the count of
/// bars already drawn there, whatever order they arrive in. Past `barLimit` a bar chart is
/// taller than anyone reads (and slows the page), so each band becomes a density strip: how
/// many certificates expire in each period, stacked by status.
struct TimelineSVG {
    static let barLimit = 1_000

    static let width = 1_200.0
    static let labelX = 8.0
    static let labelCharacters = 44
    static let plotLeft = 390.0
    static let plotRight = 1_180.0
    static let axisHeight = 48.0
    static let headerHeight = 26.0
    static let rowHeight = 16.0
    static let barHeight = 10.0
    static let bandGap = 8.0
    static let stripHeight = 54.0
    static let densityBuckets = 150.0

    let report: ExpiryScanReport
    let overview: HTMLReportOverview
    let axis: TimelineAxis
    let groups: [TimelineGroup]
    let density: Bool
    /// Where each band starts (its header), in SVG units.
    let bandTops: [TimelineGroup: Double]
    let height: Double

    init(report: ExpiryScanReport, overview: HTMLReportOverview) {
        self.report = report
        self.overview = overview
        axis = TimelineAxis(overview: overview, now: report.now, policy: report.policy, left: Self.plotLeft, right: Self.plotRight)
        groups = overview.groups
        density = overview.summary.certificates > Self.barLimit
        var top = Self.axisHeight
        var tops: [TimelineGroup: Double] = [:]
        for group in groups {
            tops[group] = top
            let rows = density ? Self.stripHeight : Double(overview.bands[group]?.certificates ?? 0) * Self.rowHeight
            top += Self.headerHeight + rows + Self.bandGap
        }
        bandTops = tops
        height = top + 4
    }

    func render(to output: ByteStream) throws(CoreError) {
        output.append("<svg id=\"timeline\" class=\"\(density ? "density" : "bars")\" xmlns=\"http://www.w3.org/2000/svg\" ")
        output.append("viewBox=\"0 0 \(Self.number(Self.width)) \(Self.number(height))\" ")
        output.append("width=\"\(Self.number(Self.width))\" height=\"\(Self.number(height))\" role=\"img\" aria-labelledby=\"timeline-title\">\n")
        output.append("<title id=\"timeline-title\">")
        output.append(
            density
                ? "Certificates expiring per period, by source group (density view: more than \(Self.barLimit) certificates)"
                : "Validity of each certificate from notBefore to notAfter, by source group")
        output.append("</title>\n")
        renderGrid(to: output)
        renderBands(to: output)
        if density {
            renderDensity(to: output)
        } else {
            try renderBars(to: output)
        }
        renderMarkers(to: output)
        output.append("</svg>\n")
        try CoreError.lifting(try output.flushIfFull())
    }

    private func renderGrid(to output: ByteStream) {
        output.append("<g class=\"grid\">")
        for tick in axis.ticks {
            let x = Self.number(axis.x(tick.date))
            output.append("<line x1=\"\(x)\" y1=\"20\" x2=\"\(x)\" y2=\"\(Self.number(height))\"/>")
            output.append("<text x=\"\(x)\" y=\"14\">\(tick.label)</text>")
        }
        output.append("</g>\n")
    }

    private func renderBands(to output: ByteStream) {
        for (index, group) in groups.enumerated() {
            guard let top = bandTops[group], let band = overview.bands[group] else { continue }
            let rows = density ? Self.stripHeight : Double(band.certificates) * Self.rowHeight
            output.append("<g class=\"band\"><rect class=\"band-bg\(index % 2 == 1 ? " odd" : "")\" x=\"0\" ")
            output.append("y=\"\(Self.number(top))\" width=\"\(Self.number(Self.width))\" height=\"\(Self.number(Self.headerHeight + rows))\"/>")
            output.append("<text class=\"group\" x=\"\(Self.number(Self.labelX))\" y=\"\(Self.number(top + 17))\">")
            HTMLText.append(group.title(commonDirectory: band.commonDirectory.path), to: output)
            output.append(" — ")
            output.append(HTMLReportText.counts(band.certificates, band.counts))
            output.append("</text></g>\n")
        }
    }

    private func renderBars(to output: ByteStream) throws(CoreError) {
        var drawn: [TimelineGroup: Int] = [:]
        try report.forEach { (entry) throws(CoreError) in
            guard case .certificate(let certificate, let evaluation) = entry else { return }
            let group = TimelineGroup.of(certificate)
            let row = drawn[group, default: 0]
            drawn[group] = row + 1
            let y = (bandTops[group] ?? 0) + Self.headerHeight + Double(row) * Self.rowHeight
            bar(certificate, evaluation, y: y, to: output)
            try CoreError.lifting(try output.flushIfFull())
        }
    }

    private func bar(_ certificate: ScannedCertificate, _ evaluation: ExpiryEvaluation, y: Double, to output: ByteStream) {
        let status = evaluation.status
        output.append("<a href=\"#c")
        HTMLText.append(certificate.sha256Thumbprint, to: output)
        output.append("\"><title>")
        HTMLText.append(HTMLReportText.statusName(status) + ": " + ScanWording.message(for: certificate, evaluation), to: output)
        output.append("</title><text class=\"label\" x=\"\(Self.number(Self.labelX))\" y=\"\(Self.number(y + 11))\">")
        output.append("<tspan class=\"st\">\(HTMLReportText.statusName(status))</tspan> ")
        HTMLText.appendTruncated(HTMLReportText.name(of: certificate), limit: Self.labelCharacters, to: output)
        output.append("</text>")
        let start = axis.x(certificate.notBefore)
        let width = max(axis.x(certificate.notAfter) - start, 2)
        output.append("<rect class=\"bar s-\(status.rawValue)\" x=\"\(Self.number(start))\" y=\"\(Self.number(y + 3))\" ")
        output.append("width=\"\(Self.number(width))\" height=\"\(Self.number(Self.barHeight))\"/>")
        // A bar that runs past an end of the axis says so with an arrowhead.
        if certificate.notBefore < axis.start {
            output.append("<path class=\"clip\" d=\"M\(Self.number(axis.left - 1)) \(Self.number(y + 3))l-5 5 5 5z\"/>")
        }
        if certificate.notAfter > axis.end {
            output.append("<path class=\"clip\" d=\"M\(Self.number(axis.right + 1)) \(Self.number(y + 3))l5 5-5 5z\"/>")
        }
        // Lifetime-percentage thresholds fall at a different date on every bar: a tick on each.
        for (name, threshold) in [("warn", report.policy.warning), ("crit", report.policy.critical)] {
            guard case .lifetimeElapsed(let basisPoints) = threshold else { continue }
            let lifetime = certificate.notAfter.timeIntervalSince(certificate.notBefore)
            let date = certificate.notBefore.addingTimeInterval(lifetime * Double(basisPoints) / 10_000)
            guard axis.contains(date) else { continue }  // not at the edge, where it would mislead
            let x = Self.number(axis.x(date))
            output.append("<line class=\"pct-\(name)\" x1=\"\(x)\" y1=\"\(Self.number(y + 1))\" x2=\"\(x)\" y2=\"\(Self.number(y + 15))\"/>")
        }
        output.append("</a>\n")
    }

    /// Per band, expiries per period (a whole number of days, about 150 periods across the
    /// axis), stacked by status; each stack names its counts in a tooltip.
    private func renderDensity(to output: ByteStream) {
        let firstDay = Int64((axis.start.timeIntervalSince1970 / 86_400).rounded(.down))
        let lastDay = Int64((axis.end.timeIntervalSince1970 / 86_400).rounded(.down))
        let bucketDays = max(Int64((Double(lastDay - firstDay + 1) / Self.densityBuckets).rounded(.up)), 1)
        let bucketCount = Int((lastDay - firstDay) / bucketDays) + 1
        let order: [ScanStatus] = [.expired, .critical, .warning, .notYetValid, .ok]
        for group in groups {
            guard let top = bandTops[group], let band = overview.bands[group] else { continue }
            // Days outside the axis count in its first or last period, so every certificate is drawn.
            var buckets = Array(repeating: [ScanStatus: Int](), count: bucketCount)
            for (day, counts) in band.expiriesByDay {
                let index = Int(min(max((day - firstDay) / bucketDays, 0), Int64(bucketCount - 1)))
                for (status, count) in counts { buckets[index][status, default: 0] += count }
            }
            let peak = buckets.map { $0.values.reduce(0, +) }.max() ?? 1
            let bottom = top + Self.headerHeight + Self.stripHeight - 4
            for (index, counts) in buckets.enumerated() where !counts.isEmpty {
                let total = counts.values.reduce(0, +)
                let from = Date(timeIntervalSince1970: TimeInterval((firstDay + Int64(index) * bucketDays) * 86_400))
                let to = from.addingTimeInterval(TimeInterval(bucketDays * 86_400))
                let x = axis.x(from)
                let width = max(axis.x(to) - x - 0.5, 1)
                output.append("<g class=\"bucket\" data-count=\"\(total)\"><title>")
                let period = bucketDays == 1 ? HTMLReportText.day(from) : "\(HTMLReportText.day(from)) to \(HTMLReportText.day(to.addingTimeInterval(-86_400)))"
                output.append("\(HTMLReportText.counts(total, counts)) expiring \(period)")
                output.append("</title>")
                var y = bottom
                for status in order {
                    guard let count = counts[status], count > 0 else { continue }
                    let height = max(Double(count) / Double(peak) * (Self.stripHeight - 8), 1)
                    y -= height
                    output.append("<rect class=\"s-\(status.rawValue)\" x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" ")
                    output.append("width=\"\(Self.number(width))\" height=\"\(Self.number(height))\"/>")
                }
                output.append("</g>\n")
            }
            output.append("<text class=\"peak\" x=\"\(Self.number(Self.labelX))\" y=\"\(Self.number(bottom - 4))\">")
            output.append("tallest: \(peak) per \(bucketDays == 1 ? "day" : "\(bucketDays) days")</text>\n")
        }
    }

    /// "now" and the duration thresholds, drawn last so they sit above the bars.
    private func renderMarkers(to output: ByteStream) {
        let bottom = Self.number(height)
        func line(_ name: String, _ date: Date, label: String, labelY: Double, anchorEnd: Bool) {
            guard axis.contains(date) else { return }
            let x = axis.x(date)
            output.append("<g class=\"marker \(name)\"><line x1=\"\(Self.number(x))\" y1=\"20\" x2=\"\(Self.number(x))\" y2=\"\(bottom)\"/>")
            output.append("<text x=\"\(Self.number(anchorEnd ? x - 3 : x + 3))\" y=\"\(Self.number(labelY))\"\(anchorEnd ? " text-anchor=\"end\"" : "")>")
            HTMLText.append(label, to: output)
            output.append("</text></g>\n")
        }
        let now = report.now
        line("now", now, label: "now", labelY: 30, anchorEnd: true)
        if case .remaining(let critical) = report.policy.critical {
            line("crit", now.addingTimeInterval(TimeInterval(critical.seconds)), label: "crit \(critical)", labelY: 30, anchorEnd: false)
        }
        if case .remaining(let warning) = report.policy.warning {
            line("warn", now.addingTimeInterval(TimeInterval(warning.seconds)), label: "warn \(warning)", labelY: 42, anchorEnd: false)
        }
    }

    /// One decimal at most: `12`, `12.5`.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
