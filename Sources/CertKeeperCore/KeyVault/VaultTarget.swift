import CertKeeperCrypto
import CertKeeperEntra
import Foundation

/// A `keyvault:https://VAULT.vault.azure.net/certificates/NAME` deploy target, and putting a
/// certificate there: import as a new version, then read the newest version back and
/// compare x5t — a vault that keeps an older version current must never lead to promotion.
enum VaultTarget {
    static func isVaultTarget(_ text: String) -> Bool { text.hasPrefix("keyvault:") }

    static func parse(_ text: String) throws(CoreError) -> KeyVaultReference {
        let reference: KeyVaultReference
        do { reference = try KeyVaultReference(parsing: text, expecting: .certificates) } catch {
            throw CoreError(.invalidInput, "deploy target: \(error.description)")
        }
        guard reference.version == nil else {
            throw CoreError(.invalidInput, "deploy target \(reference) names a version: give the certificate without one (…/certificates/NAME)")
        }
        return reference
    }

    /// Makes `credential`'s certificate the newest version of `target` unless it already is;
    /// returns that version as read back.
    static func install(
        _ credential: ClientCertificateCredential, at target: KeyVaultReference, client: KeyVaultClient, tags: [String: String],
        reporter: any RotationReporter, afterImport: () -> Void
    ) async throws(CoreError) -> KeyVaultCertificate {
        let certificate = credential.certificate
        do {
            if let current = try await newest(target, client: client), current.holds(certificate), current.enabled {
                reporter.progress("\(target) already holds \(certificate.sha1Thumbprint.hex) (version \(current.version ?? "?")): not imported again")
                return current
            }
            let password = Secret(randomPassword())
            let pfx = try credential.pkcs12(password: password)
            let imported = try await client.importCertificate(name: target.name, pfx: pfx, password: password, tags: tags)
            afterImport()
            guard let readBack = try await newest(target, client: client) else {
                throw CoreError(.conflict, "\(target): the certificate is missing right after it was imported: nothing is promoted")
            }
            guard readBack.holds(certificate), readBack.version == imported.version else {
                throw CoreError(
                    .conflict,
                    "\(target): after the import the current version is \(readBack.version ?? "?") with x5t \(readBack.x5t ?? "none"), not the new certificate's \(certificate.sha1Thumbprint.base64URL): nothing is promoted; check the vault, then certkeeper rotate resume"
                )
            }
            reporter.progress("imported \(certificate.sha1Thumbprint.hex) into \(target) as version \(readBack.version ?? "?") (x5t read back)")
            return readBack
        } catch let error as CoreError {
            throw error
        } catch let error as EntraError {
            throw CoreError(.identityPlatform, "\(target): \(error.description)", tokenFailure: error)
        } catch {
            throw CoreError(.identityPlatform, "\(target): \(error)")
        }
    }

    /// The newest version, or nil when the vault has no such certificate yet.
    static func newest(_ target: KeyVaultReference, client: KeyVaultClient) async throws(EntraError) -> KeyVaultCertificate? {
        do { return try await client.certificate(name: target.name) } catch {
            if error.code == .notFound { return nil }
            throw error
        }
    }

    /// 32 random hex digits: the PFX travels with its password in the same request, so this
    /// only keeps the key out of plain sight in the body.
    private static func randomPassword() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// Checks a deploy target before anything runs: `KIND:LOCATION`, and for `keyvault:` a Key
/// Vault certificate URL (https; http only on loopback).
public enum DeployTargetCheck {
    public static func validate(_ text: String) throws(CoreError) {
        _ = try RenewalDraft.target(text)
    }
}
