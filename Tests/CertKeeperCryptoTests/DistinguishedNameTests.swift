import CertKeeperCrypto
import Foundation
import Testing

@Suite("Distinguished names and SANs")
struct DistinguishedNameTests {
    @Test func parsesEscapedCommasAndPrintsThemBack() throws {
        let name = try DistinguishedName(parsing: "CN=MyApp,O=Contoso\\, Ltd,C=US")
        #expect(
            name.attributes == [
                .init(type: "CN", value: "MyApp"), .init(type: "O", value: "Contoso, Ltd"), .init(type: "C", value: "US"),
            ])
        #expect(name.description == "CN=MyApp, O=Contoso\\, Ltd, C=US")
        #expect(try DistinguishedName(parsing: name.description) == name)
    }

    @Test func parsesOpenSSLSlashFormAndLongTypeNames() throws {
        #expect(try DistinguishedName(parsing: "/C=US/O=Contoso/CN=MyApp").attributes.map(\.type) == ["C", "O", "CN"])
        #expect(try DistinguishedName(parsing: "commonName=x, organizationName=y").description == "CN=x, O=y")
        #expect(try DistinguishedName(parsing: "CN=a\\2Cb").commonName == "a,b")
    }

    @Test("rejects malformed subjects", arguments: ["", "   ", "CN", "=x", "CN=", "CN=x\\"])
    func rejects(subject: String) {
        #expect(throws: CryptoError(.invalidParameter, "")) { try DistinguishedName(parsing: subject) }
    }

    /// Found by fuzz-dn: a slash-form subject with a ',' or '\\' inside an attribute type
    /// parsed, but printed as text that does not parse (or parses to another name).
    @Test("an attribute type is a name or an OID", arguments: ["/CNMpo,O==CO=C", "CN,O=x", "C N=x", "CN\\a=x", "1.=x", "é=x", "-CN=x"])
    func attributeTypesAreNamesOrOIDs(subject: String) {
        #expect(throws: CryptoError(.invalidParameter, "")) { try DistinguishedName(parsing: subject) }
    }

    @Test func everyFuzzRegressionInputIsRefusedOrRoundTrips() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/fuzz-dn")
        let inputs = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!inputs.isEmpty)
        for input in inputs {
            let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent(input)), as: UTF8.self)
            guard let name = try? DistinguishedName(parsing: text) else { continue }
            #expect(try DistinguishedName(parsing: name.description) == name, "\(input): \(text.debugDescription)")
        }
        #expect(try DistinguishedName(parsing: "2.5.4.3=x, streetAddress=y").attributes.map(\.type) == ["2.5.4.3", "street"])
    }

    /// fuzz-dn found it: an escaped combining mark (U+035A) at the start of a value printed
    /// as `CN=` + the mark, whose '=' then formed one grapheme cluster with the mark and was
    /// not found when parsed again. Parsing and printing work on Unicode scalars.
    @Test func aValueStartingWithACombiningMarkRoundTrips() throws {
        let name = try DistinguishedName(parsing: "CN=\\\u{35A}e, O=x\u{301}")
        #expect(name.attributes == [.init(type: "CN", value: "\u{35A}e"), .init(type: "O", value: "x\u{301}")])
        #expect(try DistinguishedName(parsing: name.description) == name, "\(name.description.debugDescription)")
        let slash = try DistinguishedName(parsing: "/CN=\u{35A}/O=\u{301}\\/")
        #expect(slash.attributes.map(\.value) == ["\u{35A}", "\u{301}/"])
        #expect(try DistinguishedName(parsing: slash.description) == slash, "\(slash.description.debugDescription)")
    }

    /// fuzz-dn found it: whitespace at either end of a value (`CN=\\<TAB>x`, `CN=a\\20`)
    /// printed unescaped, or escaped but trimmed anyway, so the printed name lost it or did
    /// not parse. Escaped whitespace survives trimming, and the printer escapes it.
    @Test func whitespaceAtTheEdgesOfAValueRoundTrips() throws {
        let tab = try DistinguishedName(parsing: "CN=\\\t\tquoted\\\", O=\\#hash")
        #expect(tab.attributes.map(\.value) == ["\t\tquoted\"", "#hash"])
        #expect(try DistinguishedName(parsing: tab.description) == tab, "\(tab.description.debugDescription)")
        let space = try DistinguishedName(parsing: "CN=a\\20, O=b\\ , OU= c ")
        #expect(space.attributes.map(\.value) == ["a ", "b ", "c"])
        #expect(try DistinguishedName(parsing: space.description) == space, "\(space.description.debugDescription)")
        #expect(try DistinguishedName(parsing: "/CN=x\\\t/O=y").attributes.map(\.value) == ["x\t", "y"])
    }

    @Test func unknownAttributeFailsWhenBuilt() throws {
        let name = try DistinguishedName(parsing: "XYZ=1")
        let spec = SelfSignedCertificateSpec(subject: name, validity: try .days(1))
        #expect(throws: CryptoError(.invalidParameter, "")) { try X509Certificate.selfSigned(spec, key: try PrivateKey.generate(.ec(.p256))) }
    }

    @Test func sanParsing() throws {
        #expect(try SubjectAlternativeName(parsing: "DNS:a.example") == .dns("a.example"))
        #expect(try SubjectAlternativeName(parsing: "uri:https://x/y?a=b,c") == .uri("https://x/y?a=b,c"))
        #expect(throws: CryptoError(.invalidParameter, "")) { try SubjectAlternativeName(parsing: "a.example") }
        #expect(throws: CryptoError(.invalidParameter, "")) { try SubjectAlternativeName(parsing: "rid:1.2.3") }
        #expect(throws: CryptoError(.invalidParameter, "")) { try SubjectAlternativeName(parsing: "dns:") }
    }

    @Test func invalidIPAddressIsRejectedWhenBuilt() throws {
        let spec = SelfSignedCertificateSpec(
            subject: try DistinguishedName(parsing: "CN=x"),
            subjectAlternativeNames: [.ipAddress("999.1.1.1")],
            validity: try .days(1)
        )
        #expect(throws: CryptoError(.invalidParameter, "")) { try X509Certificate.selfSigned(spec, key: try PrivateKey.generate(.ec(.p256))) }
    }
}
