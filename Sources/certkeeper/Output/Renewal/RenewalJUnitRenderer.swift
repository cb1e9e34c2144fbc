import CertKeeperBase
import CertKeeperCore
import Foundation

/// `rotate due --format junit`: one `<testcase>` per profile. A failed rotation is a
/// `<failure type="failed">` with its diagnosis; a profile that needs an operator is a
/// `<failure type="needs_operator">` with the upload steps (it will expire if nobody acts,
/// so a test report must show it); renewed, resumed, not due and waiting pass, their story
/// in `<system-out>`.
enum RenewalJUnitRenderer {
    static let suiteName = "certkeeper rotate due"

    static func render(_ report: RenewalReport) -> String {
        let failures = report.count(.failed) + report.count(.needsOperator)
        let total = report.results.count
        let seconds = report.results.reduce(0) { $0 + $1.seconds }
        let counts = "tests=\"\(total)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\" time=\"\(time(seconds))\""
        let timestamp = String(RFC3339.string(from: report.startedAt).dropLast())  // xs:dateTime without zone (JUnit XSD)
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="\(suiteName)" \(counts)>
              <testsuite name="\(suiteName)" \(counts) timestamp="\(timestamp)">
                <properties>
                  <property name="evaluated_at" value="\(RFC3339.string(from: report.evaluatedAt))"/>
                  <property name="dry_run" value="\(report.dryRun)"/>
                  <property name="exit_code" value="\(report.exitCode)"/>
                </properties>

            """
        for result in report.results { xml += testcase(result) }
        return xml + "  </testsuite>\n</testsuites>\n"
    }

    private static func testcase(_ result: RenewalResult) -> String {
        let open = "    <testcase classname=\"certkeeper.renewal\" name=\"\(XMLText.escaped(result.profile))\" time=\"\(time(result.seconds))\">\n"
        let headline = "\(RenewalWording.label(result.outcome).lowercased()): \(result.message)"
        let body = ([headline] + result.details + RenewalWording.diagnosis(result)).joined(separator: "\n")
        let element: String
        switch result.outcome {
        case .failed, .needsOperator:
            element = "      <failure type=\"\(result.outcome.rawValue)\" message=\"\(XMLText.escaped(headline))\">\(XMLText.escaped(body))</failure>\n"
        case .renewed, .resumed, .notDue, .waiting, .due, .unfinished:
            element = "      <system-out>\(XMLText.escaped(body))</system-out>\n"
        }
        return open + element + "    </testcase>\n"
    }

    private static func time(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
}
