import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// The token endpoint over real HTTP on loopback: the `certkeeper-idp serve` process on an
/// ephemeral port, stopped by PID. One server per test; every case is asserted by its code.
@Suite(.serialized) struct LiveTokenEndpointTests {
    struct Case: Sendable {
        let name: String
        let code: Int?  // nil: a token is expected
        let build: @Sendable (LiveEmulator) throws -> (assertion: String, clientID: String, tenant: String, scope: String)
    }

    static func standard(_ mutate: @escaping @Sendable (inout AssertionBuilder) throws -> Void) -> @Sendable (LiveEmulator) throws -> (String, String, String, String) {
        { live in
            var builder = live.assertion()
            try mutate(&builder)
            return (try builder.compact(), LiveEmulator.clientID, LiveEmulator.tenant, "https://graph.microsoft.com/.default")
        }
    }

    static let cases: [Case] = [
        Case(name: "PS256 + x5t#S256", code: nil, build: standard { _ in }),
        Case(name: "RS256 + padded x5t", code: nil, build: standard { $0.useRS256(padded: true) }),
        Case(
            name: "x5c with newlines", code: nil,
            build: standard { builder in
                builder.header["x5c"] = [Data(builder.credential.certificate.der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])]
            }),
        Case(
            name: "float exp/iat, no nbf", code: nil,
            build: standard { builder in
                let now = Date().timeIntervalSince1970
                builder.claims = builder.claims.merging(["iat": now, "exp": now + 600.25]) { $1 }
                builder.claims["nbf"] = nil
            }),
        Case(name: "bad signature", code: 700027, build: standard { $0.signingKey = try PrivateKey.generate(.rsa2048) }),
        Case(
            name: "unknown thumbprint", code: 700027,
            build: { live in
                let stranger = try TestCredential.make(validFrom: Date().addingTimeInterval(-60))
                return (try live.assertion(stranger).compact(), LiveEmulator.clientID, LiveEmulator.tenant, "https://graph.microsoft.com/.default")
            }),
        Case(
            name: "SHA-256 under x5t", code: 700027,
            build: standard { builder in
                builder.header = ["alg": "PS256", "x5t": builder.credential.certificate.sha256Thumbprint.base64URL]
            }),
        Case(
            name: "assertion not yet valid", code: 700024,
            build: standard { builder in
                let later = Int(Date().timeIntervalSince1970) + 1200
                builder.claims = builder.claims.merging(["nbf": later, "exp": later + 600]) { $1 }
            }),
        Case(
            name: "expired assertion", code: 700024,
            build: standard { builder in
                let earlier = Int(Date().timeIntervalSince1970) - 2400
                builder.claims = builder.claims.merging(["nbf": earlier, "exp": earlier + 600]) { $1 }
            }),
        Case(name: "wrong aud", code: 700023, build: standard { $0.claims["aud"] = "https://login.microsoftonline.com/common/oauth2/v2.0/token" }),
        Case(name: "iss differs from sub", code: 50048, build: standard { $0.claims["sub"] = "not-the-client" }),
        Case(
            name: "unknown client", code: 700016,
            build: { live in
                (
                    try live.assertion(clientID: "99999999-0000-0000-0000-000000000000").compact(), "99999999-0000-0000-0000-000000000000",
                    LiveEmulator.tenant, "https://graph.microsoft.com/.default"
                )
            }),
        Case(
            name: "unknown tenant", code: 90002,
            build: { live in
                (try live.assertion().compact(), LiveEmulator.clientID, "fabrikam.example", "https://graph.microsoft.com/.default")
            }),
        Case(
            name: "scope without /.default", code: 70011,
            build: { live in
                (try live.assertion().compact(), LiveEmulator.clientID, LiveEmulator.tenant, "https://graph.microsoft.com/User.Read")
            }),
    ]

    @Test func everyCaseOverLoopbackThenCleanShutdown() async throws {
        let live = try LiveEmulator(serveArguments: ["--log-file", "requests.jsonl"])
        var sentAssertions: [String] = []
        for testCase in Self.cases {
            let (assertion, clientID, tenant, scope) = try testCase.build(live)
            sentAssertions.append(assertion)
            let reply = try await live.requestToken(assertion, clientID: clientID, tenant: tenant, scope: scope)
            if let code = testCase.code {
                #expect(JSONBody.errorCodes(reply.json) == [code], "\(testCase.name): \(reply.json)")
                #expect([400, 401].contains(reply.status), "\(testCase.name)")
            } else {
                #expect(reply.status == 200, "\(testCase.name): \(reply.json)")
                #expect(reply.json["token_type"] as? String == "Bearer")
            }
        }
        // The first assertion was accepted; sending it again is a replay.
        let replay = try await live.requestToken(sentAssertions[0])
        #expect(JSONBody.errorCodes(replay.json) == [50013])

        #expect(live.server.stop() == 0)
        let log = String(decoding: try live.directory.read("requests.jsonl"), as: UTF8.self)
        let lines = log.split(separator: "\n")
        #expect(lines.count == Self.cases.count + 1)
        #expect(lines.last?.contains(#""verdict":"AADSTS50013""#) == true)
        #expect(lines.first?.contains(#""verdict":"ok""#) == true)
        for assertion in sentAssertions {
            #expect(!log.contains(String(assertion.split(separator: ".")[1].prefix(40))), "the log must never hold an assertion")
        }
        #expect(!log.contains("access_token"))
    }

    @Test func expiredCertificateOverLoopbackIs1000502() async throws {
        let directory = try TemporaryDirectory("certkeeper-idp-expired")
        let expired = try TestCredential.make(validFrom: Date().addingTimeInterval(-5 * 86_400), days: 2)
        let path = try directory.write(expired.certificate.pem, to: "expired.pem")
        let created = try IdPServerProcess.run([
            "app", "create", "--state", directory.file("s.sqlite"), "--tenant", "t-expired", "--client-id", "c-expired",
            "--object-id", "o-expired", "--cert", path,
        ])
        #expect(created.status == 0, "\(created)")
        let server = try IdPServerProcess(state: "s.sqlite", in: directory)
        let endpoint = "\(server.baseURL)/t-expired/oauth2/v2.0/token"
        let assertion = try AssertionBuilder(credential: expired, audience: endpoint, clientID: "c-expired", now: Date()).compact()
        let reply = try await LoopbackHTTP.form(
            endpoint,
            [
                ("grant_type", "client_credentials"), ("client_id", "c-expired"), ("scope", "api://x/.default"),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", assertion),
            ])
        #expect(reply.status == 401)
        #expect(JSONBody.errorCodes(reply.json) == [1_000_502])
        #expect(server.stop() == 0)
    }
}
