import CertKeeperEntra
import Foundation
import TestSupport
import Testing

@Suite struct EndpointTests {
    @Test func theDefaultAuthorityIsThePublicCloudOverHTTPS() throws {
        let endpoint = try AuthorityHost.publicCloud.tokenEndpoint(tenant: "contoso.onmicrosoft.com")
        #expect(endpoint.absoluteString == "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token")
    }

    @Test(arguments: [
        ("login.microsoftonline.us", "https://login.microsoftonline.us/t/oauth2/v2.0/token"),
        ("https://login.chinacloudapi.cn/", "https://login.chinacloudapi.cn/t/oauth2/v2.0/token"),
        ("https://adfs.contoso.com/adfs", "https://adfs.contoso.com/adfs/t/oauth2/v2.0/token"),
        ("http://127.0.0.1:8443", "http://127.0.0.1:8443/t/oauth2/v2.0/token"),
        ("http://localhost:1234", "http://localhost:1234/t/oauth2/v2.0/token"),
        ("http://[::1]:1234", "http://[::1]:1234/t/oauth2/v2.0/token"),
    ])
    func authorityHostsFormTheTokenEndpoint(host: String, expected: String) throws {
        #expect(try AuthorityHost(parsing: host).tokenEndpoint(tenant: "t").absoluteString == expected)
    }

    @Test(arguments: [
        "http://login.microsoftonline.com", "http://10.0.0.5:8080", "http://128.0.0.1", "ftp://login.microsoftonline.com", "https://user:pw@login.microsoftonline.com", "",
    ])
    func insecureOrMalformedAuthoritiesAreRefused(host: String) {
        let error = #expect(throws: EntraError.self) { try AuthorityHost(parsing: host) }
        #expect(error?.code == .invalidParameter)
        #expect(error?.description.contains("pw") == false)
    }

    @Test(arguments: ["", "a/b", "contoso.com?x=1", "tenant id", "../x"])
    func tenantsThatWouldBendThePathAreRefused(tenant: String) {
        #expect(throws: EntraError.self) { try AuthorityHost.publicCloud.tokenEndpoint(tenant: tenant) }
    }

    @Test func formValuesArePercentEncodedSoPythonReadsThemBack() throws {
        let assertion = "eyJh.eyJ-_.sig"
        let scope = "api://my app/+x&y=z/.default"
        let fields = TokenClient.formFields(clientID: "c+1", scope: scope, assertion: assertion)
        let body = String(decoding: FormEncoding.encode(fields), as: UTF8.self)
        #expect(!body.contains("+"))
        #expect(body.contains("scope=api%3A%2F%2Fmy%20app%2F%2Bx%26y%3Dz%2F.default"))
        let python = try IndependentTools.python(
            "import sys, json, urllib.parse; print(json.dumps(dict(urllib.parse.parse_qsl(sys.argv[1], strict_parsing=True))))", [body]
        )
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(python.stdout.utf8))
        #expect(
            decoded == [
                "grant_type": "client_credentials", "client_id": "c+1", "scope": scope,
                "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion,
            ])
    }

    @Test func retryAfterIsReadAsSecondsOrAnHTTPDate() throws {
        let now = Date(timeIntervalSince1970: 1_767_225_600)
        #expect(RetryPolicy.retryAfterSeconds("7", now: now) == 7)
        #expect(RetryPolicy.retryAfterSeconds("Thu, 01 Jan 2026 00:00:30 GMT", now: now) == 30)
        #expect(RetryPolicy.retryAfterSeconds("soon", now: now) == nil)
        #expect(RetryPolicy.retryAfterSeconds(nil, now: now) == nil)
    }

    @Test func backoffGrowsThenStopsAndHonoursRetryAfterWithinALimit() {
        let policy = RetryPolicy(maximumAttempts: 4, baseDelay: 1, maximumDelay: 3, longestRetryAfter: 60)
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil) == 1)
        #expect(policy.delay(afterAttempt: 2, retryAfter: nil) == 2)
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil) == 3)
        #expect(policy.delay(afterAttempt: 4, retryAfter: nil) == nil)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 9) == 9)
        #expect(policy.delay(afterAttempt: 1, retryAfter: 600) == nil)
        #expect(RetryPolicy.isRetryable(status: 429) && RetryPolicy.isRetryable(status: 503))
        #expect(!RetryPolicy.isRetryable(status: 400) && !RetryPolicy.isRetryable(status: 501))
    }
}

@Suite struct CatalogTests {
    @Test(arguments: [
        (700027, FailureCategory.certificate), (700024, .certificate), (1_000_502, .certificate), (7_000_214, .certificate),
        (7_000_277, .certificate), (50032, .certificate),
        (700016, .configuration), (90002, .configuration), (70011, .configuration), (700022, .configuration),
        (700023, .configuration), (50048, .configuration), (7_000_215, .configuration), (7_000_222, .configuration),
        (7_000_218, .configuration), (50196, .throttling),
    ])
    func everyCodeOfTheDesignIsExplainedAndClassified(code: Int, category: FailureCategory) throws {
        let explanation = try #require(AADSTSCatalog.explanation(for: code))
        #expect(explanation.category == category)
        #expect(!explanation.cause.isEmpty && !explanation.action.isEmpty)
    }

    @Test func unknownCodesAreNotGuessed() {
        #expect(AADSTSCatalog.explanation(for: 123456) == nil)
        #expect(AADSTSCatalog.knownCodes.count == 16)
    }
}
