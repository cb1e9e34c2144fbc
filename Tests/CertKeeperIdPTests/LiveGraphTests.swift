import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// A rotation rehearsed over real HTTP: addKey with the old certificate, the replication
/// race, removeKey with the new one; and Graph's refusals.
@Suite struct LiveGraphTests {
    private func addKeyBody(_ certificate: X509Certificate, proof: String) -> [String: Any] {
        [
            "keyCredential": ["type": "AsymmetricX509Cert", "usage": "Verify", "key": Data(certificate.der).base64EncodedString()],
            "passwordCredential": NSNull(), "proof": proof,
        ]
    }

    private func code(_ reply: LoopbackHTTP.Reply) -> String? {
        (reply.json["error"] as? [String: Any])?["code"] as? String
    }

    @Test func rotationWithReplicationDelay() async throws {
        // 15 s: addKey plus one token request must fit inside the window even on a machine
        // running several builds at once (1 s and 3 s were both seen to be too short).
        let live = try LiveEmulator(serveArguments: ["--replication-delay", "15s"])
        let token = try await live.graphToken(attempts: 60)
        let read = try await live.graph("GET", "applications(appId='\(LiveEmulator.clientID)')", token: token)
        #expect(read.status == 200)
        let oldKeyID = try #require((read.json["keyCredentials"] as? [[String: Any]])?.first?["keyId"] as? String)

        let next = try TestCredential.make(validFrom: Date().addingTimeInterval(-60))
        let proof = try AssertionBuilder.proof(credential: live.credential, now: Date()).compact()
        let added = try await live.graph("POST", "applications/\(LiveEmulator.objectID)/addKey", token: token, json: addKeyBody(next.certificate, proof: proof))
        #expect(added.status == 200, "\(added.json)")
        let newKeyID = try #require(added.json["keyId"] as? String)
        #expect(added.json["key"] as? String == Data(next.certificate.der).base64EncodedString())

        // Right after registration the new key is not yet usable: AADSTS700027, then it works.
        let early = try await live.requestToken(try live.assertion(next).compact())
        #expect(JSONBody.errorCodes(early.json) == [700027])
        let newToken = try await live.graphToken(next, attempts: 400)

        let removeProof = try AssertionBuilder.proof(credential: next, now: Date()).compact()
        let removed = try await live.graph(
            "POST", "applications/\(LiveEmulator.objectID)/removeKey", token: newToken, json: ["keyId": oldKeyID, "proof": removeProof]
        )
        #expect(removed.status == 204)
        let after = try await live.graph("GET", "applications/\(LiveEmulator.objectID)", token: newToken)
        #expect((after.json["keyCredentials"] as? [[String: Any]])?.compactMap { $0["keyId"] as? String } == [newKeyID])
        let old = try await live.requestToken(try live.assertion().compact())
        #expect(JSONBody.errorCodes(old.json) == [700027])
        #expect(live.server.stop() == 0)
    }

    @Test func graphRefusalsOverLoopback() async throws {
        let live = try LiveEmulator()
        let token = try await live.graphToken()
        let next = try TestCredential.make(validFrom: Date())

        let clientIDProof = try AssertionBuilder.proof(credential: live.credential, issuer: LiveEmulator.clientID, now: Date()).compact()
        let wrongIssuer = try await live.graph("POST", "applications/\(LiveEmulator.objectID)/addKey", token: token, json: addKeyBody(next.certificate, proof: clientIDProof))
        #expect(wrongIssuer.status == 401)
        #expect(code(wrongIssuer) == "Authentication_MissingOrMalformed")

        let ecKey = try PrivateKey.generate(.ec(.p256))
        let ec = try X509Certificate.selfSigned(
            SelfSignedCertificateSpec(subject: try DistinguishedName(parsing: "CN=ec"), validity: try .days(30)), key: ecKey
        )
        let proof = try AssertionBuilder.proof(credential: live.credential, now: Date()).compact()
        let ecReply = try await live.graph("POST", "applications/\(LiveEmulator.objectID)/addKey", token: token, json: addKeyBody(ec, proof: proof))
        #expect(ecReply.status == 400)
        #expect(code(ecReply) == "Request_BadRequest")

        let noBearer = try await LoopbackHTTP.send("GET", "\(live.server.baseURL)/v1.0/applications/\(LiveEmulator.objectID)")
        #expect(noBearer.status == 401)
        #expect(code(noBearer) == "InvalidAuthenticationToken")
        #expect(live.server.stop() == 0)
    }
}
