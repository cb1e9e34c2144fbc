import CertKeeperCrypto
import CertKeeperIdP
import Foundation
import Testing

/// What real clients send is accepted, and the access token is a real RS256 JWT.
@Suite struct TokenSuccessTests {
    let fixture: IdPFixture
    init() throws { fixture = try IdPFixture() }

    private func assertion() -> AssertionBuilder {
        AssertionBuilder(credential: fixture.credential, audience: fixture.tokenEndpoint, now: fixture.clock.now)
    }

    private func expectToken(_ builder: AssertionBuilder) throws -> [String: Any] {
        let (status, body) = try fixture.requestToken(assertion: try builder.compact())
        #expect(status == 200, "\(body)")
        #expect(body["token_type"] as? String == "Bearer")
        #expect(body["expires_in"] as? Int == 3599)
        let token = try #require(body["access_token"] as? String)
        let jws = try CompactJWS(parsing: token)
        #expect(try jws.isValidSignature(publicKey: #require(fixture.issuer.certificate.publicKey), algorithm: .rs256))
        return try JSONBody.object(jws.payloadJSON)
    }

    @Test func ps256WithX5tS256() throws {
        let claims = try expectToken(assertion())
        #expect(claims["aud"] as? String == "https://graph.microsoft.com")
        #expect(claims["appid"] as? String == IdPFixture.clientID)
        #expect(claims["tid"] as? String == IdPFixture.tenant)
        #expect((claims["oid"] as? String)?.count == 36)
        #expect(claims["roles"] as? [String] == ["Application.ReadWrite.OwnedBy"])
        let issuedAt = try #require(claims["iat"] as? Int)
        #expect(issuedAt == Int(IdPFixture.start.timeIntervalSince1970))
        #expect(claims["nbf"] as? Int == issuedAt)
        #expect(claims["exp"] as? Int == issuedAt + 3599)
    }

    @Test func rs256WithPaddedSHA1X5t() throws {
        var builder = assertion()
        builder.useRS256(padded: true)
        _ = try expectToken(builder)
    }

    @Test func x5cWithLineBreaksAsMSALSendsIt() throws {
        var builder = assertion()
        let wrapped = Data(fixture.credential.certificate.der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        #expect(wrapped.contains("\n"))
        builder.header["x5c"] = [wrapped]
        _ = try expectToken(builder)
    }

    @Test func floatTimesAndNoNBF() throws {
        var builder = assertion()
        let now = fixture.clock.now.timeIntervalSince1970 + 0.625
        builder.claims["nbf"] = nil
        builder.claims["iat"] = now
        builder.claims["exp"] = now + 600.5
        _ = try expectToken(builder)
    }

    @Test func arbitraryResourceBecomesAudience() throws {
        let (status, body) = try fixture.requestToken(assertion: try assertion().compact(), scope: "api://billing/.default")
        #expect(status == 200)
        let jws = try CompactJWS(parsing: try #require(body["access_token"] as? String))
        #expect(try JSONBody.object(jws.payloadJSON)["aud"] as? String == "api://billing")
    }

    @Test func jwksPublishesTheSigningKey() throws {
        let document = try JSONBody.object(try fixture.issuer.jwks())
        let keys = try #require(document["keys"] as? [[String: Any]])
        #expect(keys.count == 1)
        let components = try #require(fixture.issuer.certificate.publicKey).rsaComponents()
        #expect(keys[0]["n"] as? String == Base64URL.encode(components.modulus))
        #expect(keys[0]["e"] as? String == "AQAB")
        #expect(keys[0]["kid"] as? String == fixture.issuer.keyID)
    }

    @Test func discoveryNamesTheEndpoints() throws {
        let service = DiscoveryService(context: fixture.context)
        let reply = service.configuration(tenant: IdPFixture.tenant, address: IdPFixture.address, correlationID: nil)
        #expect(reply.status == 200)
        let document = try JSONBody.object(reply.body)
        #expect(document["token_endpoint"] as? String == fixture.tokenEndpoint)
        #expect(document["authorization_endpoint"] as? String == "https://127.0.0.1:8443/\(IdPFixture.tenant)/oauth2/v2.0/authorize")
        #expect(document["jwks_uri"] as? String == "https://127.0.0.1:8443/\(IdPFixture.tenant)/discovery/v2.0/keys")
        let unknown = service.configuration(tenant: "nobody", address: IdPFixture.address, correlationID: nil)
        #expect(unknown.status == 400)
        #expect(JSONBody.errorCodes(try JSONBody.object(unknown.body)) == [90002])
    }
}
