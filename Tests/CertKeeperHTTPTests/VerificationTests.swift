import CertKeeperHTTP
import Foundation
import TestSupport
import Testing

/// What verification refuses even with the right CA trusted: a certificate for another
/// name, a protocol older than TLS 1.2.
@Suite struct VerificationTests {
    func transport(trusting certificates: ServerCertificates) throws -> CurlTransport {
        let trust = TrustConfiguration(system: nil, extra: try CABundle(path: certificates.ca, source: .environment("SSL_CERT_FILE")))
        return CurlTransport(configuration: TransportConfiguration(trust: trust))
    }

    @Test func theRightCAForTheRightNameIsAccepted() async throws {
        let certificates = try ServerCertificates()
        let server = try NetworkTestServer(.ok, certificate: certificates)
        let response = try await transport(trusting: certificates).send(HTTPRequest(method: "GET", url: URL(string: "\(server.baseURL)/x")!))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json")
        #expect(response.body == Array(#"{"ok":true}"#.utf8))
    }

    @Test func aCertificateForAnotherNameIsRefusedEvenFromATrustedCA() async throws {
        let certificates = try ServerCertificates(names: ["login.example.com"])
        let server = try NetworkTestServer(.ok, certificate: certificates)
        let error = await #expect(throws: HTTPError.self) {
            try await transport(trusting: certificates).send(HTTPRequest(method: "GET", url: URL(string: "\(server.baseURL)/x")!))
        }
        #expect(error?.code == .untrustedServer)
        #expect(error?.description.contains("cannot verify the certificate of 127.0.0.1:\(server.port)") == true)
        #expect(error?.description.contains("127.0.0.1") == true)
        #expect(server.requests().isEmpty)
    }

    @Test func tls11IsRefused() async throws {
        let certificates = try ServerCertificates()
        let server = try NetworkTestServer(.ok, certificate: certificates, maximumTLS: "1.1")
        let error = await #expect(throws: HTTPError.self) {
            try await transport(trusting: certificates).send(HTTPRequest(method: "GET", url: URL(string: "\(server.baseURL)/x")!))
        }
        #expect(error?.code == .tls)
        #expect(error?.description.contains("TLS 1.2 or later") == true)
        #expect(server.requests().isEmpty)
    }
}
