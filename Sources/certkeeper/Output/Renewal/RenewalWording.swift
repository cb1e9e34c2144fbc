import CertKeeperCore

/// The words `rotate due` uses for outcomes, shared by every format.
enum RenewalWording {
    static func label(_ outcome: RenewalOutcome) -> String {
        switch outcome {
        case .renewed: "renewed"
        case .resumed: "resumed"
        case .notDue: "not due"
        case .waiting: "waiting"
        case .needsOperator: "needs an operator"
        case .failed: "FAILED"
        case .due: "would renew"
        case .unfinished: "would resume"
        }
    }

    /// `2 renewed, 1 not due, 1 needs an operator` (outcomes that occurred, in a fixed order).
    static func summary(_ report: RenewalReport) -> String {
        let parts = RenewalOutcome.allCases.compactMap { outcome -> String? in
            let count = report.count(outcome)
            return count == 0 ? nil : "\(count) \(label(outcome).lowercased())"
        }
        let profiles = report.results.count == 1 ? "1 profile" : "\(report.results.count) profiles"
        return parts.isEmpty ? "no profiles" : "\(profiles): " + parts.joined(separator: ", ")
    }

    /// The identity platform's diagnosis of a failure, when it gave one (codes, cause, what
    /// to do, trace ids), else nothing: the message already says what failed.
    static func diagnosis(_ result: RenewalResult) -> [String] {
        guard let failure = result.error?.tokenFailure, failure.diagnosis != nil else { return [] }
        return Array(TokenFailureReport.lines(for: failure).dropFirst())
    }
}
