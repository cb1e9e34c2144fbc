import CertKeeperCrypto
import CertKeeperIdP
import Foundation
import TestSupport
import Testing

/// The emulated Key Vault data plane in process: challenge, token audience and tenant, RBAC,
/// import validation, versions, paging, backing secrets, enable/disable.
@Suite struct VaultServiceTests {
    let fixture: IdPFixture
    let vaults: VaultAdmin
    static let base = "https://127.0.0.1:9443"

    init() throws {
        fixture = try IdPFixture()
        vaults = VaultAdmin(store: fixture.store)
        _ = try vaults.createVault(name: "kv-test", tenantID: IdPFixture.tenant)
    }

    private func token(scope: String = "https://vault.azure.net/.default") throws -> String {
        let assertion = try AssertionBuilder(credential: fixture.credential, audience: fixture.tokenEndpoint, now: fixture.clock.now).compact()
        let (status, body) = try fixture.requestToken(assertion: assertion, scope: scope)
        guard status == 200, let token = body["access_token"] as? String else { throw TestSupportError("no token: \(body)") }
        return token
    }

    private func call(_ method: String, _ path: String, query: String = "api-version=7.5", token: String?, body: [String: Any]? = nil) throws -> HTTPReply {
        let bytes = try body.map { [UInt8](try JSONSerialization.data(withJSONObject: $0)) } ?? []
        return VaultService(context: fixture.context, vaultName: "kv-test").reply(
            .init(
                method: method, path: path, query: query, authorization: token.map { "Bearer \($0)" }, body: bytes,
                vaultBaseURL: Self.base, authority: "https://127.0.0.1:8443"
            ))
    }

    private func errorCode(_ reply: HTTPReply) throws -> (String?, String?) {
        let error = try JSONBody.object(reply.body)["error"] as? [String: Any]
        return (error?["code"] as? String, (error?["innererror"] as? [String: Any])?["code"] as? String)
    }

    private func pfxBody(_ credential: TestCredential, password: String = "pfx-password") throws -> [String: Any] {
        let pfx = try PKCS12Bundle(privateKey: credential.key, certificate: credential.certificate).encoded(password: Secret(password), profile: .legacy)
        return [
            "value": Data(pfx).base64EncodedString(), "pwd": password,
            "policy": ["key_props": ["exportable": true], "secret_props": ["contentType": "application/x-pkcs12"]],
        ]
    }

    private func grant(_ role: VaultRole) throws {
        _ = try vaults.assign(role, app: IdPFixture.clientID, vaultName: "kv-test")
    }

    @Test func unauthenticatedRequestGetsTheChallenge() throws {
        let reply = try call("POST", "/certificates/app/import", token: nil)
        #expect(reply.status == 401)
        let challenge = reply.headers["WWW-Authenticate"]
        #expect(challenge == "Bearer authorization=\"https://127.0.0.1:8443/\(IdPFixture.tenant)\", resource=\"https://vault.azure.net\"")
        #expect(try errorCode(reply).0 == "Unauthorized")
    }

    @Test func graphTokenIsRefusedForItsAudience() throws {
        try grant(.administrator)
        let reply = try call("GET", "/certificates", token: try token(scope: "https://graph.microsoft.com/.default"))
        #expect(reply.status == 401)
        #expect(String(decoding: reply.body, as: UTF8.self).contains("AKV10022"))
    }

    @Test func noRoleIsForbiddenByRbacNamingTheAction() throws {
        let reply = try call("POST", "/certificates/app/import", token: try token(), body: try pfxBody(fixture.credential))
        #expect(reply.status == 403)
        #expect(try errorCode(reply) == ("Forbidden", "ForbiddenByRbac"))
        #expect(String(decoding: reply.body, as: UTF8.self).contains("Microsoft.KeyVault/vaults/certificates/import/action"))
        // Certificates Officer imports but cannot read the PFX: that needs a secrets role.
        try grant(.certificatesOfficer)
        #expect(try call("POST", "/certificates/app/import", token: try token(), body: try pfxBody(fixture.credential)).status == 200)
        let secret = try call("GET", "/secrets/app", token: try token())
        #expect(secret.status == 403)
        #expect(String(decoding: secret.body, as: UTF8.self).contains("secrets/getSecret/action"))
    }

    @Test func importGetVersionsAndBackingSecret() throws {
        try grant(.certificatesOfficer)
        try grant(.secretsUser)
        let token = try token()
        let first = try JSONBody.object(try call("POST", "/certificates/app/import", token: token, body: try pfxBody(fixture.credential)).body)
        let x5t = fixture.credential.certificate.sha1Thumbprint.base64URL
        #expect(first["x5t"] as? String == x5t)
        #expect(first["cer"] as? String == Data(fixture.credential.certificate.der).base64EncodedString())
        let id = try #require(first["id"] as? String)
        #expect(id.hasPrefix("\(Self.base)/certificates/app/"))
        let firstVersion = String(id.split(separator: "/").last ?? "")
        #expect(firstVersion.count == 32)
        let attributes = try #require(first["attributes"] as? [String: Any])
        #expect(attributes["exp"] as? Int == Int(fixture.credential.certificate.notAfter.timeIntervalSince1970))
        let policy = try #require(first["policy"] as? [String: Any])
        let actions = try #require(policy["lifetime_actions"] as? [[String: Any]])
        #expect((actions.first?["action"] as? [String: Any])?["action_type"] as? String == "EmailContacts")

        let next = try TestCredential.make(validFrom: IdPFixture.start)
        let second = try JSONBody.object(try call("POST", "/certificates/APP/import", token: token, body: try pfxBody(next)).body)
        let latest = try JSONBody.object(try call("GET", "/certificates/app/", token: token).body)
        #expect(latest["id"] as? String == second["id"] as? String)
        let old = try JSONBody.object(try call("GET", "/certificates/app/\(firstVersion)", token: token).body)
        #expect(old["x5t"] as? String == x5t)

        let page = try JSONBody.object(try call("GET", "/certificates/app/versions", query: "api-version=7.5&maxresults=1", token: token).body)
        #expect((page["value"] as? [Any])?.count == 1)
        let nextLink = try #require(page["nextLink"] as? String)
        let nextQuery = try #require(URLComponents(string: nextLink)?.percentEncodedQuery)
        let last = try JSONBody.object(try call("GET", "/certificates/app/versions", query: nextQuery, token: token).body)
        #expect((last["value"] as? [Any])?.count == 1)
        #expect(last["nextLink"] is NSNull)

        let secret = try JSONBody.object(try call("GET", "/secrets/app", token: token).body)
        #expect(secret["contentType"] as? String == "application/x-pkcs12")
        let value = try #require(secret["value"] as? String)
        let pfx = try #require(Data(base64Encoded: value))
        let opened = try PKCS12Bundle(reading: [UInt8](pfx), password: nil)
        #expect(opened.certificate == next.certificate)
        #expect(opened.privateKey != nil)
    }

    @Test func disablingAVersionDisablesItsSecret() throws {
        try grant(.administrator)
        let token = try token()
        let imported = try JSONBody.object(try call("POST", "/certificates/app/import", token: token, body: try pfxBody(fixture.credential)).body)
        let version = String((imported["id"] as? String ?? "").split(separator: "/").last ?? "")
        let patched = try call("PATCH", "/certificates/app/\(version)", token: token, body: ["attributes": ["enabled": false]])
        #expect(patched.status == 200)
        #expect((try JSONBody.object(patched.body)["attributes"] as? [String: Any])?["enabled"] as? Bool == false)
        let secret = try call("GET", "/secrets/app", token: token)
        #expect(secret.status == 403)
        #expect(try errorCode(secret).1 == "SecretDisabled")
    }

    @Test func badInputIsRefusedAsKeyVaultDoes() throws {
        try grant(.administrator)
        let token = try token()
        var wrongPassword = try pfxBody(fixture.credential)
        wrongPassword["pwd"] = "not-the-password"
        let refused = try call("POST", "/certificates/app/import", token: token, body: wrongPassword)
        #expect(refused.status == 400)
        #expect(try errorCode(refused).0 == "BadParameter")
        let notPFX = try call("POST", "/certificates/app/import", token: token, body: ["value": Data("hello".utf8).base64EncodedString()])
        #expect(notPFX.status == 400)
        #expect(try call("GET", "/certificates/bad_name!", token: token).status == 400)
        #expect(try call("GET", "/certificates/app", query: "", token: token).status == 400)
        #expect(try call("GET", "/certificates", query: "api-version=7.5&maxresults=26", token: token).status == 400)
        let missing = try call("GET", "/certificates/nothing-here", token: token)
        #expect(missing.status == 404)
        #expect(try errorCode(missing).0 == "CertificateNotFound")
        // Nothing was stored by the refusals.
        #expect(try call("GET", "/certificates/app/versions", token: token).body == Array(#"{"nextLink":null,"value":[]}"#.utf8))
    }

    @Test func tokenFromAnotherTenantIsRefused() throws {
        _ = try vaults.createVault(name: "kv-other", tenantID: "99999999-2222-3333-4444-555555555555")
        let reply = VaultService(context: fixture.context, vaultName: "kv-other").reply(
            .init(
                method: "GET", path: "/certificates", query: "api-version=7.5", authorization: "Bearer \(try token())", body: [],
                vaultBaseURL: Self.base, authority: "https://127.0.0.1:8443"
            ))
        #expect(reply.status == 401)
        #expect(String(decoding: reply.body, as: UTF8.self).contains("AKV10032"))
    }
}
