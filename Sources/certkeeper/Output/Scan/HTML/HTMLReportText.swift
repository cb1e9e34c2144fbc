import CertKeeperBase
import CertKeeperCore
import Foundation

/// Wording the HTML report shares between its summary, timeline and table (plain text: the
/// caller escapes it).
enum HTMLReportText {
    /// Statuses from worst to best, as the summary strip and the density stacks list them.
    static let statusOrder: [ScanStatus] = [
        .noValidCredential, .expired, .critical, .warning, .notYetValid, .clientSecret, .unmanagedCertificate, .ok, .error,
    ]

    /// The statuses only a directory scan can produce.
    static let directoryStatuses: Set<ScanStatus> = [.noValidCredential, .clientSecret, .unmanagedCertificate]

    /// `statusOrder` without the directory statuses when the report has no directory source.
    static func statuses(of report: ExpiryScanReport) -> [ScanStatus] {
        report.includesDirectory ? statusOrder : statusOrder.filter { !directoryStatuses.contains($0) }
    }

    /// "not yet valid" for `not_yet_valid`: the label shown next to every colour.
    static func statusName(_ status: ScanStatus) -> String {
        status.rawValue.replacingOccurrences(of: "_", with: " ")
    }

    /// Rank for sorting the table by status, worst first.
    static func statusRank(_ status: ScanStatus) -> Int { statusOrder.firstIndex(of: status) ?? statusOrder.count }

    /// "12 certificates: 1 expired, 2 warning, 9 ok".
    static func counts(_ total: Int, _ counts: [ScanStatus: Int]) -> String {
        let parts = statusOrder.compactMap { status in counts[status].flatMap { $0 > 0 ? "\($0) \(statusName(status))" : nil } }
        return "\(total) certificate\(total == 1 ? "" : "s")" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }

    /// What a bar is called: the subject's CN, or the whole subject when it has none.
    static func name(of certificate: ScannedCertificate) -> String {
        let commonName = certificate.subjectCommonName
        let name = commonName.isEmpty ? (certificate.subject.isEmpty ? "(empty subject)" : certificate.subject) : commonName
        guard let profile = certificate.profiles.first else { return name }
        return "\(profile): \(name)"
    }

    /// "2026-03-01".
    static func day(_ date: Date) -> String { String(RFC3339.string(from: date).prefix(10)) }
}
