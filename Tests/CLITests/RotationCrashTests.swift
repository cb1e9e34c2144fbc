import Foundation
import TestSupport
import Testing

/// Kill -9 at every step of a rotation (CERTKEEPER_FAULT_INJECTION makes the process SIGKILL
/// itself right after that point), then `rotate resume`: the rotation completes, the profile
/// could get a token at every moment in between, exactly the new certificate stays
/// registered, and the deploy hook ran.
@Suite("rotate: crash at every step", .serialized)
struct RotationCrashTests {
    static let points = [
        "after-started", "after-stage-files", "after-staged", "after-add-key", "after-registered",
        "after-verified", "after-promoted", "after-hook", "after-remove-key", "after-retired",
    ]

    @Test("kill -9, then resume", arguments: points)
    func crashThenResume(point: String) throws {
        let fixture = try RotationFixture()
        let hookLog = fixture.home.file("hook.log")
        let arguments = ["--register", "graph", "--overlap", "0", "--deploy-hook", "echo ran >> '\(hookLog)'"]

        let crashed = try fixture.start(arguments, environment: ["CERTKEEPER_FAULT_INJECTION": point])
        #expect(crashed.status == SIGKILL, "the fault switch \(point) should have killed the process: \(crashed)")
        #expect(try fixture.tokenWorks(), "after a crash at \(point) the profile still gets a token")

        let resumed = try fixture.run(["rotate", "resume", "-p", RotationFixture.profile])
        #expect(resumed.status == 0, "\(resumed)")
        let status = try fixture.status()
        #expect(status["state"] as? String == "completed")
        let new = try #require(status["new_sha1_thumbprint"] as? String)
        #expect(try fixture.profileThumbprint() == new)
        #expect(try fixture.registeredThumbprints() == [new], "the old key is gone and no stray key was added")
        #expect(try fixture.tokenWorks())

        // The hook runs once; a crash after it ran but before it was recorded runs it again
        // (at least once: hooks must be idempotent, as docs/rotation.md says).
        let runs = String(decoding: (try? fixture.home.read("hook.log")) ?? [], as: UTF8.self).split(separator: "\n").count
        #expect(runs == (point == "after-hook" ? 2 : 1), "hook ran \(runs) times")
        // One staged key per rotation, even when staging was interrupted.
        let keys = try FileManager.default.contentsOfDirectory(atPath: fixture.home.file("keys/profile-1")).filter { $0.hasSuffix(".pfx") }
        #expect(keys == ["revision-1.pfx"])
    }

    @Test("kill -9 during an unfinished rotation, then roll back", arguments: ["after-staged", "after-registered", "after-promoted"])
    func crashThenRollBack(point: String) throws {
        let fixture = try RotationFixture()
        let old = try fixture.firstThumbprint()
        let crashed = try fixture.start(["--register", "graph", "--overlap", "0"], environment: ["CERTKEEPER_FAULT_INJECTION": point])
        #expect(crashed.status == SIGKILL)
        let rolledBack = try fixture.run(["rotate", "rollback", "-p", RotationFixture.profile])
        #expect(rolledBack.status == 0, "\(rolledBack)")
        #expect(try fixture.status()["state"] as? String == "rolled_back")
        #expect(try fixture.profileThumbprint() == old)
        #expect(try fixture.registeredThumbprints() == [old])
        #expect(try fixture.tokenWorks())
    }
}
