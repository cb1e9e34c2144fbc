import Foundation
import TestSupport
import Testing

/// The deploy hook is an operator's script that certkeeper does not control: a hook that
/// hangs is killed at --hook-timeout with everything it started, it inherits only stdio, a
/// daemon it backgrounds does not keep `rotate` (or whoever reads its output) waiting, and
/// `rotate resume` can replace or skip it. Real shell scripts against the emulator.
@Suite("deploy hook limits")
struct DeployHookTests {
    static func history(_ fixture: RotationFixture) throws -> String {
        try fixture.run(["history", "-p", RotationFixture.profile, "--format", "json"]).stdout
    }

    @Test func aHookPastItsTimeoutIsKilledAndThePromotionStands() throws {
        let fixture = try RotationFixture()
        let pidFile = fixture.home.file("child.pid")
        let hook = "sleep 1000 & echo $! > '\(pidFile)'; sleep 1000"
        let started = Date()
        let run = try fixture.start(["--register", "graph", "--overlap", "0", "--deploy-hook", hook, "--hook-timeout", "2s"])
        #expect(Date().timeIntervalSince(started) < 120)
        #expect(run.status == 0, "\(run)")
        let warnings = run.stderr.split(separator: "\n").filter { $0.contains("deploy hook was still running after 2s") }
        #expect(warnings.count == 1, "\(run.stderr)")
        #expect(warnings.first?.contains("killed with its process group") == true)
        #expect(try fixture.status()["state"] as? String == "completed")
        #expect(try fixture.tokenWorks())
        #expect(try Self.history(fixture).contains("\"timed_out\""))
        let child = try #require(pid_t(String(decoding: try fixture.home.read("child.pid"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        let alive = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)).map { !$0.contains(") Z ") } ?? false
        if alive { kill(child, SIGKILL) }
        #expect(!alive, "the hook's background child survived the timeout")
    }

    @Test func aBackgroundedDaemonDoesNotKeepRotateWaitingAndOnlyStdioIsInherited() throws {
        let fixture = try RotationFixture()
        let pidFile = fixture.home.file("daemon.pid")
        // `ls` lists its own descriptors: stdio, and the directory it reads (3).
        let hook = "ls -l /proc/self/fd; sleep 1000 & echo $! > '\(pidFile)'; echo deployed"
        let started = Date()
        // The test reads certkeeper's stdout and stderr to the end: a daemon holding either
        // would keep this call waiting for 1000 s.
        let run = try fixture.start(["--register", "graph", "--overlap", "0", "--deploy-hook", hook])
        let seconds = Date().timeIntervalSince(started)
        let daemon = try #require(pid_t(String(decoding: try fixture.home.read("daemon.pid"), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(daemon, SIGKILL)
        #expect(run.status == 0, "\(run)")
        #expect(seconds < 120, "rotate waited \(seconds) s")
        #expect(run.stderr.contains("deployed"), "the hook's output goes to stderr: \(run)")
        #expect(!run.stdout.contains("deployed"))
        let listing = run.stderr.split(separator: "\n").filter { $0.contains(" -> ") }
        let numbers = listing.map { $0.components(separatedBy: " -> ")[0].split(separator: " ").last.map(String.init) ?? "" }
        #expect(numbers == ["0", "1", "2", "3"], "the hook inherited more than stdio:\n\(listing.joined(separator: "\n"))")
        #expect(listing.first?.hasSuffix(" 0 -> /dev/null") == true, "\(listing)")
        #expect(listing.last?.contains(" 3 -> /proc/") == true, "\(listing)")
    }

    @Test func resumeReplacesOrSkipsTheStoredHook() throws {
        let fixture = try RotationFixture()
        let log = fixture.home.file("hook.log")
        let arguments = ["--register", "graph", "--overlap", "0", "--deploy-hook", "echo old >> '\(log)'"]
        let crashed = try fixture.start(arguments, environment: ["CERTKEEPER_FAULT_INJECTION": "after-verified"])
        #expect(crashed.status == SIGKILL, "\(crashed)")

        let both = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile, "--hook", "true", "--no-hook"])
        #expect(both.status == 64, "\(both)")
        // Replaced, then killed again before the hook ran: the replacement is remembered.
        let replaced = try fixture.run(
            ["rotate", "resume", "-p", RotationFixture.profile, "--deploy-hook", "echo new >> '\(log)'"],
            environment: ["CERTKEEPER_FAULT_INJECTION": "after-promoted"])
        #expect(replaced.status == SIGKILL, "\(replaced)")
        let resumed = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(String(decoding: try fixture.home.read("hook.log"), as: UTF8.self) == "new\n")
        #expect(try fixture.status()["state"] as? String == "completed")
        #expect(try Self.history(fixture).contains("rotation.deploy_hook_changed"))
    }

    @Test func noHookSkipsItAndAHookThatRanCannotBeChanged() throws {
        let fixture = try RotationFixture()
        let log = fixture.home.file("hook.log")
        let crashed = try fixture.start(
            ["--register", "graph", "--overlap", "0", "--deploy-hook", "echo old >> '\(log)'"], environment: ["CERTKEEPER_FAULT_INJECTION": "after-verified"])
        #expect(crashed.status == SIGKILL, "\(crashed)")
        let skipped = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile, "--no-deploy-hook"])
        #expect(skipped.status == 0, "\(skipped)")
        #expect(!fixture.home.exists("hook.log"))
        #expect(try Self.history(fixture).contains("\"skipped\""))

        // A second rotation that waits out its overlap after the hook ran.
        let second = try fixture.start(["--register", "graph", "--overlap", "1h", "--deploy-hook", "echo second >> '\(log)'"])
        #expect(second.status == 0, "\(second)")
        #expect(String(decoding: try fixture.home.read("hook.log"), as: UTF8.self) == "second\n")
        let before = try Self.history(fixture)
        let refused = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile, "--no-deploy-hook"])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("already ran"), "\(refused)")
        #expect(refused.stderr.split(separator: "\n").count == 1, "\(refused)")
        #expect(try Self.history(fixture) == before, "a refused change records nothing")
    }
}
