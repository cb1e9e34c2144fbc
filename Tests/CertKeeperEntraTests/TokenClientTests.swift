import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperHTTP
import Foundation
import TestSupport
import Testing

/// The token client against a real HTTP server on loopback (scripted responses).
@Suite struct TokenClientTests {
    let tenant = "contoso.onmicrosoft.com"
    let clientID = "11111111-2222-3333-4444-555555555555"

    func request(
        _ server: ScriptedHTTPServer, credential: ClientCertificateCredential,
        algorithm: AssertionAlgorithmPolicy = .automatic, chain: Bool = false
    ) throws -> TokenRequest {
        TokenRequest(
            authority: try AuthorityHost(parsing: server.baseURL), tenant: tenant, clientID: clientID,
            scope: "https://graph.microsoft.com/.default", credential: credential, algorithm: algorithm, sendCertificateChain: chain
        )
    }

    func client(sleeps: SleepRecorder = SleepRecorder(), timeout: Double = 10) -> TokenClient {
        TokenClient(
            assertions: TestCredentials.pinnedFactory,
            retry: RetryPolicy(maximumAttempts: 4, baseDelay: 1, maximumDelay: 30, sleep: { await sleeps.record($0) }),
            timeout: timeout
        )
    }

    func assertionHeader(_ recorded: ScriptedHTTPServer.RecordedRequest) throws -> JWTHeader {
        let jws = try CompactJWS(parsing: try #require(recorded.form["client_assertion"]))
        return try JSONDecoder().decode(JWTHeader.self, from: Data(jws.headerJSON))
    }

    @Test func ps256SuccessSendsTheDesignedFormAndReadsTheToken() async throws {
        let server = try ScriptedHTTPServer([.token("tok-ps256", expiresIn: 4321)])
        let credential = try TestCredentials.rsa()
        let acquisition = try await client().acquireToken(try request(server, credential: credential))
        #expect(acquisition.token.value == "tok-ps256")
        #expect(acquisition.token.tokenType == "Bearer")
        #expect(acquisition.token.expiresOn == TestCredentials.fixedNow.addingTimeInterval(4321))
        #expect(acquisition.algorithm == .ps256 && acquisition.fellBackFrom == nil && acquisition.requestCount == 1)

        let sent = try #require(try server.requests().first)
        #expect(sent.method == "POST")
        #expect(sent.path == "/\(tenant)/oauth2/v2.0/token")
        #expect(sent.headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(sent.form["grant_type"] == "client_credentials")
        #expect(sent.form["client_id"] == clientID)
        #expect(sent.form["scope"] == "https://graph.microsoft.com/.default")
        #expect(sent.form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        let header = try assertionHeader(sent)
        #expect(header.alg == "PS256" && header.x5tS256 == credential.certificate.sha256Thumbprint.base64URL && header.x5c == nil)
        let jws = try CompactJWS(parsing: try #require(sent.form["client_assertion"]))
        let claims = try JSONDecoder().decode(ClientAssertionClaims.self, from: Data(jws.payloadJSON))
        #expect(claims.aud == "\(server.baseURL)/\(tenant)/oauth2/v2.0/token")
        #expect(try jws.isValidSignature(publicKey: #require(credential.certificate.publicKey), algorithm: .ps256))
    }

    @Test func pinnedRS256SendsX5tOnly() async throws {
        let server = try ScriptedHTTPServer([.token()])
        let credential = try TestCredentials.rsa()
        let acquisition = try await client().acquireToken(try request(server, credential: credential, algorithm: .pinned(.rs256)))
        #expect(acquisition.algorithm == .rs256)
        let header = try assertionHeader(try #require(try server.requests().first))
        #expect(header.alg == "RS256" && header.x5t == credential.certificate.sha1Thumbprint.base64URL && header.x5tS256 == nil)
    }

    @Test func x5cModeSendsTheChainLeafFirst() async throws {
        let server = try ScriptedHTTPServer([.token()])
        let intermediate = try TestCredentials.certificate(commonName: "ca", key: try PrivateKey.generate(.rsa2048))
        let credential = try TestCredentials.rsa(chain: [intermediate])
        _ = try await client().acquireToken(try request(server, credential: credential, chain: true))
        let header = try assertionHeader(try #require(try server.requests().first))
        #expect(header.x5c == [Data(credential.certificate.der).base64EncodedString(), Data(intermediate.der).base64EncodedString()])
    }

    @Test func ps256RefusedWith700027FallsBackToRS256Once() async throws {
        let server = try ScriptedHTTPServer([.aadsts(700027, status: 401), .token("tok-rs256")])
        let acquisition = try await client().acquireToken(try request(server, credential: try TestCredentials.rsa()))
        #expect(acquisition.token.value == "tok-rs256")
        #expect(acquisition.algorithm == .rs256 && acquisition.fellBackFrom == .ps256 && acquisition.requestCount == 2)
        let sent = try server.requests()
        #expect(try sent.map { try assertionHeader($0).alg } == ["PS256", "RS256"])
    }

    @Test func invalidSignatureWithBothAlgorithmsIsDiagnosedWithTheThumbprints() async throws {
        let server = try ScriptedHTTPServer([.aadsts(700027, status: 401), .aadsts(700027, status: 401)])
        let credential = try TestCredentials.rsa()
        let error = await #expect(throws: EntraError.self) {
            try await client().acquireToken(try request(server, credential: credential))
        }
        let diagnosis = try #require(error?.diagnosis)
        #expect(error?.code == .rejected)
        #expect(diagnosis.errorCodes == [700027])
        #expect(diagnosis.category == .certificate)
        #expect(diagnosis.algorithmsTried == [.ps256, .rs256])
        #expect(diagnosis.certificate?.sha1 == credential.certificate.sha1Thumbprint)
        #expect(diagnosis.certificate?.sha256 == credential.certificate.sha256Thumbprint)
        #expect(diagnosis.traceID == "0a1b2c3d-trace-0000-0000-000000000000")
        #expect(diagnosis.correlationID == "9f8e7d6c-corr-0000-0000-000000000000")
        #expect(try server.requests().count == 2)
    }

    @Test func aPinnedAlgorithmNeverFallsBack() async throws {
        let server = try ScriptedHTTPServer([.aadsts(700027, status: 401), .token()])
        let error = await #expect(throws: EntraError.self) {
            try await client().acquireToken(try request(server, credential: try TestCredentials.rsa(), algorithm: .pinned(.ps256)))
        }
        #expect(error?.diagnosis?.algorithmsTried == [.ps256])
        #expect(try server.requests().count == 1)
    }

    @Test(arguments: [
        (700016, 400, FailureCategory.configuration, "unauthorized_client"),
        (90002, 400, .configuration, "invalid_request"),
        (700024, 400, .certificate, "invalid_client"),
        (1_000_502, 401, .certificate, "invalid_client"),
        (70011, 400, .configuration, "invalid_scope"),
    ])
    func knownCodesAreDiagnosedWithoutRetrying(code: Int, status: Int, category: FailureCategory, oauthError: String) async throws {
        let server = try ScriptedHTTPServer([.aadsts(code, status: status, error: oauthError), .token()])
        let sleeps = SleepRecorder()
        let error = await #expect(throws: EntraError.self) {
            try await client(sleeps: sleeps).acquireToken(try request(server, credential: try TestCredentials.rsa()))
        }
        let diagnosis = try #require(error?.diagnosis)
        #expect(diagnosis.errorCodes == [code])
        #expect(diagnosis.category == category)
        #expect(diagnosis.explanations.first?.code == code)
        #expect(diagnosis.body?.error == oauthError)
        #expect(diagnosis.serverMessageLines.first?.hasPrefix("AADSTS\(code): Test failure.") == true)
        #expect(error?.description.contains("AADSTS\(code)") == true)
        #expect(try server.requests().count == 1)
        #expect(await sleeps.delays.isEmpty)
    }

    @Test func unknownCodesPassThroughVerbatim() async throws {
        let server = try ScriptedHTTPServer([.aadsts(5_012_345, message: "Something new happened.")])
        let error = await #expect(throws: EntraError.self) {
            try await client().acquireToken(try request(server, credential: try TestCredentials.rsa()))
        }
        let diagnosis = try #require(error?.diagnosis)
        #expect(diagnosis.category == .unknown && diagnosis.explanations.isEmpty)
        #expect(diagnosis.serverMessageLines == ["AADSTS5012345: Something new happened."])
    }

    @Test func retryAfterOn429IsHonouredAndEachAttemptHasAFreshAssertion() async throws {
        let server = try ScriptedHTTPServer([
            .json(429, #"{"error":"temporarily_unavailable"}"#, headers: ["Retry-After": "7"]), .token("after-wait"),
        ])
        let sleeps = SleepRecorder()
        let acquisition = try await TokenClient(
            retry: RetryPolicy(sleep: { await sleeps.record($0) })
        ).acquireToken(try request(server, credential: try TestCredentials.rsa()))
        #expect(acquisition.token.value == "after-wait")
        #expect(await sleeps.delays == [7])
        let assertions = try server.requests().compactMap { $0.form["client_assertion"] }
        #expect(assertions.count == 2 && assertions[0] != assertions[1])
    }

    @Test func persistent5xxBacksOffExponentiallyThenGivesUp() async throws {
        let server = try ScriptedHTTPServer(Array(repeating: .aadsts(50196, status: 503, error: "temporarily_unavailable"), count: 4))
        let sleeps = SleepRecorder()
        let error = await #expect(throws: EntraError.self) {
            try await client(sleeps: sleeps).acquireToken(try request(server, credential: try TestCredentials.rsa()))
        }
        #expect(error?.code == .throttled)
        #expect(error?.diagnosis?.category == .throttling)
        #expect(await sleeps.delays == [1, 2, 4])
        #expect(try server.requests().count == 4)
    }

    @Test func aNonJSONErrorBodyIsReportedAsSuch() async throws {
        let server = try ScriptedHTTPServer([
            ScriptedHTTPServer.Response(status: 404, headers: ["Content-Type": "text/html"], body: "<html>Not Found</html>")
        ])
        let error = await #expect(throws: EntraError.self) {
            try await client().acquireToken(try request(server, credential: try TestCredentials.rsa()))
        }
        #expect(error?.code == .rejected)
        #expect(error?.diagnosis?.body == nil)
        #expect(error?.description.contains("HTTP 404 with a non-JSON body (text/html)") == true)
        #expect(error?.description.contains("--authority-host") == true)
    }

    @Test func redirectsAreNotFollowed() async throws {
        let server = try ScriptedHTTPServer([
            ScriptedHTTPServer.Response(status: 302, headers: ["Location": "http://127.0.0.1:9/elsewhere"]), .token(),
        ])
        let error = await #expect(throws: EntraError.self) {
            try await client().acquireToken(try request(server, credential: try TestCredentials.rsa()))
        }
        #expect(error?.transportFailure?.code == .redirected)
        #expect(error?.description.contains("answered HTTP 302 redirecting to http://127.0.0.1:9/elsewhere: redirects are not followed") == true)
        #expect(try server.requests().count == 1)
    }

    @Test func expiresInAsAStringIsAccepted() async throws {
        let server = try ScriptedHTTPServer([.json(200, #"{"token_type":"Bearer","expires_in":"3600","access_token":"adfs-style"}"#)])
        let acquisition = try await client().acquireToken(try request(server, credential: try TestCredentials.rsa()))
        #expect(acquisition.token.expiresIn(at: TestCredentials.fixedNow) == 3600)
    }

    @Test func anUnreachableAuthorityIsOneLineWithTheURLAndTheReason() async throws {
        let server = try ScriptedHTTPServer([])
        let closed = try request(server, credential: try TestCredentials.rsa())
        server.stop()
        let error = await #expect(throws: EntraError.self) { try await client().acquireToken(closed) }
        #expect(error?.code == .unreachable)
        let message = try #require(error?.description)
        #expect(message.contains("\(server.baseURL)/\(tenant)/oauth2/v2.0/token"))
        #expect(!message.contains("\n"))
    }

    @Test func aSlowServerTimesOut() async throws {
        let server = try ScriptedHTTPServer([ScriptedHTTPServer.Response(status: 200, body: "{}", delay: 4)])
        let error = await #expect(throws: EntraError.self) {
            try await client(timeout: 1).acquireToken(try request(server, credential: try TestCredentials.rsa()))
        }
        #expect(error?.code == .timeout)
    }
}

/// Records the back-off delays instead of sleeping.
actor SleepRecorder {
    private(set) var delays: [Double] = []
    func record(_ seconds: Double) { delays.append(seconds) }
}
