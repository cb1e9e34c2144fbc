import CertKeeperCore
import Testing

@Suite("Durations")
struct DurationSpecTests {
    @Test("accepted forms", arguments: [
        ("30", 30 * 86_400), ("30d", 30 * 86_400), ("2w", 14 * 86_400), ("12h", 12 * 3_600), ("1w3d", 10 * 86_400),
        ("2d12h", 60 * 3_600), ("90m", 5_400), ("45s", 45), ("0", 0), ("1W", 7 * 86_400), (" 7d ", 7 * 86_400),
    ])
    func accepted(text: String, seconds: Int) throws {
        #expect(try DurationSpec(parsing: text).seconds == Int64(seconds))
    }

    @Test("refused forms", arguments: ["", "d", "30x", "3d1w", "1d1d", "-5d", "1.5d", "3mo", "1y", "12 h", "99999999999999999999"])
    func refused(text: String) {
        let error = #expect(throws: CoreError.self) { try DurationSpec(parsing: text) }
        #expect(error?.code == .invalidInput)
        #expect(error?.description.contains("duration") == true)
    }

    @Test("prints its canonical form, largest units first")
    func canonicalForm() throws {
        #expect(try DurationSpec(parsing: "10d").description == "1w3d")
        #expect(try DurationSpec(parsing: "36h").description == "1d12h")
        #expect(DurationSpec.days(0).description == "0s")
        #expect(try DurationSpec(parsing: "1w3d") == DurationSpec.days(10))
    }
}
