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
}
