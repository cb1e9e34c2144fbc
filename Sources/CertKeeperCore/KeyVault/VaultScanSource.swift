import CertKeeperCrypto
import CertKeeperEntra
import Foundation

/// `scan --keyvault URL` and `inventory import keyvault:URL`: every enabled certificate's
/// current version in each vault, as scan entries whose source is
/// `keyvault:URL/certificates/NAME`. A vault that cannot be read (no role, unreachable,
/// not a vault) becomes one `error` entry with the reason; the others are still read.
public struct VaultScanSource: Sendable {
    let access: VaultAccess

    public init(access: VaultAccess) { self.access = access }

    /// Parses `https://VAULT.vault.azure.net` (or `keyvault:…`); a usage error otherwise.
    public static func vaultURL(_ text: String) throws(CoreError) -> URL {
        do { return try KeyVaultReference.parseVault(text) } catch {
            throw CoreError(.invalidInput, "--keyvault: \(error.description)")
        }
    }

    public func read(_ vaults: [URL]) async -> PathScanner.Result {
        var result = PathScanner.Result()
        for vault in vaults {
            let client = access.client(for: vault)
            let source = "keyvault:\(vault.absoluteString)"
            do {
                for item in try await client.certificates() where item.enabled {
                    let name = "\(source)/certificates/\(item.name)"
                    let bundle = try await client.certificate(name: item.name)
                    guard let certificate = bundle.certificate else {
                        result.unreadable.append(UnreadableSource(source: name, reason: "the vault returned no readable certificate (cer)"))
                        continue
                    }
                    result.filesRead += 1
                    result.add(certificate, source: name)
                }
            } catch {
                result.unreadable.append(UnreadableSource(source: source, reason: error.description))
            }
        }
        return result
    }
}

extension PathScanner.Result {
    /// Adds a certificate found at `source`, merging with an entry of the same SHA-256.
    public mutating func add(_ certificate: X509Certificate, source: String) {
        if let index = certificates.firstIndex(where: { $0.sha256Thumbprint == certificate.sha256Thumbprint.hex }) {
            if !certificates[index].sources.contains(source) { certificates[index].sources.append(source) }
        } else {
            certificates.append(ScannedCertificate(certificate, source: source))
        }
    }

    /// Both results in one, certificates merged by SHA-256.
    public mutating func merge(_ other: PathScanner.Result) {
        for entry in other.certificates {
            if let index = certificates.firstIndex(where: { $0.sha256Thumbprint == entry.sha256Thumbprint }) {
                for source in entry.sources where !certificates[index].sources.contains(source) { certificates[index].sources.append(source) }
            } else {
                certificates.append(entry)
            }
        }
        unreadable += other.unreadable
        filesRead += other.filesRead
    }
}
