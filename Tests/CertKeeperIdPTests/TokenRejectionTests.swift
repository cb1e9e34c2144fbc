import CertKeeperCrypto
import CertKeeperIdP
import Foundation
import Testing

/// Every class of refusal of the token endpoint, asserted by its AADSTS code (docs/ARCHITECTURE.md, "Protocol facts").
@Suite struct TokenRejectionTests {
    let fixture: IdPFixture
    init() throws { fixture = try IdPFixture() }

    private func assertion() -> AssertionBuilder {
        AssertionBuilder(credential: fixture.credential, audience: fixture.tokenEndpoint, now: fixture.clock.now)
    }

    private func expectRefusal(_ builder: AssertionBuilder, code: Int, status: Int = 401) throws {
        let (replyStatus, body) = try fixture.requestToken(assertion: try builder.compact())
        #expect(replyStatus == status)
        #expect(JSONBody.errorCodes(body) == [code])
        #expect((body["error_description"] as? String)?.hasPrefix("AADSTS\(code): ") == true)
        #expect(body["access_token"] == nil)
    }

    @Test func badSignatureIs700027() throws {
        var builder = assertion()
        builder.signingKey = try PrivateKey.generate(.rsa2048)
        try expectRefusal(builder, code: 700027)
    }

    @Test func unknownThumbprintIs700027() throws {
        let stranger = try TestCredential.make(validFrom: IdPFixture.start.addingTimeInterval(-60))
        try expectRefusal(AssertionBuilder(credential: stranger, audience: fixture.tokenEndpoint, now: fixture.clock.now), code: 700027)
    }

    @Test func sha256DigestUnderX5tIs700027() throws {
        var builder = assertion()
        builder.header = ["alg": "PS256", "typ": "JWT", "x5t": fixture.credential.certificate.sha256Thumbprint.base64URL]
        try expectRefusal(builder, code: 700027)
    }

    @Test func x5cLeafOfAnotherKeyIs700027() throws {
        let other = try TestCredential.make(validFrom: IdPFixture.start.addingTimeInterval(-60))
        var builder = assertion()
        builder.header["x5c"] = [Data(other.certificate.der).base64EncodedString()]
        try expectRefusal(builder, code: 700027)
    }

    @Test func expiredCertificateIs1000502() throws {
        let expired = try TestCredential.make(validFrom: IdPFixture.start.addingTimeInterval(-10 * 86_400), days: 2)
        let fixture = try IdPFixture(credential: expired)
        let builder = AssertionBuilder(credential: expired, audience: fixture.tokenEndpoint, now: fixture.clock.now)
        let (status, body) = try fixture.requestToken(assertion: try builder.compact())
        #expect(status == 401)
        #expect(JSONBody.errorCodes(body) == [1_000_502])
    }

    @Test func assertionNotYetValidIs700024() throws {
        var builder = assertion()
        let later = Int(fixture.clock.now.timeIntervalSince1970) + 900
        builder.claims["nbf"] = later
        builder.claims["exp"] = later + 600
        try expectRefusal(builder, code: 700024)
    }

    @Test func expiredAssertionIs700024() throws {
        var builder = assertion()
        let earlier = Int(fixture.clock.now.timeIntervalSince1970) - 1_500
        builder.claims["nbf"] = earlier
        builder.claims["exp"] = earlier + 600
        try expectRefusal(builder, code: 700024)
    }

    @Test func skewOfUnderFiveMinutesIsTolerated() throws {
        var builder = assertion()
        let now = Int(fixture.clock.now.timeIntervalSince1970)
        builder.claims["nbf"] = now + 240
        builder.claims["exp"] = now + 840
        let (status, _) = try fixture.requestToken(assertion: try builder.compact())
        #expect(status == 200)
    }

    @Test func wrongAudienceIs700023() throws {
        var builder = assertion()
        builder.claims["aud"] = "https://login.microsoftonline.com/\(IdPFixture.tenant)/oauth2/v2.0/token"
        try expectRefusal(builder, code: 700023)
    }

    @Test func issuerNotSubjectIs50048() throws {
        var builder = assertion()
        builder.claims["sub"] = "someone-else"
        try expectRefusal(builder, code: 50048)
    }

    @Test func issuerNotClientIDIs700021() throws {
        var builder = assertion()
        builder.claims["iss"] = "another-app"
        builder.claims["sub"] = "another-app"
        try expectRefusal(builder, code: 700021)
    }

    @Test func replayedJTIIsRefusedWith50013() throws {
        let compact = try assertion().compact()
        let first = try fixture.requestToken(assertion: compact)
        #expect(first.status == 200)
        let second = try fixture.requestToken(assertion: compact)
        #expect(second.status == 401)
        #expect(JSONBody.errorCodes(second.body) == [50013])
    }

    @Test func missingJTIIs50027() throws {
        var builder = assertion()
        builder.claims["jti"] = nil
        try expectRefusal(builder, code: 50027, status: 400)
    }

    @Test func unknownClientIs700016() throws {
        let (status, body) = try fixture.requestToken(assertion: try assertion().compact(), clientID: "cccccccc-0000-0000-0000-000000000009")
        #expect(status == 400)
        #expect(JSONBody.errorCodes(body) == [700016])
        #expect(body["error"] as? String == "unauthorized_client")
    }

    @Test func unknownTenantIs90002() throws {
        let (status, body) = try fixture.requestToken(assertion: try assertion().compact(), tenant: "contoso.example")
        #expect(status == 400)
        #expect(JSONBody.errorCodes(body) == [90002])
    }

    @Test(arguments: ["https://graph.microsoft.com/User.Read", "https://graph.microsoft.com", "openid"])
    func scopeWithoutDefaultIs70011(scope: String) throws {
        let (status, body) = try fixture.requestToken(assertion: try assertion().compact(), scope: scope)
        #expect(status == 400)
        #expect(JSONBody.errorCodes(body) == [70011])
        #expect(body["error"] as? String == "invalid_scope")
    }

    @Test func twoResourcesAre700022() throws {
        let scope = "https://graph.microsoft.com/.default https://vault.azure.net/.default"
        let (status, body) = try fixture.requestToken(assertion: try assertion().compact(), scope: scope)
        #expect(status == 400)
        #expect(JSONBody.errorCodes(body) == [700022])
    }

    @Test func weakKeyIs50032() throws {
        // certkeeper never generates RSA under 2048 bits: the weak certificate comes from openssl.
        let legacy = try TestCredential.weakFromOpenSSL()
        _ = try fixture.admin.addCertificate(legacy.certificate, to: IdPFixture.objectID, displayName: "legacy 1024")
        try expectRefusal(AssertionBuilder(credential: legacy, audience: fixture.tokenEndpoint, now: fixture.clock.now), code: 50032)
    }

    @Test func malformedAssertionIs50027() throws {
        let (status, body) = try fixture.requestToken(assertion: "not.a-jws")
        #expect(status == 400)
        #expect(JSONBody.errorCodes(body) == [50027])
    }

    @Test func missingAssertionIs7000218() throws {
        let (status, body) = try fixture.requestToken(assertion: nil)
        #expect(status == 401)
        #expect(JSONBody.errorCodes(body) == [7_000_218])
    }

    @Test func newKeyIsRefusedUntilReplicated() throws {
        let fixture = try IdPFixture(replicationDelay: 5)
        fixture.clock.advance(by: 10)  // the fixture's first key has replicated
        let fresh = try TestCredential.make(validFrom: IdPFixture.start.addingTimeInterval(-60))
        _ = try fixture.admin.addCertificate(fresh.certificate, to: IdPFixture.objectID, displayName: nil)
        let early = AssertionBuilder(credential: fresh, audience: fixture.tokenEndpoint, now: fixture.clock.now)
        #expect(JSONBody.errorCodes(try fixture.requestToken(assertion: try early.compact()).body) == [700027])
        fixture.clock.advance(by: 5)
        let later = AssertionBuilder(credential: fresh, audience: fixture.tokenEndpoint, now: fixture.clock.now)
        #expect(try fixture.requestToken(assertion: try later.compact()).status == 200)
    }

    @Test func errorBodyHasEntrasShape() throws {
        var builder = assertion()
        builder.signingKey = try PrivateKey.generate(.rsa2048)
        let (_, body) = try fixture.requestToken(assertion: try builder.compact(), correlationID: "c0ffee00-0000-0000-0000-000000000001")
        #expect(body["error"] as? String == "invalid_client")
        #expect(body["correlation_id"] as? String == "c0ffee00-0000-0000-0000-000000000001")
        #expect((body["trace_id"] as? String)?.count == 36)
        #expect(body["timestamp"] as? String == "2027-01-15 08:00:00Z")
        let description = try #require(body["error_description"] as? String)
        #expect(description.contains("\r\nTrace ID: "))
        #expect(description.contains("\r\nCorrelation ID: c0ffee00-0000-0000-0000-000000000001"))
        #expect(description.hasSuffix("Timestamp: 2027-01-15 08:00:00Z"))
    }
}
