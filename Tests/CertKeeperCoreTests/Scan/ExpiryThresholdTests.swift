import Testing

@testable import CertKeeperCore

struct ExpiryThresholdTests {
    static let valid: [(String, Int64)] = [("80%", 8_000), ("87.5%", 8_750), ("87.25%", 8_725), ("100%", 10_000), ("0%", 0), ("5.05%", 505)]

    @Test(arguments: valid)
    func parsesPercentages(text: String, basisPoints: Int64) throws {
        #expect(try ExpiryThreshold(parsing: text) == .lifetimeElapsed(basisPoints: basisPoints))
        #expect(try ExpiryThreshold(parsing: ExpiryThreshold(parsing: text).description) == .lifetimeElapsed(basisPoints: basisPoints))
    }

    @Test(arguments: ["101%", "100.5%", "-5%", "80.123%", "%", "8O%", ".5%", "80.%"])
    func refusesBadPercentages(text: String) {
        #expect(throws: CoreError.self) { try ExpiryThreshold(parsing: text) }
    }

    @Test func aDurationIsARemainingTimeThreshold() throws {
        #expect(try ExpiryThreshold(parsing: "1w3d") == .remaining(.days(10)))
    }
}
