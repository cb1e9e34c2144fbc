import CertKeeperCrypto
import CertKeeperIdP
import Foundation
import Testing

/// Graph's keyCredential slice: read, addKey, removeKey, with bearer and proof checks.
@Suite struct GraphTests {
    let fixture: IdPFixture
    init() throws { fixture = try IdPFixture() }

    private func addKeyBody(_ certificate: X509Certificate, proof: String) throws -> [UInt8] {
        let body: [String: Any] = [
            "keyCredential": ["type": "AsymmetricX509Cert", "usage": "Verify", "key": Data(certificate.der).base64EncodedString()],
            "passwordCredential": NSNull(), "proof": proof,
        ]
        return [UInt8](try JSONSerialization.data(withJSONObject: body))
    }

    private func proof(_ credential: TestCredential? = nil, issuer: String = IdPFixture.objectID, lifetime: Int = 600) throws -> String {
        try AssertionBuilder.proof(credential: credential ?? fixture.credential, issuer: issuer, now: fixture.clock.now, lifetime: lifetime).compact()
    }

    private func graphCode(_ reply: HTTPReply) throws -> String? {
        (try JSONBody.object(reply.body)["error"] as? [String: Any])?["code"] as? String
    }

    @Test func readsKeyCredentialsByObjectIDAndAppID() throws {
        let call = fixture.graphCall(token: try fixture.graphToken())
        for key in [GraphService.ApplicationKey.objectID(IdPFixture.objectID), .appID(IdPFixture.clientID)] {
            let reply = fixture.graph.getApplication(key, call: call)
            #expect(reply.status == 200)
            let application = try JSONBody.object(reply.body)
            #expect(application["id"] as? String == IdPFixture.objectID)
            #expect(application["appId"] as? String == IdPFixture.clientID)
            let credentials = try #require(application["keyCredentials"] as? [[String: Any]])
            #expect(credentials.count == 1)
            let credential = credentials[0]
            #expect(credential["type"] as? String == "AsymmetricX509Cert")
            #expect(credential["usage"] as? String == "Verify")
            #expect(credential["key"] as? String == Data(fixture.credential.certificate.der).base64EncodedString())
            #expect(credential["customKeyIdentifier"] as? String == Data(fixture.credential.certificate.sha1Thumbprint.bytes).base64EncodedString())
            #expect((credential["keyId"] as? String)?.count == 36)
            #expect(credential["startDateTime"] as? String != nil)
            #expect(credential["endDateTime"] as? String != nil)
        }
    }

    @Test func addKeyThenRemoveTheOldKey() throws {
        let call = fixture.graphCall(token: try fixture.graphToken())
        let next = try TestCredential.make(validFrom: IdPFixture.start.addingTimeInterval(-60))
        let added = fixture.graph.addKey(objectID: IdPFixture.objectID, body: try addKeyBody(next.certificate, proof: try proof()), call: call)
        #expect(added.status == 200)
        let newKeyID = try #require(try JSONBody.object(added.body)["keyId"] as? String)
        // The new key signs a token and the removeKey proof; the old key goes.
        let newCall = fixture.graphCall(token: try fixture.graphToken(with: next))
        let before = try JSONBody.object(fixture.graph.getApplication(.objectID(IdPFixture.objectID), call: newCall).body)
        let keys = try #require(before["keyCredentials"] as? [[String: Any]])
        #expect(keys.count == 2)
        let oldKeyID = try #require(keys.compactMap { $0["keyId"] as? String }.first { $0 != newKeyID })
        let body = [UInt8](try JSONSerialization.data(withJSONObject: ["keyId": oldKeyID, "proof": try proof(next)]))
        let removed = fixture.graph.removeKey(objectID: IdPFixture.objectID, body: body, call: newCall)
        #expect(removed.status == 204)
        #expect(removed.body.isEmpty)
        let after = try JSONBody.object(fixture.graph.getApplication(.objectID(IdPFixture.objectID), call: newCall).body)
        #expect((after["keyCredentials"] as? [[String: Any]])?.compactMap { $0["keyId"] as? String } == [newKeyID])
    }

    @Test func ecKeyOnAddKeyIsABadRequest() throws {
        let key = try PrivateKey.generate(.ec(.p256))
        let spec = SelfSignedCertificateSpec(subject: try DistinguishedName(parsing: "CN=ec"), validity: try .days(30, from: IdPFixture.start))
        let ec = try X509Certificate.selfSigned(spec, key: key)
        let reply = fixture.graph.addKey(
            objectID: IdPFixture.objectID, body: try addKeyBody(ec, proof: try proof()),
            call: fixture.graphCall(token: try fixture.graphToken())
        )
        #expect(reply.status == 400)
        #expect(try graphCode(reply) == "Request_BadRequest")
    }

    @Test func proofIssuedByClientIDIsRefused() throws {
        let next = try TestCredential.make(validFrom: IdPFixture.start)
        let reply = fixture.graph.addKey(
            objectID: IdPFixture.objectID, body: try addKeyBody(next.certificate, proof: try proof(issuer: IdPFixture.clientID)),
            call: fixture.graphCall(token: try fixture.graphToken())
        )
        #expect(reply.status == 401)
        #expect(try graphCode(reply) == "Authentication_MissingOrMalformed")
        let message = (try JSONBody.object(reply.body)["error"] as? [String: Any])?["message"] as? String
        #expect(message?.contains("object id") == true)
    }

    @Test(arguments: [601, 3600])
    func proofLivingOverTenMinutesIsRefused(lifetime: Int) throws {
        let next = try TestCredential.make(validFrom: IdPFixture.start)
        let reply = fixture.graph.addKey(
            objectID: IdPFixture.objectID, body: try addKeyBody(next.certificate, proof: try proof(lifetime: lifetime)),
            call: fixture.graphCall(token: try fixture.graphToken())
        )
        #expect(try graphCode(reply) == "Authentication_MissingOrMalformed")
    }

    @Test func paddedProofIsRefused() throws {
        let next = try TestCredential.make(validFrom: IdPFixture.start)
        let padded = try proof().split(separator: ".").map { String($0) + String(repeating: "=", count: (4 - $0.count % 4) % 4) }.joined(separator: ".")
        #expect(padded.contains("="))
        let reply = fixture.graph.addKey(
            objectID: IdPFixture.objectID, body: try addKeyBody(next.certificate, proof: padded),
            call: fixture.graphCall(token: try fixture.graphToken())
        )
        #expect(reply.status == 401)
        #expect(try graphCode(reply) == "Authentication_MissingOrMalformed")
    }

    @Test func addKeyWithNoValidCertificateIsDenied() throws {
        // Token acquired while the only certificate was valid; a day later it has expired.
        let shortLived = try TestCredential.make(validFrom: IdPFixture.start.addingTimeInterval(-86_000), days: 1)
        let fixture = try IdPFixture(credential: shortLived)
        let token = try fixture.graphToken()
        fixture.clock.advance(by: 900)
        let next = try TestCredential.make(validFrom: IdPFixture.start)
        let proof = try AssertionBuilder.proof(credential: shortLived, now: fixture.clock.now).compact()
        let reply = fixture.graph.addKey(
            objectID: IdPFixture.objectID, body: try addKeyBody(next.certificate, proof: proof), call: fixture.graphCall(token: token)
        )
        #expect(reply.status == 403)
        #expect(try graphCode(reply) == "Authorization_RequestDenied")
    }

    @Test func missingOrForeignBearerIsRefused() throws {
        let missing = fixture.graph.getApplication(.objectID(IdPFixture.objectID), call: fixture.graphCall(token: nil))
        #expect(missing.status == 401)
        #expect(try graphCode(missing) == "InvalidAuthenticationToken")
        let forged = fixture.graph.getApplication(.objectID(IdPFixture.objectID), call: fixture.graphCall(token: "eyJhbGciOiJub25lIn0.e30."))
        #expect(try graphCode(forged) == "InvalidAuthenticationToken")
    }

    @Test func anotherApplicationCannotAddKeys() throws {
        let other = try TestCredential.make(validFrom: IdPFixture.start.addingTimeInterval(-60))
        _ = try fixture.admin.createApplication(
            tenantID: IdPFixture.tenant, clientID: "dddddddd-0000-0000-0000-000000000003", objectID: "eeeeeeee-0000-0000-0000-000000000004",
            displayName: nil, roles: [], certificates: [other.certificate]
        )
        let assertion = try AssertionBuilder(
            credential: other, audience: fixture.tokenEndpoint, clientID: "dddddddd-0000-0000-0000-000000000003", now: fixture.clock.now
        ).compact()
        let (status, body) = try fixture.requestToken(assertion: assertion, clientID: "dddddddd-0000-0000-0000-000000000003")
        #expect(status == 200)
        let token = try #require(body["access_token"] as? String)
        let reply = fixture.graph.addKey(
            objectID: IdPFixture.objectID, body: try addKeyBody(other.certificate, proof: try proof()), call: fixture.graphCall(token: token)
        )
        #expect(reply.status == 403)
    }
}
