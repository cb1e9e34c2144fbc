import Testing
@testable import CertKeeperCore

struct DurationSpecTests {
    static let valid: [(String, Int64)] = [
        ("30d", 30 * 86_400), ("2w", 14 * 86_400), ("12h", 12 * 3_600), ("1w3d", 10 * 86_400),
        ("36", 36 * 86_400), (" 7d ", 7 * 86_400), ("0", 0), ("1d12h", 36 * 3_600), ("3D", 3 * 86_400), ("90s", 90),
    ]

    @Test(arguments: valid)
    func parses(text: String, seconds: Int64) throws {
        #expect(try DurationSpec(parsing: text).seconds == seconds)
    }

    @Test(arguments: ["", "d", "3m", "5x", "1d1d", "10 d", "-3d", "1.5d", "99999999999999999999d", "40000d", "3d4"])
    func refusesWithAOneLineReason(text: String) {
        #expect {
            try DurationSpec(parsing: text)
        } throws: { error in
            guard let error = error as? CoreError else { return false }
            return error.code == .invalidInput && !error.description.contains("\n") && error.description.contains("30d")
        }
    }

    @Test func monthsAreRefusedAsAmbiguous() {
        #expect(throws: CoreError.self) { try DurationSpec(parsing: "3m") }
        do {
            _ = try DurationSpec(parsing: "3m")
        } catch {
            #expect(error.description.contains("ambiguous"))
        }
    }

    @Test(arguments: ["30d", "2w", "1w3d", "12h", "1d12h", "0", "90s", "45"])
    func descriptionParsesBackToTheSameValue(text: String) throws {
        let parsed = try DurationSpec(parsing: text)
        #expect(try DurationSpec(parsing: parsed.description) == parsed)
    }

    @Test func describesInDays() throws {
        #expect(try DurationSpec(parsing: "2w").description == "14d")
        #expect(try DurationSpec(parsing: "30").description == "30d")
        #expect(try DurationSpec(parsing: "36h").description == "1d12h")
    }
}

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
