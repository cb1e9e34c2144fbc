import CertKeeperHTTP
import Foundation
import TestSupport
import Testing

/// The transport's limits against real misbehaving servers over https: a deadline for the
/// whole exchange, a cap on the answer, no redirect followed. One clear line each.
@Suite struct LimitsTests {
    let certificates: ServerCertificates
    let transport: CurlTransport

    init() throws {
        certificates = try ServerCertificates()
        let trust = TrustConfiguration(system: nil, extra: try CABundle(path: certificates.ca, source: .option))
        transport = CurlTransport(configuration: TransportConfiguration(trust: trust))
    }

    func post(_ server: NetworkTestServer, timeout: Double = 10) -> HTTPRequest {
        HTTPRequest(method: "POST", url: URL(string: "\(server.baseURL)/tenant/oauth2/v2.0/token")!, body: Array("a=b".utf8), timeout: timeout)
    }

    @Test func aServerDrippingOneByteASecondHitsTheDeadline() async throws {
        let server = try NetworkTestServer(.drip, certificate: certificates)
        // The server announces 100 bytes and sends one a second, so the exchange would
        // succeed after 100 s: a timeout error proves the deadline covers the whole answer,
        // not the gap between bytes (no wall-clock bound here: tests share a loaded machine).
        let error = await #expect(throws: HTTPError.self) { try await transport.send(post(server, timeout: 2)) }
        #expect(error?.code == .timeout)
        #expect(
            error?.description
                == "no complete answer from \(server.baseURL)/tenant/oauth2/v2.0/token within 2 s (--timeout): the server or a proxy is stalled or slow; check the network or raise --timeout"
        )
        #expect(server.requests().count == 1)
    }

    @Test(arguments: [NetworkTestServer.Mode.huge, .hugeChunked])
    func a50MiBAnswerIsCutOffAtTheCap(_ mode: NetworkTestServer.Mode) async throws {
        let server = try NetworkTestServer(mode, certificate: certificates)
        let error = await #expect(throws: HTTPError.self) { try await transport.send(post(server, timeout: 60)) }
        #expect(error?.code == .responseTooLarge)
        #expect(
            error?.description
                == "\(server.baseURL)/tenant/oauth2/v2.0/token sent an answer larger than 4 MiB: refused without reading the rest (a proxy's error page, or not the right endpoint?)"
        )
    }

    @Test func aRedirectToAnotherPortIsNotFollowed() async throws {
        let target = try NetworkTestServer(.ok, certificate: certificates)
        let location = "\(target.baseURL)/elsewhere"
        let server = try NetworkTestServer(.redirect, certificate: certificates, location: location)
        let error = await #expect(throws: HTTPError.self) { try await transport.send(post(server)) }
        #expect(error?.code == .redirected)
        #expect(
            error?.description
                == "\(server.baseURL)/tenant/oauth2/v2.0/token answered HTTP 302 redirecting to \(location): redirects are not followed (requests carry assertions and tokens); use the final URL"
        )
        #expect(server.requests() == ["POST /tenant/oauth2/v2.0/token"])
        #expect(target.requests().isEmpty)
    }

    @Test func aHostileLocationIsEscaped() async throws {
        let server = try NetworkTestServer(.redirect, certificate: certificates, location: "https://evil.example/\u{1B}[2Jx")
        let error = await #expect(throws: HTTPError.self) { try await transport.send(post(server)) }
        #expect(error?.description.contains("\u{1B}") == false)
        #expect(error?.description.contains("\\x1b[2Jx") == true)
    }

    @Test func aCancelledTaskStopsTheTransfer() async throws {
        let server = try NetworkTestServer(.drip, certificate: certificates)
        let transport = self.transport
        let request = post(server, timeout: 60)
        let task = Task { try await transport.send(request) }
        try await Task.sleep(nanoseconds: 1_500_000_000)
        task.cancel()
        // Without the cancellation the transfer would end at its 60 s deadline as .timeout.
        let result = await task.result
        let error = #expect(throws: HTTPError.self) { try result.get() }
        #expect(error?.code == .cancelled)
    }
}
