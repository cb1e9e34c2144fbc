import CertKeeperBase
import CertKeeperCore
import Foundation

/// `--format json`: schema `certkeeper.scan/v1` (docs/scan.md, "Scan JSON"). One certificate
/// object per line inside `certificates`, so the file is greppable and streams; `summary`
/// comes last because it is only known at the end (JSON objects are unordered).
struct ScanJSONRenderer: ScanRenderer {
    static let schema = "certkeeper.scan/v1"

    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        output.append("{\n  \"schema\": ")
        JSONText.appendQuoted(Self.schema, to: output)
        output.append(",\n  \"generated_at\": ")
        JSONText.appendTimestamp(report.now, to: output)
        output.append(",\n  \"thresholds\": {\"warn\": ")
        JSONText.appendQuoted(report.policy.warning.description, to: output)
        output.append(", \"crit\": ")
        JSONText.appendQuoted(report.policy.critical.description, to: output)
        output.append(", \"fail_on\": ")
        JSONText.appendQuoted(report.failOn.rawValue, to: output)
        output.append(", \"warn_on\": ")
        JSONText.appendArray(report.warnOn.map(\.rawValue).sorted(), to: output)
        output.append("},\n  \"certificates\": [")
        var first = true
        try report.forEach { (entry) throws(CoreError) in
            output.append(first ? "\n    " : ",\n    ")
            first = false
            Self.append(entry, to: output)
            try CoreError.lifting(try output.flushIfFull())
        }
        let summary = try report.summary()
        output.append(first ? "],\n  \"summary\": {" : "\n  ],\n  \"summary\": {")
        output.append("\"certificates\": \(summary.certificates)")
        for status in ScanStatus.allCases {
            output.append(", \"\(status.rawValue)\": \(summary.count(status))")
        }
        output.append(", \"worst\": ")
        if let worst = summary.worst { JSONText.appendQuoted(worst.rawValue, to: output) } else { output.append("null") }
        output.append(", \"exit_code\": \(summary.exitCode(failOn: report.failOn))}\n}\n")
        try CoreError.lifting(try output.flushIfFull())
    }

    static func append(_ entry: ScanEntry, to output: ByteStream) {
        switch entry {
        case .certificate(let certificate, let evaluation):
            output.append("{\"subject\": ")
            JSONText.appendQuoted(certificate.subject, to: output)
            output.append(", \"issuer\": ")
            JSONText.appendQuoted(certificate.issuer, to: output)
            output.append(", \"serial\": ")
            JSONText.appendQuoted(certificate.serialNumber, to: output)
            output.append(", \"sha1_thumbprint\": ")
            JSONText.appendQuoted(certificate.sha1Thumbprint, to: output)
            output.append(", \"sha256_thumbprint\": ")
            JSONText.appendQuoted(certificate.sha256Thumbprint, to: output)
            output.append(", \"not_before\": ")
            JSONText.appendTimestamp(certificate.notBefore, to: output)
            appendVerdict(certificate.notAfter, evaluation, sources: certificate.sources, profiles: certificate.profiles, to: output)
            output.append("}")
        case .credential(let credential, let evaluation):
            appendCredential(credential, evaluation, to: output)
        case .unreadable(let source):
            output.append("{\"subject\": null, \"issuer\": null, \"serial\": null, \"sha1_thumbprint\": null, ")
            output.append("\"sha256_thumbprint\": null, \"not_before\": null, \"not_after\": null, \"days_remaining\": null, ")
            output.append("\"lifetime_elapsed_pct\": null, \"status\": \"error\", \"sources\": ")
            JSONText.appendArray([source.source], to: output)
            output.append(", \"profiles\": [], \"error\": ")
            JSONText.appendQuoted(source.reason, to: output)
            output.append("}")
        }
    }

    /// A synced app's credential: the certificate fields Graph does not list are null; the
    /// app's and the credential's identity follow.
    private static func appendCredential(_ credential: ScannedCredential, _ evaluation: ExpiryEvaluation, to output: ByteStream) {
        output.append("{\"subject\": null, \"issuer\": null, \"serial\": null, \"sha1_thumbprint\": ")
        appendOptional(credential.sha1Thumbprint, to: output)
        output.append(", \"sha256_thumbprint\": null, \"not_before\": ")
        if let notBefore = credential.notBefore { JSONText.appendTimestamp(notBefore, to: output) } else { output.append("null") }
        appendVerdict(credential.notAfter, evaluation, sources: credential.sources, profiles: credential.profiles, to: output)
        let identity: [(String, String?)] = [
            ("tenant_id", credential.tenantID), ("object_type", credential.objectType.rawValue), ("object_id", credential.objectID),
            ("app_id", credential.appID), ("app_name", credential.appName), ("credential_kind", credential.kind.rawValue),
            ("key_id", credential.keyID), ("usage", credential.usage), ("display_name", credential.displayName),
        ]
        for (key, value) in identity {
            output.append(", \"\(key)\": ")
            appendOptional(value, to: output)
        }
        output.append("}")
    }

    /// `not_after` through `error` (null), shared by certificates and credentials.
    private static func appendVerdict(
        _ notAfter: Date, _ evaluation: ExpiryEvaluation, sources: [String], profiles: [String], to output: ByteStream
    ) {
        output.append(", \"not_after\": ")
        JSONText.appendTimestamp(notAfter, to: output)
        output.append(", \"days_remaining\": ")
        output.append(String(evaluation.daysRemaining))
        output.append(", \"lifetime_elapsed_pct\": ")
        JSONText.appendHundredths(evaluation.lifetimeElapsedPercent, to: output)
        output.append(", \"status\": \"")
        output.append(evaluation.status.rawValue)
        output.append("\", \"sources\": ")
        JSONText.appendArray(sources, to: output)
        output.append(", \"profiles\": ")
        JSONText.appendArray(profiles, to: output)
        output.append(", \"error\": null")
    }

    private static func appendOptional(_ text: String?, to output: ByteStream) {
        if let text { JSONText.appendQuoted(text, to: output) } else { output.append("null") }
    }
}
