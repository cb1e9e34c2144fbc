import CertKeeperCrypto
import CertKeeperEntra
import Foundation
import TestSupport
import Testing

@testable import CertKeeperCore

/// The read-back after an import, against a vault (a scripted server on a real socket) whose
/// newest version after the import is NOT the certificate just imported: the deploy step
/// must refuse, so the rotation is never promoted.
@Suite struct VaultTargetReadBackTests {
    static let challenge = [
        "WWW-Authenticate": "Bearer authorization=\"https://login.microsoftonline.com/72f988bf-0000-4000-8000-00000000cafe\", resource=\"https://vault.azure.net\""
    ]

    struct SilentReporter: RotationReporter {
        func progress(_ message: String) {}
        func instructions(_ lines: [String]) {}
        func warning(_ message: String) {}
    }

    private func bundle(_ x5t: String, version: String) -> String {
        #"{"id":"https://placeholder/certificates/app/\#(version)","x5t":"\#(x5t)","cer":"","attributes":{"enabled":true,"exp":2000000000}}"#
    }

    @Test func aVersionWhoseX5tDoesNotMatchAfterTheImportIsRefused() async throws {
        let key = try PrivateKey.generate(.rsa2048)
        let spec = SelfSignedCertificateSpec(subject: try DistinguishedName(parsing: "CN=readback"), validity: try CertificateValidity.days(30, from: Date()))
        let credential = try ClientCertificateCredential(certificate: try X509Certificate.selfSigned(spec, key: key), privateKey: key, chain: [])
        let imported = "0123456789abcdef0123456789abcdef"
        let server = try ScriptedHTTPServer([
            .json(401, "{}", headers: Self.challenge),
            .json(404, #"{"error":{"code":"CertificateNotFound","message":"A certificate with (name/id) app was not found in this key vault."}}"#),
            .json(200, bundle(credential.certificate.sha1Thumbprint.base64URL, version: imported)),
            // Another writer's version became current in between (or the vault lies).
            .json(200, bundle("AAAAAAAAAAAAAAAAAAAAAAAAAAA", version: "fedcba9876543210fedcba9876543210")),
        ])
        let vault = try KeyVaultReference.parseVault(server.baseURL)
        let client = KeyVaultClient(vault: vault, retry: RetryPolicy(sleep: { _ in })) { _ throws(EntraError) in
            AccessToken(tokenType: "Bearer", value: "vault-token", expiresOn: Date().addingTimeInterval(3600))
        }
        let target = KeyVaultReference(vault: vault, collection: .certificates, name: "app")
        var importedSeen = false
        do {
            _ = try await VaultTarget.install(credential, at: target, client: client, tags: [:], reporter: SilentReporter()) { importedSeen = true }
            Issue.record("a mismatching read-back was accepted")
        } catch {
            #expect(error.code == .conflict)
            #expect(error.description.contains("nothing is promoted"), "\(error)")
            #expect(error.description.contains("AAAAAAAAAAAAAAAAAAAAAAAAAAA"), "\(error)")
            #expect(!error.description.contains("\n"))
        }
        #expect(importedSeen)
        #expect(try server.requests().map(\.method) == ["GET", "GET", "POST", "GET"])
    }
}
