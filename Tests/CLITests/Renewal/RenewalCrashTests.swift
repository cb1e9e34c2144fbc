import Foundation
import TestSupport
import Testing

/// Kill -9 at every step of an unattended renewal (`rotate due` with
/// CERTKEEPER_FAULT_INJECTION), then the next scheduled `rotate due`: it resumes the
/// interrupted rotation and finishes it, exactly once — one rotation, exactly the new key
/// registered, the deploy hook run once (twice only when the crash fell between the hook
/// and its record), and a third run finds nothing to do and changes nothing.
@Suite("rotate due: crash at every step", .serialized)
struct RenewalCrashTests {
    @Test("kill -9 during rotate due, then rotate due again", arguments: RotationCrashTests.points)
    func crashThenRunAgain(point: String) throws {
        let fixture = try RenewalFixture()
        let hookLog = fixture.home.file("hook.log")
        try fixture.addProfile("alpha", due: true, extra: ["--deploy-hook", "echo ran >> '\(hookLog)'"])
        let old = try fixture.firstThumbprint("alpha")

        let crashed = try fixture.run(["rotate", "due", "--format", "json"], environment: ["CERTKEEPER_FAULT_INJECTION": point])
        #expect(crashed.status == SIGKILL, "the fault switch \(point) should have killed rotate due: \(crashed)")
        #expect(try fixture.tokenWorks("alpha"), "after a crash at \(point) the profile still gets a token")

        let again = try fixture.run(["rotate", "due", "--format", "json"])
        #expect(again.status == 0, "\(again)")
        let outcome = try RenewalFixture.report(again).outcomes["alpha"]
        #expect(outcome == "resumed", "after a crash at \(point): \(again.stdout)")

        let rotations = try fixture.rotations("alpha")
        #expect(rotations.count == 1, "one rotation, not a second one: \(rotations)")
        #expect(rotations.first?["state"] as? String == "completed", "\(rotations)")
        let new = try #require(rotations.first?["new_sha1_thumbprint"] as? String)
        #expect(new != old)
        #expect(try fixture.profileThumbprint("alpha") == new)
        #expect(try fixture.registered("alpha") == [new], "the old key is gone and no stray key was added")
        #expect(try fixture.tokenWorks("alpha"))
        let runs = String(decoding: (try? fixture.home.read("hook.log")) ?? [], as: UTF8.self).split(separator: "\n").count
        #expect(runs == (point == "after-hook" ? 2 : 1), "hook ran \(runs) times")
        let keys = try FileManager.default.contentsOfDirectory(atPath: fixture.home.file("keys/profile-1")).filter { $0.hasSuffix(".pfx") }
        #expect(keys == ["revision-1.pfx"])

        // The next night: nothing is due, nothing changes.
        let before = try fixture.snapshot()
        let third = try fixture.run(["rotate", "due", "--format", "json"])
        #expect(third.status == 0, "\(third)")
        #expect(try RenewalFixture.report(third).outcomes["alpha"] == "not_due", "\(third.stdout)")
        #expect(try fixture.snapshot() == before)
    }
}
