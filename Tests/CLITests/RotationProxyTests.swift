import Foundation
import TestSupport
import Testing

/// `rotate start --register graph` over https through a real squid with basic auth: every
/// request of the rotation (tokens, Graph addKey/removeKey, verification) is tunnelled, as
/// squid's own access log shows.
@Suite struct RotationProxyTests {
    @Test func aGraphRotationGoesThroughTheProxy() throws {
        let fixture = try RotationFixture()
        let proxy = try ForwardProxy()
        let run = try fixture.start(["--register", "graph", "--overlap", "0", "--verbose"], environment: ["HTTPS_PROXY": proxy.urlWithCredentials])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("completed"))
        let tunnels = proxy.accessLog(expectingAtLeast: 4)
        #expect(tunnels.count >= 4, "\(tunnels)")
        #expect(tunnels.allSatisfy { $0.contains("TCP_TUNNEL/200") && $0.contains("CONNECT 127.0.0.1:\(fixture.idp.port) \(proxy.username) ") }, "\(tunnels)")
        let requests = try fixture.idp.requestLog().compactMap { $0["path"] as? String }
        #expect(requests.contains { $0.hasSuffix("/addKey") } && requests.contains { $0.hasSuffix("/removeKey") }, "\(requests)")
        #expect(!run.stderr.contains(proxy.password))
    }

    @Test func aWrongProxyPasswordStopsTheRotationBeforeAnythingChanges() throws {
        let fixture = try RotationFixture()
        let proxy = try ForwardProxy()
        let before = try fixture.registeredThumbprints()
        let wrong = "http://\(proxy.username):wrong-password@127.0.0.1:\(proxy.port)"
        let run = try fixture.start(["--register", "graph", "--overlap", "0"], environment: ["HTTPS_PROXY": wrong])
        #expect(run.status == 1)
        #expect(run.stderr.contains("HTTP 407 Proxy Authentication Required"), "\(run)")
        #expect(!run.stderr.contains("wrong-password"))
        #expect(try fixture.registeredThumbprints() == before)
        #expect(try fixture.tokenWorks())
    }
}
