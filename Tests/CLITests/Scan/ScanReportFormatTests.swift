import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Each machine format read back by a real parser.
struct ScanReportFormatTests {
    @Test func junitParsesAndMatchesFailOn() throws {
        let fixture = try ScanFixture.standard()
        let output = try fixture.scan(["--format", "junit", "--fail-on", "critical"])
        #expect(output.status == 4)
        let document = try XMLDocument(data: Data(output.stdoutBytes), options: [])
        let suites = try document.nodes(forXPath: "/testsuites/testsuite")
        #expect(suites.count == 1)
        let suite = try #require(suites.first as? XMLElement)
        func attribute(_ name: String) -> String? { suite.attribute(forName: name)?.stringValue }
        // 5 certificates + 1 unreadable source; critical and expired fail; warning,
        // not-yet-valid and the unreadable file are skipped; ok passes.
        #expect(attribute("tests") == "6")
        #expect(attribute("failures") == "2")
        #expect(attribute("errors") == "0")
        #expect(attribute("skipped") == "3")
        #expect(attribute("timestamp") == "2026-01-01T00:00:00")
        let testcases = try document.nodes(forXPath: "//testcase")
        #expect(testcases.count == 6)
        let failures = try document.nodes(forXPath: "//testcase/failure/@type").compactMap(\.stringValue)
        #expect(failures.sorted() == ["critical", "expired"])
        let skippedNames = try document.nodes(forXPath: "//testcase[skipped]/@classname").compactMap(\.stringValue)
        #expect(Set(skippedNames.map { ($0 as NSString).lastPathComponent }) == ["warning.pem", "future.pem", "broken.pem"])
        #expect(try document.nodes(forXPath: "//testcase[not(*)]").count == 1)

        let strict = try fixture.scan(["--format", "junit", "--fail-on", "error"])
        let strictDocument = try XMLDocument(data: Data(strict.stdoutBytes), options: [])
        #expect(try strictDocument.nodes(forXPath: "//testcase/error").count == 1)
        #expect(try strictDocument.nodes(forXPath: "//testcase/failure").count == 4)
    }

    @Test func junitEscapesMarkupAndCharactersXMLCannotCarry() throws {
        let directory = try TemporaryDirectory()
        let awkward = "a<b>&\"c'\u{01}d\ne"
        let certificate = try TestCertificates.make(commonName: awkward, notBefore: testEpoch - 86_400, notAfter: testEpoch + 3 * 86_400)
        try directory.write(certificate.pem, to: "x&y.pem")
        let output = try Binaries.runCertkeeper(["scan", directory.path, "--no-inventory", "--at", ScanFixture.at, "--format", "junit"])
        #expect(output.status == 3)
        let document = try XMLDocument(data: Data(output.stdoutBytes), options: [])
        let testcase = try #require(try document.nodes(forXPath: "//testcase").first as? XMLElement)
        let expectedSubject = certificate.subject.description.replacingOccurrences(of: "\u{01}", with: "\u{FFFD}")
        #expect(testcase.attribute(forName: "name")?.stringValue == "\(expectedSubject) [SHA-1 \(certificate.sha1Thumbprint.hex)]")
        #expect(testcase.attribute(forName: "classname")?.stringValue == directory.file("x&y.pem"))
        #expect(try document.nodes(forXPath: "//testcase/failure").first?.stringValue?.contains(expectedSubject) == true)
    }

    @Test(.enabled(if: PythonModules.available("prometheus_client"), "prometheus_client could not be installed (PyPI unreachable)"))
    func prometheusParsesWithTheReferenceClient() throws {
        let fixture = try ScanFixture.standard()
        let output = try fixture.scan(["--format", "prometheus", "--output", fixture.directory.file("certkeeper.prom")])
        #expect(output.status == 4)
        #expect(output.stdout.isEmpty)
        // prometheus_client's own parser; every sample back as JSON.
        let parsed = try IndependentTools.python(
            """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            samples = []
            for family in text_string_to_metric_families(open(sys.argv[1]).read()):
                for sample in family.samples:
                    samples.append({"family": family.name, "type": family.type, "name": sample.name, "labels": sample.labels, "value": sample.value})
            print(json.dumps(samples))
            """, [fixture.directory.file("certkeeper.prom")])
        try #require(parsed.status == 0, "\(parsed)")
        let samples = try JSONDecoder().decode([PrometheusSample].self, from: Data(parsed.stdout.utf8))
        #expect(Set(samples.filter { $0.name.hasPrefix("x509_") }.map(\.type)) == ["gauge"])

        let notAfter = samples.filter { $0.name == "x509_cert_not_after" }
        #expect(notAfter.count == 5)
        let ok = try #require(notAfter.first { $0.labels["subject_CN"] == "app-ok" })
        let certificate = try #require(fixture.certificates["ok.pem"])
        #expect(ok.value == certificate.notAfter.timeIntervalSince1970)
        #expect(ok.labels["filepath"] == fixture.directory.file("certs/ok.pem"))
        #expect(ok.labels["issuer_CN"] == "app-ok")
        #expect(Set(ok.labels.keys) == ["subject_CN", "issuer_CN", "serial_number", "filepath", "profile"])
        // serial_number is decimal, as x509-certificate-exporter prints it: cross-check with
        // Python cryptography's integer.
        let serial = try IndependentTools.python(
            "import sys; from cryptography import x509; print(x509.load_pem_x509_certificate(open(sys.argv[1],'rb').read()).serial_number)",
            [fixture.directory.file("certs/ok.pem")]
        )
        #expect(ok.labels["serial_number"] == serial.stdout.trimmingCharacters(in: .whitespacesAndNewlines))

        let expired = samples.filter { $0.name == "x509_cert_expired" }
        #expect(expired.filter { $0.value == 1 }.map { $0.labels["subject_CN"] } == ["app-expired"])
        let errors = samples.filter { $0.name == "x509_cert_error" && $0.value == 1 }
        #expect(errors.map { $0.labels["filepath"] } == [fixture.directory.file("certs/broken.pem")])
        #expect(samples.first { $0.name == "certkeeper_scan_timestamp_seconds" }?.value == testEpoch.timeIntervalSince1970)
        #expect(samples.first { $0.name == "x509_read_errors" }?.value == 1)
    }

    @Test(.enabled(if: PythonModules.available("prometheus_client"), "prometheus_client could not be installed (PyPI unreachable)"))
    func prometheusLabelValuesAreEscaped() throws {
        let directory = try TemporaryDirectory()
        let awkward = "we\"ird\\path\nline, 100%: a;b]c"
        let certificate = try TestCertificates.make(commonName: awkward, notBefore: testEpoch, notAfter: testEpoch + 9 * 86_400)
        try directory.write(certificate.pem, to: "awkward.pem")
        let output = try Binaries.runCertkeeper(["scan", directory.path, "--no-inventory", "--at", ScanFixture.at, "--format", "prometheus"])
        #expect(output.status == 2)
        try directory.write(output.stdoutBytes, to: "report.prom")
        let parsed = try IndependentTools.python(
            """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = [s.labels for f in text_string_to_metric_families(open(sys.argv[1]).read()) for s in f.samples if s.name == "x509_cert_not_after"]
            print(json.dumps(out))
            """, [directory.file("report.prom")])
        try #require(parsed.status == 0, "\(parsed)")
        let labels = try JSONDecoder().decode([[String: String]].self, from: Data(parsed.stdout.utf8))
        #expect(labels.map { $0["subject_CN"] } == [awkward])
    }
}

struct PrometheusSample: Decodable {
    let family: String
    let type: String
    let name: String
    let labels: [String: String]
    let value: Double
}
