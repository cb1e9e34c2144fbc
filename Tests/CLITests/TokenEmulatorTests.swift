import Foundation
import TestSupport
import Testing

/// `certkeeper token get` against `certkeeper-idp` over https (its certificate trusted with
/// --ca-bundle or SSL_CERT_FILE, as users trust a private CA), which verifies assertions for
/// real (signature against the registered certificate, thumbprint, aud, iss/sub, times, jti).
@Suite struct TokenEmulatorTests {
    let tenant = IdPEmulator.tenant
    let clientID = IdPEmulator.clientID

    @Test func adHocPEMCertificateAndKeyGetATokenWithPS256() throws {
        let files = try TokenFiles()
        let (cert, key, _) = try files.rsa("app")
        let idp = try IdPEmulator(certificates: [cert], tls: true)
        let home = try TemporaryDirectory()
        let run = try TokenCLI.run(
            [
                "--tenant", tenant, "--client-id", clientID, "--cert", cert, "--key", key,
                "--authority-host", idp.baseURL, "--ca-bundle", idp.tlsCertificatePath, "--format", "json", "--verbose",
            ], home: home.path)
        #expect(run.status == 0, "\(run)")
        let output = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(output["token_type"] as? String == "Bearer")
        let expiresIn = try #require(output["expires_in"] as? Int)
        #expect(expiresIn > 0)
        let expiresOn = try #require(output["expires_on"] as? Int)
        #expect(expiresOn > Int(Date().timeIntervalSince1970))
        let token = try #require(output["access_token"] as? String)
        let claims = try TokenCLI.claims(token)
        #expect(claims["appid"] as? String == clientID)
        #expect(claims["tid"] as? String == tenant)
        #expect(run.stderr.contains("PS256 assertion"))
        #expect(!run.stderr.contains(token))
    }

    @Test func fromEnvironmentWithAnAzureIdentityPFXAndPassword() throws {
        let files = try TokenFiles()
        let pfx = try files.pfx("pfx-app", password: "pa+ss word")
        let idp = try IdPEmulator(certificates: [try certificatePEM(ofPFX: pfx, password: "pa+ss word", files: files)], tls: true)
        let run = try TokenCLI.run(
            ["--from-env"], home: try TemporaryDirectory().path,
            environment: [
                "AZURE_TENANT_ID": tenant, "AZURE_CLIENT_ID": clientID, "AZURE_CLIENT_CERTIFICATE_PATH": pfx,
                "AZURE_CLIENT_CERTIFICATE_PASSWORD": "pa+ss word", "AZURE_AUTHORITY_HOST": idp.baseURL, "SSL_CERT_FILE": idp.tlsCertificatePath,
            ])
        #expect(run.status == 0, "\(run)")
        #expect(try TokenCLI.claims(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines))["appid"] as? String == clientID)
    }

    @Test func fromEnvironmentWithTheTerraformM365Variables() throws {
        let files = try TokenFiles()
        let (cert, _, combined) = try files.rsa("m365")
        let idp = try IdPEmulator(certificates: [cert], tls: true)
        let run = try TokenCLI.run(
            ["--from-env", "--authority-host", idp.baseURL, "--ca-bundle", idp.tlsCertificatePath], home: try TemporaryDirectory().path,
            environment: [
                "M365_TENANT_ID": tenant, "M365_CLIENT_ID": clientID, "M365_CLIENT_CERTIFICATE_FILE_PATH": combined,
                "M365_SEND_CERTIFICATE_CHAIN": "false",
            ])
        #expect(run.status == 0, "\(run)")
    }

    @Test func fromEnvironmentPinnedToRS256IsAccepted() throws {
        let files = try TokenFiles()
        let (cert, _, combined) = try files.rsa("env-rs256")
        let idp = try IdPEmulator(certificates: [cert], tls: true)
        let run = try TokenCLI.run(
            ["--from-env", "--algorithm", "RS256", "--verbose"], home: try TemporaryDirectory().path,
            environment: [
                "AZURE_TENANT_ID": tenant, "AZURE_CLIENT_ID": clientID, "AZURE_CLIENT_CERTIFICATE_PATH": combined,
                "AZURE_AUTHORITY_HOST": idp.baseURL, "SSL_CERT_FILE": idp.tlsCertificatePath,
            ])
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("RS256 assertion"))
    }

    @Test func x5cModeSendsTheOpenSSLChainAndIsAccepted() throws {
        let chain = try CertificateChainFixture()
        // azure-identity's PEM form: the certificate, its chain and the key in one file.
        let bundle = try chain.concatenated(["leaf.pem", "intermediate.pem", "leaf.key.pem"], to: "fullchain-and-key.pem")
        let idp = try IdPEmulator(certificates: [chain.leafPath], tls: true)
        let run = try TokenCLI.run(
            ["--from-env"], home: try TemporaryDirectory().path,
            environment: [
                "AZURE_TENANT_ID": tenant, "AZURE_CLIENT_ID": clientID, "AZURE_CLIENT_CERTIFICATE_PATH": bundle,
                "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN": "true", "AZURE_AUTHORITY_HOST": idp.baseURL, "SSL_CERT_FILE": idp.tlsCertificatePath,
            ])
        #expect(run.status == 0, "\(run)")
    }

    @Test func pinnedRS256IsAcceptedWithX5t() throws {
        let files = try TokenFiles()
        let (cert, key, _) = try files.rsa("rs")
        let idp = try IdPEmulator(certificates: [cert], tls: true)
        let run = try TokenCLI.run(
            [
                "--tenant", tenant, "--client-id", clientID, "--cert", cert, "--key", key,
                "--authority-host", idp.baseURL, "--ca-bundle", idp.tlsCertificatePath, "--algorithm", "RS256", "--verbose",
            ], home: try TemporaryDirectory().path)
        #expect(run.status == 0, "\(run)")
        #expect(run.stderr.contains("RS256 assertion"))
        #expect(!run.stderr.contains("PS256"))
    }

    @Test func anUnregisteredCertificateIsDiagnosedAs700027WithItsThumbprint() throws {
        let files = try TokenFiles()
        let registered = try files.rsa("registered")
        let other = try files.rsa("unregistered")
        let idp = try IdPEmulator(certificates: [registered.cert], tls: true)
        let run = try TokenCLI.run(
            [
                "--tenant", tenant, "--client-id", clientID, "--cert", other.combined, "--authority-host", idp.baseURL, "--ca-bundle", idp.tlsCertificatePath,
            ], home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let sha1 = try IndependentTools.opensslFingerprint(of: other.cert, digest: "sha1")
        #expect(run.stderr.contains("AADSTS700027"))
        #expect(run.stderr.contains("certificate problem"))
        #expect(run.stderr.contains("SHA-1 thumbprint \(sha1)"))
        #expect(run.stderr.contains("PS256, then RS256"))
        #expect(run.stderr.contains("trace id:"))
        #expect(run.stderr.contains("correlation id:"))
        // Both algorithms really reached the emulator, and both were refused.
        let verdicts = try idp.requestLog().compactMap { $0["verdict"] as? String }
        #expect(verdicts == ["AADSTS700027", "AADSTS700027"])
    }

    @Test func aWrongClientIDIsAConfigurationProblem() throws {
        let files = try TokenFiles()
        let app = try files.rsa("app")
        let idp = try IdPEmulator(certificates: [app.cert], tls: true)
        let run = try TokenCLI.run(
            [
                "--tenant", tenant, "--client-id", "00000000-dead-beef-0000-000000000000", "--cert", app.combined, "--authority-host", idp.baseURL, "--ca-bundle",
                idp.tlsCertificatePath,
            ], home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("AADSTS700016"))
        #expect(run.stderr.contains("configuration problem"))
        #expect(run.stderr.contains("Application (client) ID"))
    }

    @Test func anUnknownTenantIsDiagnosedAs90002() throws {
        let files = try TokenFiles()
        let app = try files.rsa("app")
        let idp = try IdPEmulator(certificates: [app.cert], tls: true)
        let run = try TokenCLI.run(
            [
                "--tenant", "nosuchtenant.example", "--client-id", clientID, "--cert", app.combined, "--authority-host", idp.baseURL, "--ca-bundle", idp.tlsCertificatePath,
            ], home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("AADSTS90002"))
        #expect(run.stderr.contains("tenant was not found"))
    }

    @Test func anExpiredCertificateIsWarnedAboutThenDiagnosedAs1000502() throws {
        let files = try TokenFiles()
        let expired = try files.expired("expired")
        let idp = try IdPEmulator(certificates: [expired.cert], tls: true)
        let run = try TokenCLI.run(
            [
                "--tenant", tenant, "--client-id", clientID, "--cert", expired.cert, "--key", expired.key, "--authority-host", idp.baseURL, "--ca-bundle", idp.tlsCertificatePath,
            ], home: try TemporaryDirectory().path)
        #expect(run.status == 1)
        #expect(run.stderr.contains("warning"))
        #expect(run.stderr.contains("expired on"))
        #expect(run.stderr.contains("AADSTS1000502"))
        #expect(run.stderr.contains("rotate"))
    }

    /// The leaf of a PFX as PEM, by `openssl pkcs12` (to register it with the emulator).
    private func certificatePEM(ofPFX pfx: String, password: String, files: TokenFiles) throws -> String {
        let output = try IndependentTools.openssl(["pkcs12", "-in", pfx, "-nokeys", "-clcerts", "-passin", "pass:\(password)"])
        guard output.status == 0 else { throw TestSupportError("openssl pkcs12 failed: \(output.stderr)") }
        return try files.directory.write(output.stdout, to: "from-pfx.pem")
    }
}
