import CertKeeperCrypto
import CertKeeperIdP
import Foundation
import Testing

/// Graph's collection listings: paging, $select, the permission check, throttling and the
/// deterministic seeding behind them.
@Suite struct DirectoryListingTests {
    let fixture: IdPFixture
    init() throws { fixture = try IdPFixture() }

    private func seed(_ count: Int, seed: UInt64 = 42, store: DirectoryStore? = nil) throws -> DirectorySeedSummary {
        try (store ?? fixture.store).seed(DirectorySeedPlan(tenantID: IdPFixture.tenant, applications: count, seed: seed, now: IdPFixture.start))
    }

    private func list(
        _ collection: DirectoryCollection, _ query: String?, token: String? = nil, throttle: GraphThrottle = .off
    ) throws -> (reply: HTTPReply, json: [String: Any]) {
        let service = DirectoryListingService(context: fixture.context, throttle: throttle)
        let reply = service.list(collection, rawQuery: query, call: fixture.graphCall(token: try token ?? fixture.graphToken()))
        return (reply, try JSONBody.object(reply.body))
    }

    private func errorOf(_ json: [String: Any]) -> (code: String?, message: String?) {
        let error = json["error"] as? [String: Any]
        return (error?["code"] as? String, error?["message"] as? String)
    }

    @Test func pagesFollowTheNextLinkWithSelectAndTopKept() throws {
        let summary = try seed(250)
        #expect(summary.applications == 250 && summary.servicePrincipals == 250)
        let token = try fixture.graphToken()
        var query: String? = "$select=id,appId,displayName,keyCredentials,passwordCredentials&$top=100"
        var ids: [String] = []
        var pages = 0
        while let current = query {
            let (reply, json) = try list(.applications, current, token: token)
            #expect(reply.status == 200, "\(json)")
            pages += 1
            #expect((json["@odata.context"] as? String)?.hasSuffix("$metadata#applications(id,appId,displayName,keyCredentials,passwordCredentials)") == true)
            let values = try #require(json["value"] as? [[String: Any]])
            for value in values {
                #expect(Set(value.keys) == ["id", "appId", "displayName", "keyCredentials", "passwordCredentials"])
                ids.append(try #require(value["id"] as? String))
            }
            guard let next = json["@odata.nextLink"] as? String else {
                query = nil
                continue
            }
            #expect(next.hasPrefix("\(IdPFixture.address.baseURL)/v1.0/applications?$select=id,appId,displayName,keyCredentials,passwordCredentials&$top=100&$skiptoken="))
            query = String(next.split(separator: "?", maxSplits: 1)[1])
        }
        #expect(pages == 3)
        #expect(ids.count == 251, "250 seeded + the fixture's application")
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
    }

    @Test func credentialsLookLikeGraphListings() throws {
        _ = try seed(40)
        _ = try fixture.admin.addSecret(to: IdPFixture.objectID, displayName: "CI", days: 30)
        let (_, json) = try list(.applications, "$top=999")
        let values = try #require(json["value"] as? [[String: Any]])
        #expect(json["@odata.nextLink"] == nil)
        let mine = try #require(values.first { $0["id"] as? String == IdPFixture.objectID })
        let key = try #require((mine["keyCredentials"] as? [[String: Any]])?.first)
        #expect(key["key"] is NSNull, "listings never carry the certificate")
        #expect(key["customKeyIdentifier"] as? String == Data(fixture.credential.certificate.sha1Thumbprint.bytes).base64EncodedString())
        #expect(key["type"] as? String == "AsymmetricX509Cert" && key["usage"] as? String == "Verify")
        let secret = try #require((mine["passwordCredentials"] as? [[String: Any]])?.first)
        #expect(secret["secretText"] is NSNull)
        #expect((secret["hint"] as? String)?.count == 3)
        #expect(secret["displayName"] as? String == "CI")
        let allKeys = values.flatMap { ($0["keyCredentials"] as? [[String: Any]]) ?? [] }
        let allSecrets = values.flatMap { ($0["passwordCredentials"] as? [[String: Any]]) ?? [] }
        #expect(allKeys.count > 20 && allSecrets.count > 10)
        for credential in allKeys {
            let identifier = try #require(credential["customKeyIdentifier"] as? String)
            #expect(Data(base64Encoded: identifier)?.count == 20)
        }
        // Secrets carry Graph's seven fractional digits; certificates whole seconds.
        #expect(allSecrets.contains { ($0["endDateTime"] as? String)?.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$"#, options: .regularExpression) != nil })
        #expect(allKeys.allSatisfy { ($0["endDateTime"] as? String)?.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil })
    }

    @Test func servicePrincipalsCarrySAMLSigningCertificates() throws {
        _ = try seed(60)
        let (reply, json) = try list(
            .servicePrincipals, "$select=id,appId,displayName,servicePrincipalType,preferredTokenSigningKeyThumbprint,keyCredentials,passwordCredentials&$top=999")
        #expect(reply.status == 200)
        let values = try #require(json["value"] as? [[String: Any]])
        #expect(values.count == 61)
        #expect(values.allSatisfy { $0["servicePrincipalType"] as? String == "Application" })
        let saml = values.filter { $0["preferredTokenSigningKeyThumbprint"] as? String != nil }
        #expect(!saml.isEmpty)
        for principal in saml {
            let keys = try #require(principal["keyCredentials"] as? [[String: Any]])
            #expect(Set(keys.compactMap { $0["usage"] as? String }) == ["Sign", "Verify"])
            let thumbprint = try #require(principal["preferredTokenSigningKeyThumbprint"] as? String)
            let identifiers = keys.compactMap { ($0["customKeyIdentifier"] as? String).flatMap { Data(base64Encoded: $0) } }
            #expect(identifiers.contains { $0.map { String(format: "%02X", $0) }.joined() == thumbprint })
        }
    }

    @Test func seedingIsDeterministicAndRefusesItsOwnRepeat() throws {
        let other = try IdPFixture()
        _ = try seed(30, seed: 7)
        _ = try seed(30, seed: 7, store: other.store)
        let first = try list(.applications, "$top=999").json["value"] as? [[String: Any]]
        let second = DirectoryListingService(context: other.context)
            .list(.applications, rawQuery: "$top=999", call: other.graphCall(token: try other.graphToken()))
        let secondValues = try JSONBody.object(second.body)["value"] as? [[String: Any]]
        #expect(first?.compactMap { $0["id"] as? String } == secondValues?.compactMap { $0["id"] as? String })
        #expect(first?.count == 31)
        #expect(throws: IdPError(.conflict, "")) { try seed(30, seed: 7) }
        #expect(try seed(5, seed: 8).applications == 5)
    }

    @Test func withoutApplicationReadAllTheAnswerIsGraphs403() throws {
        let credential = try TestCredential.make(validFrom: IdPFixture.start.addingTimeInterval(-60))
        _ = try fixture.admin.createApplication(
            tenantID: IdPFixture.tenant, clientID: "cccccccc-0000-0000-0000-000000000003", objectID: "dddddddd-0000-0000-0000-000000000004",
            displayName: "no roles", roles: ["User.Read.All"], certificates: [credential.certificate]
        )
        let assertion = try AssertionBuilder(
            credential: credential, audience: fixture.tokenEndpoint, clientID: "cccccccc-0000-0000-0000-000000000003", now: fixture.clock.now
        ).compact()
        let (status, body) = try fixture.requestToken(assertion: assertion, clientID: "cccccccc-0000-0000-0000-000000000003")
        #expect(status == 200)
        let token = try #require(body["access_token"] as? String)
        for collection in DirectoryCollection.allCases {
            let (reply, json) = try list(collection, nil, token: token)
            #expect(reply.status == 403)
            #expect(errorOf(json).code == "Authorization_RequestDenied")
            #expect(errorOf(json).message == "Insufficient privileges to complete the operation.")
            let inner = (json["error"] as? [String: Any])?["innerError"] as? [String: Any]
            #expect(inner?["request-id"] as? String != nil && inner?["date"] as? String != nil)
        }
        let (noBearer, _) = try list(.applications, nil, token: "not-a-token")
        #expect(noBearer.status == 401)
    }

    @Test func badQueriesAreRefusedAsGraphDoes() throws {
        let cases: [(String, Int, String)] = [
            ("$top=1000", 400, "Request_UnsupportedQuery"),
            ("$top=0", 400, "Request_UnsupportedQuery"),
            ("$top=ten", 400, "Request_BadRequest"),
            ("$select=id,secretText", 400, "Request_BadRequest"),
            ("$skiptoken=bm90IG91cnM", 400, "Request_BadRequest"),
            ("$filter=startswith(displayName,'a')", 400, "Request_UnsupportedQuery"),
        ]
        for (query, status, code) in cases {
            let (reply, json) = try list(.applications, query)
            #expect(reply.status == status, "\(query)")
            #expect(errorOf(json).code == code, "\(query): \(json)")
        }
        // A skip token of the other collection is no token for this one.
        _ = try seed(3)
        let (_, page) = try list(.servicePrincipals, "$top=1")
        let next = try #require(page["@odata.nextLink"] as? String)
        let marker = try #require(next.range(of: "$skiptoken="))
        let token = String(next[marker.upperBound...])
        #expect(try list(.applications, "%24skiptoken=\(token)").reply.status == 400)
        #expect(try list(.servicePrincipals, "%24top=1&%24skiptoken=\(token)").reply.status == 200)
    }

    @Test func theThrottleSwitchAnswers429WithRetryAfter() throws {
        let throttle = GraphThrottle(every: 3, retryAfterSeconds: 7)
        let token = try fixture.graphToken()
        let statuses = try (1...6).map { _ in try list(.applications, nil, token: token, throttle: throttle).reply }
        #expect(statuses.map(\.status) == [200, 200, 429, 200, 200, 429])
        #expect(statuses[2].headers["Retry-After"] == "7")
        #expect(errorOf(try JSONBody.object(statuses[2].body)).code == "TooManyRequests")
    }
}
