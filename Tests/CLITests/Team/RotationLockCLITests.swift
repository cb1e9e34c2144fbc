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
