import CertKeeperCrypto
import Testing

@Suite("Distinguished names and SANs")
struct DistinguishedNameTests {
    @Test func parsesEscapedCommasAndPrintsThemBack() throws {
        let name = try DistinguishedName(parsing: "CN=MyApp,O=Contoso\\, Ltd,C=US")
        #expect(name.attributes == [
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
