import CertKeeperBase
import Testing

@testable import CertKeeperBase

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
            guard let error = error as? BaseError else { return false }
            return error.code == .invalidInput && !error.description.contains("\n") && error.description.contains("30d")
        }
    }

    @Test func monthsAreRefusedAsAmbiguous() {
        #expect(throws: BaseError.self) { try DurationSpec(parsing: "3m") }
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

    /// `rotate --overlap`, `--verify-timeout`: `m` is minutes, `0` is none, bare numbers days.
    @Test(arguments: [("10m", 600_000), ("2m", 120_000), ("0", 0), ("24h", 86_400_000), ("90s", 90_000), ("2", 172_800_000), ("1h30m", 5_400_000)] as [(String, Int64)])
    func timeoutGrammar(text: String, milliseconds: Int64) throws {
        #expect(try DurationSpec(parsing: text, grammar: .timeout).milliseconds == milliseconds)
    }

    /// The emulator's options: bare numbers are seconds, fractions and milliseconds work.
    @Test(arguments: [("5s", 5_000), ("500ms", 500), ("2m", 120_000), ("1h", 3_600_000), ("7", 7_000), ("0", 0), ("3599s", 3_599_000), ("1.5s", 1_500)] as [(String, Int64)])
    func emulatorGrammar(text: String, milliseconds: Int64) throws {
        #expect(try DurationSpec(parsing: text, grammar: .emulator).milliseconds == milliseconds)
    }

    @Test(arguments: ["soon", "-1s", "1..5s", ".5s", "5ms5ms", "m"])
    func emulatorGrammarRefuses(text: String) {
        #expect(throws: BaseError(.invalidInput, "")) { try DurationSpec(parsing: text, grammar: .emulator) }
    }

    @Test func fractionsOnlyWhereTheGrammarTakesThem() {
        #expect(throws: BaseError(.invalidInput, "")) { try DurationSpec(parsing: "500ms") }
        #expect(throws: BaseError(.invalidInput, "")) { try DurationSpec(parsing: "1.5h", grammar: .timeout) }
    }
}
