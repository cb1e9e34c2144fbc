import CertKeeperCore
import Foundation
import Testing

/// When a certificate is due under renew_before: the edges are those of scan thresholds.
@Suite("renewal schedule")
struct RenewalScheduleTests {
    static let notBefore = Date(timeIntervalSince1970: 1_800_000_000)
    static let notAfter = notBefore.addingTimeInterval(30 * 86_400)

    @Test("a share of the lifetime: due from the first second at which that share has elapsed")
    func share() throws {
        let schedule = try RenewalSchedule(parsing: "66%")
        // 66% of 2,592,000 s is 1,710,720 s exactly.
        let due = Self.notBefore.addingTimeInterval(1_710_720)
        #expect(schedule.dueDate(notBefore: Self.notBefore, notAfter: Self.notAfter) == due)
        #expect(!schedule.isDue(notBefore: Self.notBefore, notAfter: Self.notAfter, at: due.addingTimeInterval(-1)))
        #expect(schedule.isDue(notBefore: Self.notBefore, notAfter: Self.notAfter, at: due))
        // A lifetime that does not divide evenly rounds the due instant up, never early.
        let odd = Self.notBefore.addingTimeInterval(7)
        #expect(try RenewalSchedule(parsing: "50%").dueDate(notBefore: Self.notBefore, notAfter: odd) == Self.notBefore.addingTimeInterval(4))
    }

    @Test("a time left: due at exactly that much before notAfter")
    func timeLeft() throws {
        let schedule = try RenewalSchedule(parsing: "1w3d")
        let due = Self.notAfter.addingTimeInterval(-10 * 86_400)
        #expect(schedule.dueDate(notBefore: Self.notBefore, notAfter: Self.notAfter) == due)
        #expect(schedule.isDue(notBefore: Self.notBefore, notAfter: Self.notAfter, at: due))
        #expect(!schedule.isDue(notBefore: Self.notBefore, notAfter: Self.notAfter, at: due.addingTimeInterval(-1)))
        #expect(schedule.summary == "when 10d or less remain")
        #expect(try RenewalSchedule(parsing: "66%").summary == "when 66% of the lifetime has elapsed")
    }

    @Test("a renew_before as long as the lifetime makes every new certificate due at once")
    func dueWhenIssued() throws {
        let lifetime = Self.notAfter.timeIntervalSince(Self.notBefore)
        #expect(try RenewalSchedule(parsing: "30d").isDueWhenIssued(lifetime: lifetime))
        #expect(try RenewalSchedule(parsing: "45d").isDueWhenIssued(lifetime: lifetime))
        #expect(!(try RenewalSchedule(parsing: "29d").isDueWhenIssued(lifetime: lifetime)))
        #expect(!(try RenewalSchedule(parsing: "99.99%").isDueWhenIssued(lifetime: lifetime)))
    }

    @Test("values that renew never or always are refused", arguments: ["0%", "100%", "0d", "0", "120%", "-5d", "5m", "", "soon"])
    func refused(text: String) {
        #expect(throws: CoreError.self) { try RenewalSchedule(parsing: text) }
    }
}
