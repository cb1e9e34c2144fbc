import CertKeeperCrypto
import Foundation

/// A certificate version as Key Vault returns it (bundle or list item).
public struct KeyVaultCertificate: Sendable, Hashable {
    /// `https://VAULT/certificates/NAME/VERSION` (list items: without the version).
    public let id: String
    public let name: String
    public let version: String?
    /// base64url SHA-1 of the DER, without padding.
    public let x5t: String?
    /// The DER, in bundles (not in list items).
    public let der: [UInt8]?
    public let enabled: Bool
    public let notBefore: Date?
    public let expires: Date?
    public let tags: [String: String]

    /// The certificate in `der`, when present and parseable.
    public var certificate: X509Certificate? { der.flatMap { try? X509Certificate(der: $0) } }

    /// Whether this version holds `certificate` (by x5t, as Key Vault reports it).
    public func holds(_ certificate: X509Certificate) -> Bool { x5t == certificate.sha1Thumbprint.base64URL }
}

/// A secret version. `value` is secret material (a PFX, a password): never logged.
public struct KeyVaultSecret: Sendable {
    public let id: String
    public let value: String
    public let contentType: String?
    public let managed: Bool
}

/// The wire shapes, decoded leniently: Key Vault adds fields over time.
struct KeyVaultWire {
    struct Attributes: Decodable {
        let enabled: Bool?
        let nbf: Double?
        let exp: Double?
    }

    struct Certificate: Decodable {
        let id: String?
        let x5t: String?
        let cer: String?
        let attributes: Attributes?
        let tags: [String: String]?

        func converted() -> KeyVaultCertificate? {
            guard let id, let url = URL(string: id) else { return nil }
            let segments = url.path.split(separator: "/").map(String.init)
            guard segments.count >= 2 else { return nil }
            return KeyVaultCertificate(
                id: id, name: segments[1], version: segments.count > 2 ? segments[2] : nil, x5t: x5t,
                der: cer.flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }, enabled: attributes?.enabled ?? true,
                notBefore: attributes?.nbf.map { Date(timeIntervalSince1970: $0) },
                expires: attributes?.exp.map { Date(timeIntervalSince1970: $0) }, tags: tags ?? [:]
            )
        }
    }

    struct Secret: Decodable {
        let id: String?
        let value: String?
        let contentType: String?
        let managed: Bool?
    }

    struct Page<Item: Decodable>: Decodable {
        let value: [Item]?
        let nextLink: String?
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable {
            struct Inner: Decodable { let code: String? }
            let code: String?
            let message: String?
            let innererror: Inner?
        }
        let error: Detail?
    }
}
