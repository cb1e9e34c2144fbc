import CertKeeperIdP
import Testing

@Suite struct SupportTests {
    @Test func formBodyDecodesEscapesAndPlus() throws {
        let fields = try #require(FormBody.parse(Array("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&a=b+c&a=ignored&empty=".utf8)))
        #expect(fields["scope"] == "https://graph.microsoft.com/.default")
        #expect(fields["a"] == "b c")
        #expect(fields["empty"] == "")
        #expect(FormBody.parse(Array("bad=%zz".utf8)) == nil)
        #expect(FormBody.parse(FormBody.encode([("k", "a+b/c=d &é")])) == ["k": "a+b/c=d &é"])
    }

    @Test(arguments: [("5s", 5.0), ("500ms", 0.5), ("2m", 120.0), ("1h", 3600.0), ("7", 7.0), ("0", 0.0)])
    func durations(text: String, seconds: Double) throws {
        #expect(try DurationOption.seconds(parsing: text) == seconds)
    }

    @Test func badDurationSaysWhatToWrite() {
        #expect(throws: IdPError(.invalidValue, "")) { try DurationOption.seconds(parsing: "soon") }
        #expect(throws: IdPError(.invalidValue, "")) { try DurationOption.seconds(parsing: "-1s") }
    }
}
