import Foundation
import TestSupport
import Testing

/// MSAL Python and azure-identity (from PyPI) get tokens from `certkeeper-idp --tls`.
/// Skipped, with the reason, only where PyPI cannot be reached.
@Suite struct RealClientTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/test-real-clients.sh").path

    /// Installs the clients once (status 77: PyPI unreachable).
    static let setup: ProcessOutput? = try? ProcessRunner.run(script, ["--setup-only"])

    static var pyPIReachable: Bool { setup?.status != 77 }

    @Test(.enabled(if: pyPIReachable, "PyPI cannot be reached: msal and azure-identity cannot be installed"))
    func msalAndAzureIdentityAcquireTokens() throws {
        let setup = try #require(Self.setup)
        #expect(setup.status == 0, "\(setup)")
        let output = try ProcessRunner.run(Self.script, [IdPServerProcess.binary])
        #expect(output.status == 0, "\(output)")
        for check in [
            "ok: msal PS256 with x5c", "ok: msal RS256 with thumbprint", "ok: msal unregistered certificate refused with AADSTS700027",
            "ok: azure-identity CertificateCredential send_certificate_chain=False",
            "ok: azure-identity CertificateCredential send_certificate_chain=True",
            "ok: azure-identity unknown client refused with AADSTS700016",
        ] {
            #expect(output.stdout.contains(check), "\(check)\n\(output)")
        }
    }
}
