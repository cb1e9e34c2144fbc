import CertKeeperCrypto
import Foundation

/// `POST /certificates/{name}/import`: what Key Vault checks before it stores a PFX (the
/// bytes, the password, a private key that belongs to the certificate), and the version it
/// makes of it: the certificate plus a backing secret holding the PFX without a password.
struct VaultImport {
    // The property names are Key Vault's wire names (snake_case), decoded as they are.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    struct Request: Decodable {
        struct Policy: Decodable {
            struct KeyProperties: Decodable {
                let exportable: Bool?
                let reuse_key: Bool?
            }
            struct SecretProperties: Decodable { let contentType: String? }
            struct LifetimeAction: Decodable {
                struct Trigger: Decodable {
                    let lifetime_percentage: Int?
                    let days_before_expiry: Int?
                }
                struct Action: Decodable { let action_type: String? }
                let trigger: Trigger?
                let action: Action?
            }
            let key_props: KeyProperties?
            let secret_props: SecretProperties?
            let lifetime_actions: [LifetimeAction]?
        }
        struct Attributes: Decodable { let enabled: Bool? }
        let value: String?
        let pwd: String?
        let policy: Policy?
        let attributes: Attributes?
        let tags: [String: String]?
    }

    static let pkcs12 = "application/x-pkcs12"

    /// The certificate version and its backing secret, or the 400 Key Vault would answer.
    static func versions(name: String, body: [UInt8], now: Date) throws(VaultError) -> (CertificateVersion, SecretVersion) {
        guard let request = JSON.decode(Request.self, from: body) else {
            throw .badParameter("The request body is not a certificate import body: {\"value\": base64 PFX, \"pwd\", \"policy\"}.")
        }
        guard let value = request.value, !value.isEmpty else { throw .badParameter("Property 'value' is required.") }
        let contentType = request.policy?.secret_props?.contentType ?? pkcs12
        guard contentType == pkcs12 else {
            throw .badParameter("certkeeper-idp imports PKCS#12 only (contentType \(pkcs12)); \(contentType) is not supported here.")
        }
        guard let pfx = Data(base64Encoded: value.filter { !$0.isWhitespace }) else { throw .unreadablePKCS12() }
        let bundle: PKCS12Bundle
        do {
            let password = request.pwd.flatMap { $0.isEmpty ? nil : Secret($0) }
            bundle = try PKCS12Bundle(reading: [UInt8](pfx), password: password)
        } catch {
            throw .unreadablePKCS12()
        }
        guard let key = bundle.privateKey, let certificate = bundle.certificate else {
            throw .badParameter("The specified X.509 certificate content does not contain a private key that matches its certificate.")
        }
        guard ["RSA", "EC"].contains(certificate.keyAlgorithm.typeName) else {
            throw .badParameter("Key Vault certificates hold RSA or EC keys; this one is \(certificate.keyAlgorithm.typeName).")
        }
        let exported: [UInt8]
        do {
            exported = try PKCS12Bundle(privateKey: key, certificate: certificate, chain: bundle.chain).encodedWithoutPassword()
        } catch {
            throw .serviceFailure()
        }
        let version = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let enabled = request.attributes?.enabled ?? true
        let tags = request.tags ?? [:]
        let certificateVersion = CertificateVersion(
            name: name, version: version, certificate: certificate, enabled: enabled, tags: tags,
            policy: policy(request.policy, certificate: certificate), created: now, updated: now
        )
        let secret = SecretVersion(
            name: name, version: version, value: exported, contentType: pkcs12, managed: true, enabled: enabled,
            tags: tags, created: now, updated: now
        )
        return (certificateVersion, secret)
    }

    /// The request's policy with Key Vault's defaults filled in (EmailContacts at 80 %).
    private static func policy(_ given: Request.Policy?, certificate: X509Certificate) -> CertificatePolicy {
        let keyType = certificate.keyAlgorithm.typeName
        let keySize = certificate.keyAlgorithm.bits
        let actions = (given?.lifetime_actions ?? []).map {
            CertificatePolicy.LifetimeAction(
                lifetimePercentage: $0.trigger?.lifetime_percentage, daysBeforeExpiry: $0.trigger?.days_before_expiry,
                actionType: $0.action?.action_type ?? "EmailContacts"
            )
        }
        return CertificatePolicy(
            exportable: given?.key_props?.exportable ?? true, keyType: keyType, keySize: keySize,
            reuseKey: given?.key_props?.reuse_key ?? false, contentType: pkcs12,
            lifetimeActions: actions.isEmpty ? [.init(lifetimePercentage: 80, daysBeforeExpiry: nil, actionType: "EmailContacts")] : actions
        )
    }
}
