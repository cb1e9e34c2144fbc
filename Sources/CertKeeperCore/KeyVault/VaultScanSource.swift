import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

/// `scan --keyvault URL` and `inventory import keyvault:URL`: every enabled certificate's
/// current version in each vault, found at `keyvault:URL/certificates/NAME`. A vault that
/// cannot be read (no role, unreachable, not a vault) is reported with the reason; the
/// others are still read.
public struct VaultScanSource: Sendable {
    let access: VaultAccess

    public init(access: VaultAccess) { self.access = access }

    /// Parses `https://VAULT.vault.azure.net` (or `keyvault:…`); a usage error otherwise.
    public static func vaultURL(_ text: String) throws(CoreError) -> URL {
        do { return try KeyVaultReference.parseVault(text) } catch {
            throw CoreError(.invalidInput, "--keyvault: \(error.description)")
        }
    }

    /// The certificates found, each with its source, and the sources that could not be read.
    public func certificates(in vaults: [URL]) async -> (found: [(source: String, certificate: X509Certificate)], unreadable: [UnreadableSource]) {
        var found: [(source: String, certificate: X509Certificate)] = []
        var unreadable: [UnreadableSource] = []
        for vault in vaults {
            let client = access.client(for: vault)
            let source = "keyvault:\(vault.absoluteString)"
            do {
                for item in try await client.certificates() where item.enabled {
                    let name = "\(source)/certificates/\(item.name)"
                    guard let certificate = try await client.certificate(name: item.name).certificate else {
                        unreadable.append(UnreadableSource(source: name, reason: "the vault returned no readable certificate (cer)"))
                        continue
                    }
                    found.append((name, certificate))
                }
            } catch {
                unreadable.append(UnreadableSource(source: source, reason: error.description))
            }
        }
        return (found, unreadable)
    }

    /// Scan entries.
    public func read(_ vaults: [URL]) async -> PathScanner.Result {
        let (found, unreadable) = await certificates(in: vaults)
        var result = PathScanner.Result()
        for (source, certificate) in found {
            result.filesRead += 1
            result.add(certificate, source: source)
        }
        result.unreadable = unreadable
        return result
    }

    /// `inventory import keyvault:URL`: each certificate recorded (one transaction, one audit
    /// event) with its vault location, format `der` (the `cer` Key Vault returns), no key.
    public func importInto(_ store: any InventoryStore, vaults: [URL]) async throws(CoreError) -> (ImportBatchOutcome, [UnreadableSource]) {
        let (found, unreadable) = await certificates(in: vaults)
        let discoveries = found.map { source, certificate in
            FileDiscovery(
                path: source, format: .der, privateKeyCertificate: nil, passwordReference: nil, stamp: nil,
                certificates: [CertificateFacts(certificate)]
            )
        }
        guard !discoveries.isEmpty else { return (ImportBatchOutcome(), unreadable) }
        let outcome = try inventoryCall { () throws(StoreError) in try store.recordImport(ImportBatch(discoveries: discoveries)) }
        return (outcome, unreadable)
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
