import Foundation
import Testing

@testable import CertKeeperEntra

/// What a Graph listing's credentials are turned into: dates with Graph's seven fractional
/// digits or offsets, thumbprints from customKeyIdentifier.
@Suite struct GraphDirectoryParsingTests {
    @Test func graphDatesParse() throws {
        let whole = try #require(GraphDateTime.parse("2026-01-31T10:00:00Z"))
        #expect(whole.timeIntervalSince1970 == 1_769_853_600)
        let precise = try #require(GraphDateTime.parse("2026-01-31T10:00:00.1234567Z"))
        #expect(abs(precise.timeIntervalSince(whole) - 0.1234567) < 1e-6)
        #expect(GraphDateTime.parse("2026-01-31T12:00:00+02:00") == whole)
        for bad in ["2026-02-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-31 10:00:00Z", "2026-01-31T10:00:00", "", "2026-01-31T10:00:00.Z", "2026-01-31T10:00:00Zjunk"] {
            #expect(GraphDateTime.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func thumbprintsComeFromCustomKeyIdentifier() {
        let bytes = (1...20).map { UInt8($0) }
        let hex = bytes.map { String(format: "%02X", $0) }.joined()
        #expect(GraphDirectoryCredential.thumbprint(Data(bytes).base64EncodedString()) == hex)
        #expect(GraphDirectoryCredential.thumbprint(Data(hex.lowercased().utf8).base64EncodedString()) == hex)
        #expect(GraphDirectoryCredential.thumbprint(Data("my label".utf8).base64EncodedString()) == nil)
        #expect(GraphDirectoryCredential.thumbprint("not base64!") == nil)
        #expect(GraphDirectoryCredential.thumbprint(nil) == nil)
    }

    @Test func nextLinksStayOnTheGraphHost() throws {
        let reader = try GraphDirectoryReader(endpoint: "https://graph.microsoft.com")
        #expect(try reader.nextURL("https://graph.microsoft.com/v1.0/applications?$skiptoken=x", label: "page 1").host == "graph.microsoft.com")
        for link in [
            "https://graph.microsoft.com.evil.example/v1.0/applications", "http://graph.microsoft.com/v1.0/applications",
            "https://graph.microsoft.com:8443/v1.0/applications", "https://evil.example/",
        ] {
            #expect(throws: EntraError.self) { try reader.nextURL(link, label: "page 1") }
        }
    }
}
