import Foundation
import TestSupport
import Testing

@testable import CertKeeperCore

/// Status edges, with a fixed `now` and validity periods chosen around it.
struct ExpiryPolicyTests {
    let now = testEpoch
    let day: TimeInterval = 86_400

    func status(warn: String = "30d", crit: String = "7d", notBefore: Date, notAfter: Date) throws -> ExpiryEvaluation {
        let policy = try ExpiryPolicy(warning: ExpiryThreshold(parsing: warn), critical: ExpiryThreshold(parsing: crit))
        return policy.evaluate(notBefore: notBefore, notAfter: notAfter, at: now)
    }

    @Test func exactlyThirtyDaysLeftIsAWarning() throws {
        let edge = try status(notBefore: now - 300 * day, notAfter: now + 30 * day)
        #expect(edge.status == .warning)
        #expect(edge.daysRemaining == 30)
        let justBefore = try status(notBefore: now - 300 * day, notAfter: now + 30 * day + 1)
        #expect(justBefore.status == .ok)
    }

    @Test func exactlySevenDaysLeftIsCritical() throws {
        #expect(try status(notBefore: now - 300 * day, notAfter: now + 7 * day).status == .critical)
        #expect(try status(notBefore: now - 300 * day, notAfter: now + 7 * day + 1).status == .warning)
    }

    @Test func notAfterItselfIsStillValidAndOneSecondLaterIsExpired() throws {
        let atEdge = try status(notBefore: now - 10 * day, notAfter: now)
        #expect(atEdge.status == .critical)
        #expect(atEdge.daysRemaining == 0)
        let expired = try status(notBefore: now - 10 * day, notAfter: now - 1)
        #expect(expired.status == .expired)
        #expect(expired.daysRemaining == -1)
        #expect(expired.lifetimeElapsedPercent == 100)
        #expect(try status(notBefore: now - 100 * day, notAfter: now - 40 * day).daysRemaining == -40)
    }

    @Test func notYetValidUntilNotBefore() throws {
        let future = try status(notBefore: now + 1, notAfter: now + 5 * day)
        #expect(future.status == .notYetValid)
        #expect(future.lifetimeElapsedPercent == 0)
        #expect(try status(notBefore: now, notAfter: now + 100 * day).status == .ok)
    }

    @Test func eightyPercentOfTheLifetimeElapsedIsAWarning() throws {
        // 100-day certificate: 80 days elapsed is exactly 80%.
        let edge = try status(warn: "80%", crit: "95%", notBefore: now - 80 * day, notAfter: now + 20 * day)
        #expect(edge.status == .warning)
        #expect(edge.lifetimeElapsedPercent == 80)
        let below = try status(warn: "80%", crit: "95%", notBefore: now - 80 * day + 1, notAfter: now + 20 * day + 1)
        #expect(below.status == .ok)
        #expect(try status(warn: "80%", crit: "95%", notBefore: now - 95 * day, notAfter: now + 5 * day).status == .critical)
    }

    @Test func percentagesAndDurationsMix() throws {
        // 3-year certificate at 81% elapsed still has ~208 days: warned by 80%, not critical by 7d.
        let result = try status(warn: "80%", crit: "7d", notBefore: now - 888 * day, notAfter: now + 207 * day)
        #expect(result.status == .warning)
    }

    @Test func aCriticalThresholdLooserThanTheWarningIsRefused() throws {
        #expect(throws: CoreError.self) { try ExpiryPolicy(warning: .remaining(.days(7)), critical: .remaining(.days(30))) }
        #expect(throws: CoreError.self) {
            try ExpiryPolicy(warning: .lifetimeElapsed(basisPoints: 9_000), critical: .lifetimeElapsed(basisPoints: 8_000))
        }
        _ = try ExpiryPolicy(warning: .remaining(.days(7)), critical: .remaining(.days(7)))
        _ = try ExpiryPolicy(warning: .lifetimeElapsed(basisPoints: 8_000), critical: .remaining(.days(30)))
    }
}

struct ScanSummaryTests {
    func summary(_ statuses: [ScanStatus]) -> ScanSummary {
        var summary = ScanSummary()
        for status in statuses { summary.add(status) }
        return summary
    }

    /// Statuses found, `--fail-on`, expected exit code.
    static let cases: [([ScanStatus], FailOn, Int32)] = [
        ([.ok], .warning, 0),
        ([.ok, .warning], .warning, 2),
        ([.ok, .warning], .critical, 0),
        ([.warning, .critical], .warning, 3),
        ([.warning, .critical], .critical, 3),
        ([.warning, .critical], .expired, 0),
        ([.critical, .expired], .critical, 4),
        ([.expired], .expired, 4),
        ([.expired], .never, 0),
        ([.notYetValid], .warning, 2),
        ([.notYetValid], .critical, 0),
        ([.ok, .error], .warning, 0),
        ([.ok, .error], .error, 1),
        ([.error], .never, 0),
        ([.warning, .error], .error, 2),
        ([.expired, .error], .error, 4),
        ([], .error, 0),
    ]

    @Test(arguments: cases)
    func exitCodePerFailOn(statuses: [ScanStatus], failOn: FailOn, expected: Int32) {
        #expect(summary(statuses).exitCode(failOn: failOn) == expected)
    }

    @Test func worstIgnoresUnreadableSources() {
        #expect(summary([.ok, .error]).worst == .ok)
        #expect(summary([.notYetValid, .warning]).worst == .warning)
        #expect(summary([.error]).worst == nil)
        #expect(summary([.ok, .error, .warning]).certificates == 2)
    }

    /// Directory findings: an app without a valid credential fails like an expired
    /// certificate; client secrets and unmanaged certificates only under `--warn-on`.
    static let directoryCases: [([ScanStatus], FailOn, Set<ScanStatus>, Int32)] = [
        ([.noValidCredential], .expired, [], 4),
        ([.noValidCredential, .warning], .warning, [], 4),
        ([.clientSecret, .unmanagedCertificate, .ok], .warning, [], 0),
        ([.clientSecret, .ok], .warning, [.clientSecret], 2),
        ([.clientSecret, .ok], .critical, [.clientSecret], 0),
        ([.unmanagedCertificate], .warning, [.clientSecret], 0),
        ([.unmanagedCertificate], .error, [.unmanagedCertificate], 2),
    ]

    @Test(arguments: directoryCases)
    func directoryFindingsAndWarnOn(statuses: [ScanStatus], failOn: FailOn, warnOn: Set<ScanStatus>, expected: Int32) {
        var summary = ScanSummary(warnOn: warnOn)
        for status in statuses { summary.add(status) }
        #expect(summary.exitCode(failOn: failOn) == expected)
        #expect(failOn.fails(statuses[0], warnOn: warnOn) == (expected != 0 && statuses[0].severity(warnOn: warnOn) > 0))
    }

    @Test func worstRanksRaisedFindingsAsWarnings() {
        var plain = ScanSummary()
        var raised = ScanSummary(warnOn: [.clientSecret])
        for status in [ScanStatus.ok, .clientSecret, .notYetValid] {
            plain.add(status)
            raised.add(status)
        }
        #expect(plain.worst == .notYetValid)
        #expect(raised.worst == .notYetValid)
        var secretsOnly = ScanSummary(warnOn: [.clientSecret])
        secretsOnly.add(.ok)
        secretsOnly.add(.clientSecret)
        #expect(secretsOnly.worst == .clientSecret && secretsOnly.exitCode(failOn: .warning) == 2)
    }
}
