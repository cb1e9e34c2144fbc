import Foundation
import TestSupport
import Testing

/// `scan --format html`, loaded in headless Chromium: what a reader sees, whether anything
/// runs or loads that should not, and whether the markup is valid. Serialized: each test
/// starts a browser, and two cores are shared.
@Suite(.serialized)
struct ScanHTMLTests {
    @Test func reportLoadsInChromiumWithOneRowPerEntryAndOneBarPerCertificate() throws {
        let fixture = try ScanFixture.standard()
        let report = fixture.directory.file("report.html")
        let output = try fixture.scan(["--format", "html", "--output", report])
        #expect(output.status == 4)
        #expect(output.stdout.isEmpty)
        let json = try ScanJSONReport.decode(try fixture.scan(["--format", "json"]).stdoutBytes)

        let screenshot = fixture.directory.file("report.png")
        let seen = try ReportBrowser.open(report, exercise: "app-warning", screenshot: screenshot)
        #expect(seen.console.isEmpty, "console: \(seen.console)")
        #expect(seen.exceptions.isEmpty)
        #expect(seen.requests.isEmpty, "network requests: \(seen.requests)")
        #expect(seen.blockedRequests.isEmpty)
        #expect(seen.dialogs.isEmpty)
        let facts = try seen.facts()
        // 5 certificates and the unreadable file; bars only for certificates, each linked to its row.
        #expect(facts.rows == json.certificates.count)
        #expect(facts.rows == 6)
        #expect(facts.bars == 5)
        #expect(facts.linkedBars == 5)
        #expect(!facts.density)
        #expect(facts.rowStatuses == json.certificates.map(\.status))
        #expect(Array(facts.subjects.prefix(5)) == json.certificates.prefix(5).map { $0.subject ?? "" })
        #expect(
            facts.counts == [
                "ok": json.summary.ok, "warning": json.summary.warning, "critical": json.summary.critical,
                "expired": json.summary.expired, "not_yet_valid": json.summary.notYetValid, "error": json.summary.error,
            ])
        #expect(facts.bands == ["Files under \(fixture.certsPath) — 5 certificates: 1 expired, 1 critical, 1 warning, 1 not yet valid, 1 ok"])
        #expect(facts.filterVisible)
        #expect(facts.scripts == 1)
        #expect(facts.csp.hasPrefix("default-src 'none'; style-src 'sha256-"))
        // The page's own script: every column sorts, and the filter finds the one row.
        let exercise = try #require(seen.exercise)
        #expect(exercise.buttons == 8)
        #expect(exercise.sorted == Array(repeating: true, count: 8))
        #expect(exercise.filterVisible == 1)
        #expect(exercise.shown == "1 of 6 shown")
        let png = try Array(Data(contentsOf: URL(fileURLWithPath: screenshot)))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(png.count > 10_000)
    }

    @Test func reportReadsWithScriptsOff() throws {
        let fixture = try ScanFixture.standard()
        let report = fixture.directory.file("report.html")
        #expect(try fixture.scan(["--format", "html", "--output", report]).status == 4)
        let seen = try ReportBrowser.open(report, scripts: false)
        #expect(seen.console.isEmpty, "console: \(seen.console)")
        let facts = try seen.facts()
        #expect(facts.rows == 6)
        #expect(facts.bars == 5)
        // The filter needs the script, so without it the controls stay hidden, not dead.
        #expect(!facts.filterVisible)
    }

    @Test func hostileSubjectsAndPathsRenderAsTextAndNothingRuns() throws {
        let corpus = try HostileCorpus.make()
        let report = corpus.directory.file("report.html")
        let output = try Binaries.runCertkeeper(["scan", corpus.root, "--no-inventory", "--at", ScanFixture.at, "--format", "html", "--output", report])
        #expect(output.status == 3 || output.status == 4, "\(output)")
        let json = try ScanJSONReport.decode(
            try Binaries.runCertkeeper(["scan", corpus.root, "--no-inventory", "--at", ScanFixture.at, "--format", "json"]).stdoutBytes
        )
        #expect(json.certificates.count == HostileCorpus.payloads.count)
        // Without the CSP, so that only escaping stands between the payloads and the page.
        for bypassCSP in [true, false] {
            let seen = try ReportBrowser.open(report, exercise: "<script>", bypassCSP: bypassCSP)
            #expect(seen.console.isEmpty, "console (bypass CSP \(bypassCSP)): \(seen.console)")
            #expect(seen.exceptions.isEmpty)
            #expect(seen.dialogs.isEmpty, "dialogs: \(seen.dialogs)")
            #expect(seen.requests.isEmpty, "requests: \(seen.requests)")
            #expect(seen.blockedRequests.isEmpty, "blocked: \(seen.blockedRequests)")
            let facts = try seen.facts()
            #expect(!facts.pwned)
            #expect(facts.scripts == 1)
            #expect(facts.images == 0)
            #expect(facts.handlers == 0)
            #expect(facts.rows == json.certificates.count)
            #expect(facts.bars == json.certificates.count)
            // Each value is shown as the text it is, control characters as their pictures.
            #expect(facts.subjects == json.certificates.map { HostileCorpus.visible($0.subject ?? "") })
            #expect(facts.sources == json.certificates.map { $0.sources.map(HostileCorpus.visible) })
            for (title, certificate) in zip(facts.barTitles, json.certificates) {
                #expect(title.contains(HostileCorpus.visible(certificate.subject ?? "")))
            }
            #expect(try #require(seen.exercise).filterVisible > 0)
        }
    }

    @Test func contentSecurityPolicyBlocksMarkupThatEscapingWouldHaveMissed() throws {
        let fixture = try ScanFixture.standard()
        let report = fixture.directory.file("report.html")
        #expect(try fixture.scan(["--format", "html", "--output", report]).status == 4)
        // Simulate an escaping bug: markup inserted into the body of a real report.
        let page = try String(contentsOfFile: report, encoding: .utf8)
        let injected =
            "<script>window.__pwned = 1</script><img src=\"http://127.0.0.1:9/x.png\" onerror=\"window.__pwned = 2\">"
            + "<link rel=\"stylesheet\" href=\"http://127.0.0.1:9/x.css\">"
        try page.replacingOccurrences(of: "<body>\n", with: "<body>\n" + injected).write(toFile: report, atomically: true, encoding: .utf8)
        let seen = try ReportBrowser.open(report)
        let facts = try seen.facts()
        #expect(!facts.pwned)
        #expect(seen.requests.isEmpty, "requests: \(seen.requests)")
        #expect(Set(seen.blockedRequests) == ["http://127.0.0.1:9/x.png", "http://127.0.0.1:9/x.css"])
        #expect(seen.console.contains { $0.text?.contains("Content Security Policy") == true }, "console: \(seen.console)")
        // The report's own script is admitted by its hash.
        #expect(facts.filterVisible)
    }

    @Test func markupIsValidHTML5() throws {
        try #require(PythonModules.available("html5lib"), "html5lib could not be installed: run scripts/test.sh")
        let fixture = try ScanFixture.standard()
        let corpus = try HostileCorpus.make()
        var reports: [String] = []
        for (index, paths) in [[fixture.certsPath], [corpus.root]].enumerated() {
            let report = fixture.directory.file("report-\(index).html")
            _ = try fixture.scan(["--format", "html", "--output", report], paths: paths)
            reports.append(report)
        }
        let checked = try IndependentTools.python(
            """
            import sys, html5lib
            for path in sys.argv[1:]:
                parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
                document = parser.parse(open(path, "rb").read(), transport_encoding="utf-8")
                assert not parser.errors, (path, parser.errors[:5])
                assert document.find(".//table") is not None, path
            print("valid", len(sys.argv) - 1)
            """, reports)
        #expect(checked.status == 0, "\(checked)")
        #expect(checked.stdout.contains("valid 2"))
    }

    @Test func pastTheBarLimitTheTimelineBecomesADensityView() throws {
        let directory = try TemporaryDirectory("certkeeper-scan-html-large")
        // 1,000 certificates in one file (the limit: still bars), one more in another.
        let made = try IndependentTools.python(
            """
            import datetime, sys
            from cryptography import x509
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import ec
            from cryptography.x509.oid import NameOID
            epoch = datetime.datetime(2026, 1, 1)
            key = ec.generate_private_key(ec.SECP256R1())
            def make(index):
                name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"svc-{index}")])
                start = epoch - datetime.timedelta(days=index % 400)
                return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                        .serial_number(index + 1).not_valid_before(start).not_valid_after(start + datetime.timedelta(days=365))
                        .sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
            with open(sys.argv[1] + "/many.pem", "wb") as handle:
                for index in range(1000):
                    handle.write(make(index))
            with open(sys.argv[1] + "/one.pem", "wb") as handle:
                handle.write(make(1000))
            """, [directory.path])
        try #require(made.status == 0, "\(made)")
        let atLimit = directory.file("limit.html")
        _ = try Binaries.runCertkeeper(["scan", directory.file("many.pem"), "--no-inventory", "--at", ScanFixture.at, "--format", "html", "--output", atLimit])
        let limitFacts = try ReportBrowser.open(atLimit).facts()
        #expect(limitFacts.bars == 1_000)
        #expect(!limitFacts.density)

        let beyond = directory.file("beyond.html")
        _ = try Binaries.runCertkeeper(["scan", directory.path, "--no-inventory", "--at", ScanFixture.at, "--format", "html", "--output", beyond])
        let seen = try ReportBrowser.open(beyond, exercise: "svc-1000")
        #expect(seen.console.isEmpty, "console: \(seen.console)")
        let facts = try seen.facts()
        #expect(facts.density)
        #expect(facts.rows == 1_001)
        #expect(facts.bars == 0)
        // Every certificate is counted in exactly one period of the density strips.
        #expect(facts.bucketTotal == 1_001)
        #expect(try #require(seen.exercise).filterVisible == 1)
    }

    @Test func bandsFollowTheSources() throws {
        let setup = try ScanInventoryTests.setup()
        let report = setup.directory.file("report.html")
        let output = try Binaries.runCertkeeper(
            ["scan", setup.certs, "--at", ScanFixture.at, "--format", "html", "--output", report, "--fail-on", "never"],
            environment: ["CERTKEEPER_HOME": setup.home]
        )
        #expect(output.status == 0, "\(output)")
        let facts = try ReportBrowser.open(report).facts()
        // payroll: a profile's active certificate; shared: inventory and disk (the inventory
        // records the file, so it is drawn with files); disk: on disk only.
        #expect(
            facts.bands.map { String($0.prefix { $0 != "—" }) } == [
                "Profiles (active certificates) ", "Files under \(setup.certs) ",
            ])
        #expect(facts.bars == 3)
    }
}

/// Certificates whose subjects and paths try to break out of HTML text and attributes, the
/// SVG `<title>`, and the page's `<title>`; made by Python `cryptography` (not certkeeper).
struct HostileCorpus {
    static let payloads: [String] = [
        "<script>window.__pwned = 1; alert(1)</script>",
        "\"><img src=x onerror=\"window.__pwned = 1\">",
        "'><svg onload=window.__pwned=1>",
        "</title><script>alert(document.domain)</script>",
        "</text></svg><script>window.__pwned = 1</script>",
        "</style><script>window.__pwned = 1</script>",
        "javascript:window.__pwned=1//&lt;b&gt; &amp; &#x3C;i&#x3E;",
        "ctrl \u{01}\u{1B}[31m\u{7F}\u{85}\u{FFFE} \u{202E}dcba tab\there",
        String(repeating: "<b>long</b>", count: 500),
    ]

    let directory: TemporaryDirectory
    /// The directory scanned: every file below it holds one hostile certificate.
    let root: String

    static func make() throws -> HostileCorpus {
        let directory = try TemporaryDirectory("certkeeper-scan-html-hostile")
        let root = directory.file("scan")
        // File names are attacker-controlled too (no "/" or NUL possible: a directory carries
        // half of a closing tag).
        let names = ["\"><img src=x onerror=alert(1)>.pem", "<script>alert(1)<", "a'b&c.pem", "\u{1B}[2Jclear.pem", "long-\(String(repeating: "é", count: 80)).pem"]
        let script = """
            import datetime, json, os, sys
            from cryptography import x509
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import ec
            from cryptography.x509.oid import NameOID
            root, payloads, names = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
            epoch = datetime.datetime(2026, 1, 1)
            key = ec.generate_private_key(ec.SECP256R1())
            for index, payload in enumerate(payloads):
                # CN is limited to 64 characters; OU carries the long and the odd ones whole.
                name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, payload[:64]),
                                  x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, payload)])
                certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                               .serial_number(index + 1).not_valid_before(epoch - datetime.timedelta(days=300))
                               .not_valid_after(epoch + datetime.timedelta(days=index * 3)).sign(key, hashes.SHA256()))
                name = names[index % len(names)]
                folder = os.path.join(root, str(index))
                if name.endswith("<"):
                    folder, name = os.path.join(folder, name), "script>.pem"
                os.makedirs(folder)
                with open(os.path.join(folder, name), "wb") as handle:
                    handle.write(certificate.public_bytes(serialization.Encoding.PEM))
            """
        let encoder = JSONEncoder()
        let made = try IndependentTools.python(
            script,
            [
                root, String(decoding: try encoder.encode(payloads), as: UTF8.self), String(decoding: try encoder.encode(names), as: UTF8.self),
            ])
        guard made.status == 0 else { throw TestSupportError("could not make the hostile corpus: \(made)") }
        return HostileCorpus(directory: directory, root: root)
    }

    /// How the report shows a value: C0 controls and DEL as Control Pictures, C1 controls and
    /// noncharacters as U+FFFD.
    static func visible(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar -> Unicode.Scalar in
                    switch scalar.value {
                    case 0..<0x20: Unicode.Scalar(0x2400 + scalar.value)!
                    case 0x7F: "\u{2421}"
                    case 0x80...0x9F, 0xFDD0...0xFDEF: "\u{FFFD}"
                    case let value where value & 0xFFFE == 0xFFFE: "\u{FFFD}"
                    default: scalar
                    }
                }))
    }
}
