import CertKeeperCore
import Foundation

/// The shared time axis of the timeline: which dates it spans and where each falls.
///
/// It spans every notAfter and "now" (plus the warning threshold when it is a duration),
/// because expiries are what the page is about; notBefore dates extend it to the left by at
/// most half that span. A 25-year root would squash everything else, so the axis
/// stops 5 years before and 10 years after now: bars beyond are cut at the edge (the
/// tooltip and table keep the dates).
struct TimelineAxis {
    static let maximumPast: TimeInterval = 5 * 365 * 86_400
    static let maximumFuture: TimeInterval = 10 * 365 * 86_400

    let start: Date
    let end: Date
    /// Horizontal extent of the plot in SVG units.
    let left: Double
    let right: Double

    init(start: Date, end: Date, left: Double, right: Double) {
        self.start = start
        self.end = max(end, start.addingTimeInterval(86_400))
        self.left = left
        self.right = right
    }

    init(overview: HTMLReportOverview, now: Date, policy: ExpiryPolicy, left: Double, right: Double) {
        var coreStart = min(now, overview.earliestNotAfter ?? now)
        var coreEnd = max(now, overview.latestNotAfter ?? now)
        if case .remaining(let warning) = policy.warning {
            coreEnd = max(coreEnd, now.addingTimeInterval(TimeInterval(warning.seconds)))
        }
        coreStart = max(coreStart, now.addingTimeInterval(-Self.maximumPast))
        coreEnd = min(coreEnd, now.addingTimeInterval(Self.maximumFuture))
        let span = coreEnd.timeIntervalSince(coreStart)
        let context = max(span / 2, 30 * 86_400)
        let lower = max(overview.earliestNotBefore ?? coreStart, coreStart.addingTimeInterval(-context))
        let start = min(lower, coreStart)
        let padding = max(coreEnd.timeIntervalSince(start), 86_400) / 50
        self.init(start: start.addingTimeInterval(-padding), end: coreEnd.addingTimeInterval(padding), left: left, right: right)
    }

    /// The x of `date`, held inside the plot.
    func x(_ date: Date) -> Double {
        let fraction = date.timeIntervalSince(start) / end.timeIntervalSince(start)
        return left + min(max(fraction, 0), 1) * (right - left)
    }

    func contains(_ date: Date) -> Bool { date >= start && date <= end }

    struct Tick {
        let date: Date
        let label: String
    }

    /// Calendar-aligned ticks (days, weeks, months, quarters, years), at most about a dozen.
    var ticks: [Tick] {
        let days = end.timeIntervalSince(start) / 86_400
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let steps: [(component: Calendar.Component, count: Int, approximateDays: Double)] = [
            (.day, 1, 1), (.day, 7, 7), (.month, 1, 30.4), (.month, 3, 91.3), (.month, 6, 182.6),
            (.year, 1, 365.25), (.year, 2, 730.5), (.year, 5, 1826),
        ]
        let step = steps.first { days / $0.approximateDays <= 12 } ?? steps[steps.count - 1]
        var parts = calendar.dateComponents([.year, .month, .day], from: start)
        switch step.component {
        case .year:
            parts.month = 1
            parts.day = 1
            parts.year = ((parts.year ?? 1970) / step.count + 1) * step.count
        case .month:
            parts.day = 1
            let month = (parts.month ?? 1) - 1
            parts.month = (month / step.count + 1) * step.count + 1
        default:
            parts.day = (parts.day ?? 1) + 1
        }
        guard var date = calendar.date(from: parts) else { return [] }
        var ticks: [Tick] = []
        while date <= end, ticks.count < 40 {
            ticks.append(Tick(date: date, label: Self.label(date, component: step.component, calendar: calendar)))
            guard let next = calendar.date(byAdding: step.component, value: step.count, to: date) else { break }
            date = next
        }
        return ticks
    }

    private static func label(_ date: Date, component: Calendar.Component, calendar: Calendar) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = String(parts.year ?? 0)
        let month = (parts.month ?? 0) < 10 ? "0\(parts.month ?? 0)" : "\(parts.month ?? 0)"
        let day = (parts.day ?? 0) < 10 ? "0\(parts.day ?? 0)" : "\(parts.day ?? 0)"
        switch component {
        case .year: return year
        case .month: return "\(year)-\(month)"
        default: return "\(year)-\(month)-\(day)"
        }
    }
}
