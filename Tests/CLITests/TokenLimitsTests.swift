import Foundation
import TestSupport
import Testing

/// The transport's limits as a user meets them: `token get` against misbehaving https
/// servers ends with exactly one line on stderr and exit 1.
@Suite struct TokenLimitsTests {
    let files: TokenFiles
    let app: (cert: String, key: String, combined: String)
    let certificates: ServerCertificates

    init() throws {
        files = try TokenFiles()
        app = try files.rsa("limits-app")
        certificates = try ServerCertificates()
    }

    func tokenGet(_ server: NetworkTestServer, _ extra: [String] = []) throws -> ProcessOutput {
        try TokenCLI.run(
            [
                "--tenant", "contoso.onmicrosoft.com", "--client-id", IdPEmulator.clientID, "--cert", app.combined,
                "--authority-host", server.baseURL, "--no-cache", "--ca-bundle", certificates.ca,
            ] + extra, home: try TemporaryDirectory().path)
    }

    func expectOneLine(_ run: ProcessOutput, _ text: String) {
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run)")
        #expect(run.stderr.contains(text), "\(run)")
    }

    @Test func theDeadlineHoldsAgainstADrippingServer() throws {
        let server = try NetworkTestServer(.drip, certificate: certificates)
        // 100 bytes at one a second would succeed after 100 s: the error proves the deadline.
        let run = try tokenGet(server, ["--timeout", "2"])
        expectOneLine(run, "no complete answer from \(server.baseURL)/contoso.onmicrosoft.com/oauth2/v2.0/token within 2 s (--timeout)")
    }

    @Test func the50MiBAnswerIsRefused() throws {
        let server = try NetworkTestServer(.huge, certificate: certificates)
        expectOneLine(try tokenGet(server), "sent an answer larger than 4 MiB: refused without reading the rest")
    }

    @Test func theRedirectIsNotFollowed() throws {
        let target = try NetworkTestServer(.ok, certificate: certificates)
        let server = try NetworkTestServer(.redirect, certificate: certificates, location: "\(target.baseURL)/stolen")
        expectOneLine(try tokenGet(server), "answered HTTP 302 redirecting to \(target.baseURL)/stolen: redirects are not followed")
        #expect(target.requests().isEmpty)
    }
}
