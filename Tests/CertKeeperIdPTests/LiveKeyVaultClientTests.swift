import Foundation
import TestSupport
import Testing

/// Microsoft's Key Vault SDKs (azure-keyvault-certificates, azure-keyvault-secrets) and
/// azure-identity from PyPI against the emulated vaults over https. Never skipped: a
/// machine that cannot install them fails this test with pip's output.
@Suite struct LiveKeyVaultClientTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/test-keyvault-clients.sh").path

    @Test func azureKeyVaultSDKsImportReadPageAndAreRefusedLikeKeyVault() throws {
        let setup = try ProcessRunner.run(Self.script, ["--setup-only"])
        #expect(setup.status == 0, "installing the Key Vault SDKs failed: \(setup)")
        guard setup.status == 0 else { return }
        let output = try ProcessRunner.run(Self.script, [IdPServerProcess.binary])
        #expect(output.status == 0, "\(output)")
        for check in [
            "ok: challenge names resource https://vault.azure.net",
            "ok: import_certificate x5t",
            "ok: get_certificate returns the imported version",
            "ok: a second import is a new version",
            "ok: list_properties_of_certificates follows nextLink across pages (4 certificates)",
            "ok: get_secret returns the backing PFX",
            "ok: list_properties_of_secrets follows nextLink",
            "ok: import_certificate of a PEM (application/x-pem-file)",
            "ok: update_certificate_properties disables and re-enables",
            "ok: wrong PFX password refused with 400",
            "ok: missing certificate is 404 CertificateNotFound",
            "ok: a vault where the app has no role answers 403 ForbiddenByRbac",
        ] {
            #expect(output.stdout.contains(check), "\(check)\n\(output)")
        }
    }
}
