import Foundation
import TestSupport
import Testing

/// `certkeeper scan` with the synced directory as a source, through the binary against
/// certkeeper-idp: statuses, exit codes, and every format read back by an independent
/// parser (Python json, xml.etree, prometheus_client).
@Suite struct DirectoryScanTests {
    /// Thresholds that leave the 30-day test certificates ok.
    static let thresholds = ["--warn", "10d", "--crit", "2d"]
    static let hostileName = "evil\u{1B}[31mred\u{07}\n::error title=x::pwned \"q\" \\ <b>&"

    /// Only the reader app (its certificate held by the profile), plus: a client secret on
    /// it, a certificate no file holds, and an app whose only secret has expired.
    static func smallTenant() throws -> DirectoryFixture {
        let fixture = try DirectoryFixture(apps: 0)
        try fixture.idpAdmin(["app", "add-secret", "--app", IdPEmulator.objectID, "--display-name", "ci-secret", "--days", "200"])
        let (extra, _, _) = try fixture.files.rsa("unmanaged")
        try fixture.idpAdmin(["app", "add-cert", "--app", IdPEmulator.objectID, "--cert", extra])
        try fixture.idpAdmin([
            "app", "create", "--tenant", IdPEmulator.tenant, "--client-id", "00000000-0000-0000-0000-0000000000aa",
            "--object-id", "00000000-0000-0000-0000-0000000000bb", "--display-name", Self.hostileName,
        ])
        try fixture.idpAdmin(["app", "add-secret", "--app", "00000000-0000-0000-0000-0000000000bb", "--display-name", "old", "--days=-3"])
        let sync = try fixture.sync()
        try #require(sync.status == 0, "\(sync)")
        return fixture
    }

    /// Runs a Python script on `bytes` (as the file sys.argv[1]).
    private func python(_ script: String, on bytes: [UInt8]) throws -> ProcessOutput {
        let directory = try TemporaryDirectory("certkeeper-directory-scan")
        _ = try directory.write(bytes, to: "report")
        return try IndependentTools.python(script, [directory.file("report")])
    }

    private func json(_ output: ProcessOutput) throws -> [String: Any] {
        // Python's json module reads it first: the file must be strict JSON.
        let checked = try python("import json,sys; json.load(open(sys.argv[1], encoding='utf-8')); print('ok')", on: output.stdoutBytes)
        #expect(checked.stdout.contains("ok"), "\(checked)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdoutBytes)) as? [String: Any])
    }

    @Test func statusesAndExitCodesOfADirectoryScan() throws {
        let fixture = try Self.smallTenant()
        let scan = try fixture.run(["scan", "--format", "json"] + Self.thresholds)
        #expect(scan.status == 4, "no_valid_credential is as bad as expired: \(scan)")
        let report = try json(scan)
        let entries = try #require(report["certificates"] as? [[String: Any]])
        let credentials = entries.filter { $0["app_id"] != nil }
        func status(kind: String, name: String?, app: String = "") -> String? {
            credentials.first {
                $0["credential_kind"] as? String == kind && ($0["display_name"] as? String) == name
                    && (app.isEmpty || $0["app_id"] as? String == app)
            }?["status"] as? String
        }
        #expect(status(kind: "secret", name: "ci-secret") == "client_secret")
        #expect(status(kind: "secret", name: "old") == "no_valid_credential")
        let reader = try #require(
            credentials.first {
                $0["object_type"] as? String == "application" && $0["credential_kind"] as? String == "certificate"
                    && ($0["sources"] as? [String])?.contains(fixture.combined) == true
            })
        #expect(reader["status"] as? String == "ok")
        #expect(reader["app_id"] as? String == IdPEmulator.clientID)
        #expect(reader["app_name"] as? String == "certkeeper token tests")
        #expect((reader["sources"] as? [String])?.first?.hasPrefix("app:\(IdPEmulator.clientID)/") == true)
        #expect(credentials.contains { $0["status"] as? String == "unmanaged_certificate" })
        let hostile = try #require(credentials.first { $0["app_name"] as? String == Self.hostileName })
        #expect(hostile["status"] as? String == "no_valid_credential" && (-4 ... -3).contains(hostile["days_remaining"] as? Int ?? 0))
        let summary = try #require(report["summary"] as? [String: Any])
        #expect(summary["worst"] as? String == "no_valid_credential" && summary["exit_code"] as? Int == 4)
        #expect(summary["client_secret"] as? Int == 1 && summary["unmanaged_certificate"] as? Int == 1)
        // Every credential `directory list` shows is in the scan.
        #expect(credentials.count == (try fixture.listed()).count)

        // Without the broken app: the findings fail the run only when --warn-on names them.
        try fixture.idpAdmin(["app", "remove-secret", "--app", "00000000-0000-0000-0000-0000000000bb", "--key", hostile["key_id"] as? String ?? ""])
        Thread.sleep(forTimeInterval: 1.2)  // the emulator's application cache lives one second
        #expect(try fixture.sync().status == 0)
        #expect(try fixture.run(["scan", "--fail-on", "warning"] + Self.thresholds).status == 0)
        let strict = try fixture.run(["scan", "--warn-on", "client_secret", "--format", "github"] + Self.thresholds)
        #expect(strict.status == 2, "\(strict)")
        #expect(strict.stdout.contains("::error title=Client secret%3A migrate to a certificate::client secret \"ci-secret\""), "\(strict.stdout)")
        #expect(try fixture.run(["scan", "--warn-on", "unmanaged_certificate"] + Self.thresholds).status == 2)
        #expect(try fixture.run(["scan", "--warn-on", "client_secret", "--fail-on", "critical"] + Self.thresholds).status == 0)
        // The default is on once synced; --no-directory leaves only the inventory.
        let plain = try json(try fixture.run(["scan", "--no-directory", "--format", "json"] + Self.thresholds))
        #expect((plain["certificates"] as? [[String: Any]])?.allSatisfy { $0["app_id"] == nil } == true)
        let usage = try fixture.run(["scan", "--directory", "--no-inventory", "."])
        #expect(usage.status == 64 && usage.stderr.contains("--directory reads the synced tenants"), "\(usage)")
    }

    /// The summary line counts what it says: client secrets are not "certificates".
    @Test func theSummaryLineCountsClientSecretsApart() throws {
        let fixture = try Self.smallTenant()
        let entries = try #require(try json(try fixture.run(["scan", "--format", "json"] + Self.thresholds))["certificates"] as? [[String: Any]])
        let secrets = entries.filter { $0["credential_kind"] as? String == "secret" }.count
        #expect(secrets == 2)
        let expected = "\(entries.count) credentials (\(entries.count - secrets) certificates, 2 client secrets): "
        let table = try fixture.run(["scan"] + Self.thresholds)
        #expect(table.stdout.split(separator: "\n").last?.hasPrefix(expected) == true, "\(table.stdout)")
        let github = try fixture.run(["scan", "--format", "github"] + Self.thresholds)
        #expect(github.stdout.contains("::notice title=certkeeper scan::\(expected)"), "\(github.stdout)")
        // Without the directory only certificates are left, and the line says so.
        let plain = try fixture.run(["scan", "--no-directory"] + Self.thresholds)
        #expect(plain.stdout.split(separator: "\n").last?.hasPrefix("1 certificate: ") == true, "\(plain.stdout)")
    }

    @Test func directoryScanRequiresASyncedTenant() throws {
        let fixture = try DirectoryFixture(apps: 0)
        let scan = try fixture.run(["scan", "--directory"])
        #expect(scan.status == 1 && scan.stderr.contains("no tenant has been synced"), "\(scan)")
        #expect(!(try fixture.run(["scan", "--help"]).stdout.contains("\u{1B}")))
    }

    @Test func junitGroupsByAppAndCarriesItsIdentifiers() throws {
        let fixture = try Self.smallTenant()
        let output = try fixture.run(["scan", "--format", "junit"] + Self.thresholds)
        #expect(output.status == 4)
        let parsed = try python(
            """
            import json, sys
            import xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            cases = []
            for case in root.iter("testcase"):
                props = {p.get("name"): p.get("value") for p in case.findall("properties/property")}
                outcome = [child.tag for child in case if child.tag != "properties"]
                failure = case.find("failure")
                cases.append({"classname": case.get("classname"), "name": case.get("name"), "props": props,
                              "outcome": outcome[0] if outcome else "passed", "type": failure.get("type") if failure is not None else None})
            print(json.dumps(cases))
            """, on: output.stdoutBytes)
        try #require(parsed.status == 0, "\(parsed)")
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [[String: Any]])
        let secret = try #require(cases.first { ($0["name"] as? String)?.hasPrefix("client secret ci-secret") == true })
        #expect(secret["classname"] as? String == "application certkeeper token tests (\(IdPEmulator.clientID))")
        #expect(secret["outcome"] as? String == "skipped")
        let props = try #require(secret["props"] as? [String: String])
        #expect(props["app_id"] == IdPEmulator.clientID && props["credential_kind"] == "secret" && props["app_name"] == "certkeeper token tests")
        #expect(props["key_id"]?.count == 36)
        let broken = try #require(
            cases.first {
                ($0["props"] as? [String: String])?["app_name"]
                    == Self.hostileName.replacingOccurrences(of: "\u{1B}", with: "\u{FFFD}").replacingOccurrences(of: "\u{07}", with: "\u{FFFD}")
            })
        #expect(broken["outcome"] as? String == "failure" && broken["type"] as? String == "no_valid_credential")
    }

    @Test(.enabled(if: PythonModules.available("prometheus_client"), "prometheus_client could not be installed (PyPI unreachable)"))
    func prometheusLabelsNameTheAppAndCredential() throws {
        let fixture = try Self.smallTenant()
        let path = fixture.home.file("scan.prom")
        #expect(try fixture.run(["scan", "--format", "prometheus", "--output", path] + Self.thresholds).status == 4)
        let parsed = try IndependentTools.python(
            """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = [{"family": f.name, "type": f.type, "name": s.name, "labels": s.labels, "value": s.value}
                   for f in text_string_to_metric_families(open(sys.argv[1]).read()) for s in f.samples]
            print(json.dumps(out))
            """, [path])
        try #require(parsed.status == 0, "\(parsed)")
        let samples = try JSONDecoder().decode([PrometheusSample].self, from: Data(parsed.stdout.utf8))
        let notAfter = samples.filter { $0.name == "certkeeper_app_credential_not_after" }
        #expect(notAfter.count == (try fixture.listed()).count)
        let secret = try #require(notAfter.first { $0.labels["credential_kind"] == "secret" && $0.labels["app_id"] == IdPEmulator.clientID })
        #expect(Set(secret.labels.keys) == ["app_id", "app_name", "credential_kind", "key_id", "object_type", "profile", "sha1_thumbprint", "tenant_id"])
        #expect(secret.labels["app_name"] == "certkeeper token tests" && secret.labels["object_type"] == "application")
        // The hostile display name comes back intact through the reference parser.
        let hostile = samples.filter { $0.name == "certkeeper_app_credential_status" && $0.labels["app_name"] == Self.hostileName }
        #expect(hostile.map { $0.labels["status"] } == ["no_valid_credential"])
        #expect(samples.first { $0.name == "certkeeper_scan_certificates" && $0.labels["status"] == "client_secret" }?.value == 1)
        #expect(samples.filter { $0.name == "certkeeper_app_credential_expired" && $0.value == 1 }.count == 1)
    }

    @Test func tableAndHTMLShowTheAppsWithoutControlCharacters() throws {
        let fixture = try Self.smallTenant()
        let table = try fixture.run(["scan"] + Self.thresholds)
        #expect(table.status == 4)
        #expect(table.stdout.contains("client_secret") && table.stdout.contains("no_valid_credential"))
        #expect(table.stdout.contains("application certkeeper token tests (app:\(IdPEmulator.clientID)/"))
        #expect(!table.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(table.stdout)")
        let github = try fixture.run(["scan", "--format", "github"] + Self.thresholds)
        #expect(!github.stdout.split(separator: "\n").contains { $0.hasPrefix("::error title=x") }, "no forged annotation: \(github.stdout)")
        #expect(github.stdout.contains("%0A::error title=x::pwned"))
        let html = try fixture.run(["scan", "--format", "html"] + Self.thresholds)
        #expect(html.status == 4)
        #expect(html.stdout.contains("<section id=\"apps-section\">"))
        #expect(html.stdout.contains("<details class=\"app\" data-status=\"no_valid_credential\">"))
        #expect(html.stdout.contains("evil␛[31mred") && !html.stdout.contains("<b>&"))
        #expect(!html.stdout.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func aSeededTenantIsScannedInEveryFormat() throws {
        let fixture = try DirectoryFixture(apps: 60)
        #expect(try fixture.sync().status == 0)
        let listed = try fixture.listed().count
        let report = try json(try fixture.run(["scan", "--format", "json", "--fail-on", "never"]))
        let credentials = (report["certificates"] as? [[String: Any]] ?? []).filter { $0["app_id"] != nil }
        #expect(credentials.count == listed)
        let days = credentials.compactMap { $0["days_remaining"] as? Int }
        #expect(days == days.sorted(), "credentials come in notAfter order")
        #expect(Set(credentials.compactMap { $0["status"] as? String }).isSuperset(of: ["expired", "no_valid_credential", "client_secret", "ok"]))
        for format in ["table", "junit", "prometheus", "github", "azure-devops", "html"] {
            let output = try fixture.run(["scan", "--format", format])
            #expect(output.status == 4, "\(format): \(output.stderr)")
        }
    }
}
