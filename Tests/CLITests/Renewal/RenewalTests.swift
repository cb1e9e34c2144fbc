import Foundation
import TestSupport
import Testing

/// `certkeeper rotate due` against `certkeeper-idp`: six profiles, each in one situation a
/// nightly job meets, with the emulator checking every assertion and Graph proof for real.
@Suite("rotate due", .serialized)
struct RenewalTests {
    /// A subject an attacker chose: an escape sequence and a line break.
    static let hostileSubject = "foxtrot\u{1B}[31m\nFAKE"

    @Test func sixProfilesEachHandledAsItsSituationNeeds() throws {
        let fixture = try RenewalFixture()
        let hookLog = fixture.home.file("bravo-hook.env")
        let targetsLog = fixture.home.file("bravo-targets")
        try fixture.addProfile("alpha", due: true)
        try fixture.addProfile(
            "bravo", due: true,
            extra: [
                "--deploy-hook", "env | grep ^CERTKEEPER_ > '\(hookLog)'; printf '%s' \"$CERTKEEPER_DEPLOY_TARGETS\" > '\(targetsLog)'",
                "--deploy-target", "file:/srv/bravo/client.pfx",
                "--deploy-target", "k8s-secret:payroll/bravo-tls",
            ])
        try fixture.addProfile("charlie", due: true, register: "guided")
        try fixture.addProfile("delta", due: true)
        try fixture.addProfile("echo", due: false)
        try fixture.addProfile("foxtrot", due: true, on: try fixture.slow(), subject: Self.hostileSubject)
        let slowURL = try fixture.slow().baseURL
        #expect(fixture.idp.baseURL.hasPrefix("https://") && slowURL.hasPrefix("https://"))
        let old = try Dictionary(uniqueKeysWithValues: ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"].map { ($0, try fixture.firstThumbprint($0)) })

        // delta: a rotation killed after its key was added, before it was verified.
        let crashed = try fixture.run(
            ["rotate", "start", "-p", "delta", "--register", "graph", "--overlap", "0", "--yes"],
            environment: ["CERTKEEPER_FAULT_INJECTION": "after-registered"]
        )
        #expect(crashed.status == SIGKILL, "\(crashed)")
        #expect(try fixture.registered("delta").count == 2)

        // A dry run and a look-ahead report and change nothing.
        let before = try fixture.snapshot()
        let dry = try fixture.run(["rotate", "due", "--dry-run", "--format", "json"])
        #expect(dry.status == 0, "\(dry)")
        let planned = try RenewalFixture.report(dry).outcomes
        #expect(planned == ["alpha": "due", "bravo": "due", "charlie": "due", "delta": "unfinished", "echo": "not_due", "foxtrot": "due"])
        let lookAhead = try fixture.run(["rotate", "due", "--at", RFC3339Text.string(Date().addingTimeInterval(29 * 86_400)), "--format", "json"])
        #expect(lookAhead.status == 0, "\(lookAhead)")
        #expect(try RenewalFixture.report(lookAhead).outcomes["echo"] == "due", "in 29 days the fresh certificate is due too")
        #expect(try fixture.snapshot() == before, "--dry-run and --at changed something")

        // The guided profile alone: staged, needs an operator, exit 2, with the upload steps.
        let guided = try fixture.run(["rotate", "due", "-p", "charlie"])
        #expect(guided.status == 2, "\(guided)")
        let staged = try #require(try fixture.rotations("charlie").first)
        #expect(staged["state"] as? String == "staged")
        let stagedSHA1 = try #require(staged["new_sha1_thumbprint"] as? String)
        let stagedPFX = try #require(staged["new_certificate_path"] as? String)
        #expect(guided.stdout.contains("needs an operator"))
        #expect(guided.stdout.contains("Upload the new certificate"))
        #expect(guided.stdout.contains(stagedSHA1))
        #expect(guided.stdout.contains((stagedPFX as NSString).deletingPathExtension + ".cer"))
        #expect(try fixture.profileThumbprint("charlie") == old["charlie"])

        // Everything at once, the JUnit report into a file.
        let report = fixture.home.file("renewal.xml")
        let run = try fixture.run(["rotate", "due", "--verify-timeout", "2s", "--format", "junit", "--output", report])
        #expect(run.status == 1, "a failed rotation wins over needs-an-operator: \(run)")
        for text in [run.stdout, run.stderr] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "a raw control character reached the terminal")
        }
        #expect(run.stdout.contains("foxtrot\\x1b[31m\\x0aFAKE"), "the hostile subject is shown escaped")
        let cases = try JUnitCases.parse(report)
        #expect(cases.suiteTests == 6)
        #expect(cases.suiteFailures == 2)
        #expect(cases["alpha"]?.outcomeLine.hasPrefix("renewed") == true, "\(cases)")
        #expect(cases["bravo"]?.outcomeLine.hasPrefix("renewed") == true)
        #expect(cases["charlie"]?.failureType == "needs_operator")
        #expect(cases["charlie"]?.text.contains(stagedSHA1) == true)
        #expect(cases["delta"]?.outcomeLine.hasPrefix("resumed") == true)
        #expect(cases["echo"]?.outcomeLine.hasPrefix("not due") == true)
        #expect(cases["foxtrot"]?.failureType == "failed")
        #expect(cases["foxtrot"]?.text.contains("rolled back") == true)
        #expect(cases["foxtrot"]?.text.contains("AADSTS700027") == true, "the diagnosis is in the report")

        // Renewed: exactly the new key is left, the profile uses it, tokens work.
        for name in ["alpha", "bravo", "delta"] {
            let rotations = try fixture.rotations(name)
            #expect(rotations.count == 1, "\(name) was rotated \(rotations.count) times")
            #expect(rotations.first?["state"] as? String == "completed")
            let new = try #require(try fixture.profileThumbprint(name))
            #expect(new != old[name])
            #expect(try fixture.registered(name) == [new], "\(name): exactly one key left")
            #expect(try fixture.tokenWorks(name))
        }
        #expect(try fixture.actions("alpha").contains("renewal.renewed"))
        #expect(try fixture.actions("delta").contains("renewal.resumed"))
        let hook = String(decoding: try fixture.home.read("bravo-hook.env"), as: UTF8.self)
        #expect(hook.contains("CERTKEEPER_PROFILE=bravo"))
        let targets = String(decoding: try fixture.home.read("bravo-targets"), as: UTF8.self)
        #expect(targets == "file:/srv/bravo/client.pfx\nk8s-secret:payroll/bravo-tls", "one target per line")

        // Guided: still the one staged rotation, still the old certificate.
        #expect(try fixture.rotations("charlie").count == 1)
        #expect(try fixture.profileThumbprint("charlie") == old["charlie"])
        #expect(try fixture.actions("charlie").filter { $0 == "renewal.needs_operator" }.count == 2)

        // Not due: untouched, no history beyond its creation.
        #expect(try fixture.profileThumbprint("echo") == old["echo"])
        #expect(try fixture.actions("echo") == ["profile.created"])
        #expect(try fixture.rotations("echo").isEmpty)

        // Verification failed: rolled back, the added key removed, the old one still works.
        #expect(try fixture.rotations("foxtrot").first?["state"] as? String == "rolled_back")
        #expect(try fixture.profileThumbprint("foxtrot") == old["foxtrot"])
        #expect(try fixture.registered("foxtrot") == [try #require(old["foxtrot"])])
        #expect(try fixture.tokenWorks("foxtrot"))
        #expect(try fixture.actions("foxtrot").contains("renewal.failed"))

        // The next night: the renewed profiles are not due any more.
        let again = try fixture.run(["rotate", "due", "--verify-timeout", "2s", "--format", "json"])
        let outcomes = try RenewalFixture.report(again).outcomes
        #expect(outcomes["alpha"] == "not_due" && outcomes["bravo"] == "not_due" && outcomes["delta"] == "not_due", "\(outcomes)")
        #expect(outcomes["charlie"] == "needs_operator")
        #expect(try fixture.rotations("alpha").count == 1)

        // The operator uploads charlie's .cer: the next run finishes the guided rotation.
        try fixture.upload("charlie", certificate: (stagedPFX as NSString).deletingPathExtension + ".cer")
        var finished = try fixture.run(["rotate", "due", "-p", "charlie", "--format", "json"])
        for _ in 0..<20 where finished.status == 2 {
            usleep(250_000)  // the emulator shows an upload after a moment, as Entra does
            finished = try fixture.run(["rotate", "due", "-p", "charlie", "--format", "json"])
        }
        #expect(finished.status == 0, "\(finished)")
        let charlie = try #require(try RenewalFixture.report(finished).profiles["charlie"])
        #expect(charlie["outcome"] as? String == "resumed")
        #expect((charlie["details"] as? [String])?.contains { $0.contains("Remove the certificate \(old["charlie"] ?? "?")") } == true)
        #expect(try fixture.rotations("charlie").first?["state"] as? String == "completed")
        #expect(try fixture.profileThumbprint("charlie") == stagedSHA1)
        #expect(try fixture.tokenWorks("charlie"))
    }

    @Test func anOverlapLeavesTheOldKeyUntilALaterRunRetiresIt() throws {
        let fixture = try RenewalFixture()
        // Long enough that the second run always falls inside it, even instrumented
        // (scripts/sanitize.sh) on a loaded machine; the test then waits for the instant the
        // rotation recorded, not a fixed time.
        try fixture.addProfile("overlap", due: true, extra: ["--renew-overlap", "15s"])
        let old = try fixture.firstThumbprint("overlap")
        let first = try fixture.run(["rotate", "due", "--format", "json"])
        #expect(first.status == 0, "\(first)")
        #expect(try RenewalFixture.report(first).outcomes["overlap"] == "renewed")
        let new = try #require(try fixture.profileThumbprint("overlap"))
        #expect(try fixture.registered("overlap") == [old, new], "both keys during the overlap")
        let early = try fixture.run(["rotate", "due", "--format", "json"])
        #expect(early.status == 0, "\(early)")
        #expect(try RenewalFixture.report(early).outcomes["overlap"] == "waiting")
        #expect(try fixture.registered("overlap") == [old, new])
        let retireAfter = try #require(
            (try fixture.rotations("overlap").first?["retire_after"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
        let remaining = retireAfter.timeIntervalSinceNow + 1
        if remaining > 0 { Thread.sleep(forTimeInterval: remaining) }
        let later = try fixture.run(["rotate", "due", "--format", "json"])
        #expect(try RenewalFixture.report(later).outcomes["overlap"] == "resumed", "\(later)")
        #expect(try fixture.registered("overlap") == [new], "the old key is retired once the overlap has ended")
        #expect(try fixture.actions("overlap").filter { $0.hasPrefix("renewal.") } == ["renewal.renewed", "renewal.resumed"])
    }

    /// A manual `rotate start` without --register/--overlap/--deploy-hook does what the
    /// profile's renewal policy says (graph, overlap 0, its hook); an option overrides it.
    @Test func aManualStartFollowsTheProfilesRenewalPolicy() throws {
        let fixture = try RenewalFixture()
        let hookLog = fixture.home.file("manual-hook.env")
        try fixture.addProfile("manual", due: false, extra: ["--deploy-hook", "env | grep ^CERTKEEPER_ > '\(hookLog)'"])
        let old = try fixture.firstThumbprint("manual")

        let planned = try fixture.run(["rotate", "start", "-p", "manual", "--dry-run"])
        #expect(planned.status == 0, "\(planned)")
        #expect(planned.stdout.contains("Graph addKey"), "the policy's graph registration: \(planned.stdout)")
        #expect(planned.stdout.contains("removeKey of the old certificate at once"), "the policy's overlap 0: \(planned.stdout)")
        #expect(planned.stdout.contains("run the deploy hook"), "the policy's hook: \(planned.stdout)")
        let overridden = try fixture.run(["rotate", "start", "-p", "manual", "--dry-run", "--register", "guided", "--overlap", "2d"])
        #expect(overridden.status == 0, "\(overridden)")
        #expect(overridden.stdout.contains("you upload the new .cer"), "\(overridden.stdout)")
        #expect(overridden.stdout.contains("after an overlap of 2d"), "\(overridden.stdout)")

        let rotated = try fixture.run(["rotate", "start", "-p", "manual", "--yes"])
        #expect(rotated.status == 0, "\(rotated)")
        let new = try #require(try fixture.profileThumbprint("manual"))
        #expect(new != old)
        #expect(try fixture.registered("manual") == [new], "registered through Graph and the old key retired at once")
        let hookEnvironment = try String(contentsOfFile: hookLog, encoding: .utf8)
        #expect(hookEnvironment.contains("CERTKEEPER_PROFILE=manual"), "the policy's hook ran: \(hookEnvironment)")
    }

    @Test func twoRunnersAtOnceRotateEveryDueProfileExactlyOnce() throws {
        let fixture = try RenewalFixture()
        let due = ["p1", "p2", "p3"]
        for name in due { try fixture.addProfile(name, due: true) }
        try fixture.addProfile("p4", due: false)
        try fixture.addProfile("p5", due: true, extra: ["--renew-register", "off"])
        let old = try fixture.firstThumbprint("p5")

        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            results.append(try? fixture.run(["rotate", "due", "--format", "json"]))
        }
        let outputs = results.values.compactMap { $0 }
        #expect(outputs.count == 2)
        for output in outputs { #expect(output.status == 0, "\(output)") }
        let reports = try outputs.map { try RenewalFixture.report($0).outcomes }
        for name in due {
            let renewed = reports.filter { $0[name] == "renewed" }.count
            #expect(renewed == 1, "\(name) renewed by \(renewed) runners: \(reports)")
            #expect(reports.allSatisfy { $0[name] == "renewed" || $0[name] == "not_due" }, "\(reports)")
            let rotations = try fixture.rotations(name)
            #expect(rotations.count == 1, "\(name) was rotated \(rotations.count) times")
            let new = try #require(try fixture.profileThumbprint(name))
            #expect(try fixture.registered(name) == [new], "\(name): exactly one key left")
        }
        #expect(reports.allSatisfy { $0["p4"] == "not_due" && $0["p5"] == "not_due" })
        #expect(try fixture.rotations("p4").isEmpty && fixture.rotations("p5").isEmpty)
        #expect(try fixture.profileThumbprint("p5") == old, "renewal off: left alone although due")

        // `renew` is the same command; --random-delay sleeps first, at most as long as asked.
        let renew = try fixture.run(["renew", "-p", "p4", "--random-delay", "1s"])
        #expect(renew.status == 0, "\(renew)")
        let waited = try #require(renew.stderr.split(separator: "\n").first { $0.contains("before renewing") })
        let seconds = try #require(Double(waited.split(separator: " ").dropFirst(2).first ?? ""))
        #expect((0...1).contains(seconds))
        #expect(renew.stdout.contains("not due"))
        let unknown = try fixture.run(["rotate", "due", "-p", "p1", "-p", "nosuch"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no profile named nosuch"))
        let help = try fixture.run(["rotate", "due", "--help"])
        #expect(help.stdout.contains("EXIT CODES"))
        // ArgumentParser writes the USAGE synopsis on one line; everything else fits 80 columns.
        #expect(help.stdout.split(separator: "\n").filter { !$0.hasPrefix("USAGE:") }.allSatisfy { $0.count <= 80 }, "help fits 80 columns")
    }
}

/// A JUnit file read by Python's XML parser (not by string matching).
struct JUnitCases: CustomStringConvertible {
    struct Case {
        let failureType: String?
        /// The failure's text, or system-out.
        let text: String
        var outcomeLine: String { String(text.split(separator: "\n").first ?? "") }
    }

    let suiteTests: Int
    let suiteFailures: Int
    let cases: [String: Case]

    subscript(name: String) -> Case? { cases[name] }
    var description: String { "\(cases)" }

    static func parse(_ path: String) throws -> JUnitCases {
        let script = """
            import json, sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            suite = root.find('testsuite')
            cases = {}
            for case in suite.findall('testcase'):
                failure = case.find('failure')
                out = case.find('system-out')
                cases[case.get('name')] = {
                    'type': failure.get('type') if failure is not None else None,
                    'text': (failure.text if failure is not None else (out.text if out is not None else '')) or '',
                    'time': float(case.get('time')),
                }
            print(json.dumps({'tests': int(suite.get('tests')), 'failures': int(suite.get('failures')), 'cases': cases}))
            """
        let output = try IndependentTools.python(script, [path])
        guard output.status == 0,
            let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any],
            let cases = object["cases"] as? [String: [String: Any]]
        else {
            throw TestSupportError("the JUnit report does not parse: \(output)")
        }
        return JUnitCases(
            suiteTests: object["tests"] as? Int ?? -1, suiteFailures: object["failures"] as? Int ?? -1,
            cases: cases.mapValues { Case(failureType: $0["type"] as? String, text: $0["text"] as? String ?? "") }
        )
    }
}

enum RFC3339Text {
    static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
