import CertKeeperHTTP
import Foundation
import TestSupport
import Testing

/// CurlTransport against `certkeeper-idp serve --tls`: the extra bundle is added to the
/// system roots, never in their place.
@Suite struct TrustTests {
    let idp: IdPEmulator
    let directory: TemporaryDirectory

    init() throws {
        idp = try IdPEmulator(certificates: [], tls: true)
        directory = try TemporaryDirectory("certkeeper-http-trust")
    }

    var discovery: HTTPRequest {
        HTTPRequest(method: "GET", url: URL(string: "\(idp.baseURL)/\(IdPEmulator.tenant)/v2.0/.well-known/openid-configuration")!, timeout: 10)
    }

    func unrelatedCA(_ name: String) throws -> String {
        let chain = try TemporaryDirectory("certkeeper-http-unrelated")
        try IndependentTools.makeChain(in: chain, caName: name)
        return try directory.write(try chain.read("ca.pem"), to: "\(name.filter(\.isLetter)).pem")
    }

    func transport(system: String?, extra: String?) throws -> CurlTransport {
        let trust = TrustConfiguration(
            system: system.flatMap(SystemCABundle.init(path:)), extra: try extra.map { try CABundle(path: $0, source: .option) }
        )
        return CurlTransport(configuration: TransportConfiguration(trust: trust))
    }

    /// The "system" bundle here is a file the test controls (the emulator's certificate), so
    /// the test can tell that system roots are still trusted while an extra bundle is set.
    @Test func theSystemRootsStillApplyWhenABundleIsAdded() async throws {
        let response = try await transport(system: idp.tlsCertificatePath, extra: try unrelatedCA("Extra Root")).send(discovery)
        #expect(response.status == 200)
        let extraOnly = try await transport(system: SystemCABundle.defaultPath, extra: idp.tlsCertificatePath).send(discovery)
        #expect(extraOnly.status == 200)
    }

    @Test func neitherTrustingIsAnUntrustedServerNamingBoth() async throws {
        let system = try unrelatedCA("Fake System Root")
        let extra = try unrelatedCA("Extra Root")
        let error = await #expect(throws: HTTPError.self) {
            try await transport(system: system, extra: extra).send(discovery)
        }
        #expect(error?.code == .untrustedServer)
        let text = error?.description ?? ""
        #expect(text.contains("cannot verify the certificate of 127.0.0.1:\(idp.port): self-signed certificate"))
        #expect(text.contains("trusted: the system roots (\(system)) and --ca-bundle \(extra) (1 certificate: CN=Extra Root)"))
    }

    @Test func theRealSystemBundleAloneDoesNotTrustTheEmulator() async throws {
        let error = await #expect(throws: HTTPError.self) { try await CurlTransport.systemTrustOnly.send(discovery) }
        #expect(error?.code == .untrustedServer)
    }

    @Test func plainHTTPOnlyToLoopback() async throws {
        for url in ["http://example.com/token", "http://10.0.0.1/x", "ftp://127.0.0.1/x"] {
            let error = await #expect(throws: HTTPError.self) {
                try await CurlTransport.systemTrustOnly.send(HTTPRequest(method: "GET", url: URL(string: url)!))
            }
            #expect(error?.code == .insecureURL)
        }
        #expect(LoopbackHost.contains("127.8.9.10") && LoopbackHost.contains("[::1]") && LoopbackHost.contains("LOCALHOST"))
        #expect(!LoopbackHost.contains("128.0.0.1") && !LoopbackHost.contains("localhost.example.com"))
    }
}
