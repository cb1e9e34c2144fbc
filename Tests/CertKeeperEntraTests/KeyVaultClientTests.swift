import CertKeeperCrypto
import CertKeeperEntra
import Foundation
import TestSupport
import Testing

/// The Key Vault client over a real socket against scripted answers: the challenge first and
/// no token before it, Retry-After on 429, refusals of HTML and of foreign nextLinks.
@Suite struct KeyVaultClientTests {
    static let tenant = "72f988bf-0000-4000-8000-00000000cafe"
    static let challenge = ["WWW-Authenticate": "Bearer authorization=\"https://login.microsoftonline.com/\(tenant)\", resource=\"https://vault.azure.net\""]

    final class Recorder: @unchecked Sendable {
        // Every access holds `lock`.
        private let lock = NSLock()
        private var _sleeps: [Double] = []
        private var _scopes: [String] = []
        var sleeps: [Double] { lock.withLock { _sleeps } }
        var scopes: [String] { lock.withLock { _scopes } }
        func slept(_ seconds: Double) { lock.withLock { _sleeps.append(seconds) } }
        func asked(_ scope: String) { lock.withLock { _scopes.append(scope) } }
    }

    private func client(_ server: ScriptedHTTPServer, _ recorder: Recorder) throws -> KeyVaultClient {
        let vault = try KeyVaultReference.parseVault(server.baseURL)
        return KeyVaultClient(vault: vault, retry: RetryPolicy(sleep: { recorder.slept($0) })) { challenge throws(EntraError) in
            recorder.asked(challenge.scope)
            #expect(challenge.tenant == Self.tenant)
            return AccessToken(tokenType: "Bearer", value: "vault-token", expiresOn: Date().addingTimeInterval(3600))
        }
    }

    private func bundle(_ base: String, x5t: String = "fLi3U52HunIVNXubkEnf8tP6Wbo") -> String {
        #"{"id":"\#(base)/certificates/app/0123456789abcdef0123456789abcdef","x5t":"\#(x5t)","cer":"","attributes":{"enabled":true,"exp":2000000000}}"#
    }

    @Test func challengeFirstThenTokenAndRetryAfterOn429() async throws {
        let server = try ScriptedHTTPServer([
            .json(401, #"{"error":{"code":"Unauthorized","message":"AKV10000: Request is missing a Bearer or PoP token."}}"#, headers: Self.challenge),
            .json(429, #"{"error":{"code":"Throttled","message":"Rate limit is exceeded."}}"#, headers: ["Retry-After": "2"]),
            .json(200, bundle("https://placeholder")),
        ])
        let recorder = Recorder()
        let certificate = try await client(server, recorder).certificate(name: "app")
        #expect(certificate.version == "0123456789abcdef0123456789abcdef")
        #expect(certificate.x5t == "fLi3U52HunIVNXubkEnf8tP6Wbo")
        #expect(certificate.expires == Date(timeIntervalSince1970: 2_000_000_000))
        #expect(recorder.sleeps == [2])
        #expect(recorder.scopes == ["https://vault.azure.net/.default"])
        let requests = try server.requests()
        #expect(requests.count == 3)
        #expect(requests[0].headers.keys.contains { $0.lowercased() == "authorization" } == false)
        #expect(requests[1].headers.first { $0.key.lowercased() == "authorization" }?.value == "Bearer vault-token")
        #expect(requests[2].path.hasPrefix("/certificates/app/?api-version=7.5"))
    }

    @Test func importSendsNoBodyBeforeTheChallenge() async throws {
        let server = try ScriptedHTTPServer([
            .json(401, "{}", headers: Self.challenge),
            .json(200, bundle("https://placeholder")),
        ])
        let recorder = Recorder()
        _ = try await client(server, recorder).importCertificate(name: "app", pfx: [1, 2, 3], password: Secret("pw"), tags: ["a": "b"])
        let requests = try server.requests()
        #expect(requests[0].method == "POST" && requests[0].body.isEmpty)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(requests[1].body.utf8)) as? [String: Any])
        #expect(body["value"] as? String == "AQID")
        #expect(((body["policy"] as? [String: Any])?["secret_props"] as? [String: Any])?["contentType"] as? String == "application/x-pkcs12")
        let actions = (body["policy"] as? [String: Any])?["lifetime_actions"] as? [[String: Any]]
        #expect((actions?.first?["action"] as? [String: Any])?["action_type"] as? String == "EmailContacts")
    }

    @Test func aVaultThatAnswersHTMLGetsNoToken() async throws {
        let server = try ScriptedHTTPServer([.init(status: 200, headers: ["Content-Type": "text/html"], body: "<html><body>Sign in</body></html>")])
        let recorder = Recorder()
        let error = await #expect(throws: EntraError.self) { try await client(server, recorder).certificate(name: "app") }
        #expect(error?.code == .malformedResponse)
        #expect(error?.description.contains("HTML") == true)
        #expect(recorder.scopes.isEmpty)
    }

    @Test func notFoundForbiddenAndForeignNextLinks() async throws {
        let server = try ScriptedHTTPServer([
            .json(401, "{}", headers: Self.challenge),
            .json(404, #"{"error":{"code":"CertificateNotFound","message":"A certificate with (name/id) app was not found in this key vault."}}"#),
            .json(
                403, #"{"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource.\r\nAction: 'x'","innererror":{"code":"ForbiddenByRbac"}}}"#),
            .json(200, #"{"value":[],"nextLink":"https://evil.example/certificates?$skiptoken=x"}"#),
        ])
        let client = try client(server, Recorder())
        let missing = await #expect(throws: EntraError.self) { try await client.certificate(name: "app") }
        #expect(missing?.code == .notFound)
        let denied = await #expect(throws: EntraError.self) { try await client.secret(name: "app") }
        #expect(denied?.code == .forbidden)
        #expect(denied?.description.contains("Key Vault Secrets User") == true)
        let foreign = await #expect(throws: EntraError.self) { try await client.certificates() }
        #expect(foreign?.description.contains("another host") == true)
    }

    @Test func challengeResourceMustBeTheVaultsDomain() throws {
        let vault = try KeyVaultReference.parseVault("https://kv-app.vault.azure.net")
        let good = try #require(KeyVaultChallenge(header: #"Bearer authorization="https://login.microsoftonline.com/t1", resource="https://vault.azure.net""#))
        #expect(good.scope == "https://vault.azure.net/.default" && good.tenant == "t1")
        try good.validate(for: vault)
        let evil = try #require(KeyVaultChallenge(header: #"Bearer authorization="https://login.microsoftonline.com/t1", resource="https://evil.example""#))
        #expect(throws: EntraError.self) { try evil.validate(for: vault) }
        let scoped = try #require(KeyVaultChallenge(header: #"Bearer authorization="https://login.microsoftonline.com/t1", scope="https://vault.azure.net/.default""#))
        try scoped.validate(for: vault)
        #expect(KeyVaultChallenge(header: "Basic realm=x") == nil)
        // A loopback vault (the emulator) is exempt, like verify_challenge_resource=False.
        try evil.validate(for: try KeyVaultReference.parseVault("https://127.0.0.1:8443"))
    }

    @Test func referencesRefuseWhatKeyVaultWouldNot() throws {
        let reference = try KeyVaultReference(parsing: "keyvault:https://KV-App.vault.azure.net/certificates/payroll")
        #expect(reference.description == "keyvault:https://kv-app.vault.azure.net/certificates/payroll")
        for bad in [
            "keyvault:http://kv.vault.azure.net/certificates/app", "https://kv.vault.azure.net/certificates/bad_name",
            "https://kv.vault.azure.net/keys/app", "https://user:pw@kv.vault.azure.net/certificates/app",
            "https://kv.vault.azure.net/certificates/app?x=1", "keyvault:",
        ] {
            #expect(throws: EntraError.self, "\(bad)") { try KeyVaultReference(parsing: bad) }
        }
        #expect(try KeyVaultReference(parsing: "http://127.0.0.1:9000/secrets/pw", expecting: .secrets).collection == .secrets)
    }
}
