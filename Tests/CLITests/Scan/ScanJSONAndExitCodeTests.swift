import Foundation
import TestSupport
import Testing

struct ScanJSONTests {
    @Test func reportsEveryStatusWithExactFields() throws {
        let fixture = try ScanFixture.standard()
        let output = try fixture.scan(["--format", "json"])
        #expect(output.status == 4, "\(output)")
        let report = try ScanJSONReport.decode(output.stdoutBytes)
        #expect(report.schema == "certkeeper.scan/v1")
        #expect(report.generatedAt == testEpoch)
        #expect(report.thresholds.warn == "30d" && report.thresholds.crit == "7d" && report.thresholds.failOn == "warning")

        let byFile = Dictionary(uniqueKeysWithValues: report.certificates.map { (($0.sources[0] as NSString).lastPathComponent, $0) })
        #expect(byFile["ok.pem"]?.status == "ok")
        #expect(byFile["warning.pem"]?.status == "warning")
        #expect(byFile["warning.pem"]?.daysRemaining == 30)
        #expect(byFile["critical.pem"]?.status == "critical")
        #expect(byFile["critical.pem"]?.daysRemaining == 7)
        #expect(byFile["expired.pem"]?.status == "expired")
        #expect(byFile["expired.pem"]?.daysRemaining == -1)
        #expect(byFile["expired.pem"]?.lifetimeElapsedPct == 100)
        #expect(byFile["future.pem"]?.status == "not_yet_valid")
        #expect(byFile["broken.pem"]?.status == "error")
        #expect(byFile["broken.pem"]?.error?.isEmpty == false)
        #expect(byFile["broken.pem"]?.notAfter == nil)

        // Sorted by notAfter, the unreadable source last.
        let notAfters = report.certificates.compactMap(\.notAfter)
        #expect(notAfters == notAfters.sorted())
        #expect(report.certificates.last?.status == "error")

        #expect(report.summary.certificates == 5)
        let counts: [Int] = [
            report.summary.ok, report.summary.warning, report.summary.critical, report.summary.expired,
            report.summary.notYetValid, report.summary.error,
        ]
        #expect(counts == [1, 1, 1, 1, 1, 1])
        #expect(report.summary.worst == "expired" && report.summary.exitCode == 4)
    }

    @Test func fieldsMatchTheOpenSSLCommandLine() throws {
        let fixture = try ScanFixture.standard()
        let report = try ScanJSONReport.decode(try fixture.scan(["--format", "json"]).stdoutBytes)
        let entry = try #require(report.certificates.first { $0.sources.first?.hasSuffix("ok.pem") == true })
        let path = fixture.directory.file("certs/ok.pem")
        #expect(entry.sha1Thumbprint == (try IndependentTools.opensslFingerprint(of: path, digest: "sha1")))
        #expect(entry.sha256Thumbprint == (try IndependentTools.opensslFingerprint(of: path, digest: "sha256")))
        let dates = try IndependentTools.openssl(["x509", "-in", path, "-noout", "-serial", "-subject", "-enddate", "-dateopt", "iso_8601"])
        #expect(dates.stdout.contains("serial=\(try #require(entry.serial))"))
        #expect(dates.stdout.contains("notAfter=2026-12-22 00:00:00Z"))
        #expect(entry.notAfter == testEpoch + 355 * 86_400)
        #expect(entry.subject == "CN=app-ok")
    }

    @Test func aDirectoryScanNeedsNoHome() throws {
        let fixture = try ScanFixture.standard()
        let output = try fixture.scan(["--format", "json", "--fail-on", "never"])
        #expect(output.status == 0, "\(output)")
        #expect(!FileManager.default.fileExists(atPath: fixture.absentHome))
        #expect(!FileManager.default.fileExists(atPath: fixture.directory.file("no-user-home")))
    }
}

struct ScanExitCodeTests {
    /// Days after notBefore of a 100-day certificate, `--fail-on`, expected exit code.
    static let cases: [(Double, String, Int32)] = [
        (10, "warning", 0), (10, "error", 0),
        (75, "warning", 2), (75, "critical", 0), (75, "error", 2), (75, "never", 0),
        (95, "warning", 3), (95, "critical", 3), (95, "expired", 0),
        (101, "warning", 4), (101, "critical", 4), (101, "expired", 4), (101, "never", 0),
        (-1, "warning", 2), (-1, "critical", 0),
    ]

    @Test(arguments: cases)
    func exitCodeFollowsTheWorstStatusAndFailOn(daysIn: Double, failOn: String, expected: Int32) throws {
        let directory = try TemporaryDirectory()
        try TestCertificates.writePEM("app.pem", in: directory, start: testEpoch, days: 100)
        let at = ISO8601DateFormatter().string(from: testEpoch + daysIn * 86_400)
        let output = try Binaries.runCertkeeper(
            ["scan", directory.file("app.pem"), "--no-inventory", "--at", at, "--fail-on", failOn],
            environment: ["CERTKEEPER_HOME": directory.file("home")]
        )
        #expect(output.status == expected, "\(output)")
        #expect(output.stdout.contains("app.pem"))
    }

    @Test func anUnreadableFileIsReportedButFailsOnlyWithFailOnError() throws {
        let directory = try TemporaryDirectory()
        try TestCertificates.writePEM("good.pem", in: directory, start: testEpoch, days: 100)
        try directory.write(Array(repeating: 0x30, count: 64), to: "truncated.der")
        let base = ["scan", directory.path, "--no-inventory", "--at", ScanFixture.at]
        let reported = try Binaries.runCertkeeper(base)
        #expect(reported.status == 0, "\(reported)")
        #expect(reported.stdout.contains("truncated.der"))
        #expect(reported.stdout.contains("1 source unreadable"))
        let strict = try Binaries.runCertkeeper(base + ["--fail-on", "error"])
        #expect(strict.status == 1, "\(strict)")
    }

    @Test func aMissingPathIsARuntimeError() throws {
        let directory = try TemporaryDirectory()
        let output = try Binaries.runCertkeeper(["scan", directory.file("typo"), "--no-inventory"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("does not exist"))
        #expect(output.stdout.isEmpty)
    }

    static let usageMistakes: [[String]] = [
        ["--warn", "3m"], ["--warn", "7d", "--crit", "30d"], ["--warn", "120%"], ["--fail-on", "sometimes"],
        ["--format", "xml"], ["--at", "next tuesday"],
    ]

    @Test(arguments: usageMistakes)
    func usageMistakesExit64(arguments: [String]) throws {
        let directory = try TemporaryDirectory()
        let output = try Binaries.runCertkeeper(["scan", directory.path, "--no-inventory"] + arguments)
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains("Error"))
    }

    @Test func noInventoryWithoutPathsIsAUsageError() throws {
        let output = try Binaries.runCertkeeper(["scan", "--no-inventory"])
        #expect(output.status == 64)
    }

    @Test func helpDocumentsExitCodesAndFailOn() throws {
        let output = try Binaries.runCertkeeper(["scan", "--help"])
        #expect(output.status == 0)
        for text in ["EXIT CODES", "--fail-on", "not_yet_valid", "--no-inventory", "--bundle", "prometheus"] {
            #expect(output.stdout.contains(text), "help lacks \(text)")
        }
    }
}
