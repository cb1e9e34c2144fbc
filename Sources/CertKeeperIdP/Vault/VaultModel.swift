import CertKeeperCrypto
import Foundation

/// An emulated key vault: a name (its own https origin when served) in one tenant.
public struct Vault: Sendable, Hashable {
    public let name: String
    public let tenantID: String
    public let createdAt: Date

    public init(name: String, tenantID: String, createdAt: Date) {
        self.name = name
        self.tenantID = tenantID
        self.createdAt = createdAt
    }

    /// Vault names: 3–24 letters, digits and hyphens, starting with a letter (Azure's rule).
    public static func checkName(_ name: String) throws(IdPError) {
        let scalars = Array(name.unicodeScalars)
        guard (3...24).contains(scalars.count), scalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }),
            let first = scalars.first, CharacterSet.letters.contains(first)
        else {
            throw IdPError(.invalidValue, "vault name \"\(name)\" must be 3-24 letters, digits or hyphens, starting with a letter")
        }
    }

    /// Object (certificate, secret) names: 1–127 letters, digits and hyphens.
    static func isValidObjectName(_ name: String) -> Bool {
        (1...127).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-")
            }
    }
}

/// A data-plane permission, spelled as Azure RBAC spells it (403 bodies name it).
public enum VaultAction: String, Sendable, CaseIterable {
    case certificatesRead = "Microsoft.KeyVault/vaults/certificates/read"
    case certificatesImport = "Microsoft.KeyVault/vaults/certificates/import/action"
    case certificatesUpdate = "Microsoft.KeyVault/vaults/certificates/update/action"
    case secretsGet = "Microsoft.KeyVault/vaults/secrets/getSecret/action"
    case secretsReadMetadata = "Microsoft.KeyVault/vaults/secrets/readMetadata/action"
    case secretsSet = "Microsoft.KeyVault/vaults/secrets/setSecret/action"
}

/// The built-in Key Vault data-plane roles and what each allows (the subset this emulator serves).
public enum VaultRole: String, Sendable, CaseIterable {
    case administrator = "Key Vault Administrator"
    case certificatesOfficer = "Key Vault Certificates Officer"
    case certificateUser = "Key Vault Certificate User"
    case secretsOfficer = "Key Vault Secrets Officer"
    case secretsUser = "Key Vault Secrets User"
    case reader = "Key Vault Reader"

    /// Accepts the role's name in any case, with or without the "Key Vault " prefix.
    public init?(named text: String) {
        let wanted = text.lowercased().trimmingCharacters(in: .whitespaces)
        guard
            let role = Self.allCases.first(where: {
                $0.rawValue.lowercased() == wanted || $0.rawValue.lowercased() == "key vault " + wanted
            })
        else { return nil }
        self = role
    }

    public func permits(_ action: VaultAction) -> Bool {
        switch self {
        case .administrator: true
        // "Perform any action on the certificates … excluding reading the secret and key portions."
        case .certificatesOfficer: [.certificatesRead, .certificatesImport, .certificatesUpdate].contains(action)
        case .certificateUser: [.certificatesRead, .secretsGet, .secretsReadMetadata].contains(action)
        case .secretsOfficer: [.secretsGet, .secretsReadMetadata, .secretsSet].contains(action)
        case .secretsUser: [.secretsGet, .secretsReadMetadata].contains(action)
        case .reader: [.certificatesRead, .secretsReadMetadata].contains(action)
        }
    }
}

/// One version of a secret. A certificate's backing secret is `managed`: its value is the
/// certificate's PFX without a password, as Key Vault exports it.
struct SecretVersion: Sendable {
    let name: String
    let version: String
    let value: [UInt8]
    let contentType: String?
    let managed: Bool
    let enabled: Bool
    let tags: [String: String]
    let created: Date
    let updated: Date
}

/// The policy kept with a certificate (what import was given, defaults filled in).
struct CertificatePolicy: Codable, Sendable {
    var exportable: Bool
    var keyType: String
    var keySize: Int?
    var reuseKey: Bool
    var contentType: String
    var lifetimeActions: [LifetimeAction]

    struct LifetimeAction: Codable, Sendable {
        var lifetimePercentage: Int?
        var daysBeforeExpiry: Int?
        var actionType: String
    }
}

/// One version of a certificate.
struct CertificateVersion: Sendable {
    let name: String
    let version: String
    let certificate: X509Certificate
    let enabled: Bool
    let tags: [String: String]
    let policy: CertificatePolicy
    let created: Date
    let updated: Date
}
