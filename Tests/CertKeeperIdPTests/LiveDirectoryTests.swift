import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// Graph's collection listings over real HTTP: a seeded tenant paged through
/// `@odata.nextLink` exactly as returned, the 403 of an app without Application.Read.All,
/// and the throttling switch's 429 + Retry-After.
@Suite struct LiveDirectoryTests {
    static let readerClientID = "eeeeeeee-0000-0000-0000-000000000005"

    /// The emulator with `apps` seeded applications and a reader app (Application.Read.All).
    private func emulator(apps: Int, serve: [String] = []) throws -> (LiveEmulator, TestCredential) {
        let reader = try TestCredential.make(validFrom: Date().addingTimeInterval(-3600))
        let live = try LiveEmulator(serveArguments: serve)
        let certificate = try live.directory.write(reader.certificate.pem, to: "reader.pem")
        let state = live.directory.file("state.sqlite")
        let created = try IdPServerProcess.run([
            "app", "create", "--state", state, "--tenant", LiveEmulator.tenant, "--client-id", Self.readerClientID,
            "--object-id", "ffffffff-0000-0000-0000-000000000006", "--cert", certificate, "--role", "Application.Read.All",
        ])
        #expect(created.status == 0, "\(created)")
        let seeded = try IdPServerProcess.run(["directory", "seed", "--state", state, "--tenant", LiveEmulator.tenant, "--apps", String(apps), "--seed", "3"])
        #expect(seeded.status == 0, "\(seeded)")
        return (live, reader)
    }

    private func token(_ live: LiveEmulator, _ credential: TestCredential) async throws -> String {
        for _ in 0..<30 {
            let reply = try await live.requestToken(try live.assertion(credential, clientID: Self.readerClientID).compact(), clientID: Self.readerClientID)
            if let token = reply.json["access_token"] as? String { return token }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestSupportError("the reader app got no token")
    }

    @Test func aSeededTenantIsPagedThroughTheNextLink() async throws {
        let (live, reader) = try emulator(apps: 1_200)
        let token = try await token(live, reader)
        var url: String? = "\(live.server.baseURL)/v1.0/applications?%24select=id,appId,displayName,keyCredentials,passwordCredentials&%24top=999"
        var ids = Set<String>()
        var pages = 0
        while let current = url {
            let reply = try await LoopbackHTTP.send("GET", current, headers: ["Authorization": "Bearer \(token)"])
            #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self).prefix(300))")
            pages += 1
            for value in reply.json["value"] as? [[String: Any]] ?? [] { ids.insert(value["id"] as? String ?? "") }
            url = reply.json["@odata.nextLink"] as? String
            if let url { #expect(url.hasPrefix(live.server.baseURL + "/v1.0/applications?")) }
        }
        #expect(pages == 2)
        #expect(ids.count == 1_202, "1200 seeded, the rotation app and the reader")
        let principals = try await LoopbackHTTP.send(
            "GET", "\(live.server.baseURL)/v1.0/servicePrincipals?$top=5", headers: ["Authorization": "Bearer \(token)"]
        )
        #expect((principals.json["value"] as? [[String: Any]])?.count == 5)
        #expect(live.server.stop() == 0)
    }

    @Test func anAppWithoutTheRoleGets403AndThrottlingSays429() async throws {
        let (live, reader) = try emulator(apps: 5, serve: ["--throttle-every", "2", "--throttle-retry-after", "3"])
        let denied = try await live.graph("GET", "applications", token: try await live.graphToken())
        #expect(denied.status == 403)
        #expect((denied.json["error"] as? [String: Any])?["code"] as? String == "Authorization_RequestDenied")
        // The 403 above was request 1; request 2 is throttled.
        let throttled = try await live.graph("GET", "applications", token: try await token(live, reader))
        #expect(throttled.status == 429)
        #expect(throttled.headers["retry-after"] == "3")
        let next = try await live.graph("GET", "applications", token: try await token(live, reader))
        #expect(next.status == 200)
        #expect(live.server.stop() == 0)
    }
}
