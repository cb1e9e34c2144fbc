import CertKeeperBase
import CertKeeperCore

/// `--format junit`: one `<testsuite>` per run, one `<testcase>` per certificate.
///
/// A certificate at or above `--fail-on` is a `<failure>`; a finding below it (and a
/// not-yet-valid certificate) is `<skipped>` with the reason, so CI shows it without
/// failing; an OK certificate passes. An unreadable source is a testcase too: `<error>`
/// under `--fail-on error`, `<skipped>` otherwise, matching the exit code.
struct JUnitReporter: ScanRenderer {
    static let suiteName = "certkeeper scan"

    func render(_ report: ExpiryScanReport, to output: ByteStream) throws(CoreError) {
        // The suite's counts go in its opening tag: count first (the report walks its
        // entries again to write them).
        let summary = try report.summary()
        var failures = 0
        var errors = 0
        var skipped = 0
        for status in ScanStatus.allCases {
            switch outcome(status, report) {
            case .failure: failures += summary.count(status)
            case .error: errors += summary.count(status)
            case .skipped: skipped += summary.count(status)
            case .passed: break
            }
        }
        let total = summary.certificates + summary.unreadableSources
        let counts = "tests=\"\(total)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"0\""
        let warnOn =
            report.warnOn.isEmpty
            ? "" : "      <property name=\"warn_on\" value=\"\(report.warnOn.map(\.rawValue).sorted().joined(separator: ","))\"/>\n"
        let timestamp = String(RFC3339.string(from: report.now).dropLast())  // xs:dateTime, UTC, no zone (JUnit XSD)
        try CoreError.lifting(
            try output.write(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="\(Self.suiteName)" \(counts)>
                  <testsuite name="\(Self.suiteName)" \(counts) timestamp="\(timestamp)">
                    <properties>
                      <property name="warn" value="\(XMLText.escaped(report.policy.warning.description))"/>
                      <property name="crit" value="\(XMLText.escaped(report.policy.critical.description))"/>
                      <property name="fail_on" value="\(report.failOn.rawValue)"/>
                \(warnOn)    </properties>

                """))
        try report.forEach { (entry) throws(CoreError) in
            try CoreError.lifting(try output.write(testcase(entry, report)))
        }
        try CoreError.lifting(try output.write("  </testsuite>\n</testsuites>\n"))
    }

    private enum Outcome { case passed, failure, error, skipped }

    private func outcome(_ status: ScanStatus, _ report: ExpiryScanReport) -> Outcome {
        if status == .error { return report.fails(.error) ? .error : .skipped }
        if report.fails(status) { return .failure }
        return status == .ok ? .passed : .skipped
    }

    private func testcase(_ entry: ScanEntry, _ report: ExpiryScanReport) -> String {
        let classname: String
        let name: String
        let message: String
        var properties = ""
        switch entry {
        case .credential(let credential, let evaluation):
            // One class per app, so CI groups an app's credentials; its ids as properties.
            classname = "\(credential.ownerWord) \(credential.appName) (\(credential.appID))"
            name = "\(credential.kindWord) \(credential.displayName ?? "(no name)") [keyId \(credential.keyID)]"
            message = "\(evaluation.status.rawValue): " + ScanWording.message(for: credential, evaluation)
            properties = "      <properties>\n"
            for (key, value) in [
                ("tenant_id", credential.tenantID), ("object_type", credential.objectType.rawValue), ("object_id", credential.objectID),
                ("app_id", credential.appID), ("app_name", credential.appName), ("credential_kind", credential.kind.rawValue),
                ("key_id", credential.keyID),
            ] {
                properties += "        <property name=\"\(key)\" value=\"\(XMLText.escaped(value))\"/>\n"
            }
            properties += "      </properties>\n"
        case .certificate(let certificate, let evaluation):
            classname = certificate.sources.first ?? ScannedCertificate.inventorySource
            name = "\(certificate.subject) [SHA-1 \(certificate.sha1Thumbprint)]"
            message = "\(evaluation.status.rawValue): " + ScanWording.message(for: certificate, evaluation)
        case .unreadable(let source):
            classname = source.source
            name = "\(source.source) (unreadable)"
            message = ScanWording.message(for: source)
        }
        let status = entry.status
        let open = "    <testcase classname=\"\(XMLText.escaped(classname))\" name=\"\(XMLText.escaped(name))\" time=\"0\""
        let escapedMessage = XMLText.escaped(message)
        switch outcome(status, report) {
        case .passed:
            return properties.isEmpty ? open + "/>\n" : open + ">\n" + properties + "    </testcase>\n"
        case .skipped:
            return open + ">\n" + properties + "      <skipped message=\"\(escapedMessage)\"/>\n    </testcase>\n"
        case .failure:
            return open + ">\n" + properties + "      <failure type=\"\(status.rawValue)\" message=\"\(escapedMessage)\">"
                + escapedMessage + "</failure>\n    </testcase>\n"
        case .error:
            return open + ">\n      <error type=\"unreadable\" message=\"\(escapedMessage)\">"
                + escapedMessage + "</error>\n    </testcase>\n"
        }
    }
}

/// XML 1.0 text and attribute escaping.
enum XMLText {
    /// Escapes markup characters; line breaks and tabs become character references (so
    /// attribute values keep them); characters XML 1.0 cannot carry at all (other C0
    /// controls, lone surrogates never reach a Swift String) become U+FFFD.
    private static let escapes = EscapeTable([
        UInt8(ascii: "&"): "&amp;", UInt8(ascii: "<"): "&lt;", UInt8(ascii: ">"): "&gt;", UInt8(ascii: "\""): "&quot;",
        UInt8(ascii: "'"): "&apos;", UInt8(ascii: "\n"): "&#10;", UInt8(ascii: "\r"): "&#13;", UInt8(ascii: "\t"): "&#9;",
    ]).replacingOtherControls(with: "\u{FFFD}")

    static func escaped(_ text: String) -> String {
        let markup = escapes.escape(text)
        // U+FFFE and U+FFFF are not XML characters either; both start with byte 0xEF in UTF-8.
        let isNonCharacter = { (scalar: Unicode.Scalar) in scalar.value == 0xFFFE || scalar.value == 0xFFFF }
        guard markup.utf8.contains(0xEF), markup.unicodeScalars.contains(where: isNonCharacter) else { return markup }
        var result = String.UnicodeScalarView()
        for scalar in markup.unicodeScalars { result.append(isNonCharacter(scalar) ? "\u{FFFD}" : scalar) }
        return String(result)
    }
}
