import CertKeeperBase
import CertKeeperCrypto
import Foundation

/// Graph's keyCredential resource as the emulator returns it. `key` is always included
/// (base64 DER) so callers can recompute thumbprints rather than trust
/// `customKeyIdentifier` (docs/ARCHITECTURE.md, "Protocol facts").
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
        startDateTime = RFC3339.string(from: credential.certificate.notBefore)
        endDateTime = RFC3339.string(from: credential.certificate.notAfter)
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
