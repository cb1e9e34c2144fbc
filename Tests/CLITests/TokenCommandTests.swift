import Foundation
import TestSupport
import Testing

/// `certkeeper token get` against a scripted loopback server: what is sent, retries, the
/// cache, output formats and bad input.
@Suite struct TokenCommandTests {
    let tenant = "contoso.onmicrosoft.com"
    let clientID = "11111111-2222-3333-4444-555555555555"

    func adHoc(_ server: ScriptedHTTPServer, cert: String, extra: [String] = []) -> [String] {
        ["--tenant", tenant, "--client-id", clientID, "--cert", cert, "--authority-host", server.baseURL] + extra
    }

    func header(of recorded: ScriptedHTTPServer.RecordedRequest) throws -> [String: Any] {
        let jwt = try #require(recorded.form["client_assertion"])
        var base64 = String(jwt.split(separator: ".")[0]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        let data = try #require(Data(base64Encoded: base64))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func chainModeSendsTheChainLeafFirstAsOpenSSLWroteIt() throws {
        let chain = try CertificateChainFixture()
        let bundle = try chain.concatenated(["intermediate.pem", "leaf.pem", "leaf.key.pem"], to: "bundle.pem")
        let server = try ScriptedHTTPServer([.token()])
        let run = try TokenCLI.run(adHoc(server, cert: bundle, extra: ["--send-certificate-chain"]), home: try TemporaryDirectory().path)
        #expect(run.status == 0, "\(run)")
        let sent = try #require(try server.requests().first)
        let x5c = try #require(try header(of: sent)["x5c"] as? [String])
        let der = { (path: String) throws -> String in
            let output = try IndependentTools.openssl(["x509", "-in", path, "-outform", "DER"])
            return Data(output.stdoutBytes).base64EncodedString()
        }
        #expect(x5c == [try der(chain.leafPath), try der(chain.intermediatePath)])
    }

    @Test func clockSkewIsDiagnosedAs700024() throws {
        let files = try TokenFiles()
        let server = try ScriptedHTTPServer([.aadsts(700024, message: "Client assertion is not within its valid time range.")])
        let run = try TokenCLI.run(adHoc(server, cert: try files.rsa("app").combined), home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("AADSTS700024"))
        #expect(run.stderr.contains("clock"))
        #expect(run.stderr.contains("certificate problem"))
        #expect(try server.requests().count == 1)
    }

    @Test func a429WithRetryAfterIsRetried() throws {
        let files = try TokenFiles()
        let server = try ScriptedHTTPServer([
            .aadsts(50196, status: 429, error: "temporarily_unavailable", headers: ["Retry-After": "0"]), .token("second-try"),
        ])
        let run = try TokenCLI.run(adHoc(server, cert: try files.rsa("app").combined), home: try TemporaryDirectory().path)
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout == "second-try\n")
        #expect(run.stderr.contains("HTTP 429: retrying"))
        #expect(try server.requests().count == 2)
    }

    @Test func aNonJSONErrorBodySaysSoInOneLine() throws {
        let files = try TokenFiles()
        let server = try ScriptedHTTPServer([ScriptedHTTPServer.Response(status: 404, headers: ["Content-Type": "text/html"], body: "<h1>nope</h1>")])
        let run = try TokenCLI.run(adHoc(server, cert: try files.rsa("app").combined), home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("Error: "))
        #expect(run.stderr.contains("HTTP 404 with a non-JSON body (text/html)"))
        #expect(!run.stderr.contains("<h1>"))
    }

    @Test func theCacheServesASecondCallAndNoCacheBypassesIt() throws {
        let files = try TokenFiles()
        let cert = try files.rsa("app").combined
        let home = try TemporaryDirectory()
        let server = try ScriptedHTTPServer([.token("first"), .token("fresh")])
        let first = try TokenCLI.run(adHoc(server, cert: cert, extra: ["--verbose"]), home: home.path)
        #expect(first.stdout == "first\n", "\(first)")
        #expect(try home.mode(of: "token-cache.json") == 0o600)
        let second = try TokenCLI.run(adHoc(server, cert: cert, extra: ["--verbose"]), home: home.path)
        #expect(second.stdout == "first\n", "\(second)")
        #expect(second.stderr.contains("token cache hit"))
        #expect(try server.requests().count == 1)
        let bypass = try TokenCLI.run(adHoc(server, cert: cert, extra: ["--no-cache"]), home: home.path)
        #expect(bypass.stdout == "fresh\n", "\(bypass)")
        #expect(try server.requests().count == 2)
        // A different scope is a different entry.
        let other = try TokenCLI.run(adHoc(server, cert: cert, extra: ["--scope", "api://other/.default"]), home: home.path)
        #expect(other.status == 1)
        #expect(try server.requests().count == 3)
        for run in [first, second, bypass] { #expect(!run.stderr.contains("first") && !run.stderr.contains("fresh")) }
    }

    @Test func aTokenCloseToExpiryIsNotServedFromTheCache() throws {
        let files = try TokenFiles()
        let cert = try files.rsa("app").combined
        let home = try TemporaryDirectory()
        let server = try ScriptedHTTPServer([.token("short", expiresIn: 240), .token("renewed")])
        #expect(try TokenCLI.run(adHoc(server, cert: cert), home: home.path).stdout == "short\n")
        #expect(try TokenCLI.run(adHoc(server, cert: cert), home: home.path).stdout == "renewed\n")
        #expect(try server.requests().count == 2)
    }

    @Test func claimsAreDecodedAndSaidToBeUnverified() throws {
        let files = try TokenFiles()
        let jwt =
            "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."
            + Data(#"{"aud":"https://graph.microsoft.com","roles":["Application.ReadWrite.OwnedBy"]}"#.utf8)
            .base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") + ".c2ln"
        let server = try ScriptedHTTPServer([.token(jwt)])
        let run = try TokenCLI.run(adHoc(server, cert: try files.rsa("app").combined, extra: ["--format", "claims"]), home: try TemporaryDirectory().path)
        #expect(run.status == 0, "\(run)")
        let claims = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(claims["aud"] as? String == "https://graph.microsoft.com")
        #expect(run.stderr.contains("without verifying"))
    }

    @Test func anECCertificateIsRefusedBeforeAnyRequest() throws {
        let files = try TokenFiles()
        let ec = try files.rsa("ec", keyArgument: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"])
        let server = try ScriptedHTTPServer([.token()])
        let run = try TokenCLI.run(adHoc(server, cert: ec.combined), home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("RSA keys only"))
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(try server.requests().isEmpty)
    }

    @Test func aPFXWithoutItsKeyIsRefused() throws {
        let files = try TokenFiles()
        let pfx = try files.pfx("nokey", password: "pw", withKey: false)
        let run = try TokenCLI.run(
            ["--tenant", tenant, "--client-id", clientID, "--cert", pfx, "--password-env", "PFX_PW"],
            home: try TemporaryDirectory().path, environment: ["PFX_PW": "pw"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("without a private key"))
    }

    @Test func aMissingCertificateIsOneLine() throws {
        let run = try TokenCLI.run(["--tenant", tenant, "--client-id", clientID, "--cert", "/nonexistent/app.pem"], home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: /nonexistent/app.pem does not exist\n")
    }

    @Test func anUnreachableAuthorityNamesTheURLAndTheReason() throws {
        let files = try TokenFiles()
        let server = try ScriptedHTTPServer([])
        let arguments = adHoc(server, cert: try files.rsa("app").combined)
        server.stop()
        let run = try TokenCLI.run(arguments, home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("could not reach \(server.baseURL)/\(tenant)/oauth2/v2.0/token: "))
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test func plainHTTPToANonLoopbackHostIsRefused() throws {
        let files = try TokenFiles()
        let run = try TokenCLI.run(
            [
                "--tenant", tenant, "--client-id", clientID, "--cert", try files.rsa("app").combined,
                "--authority-host", "http://login.example.com",
            ], home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("plain http"))
    }

    @Test func fromEnvironmentNamesTheMissingVariables() throws {
        let run = try TokenCLI.run(["--from-env"], home: try TemporaryDirectory().path, environment: ["AZURE_TENANT_ID": "t"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("AZURE_CLIENT_ID, AZURE_CLIENT_CERTIFICATE_PATH not set"))
    }

    @Test func aPasswordProtectedFileWithoutItsVariableSaysWhichToSet() throws {
        let files = try TokenFiles()
        let pfx = try files.pfx("locked", password: "secret")
        let run = try TokenCLI.run(
            ["--from-env"], home: try TemporaryDirectory().path,
            environment: [
                "AZURE_TENANT_ID": tenant, "AZURE_CLIENT_ID": clientID, "AZURE_CLIENT_CERTIFICATE_PATH": pfx,
            ])
        #expect(run.status == 1)
        #expect(run.stderr.contains("set AZURE_CLIENT_CERTIFICATE_PASSWORD"))
    }

    @Test(arguments: [
        ["--from-env", "--tenant", "t"],
        ["--tenant", "t", "--client-id", "c"],
        [],
    ])
    func sourcesAreExclusiveAndComplete(arguments: [String]) throws {
        let run = try TokenCLI.run(arguments, home: try TemporaryDirectory().path)
        #expect(run.status == 64)
    }
}
