import Foundation
import TestSupport
import Testing

/// `certkeeper token get` through a real squid (basic auth) to `certkeeper-idp --tls`:
/// CONNECT tunnelling, NO_PROXY, 407, credentials that never show. What went through the
/// proxy is read from squid's own access log.
@Suite(.serialized) struct TokenProxyTests {
    let files: TokenFiles
    let app: (cert: String, key: String, combined: String)
    let idp: IdPEmulator
    let proxy: ForwardProxy

    init() throws {
        files = try TokenFiles()
        app = try files.rsa("proxy-app")
        idp = try IdPEmulator(certificates: [app.cert], tls: true)
        proxy = try ForwardProxy()
    }

    func tokenGet(_ extra: [String] = [], environment: [String: String]) throws -> ProcessOutput {
        try TokenCLI.run(
            [
                "--tenant", IdPEmulator.tenant, "--client-id", IdPEmulator.clientID, "--cert", app.combined,
                "--authority-host", idp.baseURL, "--no-cache", "--ca-bundle", idp.tlsCertificatePath, "--verbose",
            ] + extra, home: try TemporaryDirectory().path, environment: environment)
    }

    func expectNoCredentials(_ run: ProcessOutput) {
        for secret in [proxy.password, "\(proxy.username):"] {
            #expect(!run.stderr.contains(secret) && !run.stdout.contains(secret), "credentials leaked: \(run)")
        }
    }

    @Test func theTokenRequestTunnelsThroughTheProxyFromHTTPS_PROXY() throws {
        let run = try tokenGet(environment: ["HTTPS_PROXY": proxy.urlWithCredentials])
        #expect(run.status == 0, "\(run)")
        let log = proxy.accessLog(expectingAtLeast: 1)
        #expect(log.count == 1, "\(log)")
        #expect(log.first?.contains("TCP_TUNNEL/200") == true, "\(log)")
        #expect(log.first?.contains("CONNECT 127.0.0.1:\(idp.port) \(proxy.username) ") == true, "\(log)")
        #expect(try idp.requestLog().compactMap { $0["verdict"] as? String } == ["ok"])
        #expect(run.stderr.contains("proxy http://***@127.0.0.1:\(proxy.port) (HTTPS_PROXY)"), "\(run)")
        expectNoCredentials(run)
    }

    @Test func lowerCaseHttpsProxyIsReadToo() throws {
        let run = try tokenGet(environment: ["https_proxy": proxy.urlWithCredentials])
        #expect(run.status == 0, "\(run)")
        #expect(proxy.accessLog(expectingAtLeast: 1).count == 1)
    }

    @Test(arguments: ["127.0.0.1", "127.0.0.0/8", "*", "example.com, 127.0.0.1"])
    func noProxyBypassesTheProxy(_ entry: String) throws {
        let run = try tokenGet(environment: ["HTTPS_PROXY": proxy.urlWithCredentials, "NO_PROXY": entry])
        #expect(run.status == 0, "\(run)")
        #expect(try idp.requestLog().count == 1)
        #expect(proxy.accessLog().isEmpty)
    }

    @Test func aNoProxyEntryForAnotherHostDoesNotBypass() throws {
        let run = try tokenGet(environment: ["HTTPS_PROXY": proxy.urlWithCredentials, "no_proxy": "login.example.com,10.0.0.0/8"])
        #expect(run.status == 0, "\(run)")
        #expect(proxy.accessLog(expectingAtLeast: 1).count == 1)
    }

    /// NO_PROXY means what it means to curl: the curl CLI (same libcurl) decides each entry
    /// first, certkeeper must agree. A proxy on a closed port tells them apart: bypassed
    /// requests succeed, proxied ones cannot connect.
    @Test func noProxyEntriesMatchAsTheCurlCLIMatchesThem() throws {
        let closedProxy = "http://127.0.0.1:1"
        let discovery = "\(idp.baseURL)/\(IdPEmulator.tenant)/v2.0/.well-known/openid-configuration"
        for entry in ["127.0.0.1", "127.0.0.0/8", "127.0.0.0/24", "10.0.0.0/8", "*", "localhost", ".0.0.1", "127.0.0.1:\(idp.port)", "example.com"] {
            let curl = try ProcessRunner.run(
                "curl", ["-s", "-o", "/dev/null", "--cacert", idp.tlsCertificatePath, discovery],
                environment: ProcessRunner.environment([
                    "HTTPS_PROXY": closedProxy, "https_proxy": nil, "NO_PROXY": entry, "no_proxy": nil,
                ]))
            let curlBypassed = curl.status == 0
            #expect(curlBypassed || curl.status == 7, "curl: \(curl)")
            let run = try tokenGet(environment: ["HTTPS_PROXY": closedProxy, "NO_PROXY": entry])
            #expect((run.status == 0) == curlBypassed, "NO_PROXY=\(entry): curl bypassed=\(curlBypassed), certkeeper: \(run)")
            if !curlBypassed { #expect(run.stderr.contains("could not connect to the proxy http://127.0.0.1:1 (HTTPS_PROXY)")) }
        }
    }

    @Test func aWrongPasswordIsDiagnosedAs407() throws {
        let wrong = "http://\(proxy.username):not-the-Pa55word@127.0.0.1:\(proxy.port)"
        let run = try tokenGet(environment: ["HTTPS_PROXY": wrong])
        #expect(run.status == 1)
        let lines = run.stderr.split(separator: "\n").filter { !$0.contains(" debug ") }
        #expect(lines.count == 1, "\(run)")
        #expect(
            run.stderr.contains(
                "the proxy http://***@127.0.0.1:\(proxy.port) (HTTPS_PROXY) refused the credentials for the tunnel to 127.0.0.1:\(idp.port): HTTP 407 Proxy Authentication Required"
            ), "\(run)")
        #expect(!run.stderr.contains("not-the-Pa55word"))
        #expect(proxy.accessLog(expectingAtLeast: 1).first?.contains("TCP_DENIED/407") == true)
        #expect(try idp.requestLog().isEmpty)
    }

    @Test func noCredentialsForAnAuthenticatingProxySaysHowToGiveThem() throws {
        let run = try tokenGet(["--proxy", proxy.url], environment: [:])
        #expect(run.status == 1)
        #expect(run.stderr.contains("the proxy http://127.0.0.1:\(proxy.port) (--proxy) requires authentication (HTTP 407 Proxy Authentication Required)"), "\(run)")
        #expect(proxy.accessLog(expectingAtLeast: 1).first?.contains("TCP_DENIED/407") == true)
    }

    @Test func credentialsOnTheCommandLineAreRefused() throws {
        let run = try tokenGet(["--proxy", proxy.urlWithCredentials], environment: [:])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--proxy must not carry credentials"))
        #expect(!run.stderr.contains(proxy.password))
        #expect(proxy.accessLog().isEmpty)
    }

    @Test func anUnreachableProxyIsNamed() throws {
        proxy.stop()
        let run = try tokenGet(environment: ["HTTPS_PROXY": proxy.urlWithCredentials])
        #expect(run.status == 1)
        #expect(run.stderr.contains("could not connect to the proxy http://***@127.0.0.1:\(proxy.port) (HTTPS_PROXY)"), "\(run)")
        expectNoCredentials(run)
    }
}
