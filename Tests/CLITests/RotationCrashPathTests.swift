import Foundation
import TestSupport
import Testing

/// Kill -9 (CERTKEEPER_FAULT_INJECTION) on the paths the every-step test does not take: while
/// rolling back, during a guided registration, and with an overlap. After the crash the
/// operator's next command finishes the job, the profile always gets a token, and exactly
/// the expected certificates stay registered.
@Suite("rotate: crash while rolling back, guided, with overlap", .serialized)
struct RotationCrashPathTests {
    /// `rotate rollback` killed after committing rolled_back (a promoted rotation: the profile
    /// is back on the old certificate, the new key not yet withdrawn) or after Graph removed
    /// the new key (not yet recorded). Rolling back again withdraws what is left, or (all
    /// done: rolled back and withdrawn) says there is nothing to roll back.
    @Test(
        "kill -9 during rotate rollback, then roll back again",
        arguments: [
            ("24h", "after-rolled_back", Int32(0)), ("24h", "after-remove-key", Int32(1)), ("0", "after-remove-key", Int32(0)),
        ])
    func crashWhileRollingBack(overlap: String, point: String, secondStatus: Int32) throws {
        let fixture = try RotationFixture()
        let old = try fixture.firstThumbprint()
        if overlap == "0" {
            // Stop a rotation at registered (new key added, profile unchanged).
            #expect(try fixture.start(["--register", "graph", "--overlap", "0"], environment: ["CERTKEEPER_FAULT_INJECTION": "after-registered"]).status == SIGKILL)
        } else {
            #expect(try fixture.start(["--register", "graph", "--overlap", overlap]).status == 0)
            #expect(try fixture.status()["state"] as? String == "promoted")
        }
        let new = try #require(try fixture.status()["new_sha1_thumbprint"] as? String)
        #expect(try fixture.registeredThumbprints() == [old, new])

        let crashed = try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile], environment: ["CERTKEEPER_FAULT_INJECTION": point])
        #expect(crashed.status == SIGKILL, "the fault switch \(point) should have killed the rollback: \(crashed)")
        #expect(try fixture.tokenWorks(), "after a crash at \(point) during rollback the profile still gets a token")

        let again = try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile])
        #expect(again.status == secondStatus, "\(again)")
        if secondStatus != 0 { #expect(again.stderr.contains("no unfinished rotation to roll back"), "\(again)") }
        #expect(try fixture.status()["state"] as? String == "rolled_back")
        #expect(try fixture.profileThumbprint() == old)
        #expect(try fixture.registeredThumbprints() == [old], "the new key is withdrawn even though the first rollback died")
        #expect(try fixture.tokenWorks())
    }

    /// The automatic rollback after a failed verification, killed right after Graph removed
    /// the new key: `rotate rollback` finishes it.
    @Test func crashDuringTheAutomaticRollbackAfterAFailedVerification() throws {
        let fixture = try RotationFixture(serveArguments: ["--replication-delay", "60s"])
        let old = try fixture.firstThumbprint()
        let crashed = try fixture.start(
            ["--register", "graph", "--overlap", "0", "--verify-timeout", "2s"], environment: ["CERTKEEPER_FAULT_INJECTION": "after-remove-key"]
        )
        #expect(crashed.status == SIGKILL, "\(crashed)")
        #expect(try fixture.tokenWorks())
        let rolledBack = try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile])
        #expect(rolledBack.status == 0, "\(rolledBack)")
        #expect(try fixture.status()["state"] as? String == "rolled_back")
        #expect(try fixture.profileThumbprint() == old)
        #expect(try fixture.registeredThumbprints() == [old])
    }

    /// Guided registration: a crash while staging (start) or after the operator's upload
    /// (resume --wait); resuming completes, and guided retirement leaves the old certificate
    /// registered for the operator to remove.
    @Test(
        "guided: kill -9, then resume",
        arguments: [
            ("start", "after-stage-files"), ("start", "after-staged"),
            ("resume", "after-registered"), ("resume", "after-promoted"), ("resume", "after-retired"),
        ])
    func guidedCrashThenResume(phase: String, point: String) throws {
        let fixture = try RotationFixture()
        let old = try fixture.firstThumbprint()
        let fault: [String: String?] = ["CERTKEEPER_FAULT_INJECTION": point]
        let start = try fixture.start(["--register", "guided", "--overlap", "0"], environment: phase == "start" ? fault : [:])
        #expect(start.status == (phase == "start" ? SIGKILL : 0), "\(start)")
        #expect(try fixture.tokenWorks())
        if phase == "start" {
            let staged = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile])
            #expect(staged.status == 0, "\(staged)")
            #expect(staged.stdout.contains("Upload the new certificate"), "\(staged)")
        }
        let status = try fixture.status()
        #expect(status["state"] as? String == "staged")
        let new = try #require(status["new_sha1_thumbprint"] as? String)
        let path = try #require(status["new_certificate_path"] as? String)
        try fixture.registerWithEmulator((path as NSString).deletingPathExtension + ".cer")

        if phase == "resume" {
            let crashed = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile, "--wait"], environment: fault)
            #expect(crashed.status == SIGKILL, "\(crashed)")
            #expect(try fixture.tokenWorks(), "after a crash at \(point) the profile still gets a token")
        }
        let resumed = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile, "--wait"])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try fixture.status()["state"] as? String == "completed")
        #expect(try fixture.profileThumbprint() == new)
        #expect(try fixture.registeredThumbprints() == [old, new], "guided retirement only tells the operator to remove the old one")
        #expect(try fixture.tokenWorks())
        let keys = try FileManager.default.contentsOfDirectory(atPath: fixture.home.file("keys/profile-1")).filter { $0.hasSuffix(".pfx") }
        #expect(keys == ["revision-1.pfx"])
    }

    /// `--overlap 1s`: a crash before promotion (start) or while retiring once the overlap
    /// has passed (resume); both certificates work until retirement, then only the new one
    /// stays registered.
    @Test(
        "overlap: kill -9, then resume after the overlap",
        arguments: [
            ("start", "after-verified"), ("start", "after-promoted"), ("resume", "after-remove-key"), ("resume", "after-retired"),
        ])
    func overlapCrashThenResume(phase: String, point: String) throws {
        let fixture = try RotationFixture()
        let old = try fixture.firstThumbprint()
        let fault: [String: String?] = ["CERTKEEPER_FAULT_INJECTION": point]
        let start = try fixture.start(["--register", "graph", "--overlap", "1s"], environment: phase == "start" ? fault : [:])
        #expect(start.status == (phase == "start" ? SIGKILL : 0), "\(start)")
        #expect(try fixture.tokenWorks())
        let new = try #require(try fixture.status()["new_sha1_thumbprint"] as? String)
        #expect(try fixture.registeredThumbprints() == [old, new], "during the overlap both stay registered")

        usleep(1_500_000)  // the overlap ends
        if phase == "resume" {
            let crashed = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile], environment: fault)
            #expect(crashed.status == SIGKILL, "\(crashed)")
            #expect(try fixture.tokenWorks(), "after a crash at \(point) the profile still gets a token")
        }
        var resumed = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile])
        // A resume that promotes (crash before promotion) starts the overlap afresh.
        for _ in 0..<12 {
            guard resumed.status == 0, try fixture.status()["state"] as? String == "promoted" else { break }
            usleep(500_000)
            resumed = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile])
        }
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try fixture.status()["state"] as? String == "completed")
        #expect(try fixture.profileThumbprint() == new)
        #expect(try fixture.registeredThumbprints() == [new], "the old key is removed once, after the overlap")
        #expect(try fixture.tokenWorks())
    }
}
