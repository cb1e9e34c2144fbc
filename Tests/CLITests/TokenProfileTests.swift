import Foundation
import TestSupport
import Testing

/// `certkeeper token get -p PROFILE` against certkeeper-idp over https: profiles made with
/// `certkeeper profile create`, certificates made with openssl.
@Suite struct TokenProfileTests {
    let tenant = IdPEmulator.tenant
    let clientID = IdPEmulator.clientID

    func createProfile(_ name: String, home: TemporaryDirectory, idp: IdPEmulator, extra: [String], environment: [String: String] = [:]) throws {
        let created = try TokenCLI.runCertkeeper(
            [
                "profile", "create", "--name", name, "--tenant", tenant, "--client-id", clientID, "--authority-host", idp.baseURL,
            ] + extra, home: home.path, environment: environment)
        #expect(created.status == 0, "\(created)")
    }

    @Test func aProfileWithAPasswordProtectedPFXGetsATokenAndCachesIt() throws {
        let files = try TokenFiles()
        let pfx = try files.pfx("prod", password: "s3cret")
        let pem = try IndependentTools.openssl(["pkcs12", "-in", pfx, "-nokeys", "-clcerts", "-passin", "pass:s3cret"])
        let idp = try IdPEmulator(certificates: [try files.directory.write(pem.stdout, to: "prod-public.pem")], tls: true)
        let home = try TemporaryDirectory()
        let environment = ["PROD_PFX_PASSWORD": "s3cret", "CERTKEEPER_CA_BUNDLE": idp.tlsCertificatePath]
        try createProfile("prod", home: home, idp: idp, extra: ["--cert", pfx, "--password-ref", "env:PROD_PFX_PASSWORD"], environment: environment)

        let first = try TokenCLI.run(["-p", "prod", "--format", "json"], home: home.path, environment: environment)
        #expect(first.status == 0, "\(first)")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let token = try #require(output["access_token"] as? String)
        #expect(try TokenCLI.claims(token)["appid"] as? String == clientID)

        let second = try TokenCLI.run(["-p", "prod"], home: home.path, environment: environment)
        #expect(second.stdout == token + "\n")
        #expect(try idp.requestLog().filter { ($0["path"] as? String)?.hasSuffix("/token") == true }.count == 1)
        #expect(try home.mode(of: "token-cache.json") == 0o600)
    }

    @Test func aProfilePinnedToRS256WithTheChainIsAccepted() throws {
        let chain = try CertificateChainFixture()
        let bundle = try chain.concatenated(["leaf.pem", "intermediate.pem", "leaf.key.pem"], to: "bundle.pem")
        let idp = try IdPEmulator(certificates: [chain.leafPath], tls: true)
        let home = try TemporaryDirectory()
        try createProfile("legacy", home: home, idp: idp, extra: ["--cert", bundle, "--alg", "RS256", "--send-x5c"])
        let run = try TokenCLI.run(["-p", "legacy", "--verbose", "--no-cache"], home: home.path, environment: ["REQUESTS_CA_BUNDLE": idp.tlsCertificatePath])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("RS256 assertion"))
        #expect(!run.stderr.contains("PS256"))
    }

    @Test func aProfileWithoutACertificateSaysHowToAddOne() throws {
        let idp = try IdPEmulator(certificates: [], tls: true)
        let home = try TemporaryDirectory()
        try createProfile("empty", home: home, idp: idp, extra: [])
        let run = try TokenCLI.run(["-p", "empty"], home: home.path)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: profile empty has no certificate: set one with certkeeper profile edit empty --cert FILE\n")
    }

    @Test func anUnknownProfileIsNamed() throws {
        let run = try TokenCLI.run(["-p", "nope"], home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("no profile named nope"))
    }
}
