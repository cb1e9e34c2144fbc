import CertKeeperCrypto
import CertKeeperEntra
import Foundation
import TestSupport
import Testing

/// The Graph key-credential client and the token client together against certkeeper-idp:
/// the rotation's register and retire steps over real HTTP.
@Suite struct GraphKeyCredentialClientTests {
    let objectID = IdPEmulator.objectID

    func tokenRequest(_ idp: IdPEmulator, _ credential: ClientCertificateCredential) throws -> TokenRequest {
        TokenRequest(
            authority: try AuthorityHost(parsing: idp.baseURL), tenant: IdPEmulator.tenant, clientID: IdPEmulator.clientID,
            scope: TokenRequest.graphScope, credential: credential
        )
    }

    @Test func addKeyThenRemoveKeyRollsTheCertificate() async throws {
        let files = try TemporaryDirectory()
        let old = try TestCredentials.rsa(commonName: "old")
        let new = try TestCredentials.rsa(commonName: "new")
        let idp = try IdPEmulator(certificates: [try files.write(old.certificate.pem, to: "old.pem")])
        let tokens = TokenClient()
        let graph = try GraphKeyCredentialClient(endpoint: idp.baseURL)

        let oldToken = try await tokens.acquireToken(try tokenRequest(idp, old)).token
        let before = try await graph.application(objectID: objectID, accessToken: oldToken)
        #expect(before.id == objectID && before.appId == IdPEmulator.clientID)
        let oldKey = try #require(before.keyCredential(for: old.certificate))
        #expect(before.keyCredential(for: new.certificate) == nil)

        let added = try await graph.addKey(
            objectID: objectID, certificate: new.certificate, displayName: "rotation test",
            proofSigner: old, accessToken: oldToken)
        #expect(added.holds(new.certificate))
        #expect(added.certificate?.sha1Thumbprint == new.certificate.sha1Thumbprint)
        let during = try await graph.application(objectID: objectID, accessToken: oldToken)
        #expect(during.keyCredentials.count == 2)

        // The new certificate now gets tokens; with it, retire the old one.
        let newToken = try await tokens.acquireToken(try tokenRequest(idp, new)).token
        try await graph.removeKey(objectID: objectID, keyID: oldKey.keyId, proofSigner: new, accessToken: newToken)
        let after = try await graph.application(objectID: objectID, accessToken: newToken)
        #expect(after.keyCredentials.map(\.keyId) == [added.keyId])
        let error = await #expect(throws: EntraError.self) { try await tokens.acquireToken(try tokenRequest(idp, old)) }
        #expect(error?.diagnosis?.errorCodes == [700027])
    }

    @Test func aProofFromAnUnregisteredCertificateIsRefusedWithGraphsCode() async throws {
        let files = try TemporaryDirectory()
        let registered = try TestCredentials.rsa(commonName: "registered")
        let stranger = try TestCredentials.rsa(commonName: "stranger")
        let idp = try IdPEmulator(certificates: [try files.write(registered.certificate.pem, to: "app.pem")])
        let token = try await TokenClient().acquireToken(try tokenRequest(idp, registered)).token
        let graph = try GraphKeyCredentialClient(endpoint: idp.baseURL)
        let error = await #expect(throws: EntraError.self) {
            try await graph.addKey(objectID: objectID, certificate: stranger.certificate, proofSigner: stranger, accessToken: token)
        }
        #expect(error?.code == .rejected)
        #expect(error?.graphFailure?.status == 401)
        #expect(error?.graphFailure?.code == "Authentication_MissingOrMalformed")
        #expect(error?.description.contains("client-request-id") == true)
        #expect(error?.description.contains(token.value) == false)
    }

    @Test func theProofIsRS256WithX5tAndTheObjectIDAsIssuerPerPython() throws {
        let files = try TemporaryDirectory()
        let credential = try TestCredentials.rsa()
        let path = try files.write(credential.certificate.pem, to: "cert.pem")
        let proof = try TestCredentials.pinnedFactory.graphProof(credential: credential, applicationObjectID: objectID)
        #expect(!proof.compact.contains("="))
        let python = try PythonJWSVerifier.verify(proof.compact, certificatePath: path)
        #expect(python.verified)
        #expect(python.header["alg"]?.string == "RS256")
        #expect(python.header["x5t"]?.string == python.sha1X5t)
        #expect(python.claims["aud"]?.string == "00000002-0000-0000-c000-000000000000")
        #expect(python.claims["iss"]?.string == objectID)
        let nbf = try #require(python.claims["nbf"]?.number)
        #expect(nbf == TestCredentials.fixedNow.timeIntervalSince1970)
        #expect(python.claims["exp"]?.number == nbf + 600)
        #expect(Set(python.claims.keys) == ["aud", "iss", "nbf", "exp"])
    }

    @Test func plainHTTPGraphEndpointsOffLoopbackAndOddObjectIDsAreRefused() async throws {
        #expect(throws: EntraError.self) { try GraphKeyCredentialClient(endpoint: "http://graph.example.com") }
        let graph = try GraphKeyCredentialClient(endpoint: "graph.microsoft.us")
        #expect(graph.endpoint.absoluteString == "https://graph.microsoft.us")
        let token = AccessToken(tokenType: "Bearer", value: "unused", expiresOn: TestCredentials.fixedNow)
        let error = await #expect(throws: EntraError.self) { try await graph.application(objectID: "../me", accessToken: token) }
        #expect(error?.code == .invalidParameter)
    }
}
