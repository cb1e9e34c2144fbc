import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto

/// `--format prometheus`: a node_exporter textfile-collector file with the metric and label
/// names of x509-certificate-exporter, so its dashboards and alerts work unchanged.
///
/// One series per certificate and file it was found in (an inventory certificate known in
/// no file has `filepath=""`). `serial_number` is decimal, as the exporter prints it. The
/// text format wants each metric's samples together, so the report is walked once per
/// metric rather than buffered.
struct PrometheusReporter: ScanRenderer {
    private struct Family: Sendable {
        let name: String
        let help: String
        let value: @Sendable (ScannedCertificate, ExpiryEvaluation) -> String
    }

    private static let families: [Family] = [
        Family(name: "x509_cert_not_after", help: "Indicates the certificate's not after timestamp") { certificate, _ in
            String(Int64(certificate.notAfter.timeIntervalSince1970))
        },
        Family(name: "x509_cert_not_before", help: "Indicates the certificate's not before timestamp") { certificate, _ in
            String(Int64(certificate.notBefore.timeIntervalSince1970))
        },
        Family(name: "x509_cert_expired", help: "Indicates if the certificate is expired") { _, evaluation in
            evaluation.status == .expired ? "1" : "0"
        },
    ]

    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        for family in Self.families {
            try CoreError.lifting(try output.write("# HELP \(family.name) \(family.help)\n# TYPE \(family.name) gauge\n"))
            try report.forEach { (entry) throws(CoreError) in
                guard case .certificate(let certificate, let evaluation) = entry else { return }
                let value = family.value(certificate, evaluation)
                for labels in Self.labelSets(certificate) {
                    try CoreError.lifting(try output.write("\(family.name){\(labels)} \(value)\n"))
                }
            }
        }
        if report.includesDirectory { try writeCredentials(report, to: output) }
        try writeErrors(report, to: output)
        let summary = try report.summary()
        try CoreError.lifting(try output.write("# HELP x509_read_errors Indicates the number of read failure(s)\n# TYPE x509_read_errors gauge\n"))
        try CoreError.lifting(try output.write("x509_read_errors \(summary.unreadableSources)\n"))
        try CoreError.lifting(try output.write("# HELP certkeeper_scan_certificates Certificates per scan status\n# TYPE certkeeper_scan_certificates gauge\n"))
        for status in ScanStatus.allCases where status != .error {
            try CoreError.lifting(try output.write("certkeeper_scan_certificates{status=\"\(status.rawValue)\"} \(summary.count(status))\n"))
        }
        try CoreError.lifting(try output.write("# HELP certkeeper_scan_timestamp_seconds When the scan ran (Unix time)\n# TYPE certkeeper_scan_timestamp_seconds gauge\n"))
        try CoreError.lifting(try output.write("certkeeper_scan_timestamp_seconds \(Int64(report.now.timeIntervalSince1970))\n"))
    }

    private struct CredentialFamily: Sendable {
        let name: String
        let help: String
        let value: @Sendable (ScannedCredential, ExpiryEvaluation) -> String?
    }

    /// The synced apps' credentials, one series each, labelled like the certificates'.
    private static let credentialFamilies: [CredentialFamily] = [
        CredentialFamily(name: "certkeeper_app_credential_not_after", help: "The app credential's end (endDateTime) timestamp") { credential, _ in
            String(Int64(credential.notAfter.timeIntervalSince1970))
        },
        CredentialFamily(name: "certkeeper_app_credential_not_before", help: "The app credential's start (startDateTime) timestamp") {
            credential, _ in credential.notBefore.map { String(Int64($0.timeIntervalSince1970)) }
        },
        CredentialFamily(name: "certkeeper_app_credential_expired", help: "Indicates if the app credential is expired") { _, evaluation in
            evaluation.daysRemaining < 0 ? "1" : "0"
        },
        CredentialFamily(name: "certkeeper_app_credential_status", help: "The app credential's scan status (always 1; see the status label)") {
            _, _ in "1"
        },
    ]

    private func writeCredentials(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        for family in Self.credentialFamilies {
            try CoreError.lifting(try output.write("# HELP \(family.name) \(family.help)\n# TYPE \(family.name) gauge\n"))
            let withStatus = family.name.hasSuffix("_status")
            try report.forEachCredential(byObject: false) { (credential, evaluation) throws(CoreError) in
                guard let value = family.value(credential, evaluation) else { return }
                var labels = Self.labels(credential)
                if withStatus { labels += ",status=\(Self.quoted(evaluation.status.rawValue))" }
                try CoreError.lifting(try output.write("\(family.name){\(labels)} \(value)\n"))
            }
        }
    }

    /// `app_id`, `app_name`, `credential_kind`, `key_id`, `object_type`, `tenant_id` (and
    /// `sha1_thumbprint` for certificates), in name order as the certificates' labels.
    private static func labels(_ credential: ScannedCredential) -> String {
        "app_id=\(quoted(credential.appID)),app_name=\(quoted(credential.appName)),"
            + "credential_kind=\(quoted(credential.kind.rawValue)),key_id=\(quoted(credential.keyID)),"
            + "object_type=\(quoted(credential.objectType.rawValue)),"
            + "profile=\(quoted(credential.profiles.joined(separator: ","))),"
            + "sha1_thumbprint=\(quoted(credential.sha1Thumbprint ?? "")),tenant_id=\(quoted(credential.tenantID))"
    }

    /// `x509_cert_error`: 0 for each file that yielded certificates, 1 for each unreadable
    /// source, labelled with its path (the exporter's per-file error metric).
    private func writeErrors(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        try CoreError.lifting(try output.write("# HELP x509_cert_error Indicates whether the corresponding file has read failure(s)\n# TYPE x509_cert_error gauge\n"))
        var seen = Set<String>()
        try report.forEach { (entry) throws(CoreError) in
            switch entry {
            case .certificate(let certificate, _):
                for file in ScanWording.files(of: certificate) where seen.insert(file).inserted {
                    try CoreError.lifting(try output.write("x509_cert_error{filepath=\(Self.quoted(file))} 0\n"))
                }
            case .credential:
                break
            case .unreadable(let source):
                if seen.insert(source.source).inserted {
                    try CoreError.lifting(try output.write("x509_cert_error{filepath=\(Self.quoted(source.source))} 1\n"))
                }
            }
        }
    }

    private static func labelSets(_ certificate: ScannedCertificate) -> [String] {
        let common =
            "issuer_CN=\(quoted(certificate.issuerCommonName)),"
            + "profile=\(quoted(certificate.profiles.joined(separator: ","))),"
            + "serial_number=\(quoted(SerialNumber(hex: certificate.serialNumber)?.decimal ?? certificate.serialNumber)),"
            + "subject_CN=\(quoted(certificate.subjectCommonName))"
        let files = ScanWording.files(of: certificate)
        return (files.isEmpty ? [""] : files).map { "filepath=\(quoted($0)),\(common)" }
    }

    /// Label values: backslash, double quote and line feed escaped (exposition format).
    private static let labelEscapes = EscapeTable([UInt8(ascii: "\\"): "\\\\", UInt8(ascii: "\""): "\\\"", UInt8(ascii: "\n"): "\\n"])

    static func quoted(_ value: String) -> String { "\"" + labelEscapes.escape(value) + "\"" }
}
