import CertKeeperCore
import Foundation

/// What the page needs before its first certificate can be written, gathered in one pass
/// over the report: counts for the summary strip, the time range for the shared axis, the
/// size of each timeline band, and the expiries per day for the density view. Memory grows
/// with the number of groups and distinct expiry days, never with the certificates.
struct HTMLReportOverview {
    struct Band {
        var certificates = 0
        var counts: [ScanStatus: Int] = [:]
        var commonDirectory = CommonDirectory()
        /// Certificates by notAfter day (days since 1970) and status: the density view.
        var expiriesByDay: [Int64: [ScanStatus: Int]] = [:]

        mutating func add(_ certificate: ScannedCertificate, _ status: ScanStatus, files: Bool) {
            certificates += 1
            counts[status, default: 0] += 1
            if files {
                for file in ScanWording.files(of: certificate) { commonDirectory.add(file) }
            }
            let day = Int64((certificate.notAfter.timeIntervalSince1970 / 86_400).rounded(.down))
            expiriesByDay[day, default: [:]][status, default: 0] += 1
        }
    }

    struct NextExpiry {
        let certificate: ScannedCertificate
        let evaluation: ExpiryEvaluation
    }

    private(set) var summary: ScanSummary
    private(set) var earliestNotBefore: Date?
    private(set) var latestNotAfter: Date?
    /// The soonest notAfter (the report streams in notAfter order: the first one).
    private(set) var earliestNotAfter: Date?
    /// The first certificate not yet expired, in notAfter order.
    private(set) var nextExpiry: NextExpiry?
    private(set) var bands: [TimelineGroup: Band] = [:]

    /// Bands in display order.
    var groups: [TimelineGroup] { bands.keys.sorted() }

    static func gather(_ report: ExpiryScanReport) throws(CoreError) -> HTMLReportOverview {
        var overview = HTMLReportOverview(summary: ScanSummary(warnOn: report.warnOn))
        try report.forEach { (entry) throws(CoreError) in overview.add(entry) }
        return overview
    }

    private mutating func add(_ entry: ScanEntry) {
        summary.add(entry.status, clientSecret: entry.isClientSecret)
        guard case .certificate(let certificate, let evaluation) = entry else { return }
        earliestNotBefore = min(earliestNotBefore ?? certificate.notBefore, certificate.notBefore)
        earliestNotAfter = min(earliestNotAfter ?? certificate.notAfter, certificate.notAfter)
        latestNotAfter = max(latestNotAfter ?? certificate.notAfter, certificate.notAfter)
        if nextExpiry == nil, evaluation.status != .expired {
            nextExpiry = NextExpiry(certificate: certificate, evaluation: evaluation)
        }
        let group = TimelineGroup.of(certificate)
        // Mutated in place (a copied Band would copy its day table for every certificate).
        bands[group, default: Band()].add(certificate, evaluation.status, files: group.kind == .files)
    }
}
