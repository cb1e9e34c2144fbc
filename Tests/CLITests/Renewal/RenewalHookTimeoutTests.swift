import Foundation
import TestSupport
import Testing

/// `rotate due --hook-timeout`: the unattended path kills a hanging deploy hook like `rotate
/// start` does (docs/rotation.md, "Deploy hook"): the whole process group at the timeout,
/// one warning line, `timed_out` in the history, and the promotion stands. Real shell hooks
/// against the emulator.
@Suite("rotate due: deploy hook timeout")
struct RenewalHookTimeoutTests {
    /// A hook that backgrounds a child (its pid in `pidFile`) and then hangs.
    static func hangingHook(_ pidFile: String) -> String {
        "sleep 1000 & echo $! > '\(pidFile)'; sleep 1000"
    }

    /// Whether the hook's background child is still alive (killed if so, so no test leaves it).
    static func childSurvived(_ fixture: RenewalFixture, _ name: String) throws -> Bool {
        let text = String(decoding: try fixture.home.read(name), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let child = try #require(pid_t(text))
        let alive = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)).map { !$0.contains(") Z ") } ?? false
        if alive { kill(child, SIGKILL) }
        return alive
    }

    /// The `rotation.deploy_hook` events of the profile's history.
    static func hookEvents(_ fixture: RenewalFixture, _ name: String) throws -> [[String: Any]] {
        let output = try fixture.run(["history", "-p", name, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], "\(output)")
        let events = try #require(object["events"] as? [[String: Any]])
        return events.filter { $0["action"] as? String == "rotation.deploy_hook" }
    }

    static func timeoutWarnings(_ output: ProcessOutput, _ duration: String) -> [Substring] {
        output.stderr.split(separator: "\n").filter { $0.contains("deploy hook was still running after \(duration)") }
    }

    @Test func aHangingHookIsKilledAtTheTimeoutAndTheRenewalStands() throws {
        let fixture = try RenewalFixture()
        try fixture.addProfile("alpha", due: true, extra: ["--deploy-hook", Self.hangingHook(fixture.home.file("child.pid"))])
        let old = try fixture.firstThumbprint("alpha")

        let started = Date()
        let run = try fixture.run(["rotate", "due", "--hook-timeout", "2s", "--format", "json"])
        #expect(Date().timeIntervalSince(started) < 120, "rotate due waited for the hook")
        #expect(run.status == 0, "a killed hook does not fail the renewal: \(run)")
        let warnings = Self.timeoutWarnings(run, "2s")
        #expect(warnings.count == 1, "\(run.stderr)")
        #expect(warnings.first?.contains("killed with its process group") == true)
        #expect(try !Self.childSurvived(fixture, "child.pid"), "the hook's background child survived the timeout")

        let report = try RenewalFixture.report(run)
        #expect(report.outcomes["alpha"] == "renewed", "\(run.stdout)")
        let details = try #require(report.profiles["alpha"]?["details"] as? [String])
        #expect(details.filter { $0.contains("deploy hook was still running after 2s") }.count == 1, "\(details)")
        // docs/rotation.md: the promotion stands; with overlap 0 the rotation completes.
        let rotations = try fixture.rotations("alpha")
        #expect(rotations.count == 1 && rotations.first?["state"] as? String == "completed", "\(rotations)")
        let new = try #require(rotations.first?["new_sha1_thumbprint"] as? String)
        #expect(new != old)
        #expect(try fixture.profileThumbprint("alpha") == new)
        #expect(try fixture.registered("alpha") == [new])
        #expect(try fixture.tokenWorks("alpha"))
        let events = try Self.hookEvents(fixture, "alpha")
        #expect(events.count == 1, "\(events)")
        let detail = events.first?["detail"] as? [String: Any]
        #expect(detail?["timed_out"] as? Bool == true, "\(events)")
        #expect(detail?["timeout_seconds"] as? Int == 2, "\(events)")
    }

    /// The timeout is recorded with the rotation: a `rotate due` without the option that
    /// resumes it after a crash keeps the 2 s (not the 10 min default); one with the option
    /// overrides it for that run.
    @Test(arguments: [[], ["--hook-timeout", "3s"]])
    func aResumedRotationKeepsItsTimeoutUnlessTheRunGivesOne(resumeArguments: [String]) throws {
        let fixture = try RenewalFixture()
        try fixture.addProfile("alpha", due: true, extra: ["--deploy-hook", Self.hangingHook(fixture.home.file("child.pid"))])

        let crashed = try fixture.run(
            ["rotate", "due", "--hook-timeout", "2s", "--format", "json"], environment: ["CERTKEEPER_FAULT_INJECTION": "after-promoted"])
        #expect(crashed.status == SIGKILL, "\(crashed)")
        #expect(!fixture.home.exists("child.pid"), "the hook ran before the crash point")

        let started = Date()
        let resumed = try fixture.run(["rotate", "due", "--format", "json"] + resumeArguments)
        #expect(Date().timeIntervalSince(started) < 120, "the resumed rotation used the 10-minute default")
        #expect(resumed.status == 0, "\(resumed)")
        let expected = resumeArguments.isEmpty ? "2s" : "3s"
        #expect(Self.timeoutWarnings(resumed, expected).count == 1, "\(resumed.stderr)")
        #expect(try RenewalFixture.report(resumed).outcomes["alpha"] == "resumed", "\(resumed.stdout)")
        #expect(try !Self.childSurvived(fixture, "child.pid"))
        #expect(try fixture.rotations("alpha").map { $0["state"] as? String } == ["completed"])
        let detail = try Self.hookEvents(fixture, "alpha").first?["detail"] as? [String: Any]
        #expect(detail?["timeout_seconds"] as? Int == (resumeArguments.isEmpty ? 2 : 3))
    }

    @Test(arguments: ["0", "0s", "soon", "-5m", ""])
    func aBadTimeoutIsAUsageErrorAndChangesNothing(value: String) throws {
        let fixture = try RenewalFixture()
        try fixture.addProfile("alpha", due: true, extra: ["--deploy-hook", "true"])
        let before = try fixture.snapshot()
        let run = try fixture.run(["rotate", "due", "--hook-timeout", value])
        #expect(run.status == 64, "\(run)")
        #expect(run.stderr.contains("--hook-timeout"), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(try fixture.snapshot() == before)
    }
}
