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
    static let pem = "application/x-pem-file"

    /// A base64 PFX opened with `password`; its key must belong to its certificate.
    private static func openPFX(_ value: String, password: Secret?) throws(VaultError) -> (PrivateKey, X509Certificate, [X509Certificate]) {
        guard let pfx = Data(base64Encoded: value.filter { !$0.isWhitespace }) else { throw .unreadablePKCS12() }
        let bundle: PKCS12Bundle
        do { bundle = try PKCS12Bundle(reading: [UInt8](pfx), password: password) } catch { throw .unreadablePKCS12() }
        guard let key = bundle.privateKey, let certificate = bundle.certificate else { throw noMatchingKey() }
        return (key, certificate, bundle.chain)
    }

    /// PEM text (as the SDKs send it; base64 of the text accepted too): a private key,
    /// encrypted with `password` or not, and the certificate it belongs to, then the chain.
    private static func openPEM(_ value: String, password: Secret?) throws(VaultError) -> (PrivateKey, X509Certificate, [X509Certificate]) {
        var text = Array(value.utf8)
        if !value.contains("-----BEGIN"), let decoded = Data(base64Encoded: value.filter { !$0.isWhitespace }) { text = [UInt8](decoded) }
        let unreadable = VaultError.badParameter("The specified PEM X.509 certificate content can not be read. Please check if certificate is in valid PEM format.")
        let certificates: [X509Certificate]
        let key: PrivateKey
        do {
            certificates = try PEMCertificateBundle(pem: text).certificates
            key = try PrivateKey(pemOrDER: text, password: password)
        } catch {
            throw unreadable
        }
        guard let leaf = certificates.first(where: { $0.matches(key) }) else { throw noMatchingKey() }
        return (key, leaf, certificates.filter { $0 != leaf })
    }

    private static func noMatchingKey() -> VaultError {
        .badParameter("The specified X.509 certificate content does not contain a private key that matches its certificate.")
    }

    /// The certificate version and its backing secret, or the 400 Key Vault would answer.
    static func versions(name: String, body: [UInt8], now: Date) throws(VaultError) -> (CertificateVersion, SecretVersion) {
        guard let request = JSON.decode(Request.self, from: body) else {
            throw .badParameter("The request body is not a certificate import body: {\"value\": base64 PFX, \"pwd\", \"policy\"}.")
        }
        guard let value = request.value, !value.isEmpty else { throw .badParameter("Property 'value' is required.") }
        let contentType = request.policy?.secret_props?.contentType ?? pkcs12
        let password = request.pwd.flatMap { $0.isEmpty ? nil : Secret($0) }
        let opened: (key: PrivateKey, certificate: X509Certificate, chain: [X509Certificate])
        switch contentType {
        case pkcs12: opened = try openPFX(value, password: password)
        case pem: opened = try openPEM(value, password: password)
        default: throw .badParameter("Content type \(contentType) is not supported: use \(pkcs12) or \(pem).")
        }
        let (key, certificate, chain) = opened
        guard ["RSA", "EC"].contains(certificate.keyAlgorithm.typeName) else {
            throw .badParameter("Key Vault certificates hold RSA or EC keys; this one is \(certificate.keyAlgorithm.typeName).")
        }
        // The backing secret keeps the import's format, without a password.
        let exported: [UInt8]
        do {
            if contentType == pem {
                exported = try key.pkcs8PEM(encryptedWith: nil) + Array(([certificate] + chain).map(\.pem).joined().utf8)
            } else {
                exported = try PKCS12Bundle(privateKey: key, certificate: certificate, chain: chain).encodedWithoutPassword()
            }
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
            name: name, version: version, value: exported, contentType: contentType, managed: true, enabled: enabled,
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
