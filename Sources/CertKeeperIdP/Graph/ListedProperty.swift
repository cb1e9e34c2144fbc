import CertKeeperBase
import Foundation

/// The properties the emulator serves on the two collections (and selects with `$select`).
enum ListedProperty {
    static let applications = [
        "id", "appId", "displayName", "createdDateTime", "deletedDateTime", "signInAudience", "keyCredentials", "passwordCredentials",
    ]
    static let servicePrincipals = [
        "id", "appId", "displayName", "appDisplayName", "accountEnabled", "deletedDateTime", "servicePrincipalType",
        "servicePrincipalNames", "preferredTokenSigningKeyThumbprint", "keyCredentials", "passwordCredentials",
    ]

    static func all(in collection: DirectoryCollection) -> [String] {
        collection == .applications ? applications : servicePrincipals
    }

    /// The canonical spelling of `name` (Graph matches property names case-insensitively).
    static func canonical(_ name: String, in collection: DirectoryCollection) throws(GraphError) -> String {
        guard let match = all(in: collection).first(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
            throw .badRequest("Could not find a property named '\(name.prefix(80))' on type '\(collection.entityType)'.")
        }
        return match
    }
}

/// One listed object, encoded with exactly the selected properties.
struct SelectedObject: Encodable {
    let object: ListedObject
    let properties: [String]

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        for property in properties {
            let key = DynamicKey(property)
            switch property {
            case "id": try container.encode(object.objectID, forKey: key)
            case "appId": try container.encode(object.appID, forKey: key)
            case "displayName", "appDisplayName": try container.encode(object.displayName, forKey: key)
            case "createdDateTime": try container.encode(object.createdAt.map { RFC3339.string(from: $0) }, forKey: key)
            case "signInAudience": try container.encode("AzureADMyOrg", forKey: key)
            case "accountEnabled": try container.encode(true, forKey: key)
            case "servicePrincipalType": try container.encode(object.servicePrincipalType, forKey: key)
            case "servicePrincipalNames": try container.encode([object.appID], forKey: key)
            case "preferredTokenSigningKeyThumbprint": try container.encode(object.preferredTokenSigningKeyThumbprint, forKey: key)
            case "keyCredentials":
                try container.encode(object.credentials.filter { $0.kind == .key }.map(ListedKeyCredential.init), forKey: key)
            case "passwordCredentials":
                try container.encode(object.credentials.filter { $0.kind == .password }.map(ListedPasswordCredential.init), forKey: key)
            default: try container.encodeNil(forKey: key)
            }
        }
    }
}

/// A keyCredential in a listing: `key` is always null there (Graph returns the certificate
/// only when one object is read with `$select=keyCredentials`).
struct ListedKeyCredential: Encodable {
    let customKeyIdentifier: String?
    let displayName: String?
    let endDateTime: String
    let key: String?
    let keyId: String
    let startDateTime: String
    let type: String
    let usage: String?

    init(_ credential: ListedCredential) {
        customKeyIdentifier = credential.customKeyIdentifier.map { Data($0).base64EncodedString() }
        displayName = credential.displayName
        endDateTime = RFC3339.string(from: credential.end)
        key = nil
        keyId = credential.keyID
        startDateTime = RFC3339.string(from: credential.start)
        type = "AsymmetricX509Cert"
        usage = credential.usage
    }

    func encode(to encoder: any Encoder) throws {
        // Graph writes nulls out; JSONEncoder would drop nil optionals.
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(customKeyIdentifier, forKey: DynamicKey("customKeyIdentifier"))
        try container.encode(displayName, forKey: DynamicKey("displayName"))
        try container.encode(endDateTime, forKey: DynamicKey("endDateTime"))
        try container.encode(key, forKey: DynamicKey("key"))
        try container.encode(keyId, forKey: DynamicKey("keyId"))
        try container.encode(startDateTime, forKey: DynamicKey("startDateTime"))
        try container.encode(type, forKey: DynamicKey("type"))
        try container.encode(usage, forKey: DynamicKey("usage"))
    }
}

/// A passwordCredential in a listing: `secretText` is null (Graph shows it only in the
/// answer to addPassword), `hint` holds its first three characters.
struct ListedPasswordCredential: Encodable {
    let credential: ListedCredential

    init(_ credential: ListedCredential) { self.credential = credential }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(credential.customKeyIdentifier.map { Data($0).base64EncodedString() }, forKey: DynamicKey("customKeyIdentifier"))
        try container.encode(credential.displayName, forKey: DynamicKey("displayName"))
        try container.encode(RFC3339.preciseString(from: credential.end), forKey: DynamicKey("endDateTime"))
        try container.encode(credential.hint, forKey: DynamicKey("hint"))
        try container.encode(credential.keyID, forKey: DynamicKey("keyId"))
        try container.encodeNil(forKey: DynamicKey("secretText"))
        try container.encode(RFC3339.preciseString(from: credential.start), forKey: DynamicKey("startDateTime"))
    }
}

struct DynamicKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A collection page: context, next link, values.
struct ListingPage: Encodable {
    let context: String
    let nextLink: String?
    let value: [SelectedObject]

    enum CodingKeys: String, CodingKey {
        case context = "@odata.context"
        case nextLink = "@odata.nextLink"
        case value
    }
}
