import CertKeeperStore
import Foundation
import TestSupport
import Testing

/// Two runners, one inventory: while another process holds a profile's rotation lock, a
/// `rotate start` stops with one line naming the holder (user@host, since when), exit 1,
/// and nothing in the inventory changes; once the holder is gone, it proceeds.
@Suite("rotation lock across runners")
struct RotationLockCLITests {
    @Test func aHeldLockIsNamedAndTheStartProceedsOnceItIsReleased() throws {
        let fixture = try RotationFixture()
        let inventory = try SQLiteInventoryStore(path: fixture.home.file("inventory.sqlite"), actor: "runner-b")
        let profileID = try #require(try inventory.profile(named: RotationFixture.profile)).id
        var lease: (any RotationLease)?
        if case .acquired(let held) = try inventory.tryLockRotation(profileID: profileID, user: "runner-b") { lease = held }
        #expect(lease != nil)
        let eventsBefore = try inventory.events(matching: EventQuery()).count

        let refused = try fixture.start(["--register", "graph", "--overlap", "24h"])
        let host = try ProcessRunner.run("hostname", []).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(refused.status == 1, "\(refused)")
        let lines = refused.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].contains("runner-b@\(host) since "), "\(refused)")
        #expect(lines.first?.contains("profile \(RotationFixture.profile)") == true)
        #expect(try inventory.rotations(profileName: nil).isEmpty)
        #expect(try inventory.events(matching: EventQuery()).count == eventsBefore)

        lease = nil
        let started = try fixture.start(["--register", "graph", "--overlap", "24h"])
        #expect(started.status == 0, "\(started)")
        #expect(try fixture.tokenWorks())
    }
}

/// Runner A starts a rotation and is killed (SIGKILL) right after staging; runner B, with a
/// home of its own pointed at the same store, resumes it to the end. Both run on this one
/// machine, so B reads the staged PFX at the path A recorded (docs/postgres.md, "Rotations
/// across runners", on where the key lives between machines).
@Suite("rotation resumed by another runner")
struct RotationResumedElsewhereTests {
    @Test func aRotationKilledOnOneRunnerIsFinishedByAnother() throws {
        let fixture = try RotationFixture()
        let store = "sqlite:" + fixture.home.file("inventory.sqlite")
        let crashed = try fixture.start(["--register", "graph", "--overlap", "24h"], environment: ["CERTKEEPER_FAULT_INJECTION": "after-staged"])
        #expect(crashed.status == SIGKILL, "\(crashed)")

        let otherHome = try TemporaryDirectory("certkeeper-runner-b")
        let resumed = try Binaries.runCertkeeper(
            ["--home", otherHome.path, "rotate", "resume", "-p", RotationFixture.profile],
            environment: fixture.environment(["CERTKEEPER_STORE": store]))
        #expect(resumed.status == 0, "\(resumed)")
        #expect(try fixture.status()["state"] as? String == "promoted")
        #expect(try fixture.registeredThumbprints().count == 2, "the new key was added exactly once")
        #expect(try fixture.tokenWorks())
    }
}
