import CertKeeperCrypto
import Foundation
import TestSupport

/// A served emulator with one registered application, for tests over real HTTP.
struct LiveEmulator {
    static let tenant = IdPFixture.tenant
    static let clientID = IdPFixture.clientID
    static let objectID = IdPFixture.objectID

    let directory: TemporaryDirectory
    let credential: TestCredential
    let server: IdPServerProcess

    init(serveArguments: [String] = []) throws {
        directory = try TemporaryDirectory("certkeeper-idp-live")
        credential = try TestCredential.make(validFrom: Date().addingTimeInterval(-3600))
        let certificate = try directory.write(credential.certificate.pem, to: "app.pem")
        let created = try IdPServerProcess.run([
            "app", "create", "--state", directory.file("state.sqlite"), "--tenant", Self.tenant,
            "--client-id", Self.clientID, "--object-id", Self.objectID, "--cert", certificate, "--role", "Rotation.Rehearsal",
        ])
        guard created.status == 0 else { throw TestSupportError("app create failed: \(created)") }
        server = try IdPServerProcess(state: "state.sqlite", in: directory, extraArguments: serveArguments)
    }

    var tokenEndpoint: String { "\(server.baseURL)/\(Self.tenant)/oauth2/v2.0/token" }

    func assertion(_ credential: TestCredential? = nil, clientID: String = clientID) -> AssertionBuilder {
        AssertionBuilder(credential: credential ?? self.credential, audience: tokenEndpoint, clientID: clientID, now: Date())
    }

    func requestToken(
        _ assertion: String, clientID: String = clientID, tenant: String = tenant, scope: String = "https://graph.microsoft.com/.default"
    ) async throws -> LoopbackHTTP.Reply {
        try await LoopbackHTTP.form(
            "\(server.baseURL)/\(tenant)/oauth2/v2.0/token",
            [
                ("grant_type", "client_credentials"), ("client_id", clientID), ("scope", scope),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion),
            ])
    }

    /// A Graph token, retried (bounded) while a just-added key replicates.
    func graphToken(_ credential: TestCredential? = nil, attempts: Int = 1) async throws -> String {
        var last: LoopbackHTTP.Reply?
        for attempt in 0..<attempts {
            if attempt > 0 { try await Task.sleep(for: .milliseconds(100)) }
            let reply = try await requestToken(try assertion(credential).compact())
            if reply.status == 200, let token = reply.json["access_token"] as? String { return token }
            last = reply
        }
        throw TestSupportError("no token: \(String(decoding: last?.body ?? [], as: UTF8.self))")
    }

    func graph(_ method: String, _ path: String, token: String, json: [String: Any]? = nil) async throws -> LoopbackHTTP.Reply {
        let body = try json.map { [UInt8](try JSONSerialization.data(withJSONObject: $0)) }
        return try await LoopbackHTTP.send(
            method, "\(server.baseURL)/v1.0/\(path)", body: body,
            headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
        )
    }
}
