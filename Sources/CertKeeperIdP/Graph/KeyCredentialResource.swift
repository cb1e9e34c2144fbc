import CertKeeperCrypto
import Foundation

/// Graph's keyCredential resource as the emulator returns it. `key` is always included
/// (base64 DER) so callers can recompute thumbprints rather than trust
/// `customKeyIdentifier` (DESIGN §5).
struct KeyCredentialResource: Encodable {
    let keyId: String
    let type: String
    let usage: String
    let key: String
    let displayName: String
    /// base64 of the SHA-1 thumbprint bytes (an Edm.Binary), as Graph fills it in.
    let customKeyIdentifier: String
    let startDateTime: String
    let endDateTime: String

    init(_ credential: KeyCredential) {
        keyId = credential.keyID
        type = "AsymmetricX509Cert"
        usage = "Verify"
        key = Data(credential.certificate.der).base64EncodedString()
        displayName = credential.displayName
        customKeyIdentifier = Data(credential.certificate.sha1Thumbprint.bytes).base64EncodedString()
        startDateTime = GraphDate.format(credential.certificate.notBefore)
        endDateTime = GraphDate.format(credential.certificate.notAfter)
    }
}

struct ApplicationResource: Encodable {
    let odataContext: String
    let id: String
    let appId: String
    let displayName: String
    let keyCredentials: [KeyCredentialResource]
    let passwordCredentials: [String]

    enum CodingKeys: String, CodingKey {
        case odataContext = "@odata.context"
        case id, appId, displayName, keyCredentials, passwordCredentials
    }

    init(_ record: ApplicationRecord, graphBase: String) {
        odataContext = "\(graphBase)/v1.0/$metadata#applications/$entity"
        id = record.application.objectID
        appId = record.application.clientID
        displayName = record.application.displayName
        keyCredentials = record.keys.map(KeyCredentialResource.init)
        passwordCredentials = []
    }
}

/// Request bodies of addKey and removeKey.
struct AddKeyRequest: Decodable {
    struct Credential: Decodable {
        let type: String?
        let usage: String?
        let key: String?
        let displayName: String?
    }

    let keyCredential: Credential?
    let proof: String?
}

struct RemoveKeyRequest: Decodable {
    let keyId: String?
    let proof: String?
}

enum GraphDate {
    /// `2026-01-31T10:00:00Z`. gmtime_r, not a formatter object: a listing page formats
    /// thousands of dates and ISO8601DateFormatter is costly to create.
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ",
            Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec)
        )
    }
}
