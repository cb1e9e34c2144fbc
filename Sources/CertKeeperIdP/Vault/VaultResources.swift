import CertKeeperCrypto
import Foundation

/// The JSON shapes of the Key Vault data plane (api-version 7.x): certificate bundles and
/// items, secret bundles, pages. Times are Unix seconds; `x5t` is base64url SHA-1.
enum VaultResources {
    struct Attributes: Encodable {
        let enabled: Bool
        let nbf: Int?
        let exp: Int?
        let created: Int
        let updated: Int
        let recoveryLevel = "Recoverable+Purgeable"
        let recoverableDays = 90

        init(enabled: Bool, validity: X509Certificate?, created: Date, updated: Date) {
            self.enabled = enabled
            nbf = validity.map { Int($0.notBefore.timeIntervalSince1970) }
            exp = validity.map { Int($0.notAfter.timeIntervalSince1970) }
            self.created = Int(created.timeIntervalSince1970)
            self.updated = Int(updated.timeIntervalSince1970)
        }
    }

    // The property names are Key Vault's wire names (snake_case), encoded as they are.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    struct Policy: Encodable {
        struct KeyProperties: Encodable {
            let exportable: Bool
            let kty: String
            let key_size: Int?
            let reuse_key: Bool
        }
        struct SecretProperties: Encodable { let contentType: String }
        struct X509Properties: Encodable {
            let subject: String
            let ekus: [String]
            let key_usage: [String]
            let validity_months: Int
        }
        struct LifetimeAction: Encodable {
            struct Trigger: Encodable {
                let lifetime_percentage: Int?
                let days_before_expiry: Int?
            }
            struct Action: Encodable { let action_type: String }
            let trigger: Trigger
            let action: Action
        }
        struct Issuer: Encodable { let name: String }
        struct PolicyAttributes: Encodable {
            let enabled: Bool
            let created: Int
            let updated: Int
        }
        let id: String
        let key_props: KeyProperties
        let secret_props: SecretProperties
        let x509_props: X509Properties
        let lifetime_actions: [LifetimeAction]
        let issuer: Issuer
        let attributes: PolicyAttributes
    }

    struct CertificateBundle: Encodable {
        let id: String
        let kid: String
        let sid: String
        let x5t: String
        let cer: String
        let attributes: Attributes
        let tags: [String: String]?
        let policy: Policy
    }

    struct CertificateItem: Encodable {
        let id: String
        let x5t: String
        let attributes: Attributes
        let tags: [String: String]?
    }

    struct SecretBundle: Encodable {
        let value: String
        let contentType: String?
        let id: String
        let attributes: Attributes
        let tags: [String: String]?
        let kid: String?
        let managed: Bool?
    }

    struct Page<Item: Encodable>: Encodable {
        let value: [Item]
        let nextLink: String?

        // nextLink is always present, null on the last page, as Key Vault sends it.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(value, forKey: .value)
            try container.encode(nextLink, forKey: .nextLink)
        }

        enum CodingKeys: String, CodingKey { case value, nextLink }
    }

    static func bundle(_ version: CertificateVersion, base: String) -> CertificateBundle {
        let certificate = version.certificate
        let path = "\(version.name)/\(version.version)"
        return CertificateBundle(
            id: "\(base)/certificates/\(path)", kid: "\(base)/keys/\(path)", sid: "\(base)/secrets/\(path)",
            x5t: certificate.sha1Thumbprint.base64URL, cer: Data(certificate.der).base64EncodedString(),
            attributes: Attributes(enabled: version.enabled, validity: certificate, created: version.created, updated: version.updated),
            tags: version.tags.isEmpty ? nil : version.tags, policy: policy(version, base: base)
        )
    }

    /// A list entry: `id` without the version for the certificate list, with it for versions.
    static func item(_ version: CertificateVersion, base: String, withVersion: Bool) -> CertificateItem {
        CertificateItem(
            id: "\(base)/certificates/\(version.name)" + (withVersion ? "/\(version.version)" : ""),
            x5t: version.certificate.sha1Thumbprint.base64URL,
            attributes: Attributes(enabled: version.enabled, validity: version.certificate, created: version.created, updated: version.updated),
            tags: version.tags.isEmpty ? nil : version.tags
        )
    }

    static func secret(_ secret: SecretVersion, validity: X509Certificate?, base: String) -> SecretBundle {
        let path = "\(secret.name)/\(secret.version)"
        return SecretBundle(
            // A PFX travels in base64; PEM and plain secrets as their text, as Key Vault returns them.
            value: secret.managed && secret.contentType != VaultImport.pem
                ? Data(secret.value).base64EncodedString() : String(decoding: secret.value, as: UTF8.self),
            contentType: secret.contentType, id: "\(base)/secrets/\(path)",
            attributes: Attributes(enabled: secret.enabled, validity: validity, created: secret.created, updated: secret.updated),
            tags: secret.tags.isEmpty ? nil : secret.tags, kid: secret.managed ? "\(base)/keys/\(path)" : nil,
            managed: secret.managed ? true : nil
        )
    }

    private static func policy(_ version: CertificateVersion, base: String) -> Policy {
        let certificate = version.certificate
        let stored = version.policy
        let months = max(1, Int((certificate.notAfter.timeIntervalSince(certificate.notBefore) / (30.4375 * 86_400)).rounded()))
        return Policy(
            id: "\(base)/certificates/\(version.name)/policy",
            key_props: .init(exportable: stored.exportable, kty: stored.keyType, key_size: stored.keySize, reuse_key: stored.reuseKey),
            secret_props: .init(contentType: stored.contentType),
            x509_props: .init(
                subject: certificate.subject.description, ekus: certificate.extendedKeyUsage.map(Self.ekuOID),
                key_usage: certificate.keyUsage, validity_months: months
            ),
            lifetime_actions: stored.lifetimeActions.map {
                .init(trigger: .init(lifetime_percentage: $0.lifetimePercentage, days_before_expiry: $0.daysBeforeExpiry), action: .init(action_type: $0.actionType))
            },
            issuer: .init(name: "Unknown"),
            attributes: .init(enabled: true, created: Int(version.created.timeIntervalSince1970), updated: Int(version.updated.timeIntervalSince1970))
        )
    }

    /// Key Vault lists extended key usages as OIDs.
    private static func ekuOID(_ name: String) -> String {
        switch name {
        case "serverAuth": "1.3.6.1.5.5.7.3.1"
        case "clientAuth": "1.3.6.1.5.5.7.3.2"
        case "codeSigning": "1.3.6.1.5.5.7.3.3"
        case "emailProtection": "1.3.6.1.5.5.7.3.4"
        default: name
        }
    }
}
