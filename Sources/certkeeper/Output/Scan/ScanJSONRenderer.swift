import CertKeeperCore

/// `--format json`: schema `certkeeper.scan/v1` (README, "Scan JSON"). One certificate
/// object per line inside `certificates`, so the file is greppable and streams; `summary`
/// comes last because it is only known at the end (JSON objects are unordered).
struct ScanJSONRenderer: ScanRenderer {
    static let schema = "certkeeper.scan/v1"

    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        try output.write("""
        {
          "schema": \(JSONText.quoted(Self.schema)),
          "generated_at": \(JSONText.quoted(RFC3339.string(from: report.now))),
          "thresholds": {"warn": \(JSONText.quoted(report.policy.warning.description)), \
        "crit": \(JSONText.quoted(report.policy.critical.description)), \
        "fail_on": \(JSONText.quoted(report.failOn.rawValue))},
          "certificates": [
        """)
        var first = true
        try report.forEach { (entry) throws(CoreError) in
            try output.write((first ? "\n    " : ",\n    ") + Self.object(entry))
            first = false
        }
        let summary = try report.summary()
        var counts = ScanStatus.allCases.map { "\(JSONText.quoted($0.rawValue)): \(summary.count($0))" }
        counts.insert("\"certificates\": \(summary.certificates)", at: 0)
        try output.write("""
        \(first ? "" : "\n  ")],
          "summary": {\(counts.joined(separator: ", ")), \
        "worst": \(summary.worst.map { JSONText.quoted($0.rawValue) } ?? "null"), \
        "exit_code": \(summary.exitCode(failOn: report.failOn))}
        }

        """)
    }

    static func object(_ entry: ScanEntry) -> String {
        switch entry {
        case .certificate(let certificate, let evaluation):
            return "{\"subject\": \(JSONText.quoted(certificate.subject)), "
                + "\"issuer\": \(JSONText.quoted(certificate.issuer)), "
                + "\"serial\": \"\(certificate.serialNumber)\", "
                + "\"sha1_thumbprint\": \"\(certificate.sha1Thumbprint)\", "
                + "\"sha256_thumbprint\": \"\(certificate.sha256Thumbprint)\", "
                + "\"not_before\": \"\(RFC3339.string(from: certificate.notBefore))\", "
                + "\"not_after\": \"\(RFC3339.string(from: certificate.notAfter))\", "
                + "\"days_remaining\": \(evaluation.daysRemaining), "
                + "\"lifetime_elapsed_pct\": \(JSONText.hundredths(evaluation.lifetimeElapsedPercent)), "
                + "\"status\": \"\(evaluation.status.rawValue)\", "
                + "\"sources\": \(JSONText.array(certificate.sources)), "
                + "\"profiles\": \(JSONText.array(certificate.profiles)), \"error\": null}"
        case .unreadable(let source):
            return "{\"subject\": null, \"issuer\": null, \"serial\": null, \"sha1_thumbprint\": null, "
                + "\"sha256_thumbprint\": null, \"not_before\": null, \"not_after\": null, \"days_remaining\": null, "
                + "\"lifetime_elapsed_pct\": null, \"status\": \"error\", "
                + "\"sources\": \(JSONText.array([source.source])), \"profiles\": [], "
                + "\"error\": \(JSONText.quoted(source.reason))}"
        }
    }
}
