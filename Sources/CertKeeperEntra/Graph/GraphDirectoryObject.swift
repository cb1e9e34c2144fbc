import CertKeeperBase
import CertKeeperCrypto
import Foundation

/// Which Graph collection a directory listing reads.
public enum GraphDirectoryCollection: String, Sendable, CaseIterable {
    case applications
    case servicePrincipals

    /// What certkeeper asks for: the credentials and what names their owner.
    var select: String {
        switch self {
        case .applications: "id,appId,displayName,keyCredentials,passwordCredentials"
        case .servicePrincipals:
            "id,appId,displayName,servicePrincipalType,preferredTokenSigningKeyThumbprint,keyCredentials,passwordCredentials"
        }
    }

    /// "application", "service principal": for messages.
    public var singular: String { self == .applications ? "application" : "service principal" }
}

/// A certificate (keyCredential) or client secret (passwordCredential) as listed.
public struct GraphDirectoryCredential: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case certificate
        case secret
    }

    public let keyID: String
    public let kind: Kind
    public let usage: String?
    /// Uppercase hex SHA-1 from `customKeyIdentifier`, when it holds a thumbprint (Graph's
    /// default for certificates); nil for secrets and custom identifiers.
    public let sha1Thumbprint: String?
    public let displayName: String?
    public let start: Date?
    public let end: Date
}

/// An application or service principal with its credentials.
public struct GraphDirectoryObject: Sendable, Hashable {
    public let objectID: String
    public let appID: String
    public let displayName: String
    public let servicePrincipalType: String?
    public let preferredTokenSigningKeyThumbprint: String?
    public let credentials: [GraphDirectoryCredential]
}

/// One collection page as Graph sends it (before validation).
struct GraphDirectoryPageBody: Decodable {
    struct Object: Decodable {
        let id: String?
        let appId: String?
        let displayName: String?
        let servicePrincipalType: String?
        let preferredTokenSigningKeyThumbprint: String?
        let keyCredentials: [Credential]?
        let passwordCredentials: [Credential]?
    }

    struct Credential: Decodable {
        let keyId: String?
        let usage: String?
        let customKeyIdentifier: String?
        let displayName: String?
        let startDateTime: String?
        let endDateTime: String?
    }

    let value: [Object]?
    let nextLink: String?

    enum CodingKeys: String, CodingKey {
        case value
        case nextLink = "@odata.nextLink"
    }
}

extension GraphDirectoryObject {
    /// Validates one listed object; `where` names the page in messages.
    init(_ body: GraphDirectoryPageBody.Object, collection: GraphDirectoryCollection, where page: String) throws(EntraError) {
        guard let id = body.id, !id.isEmpty, let appId = body.appId else {
            throw EntraError(.malformedResponse, "\(page) holds a \(collection.singular) without id or appId: not a Graph listing")
        }
        let name = body.displayName ?? ""
        // The tenant's text in an error line: escaped and bounded.
        let owner = "\(collection.singular) \"\(TerminalText.escaped(name, limit: 100))\" (appId \(TerminalText.escaped(appId, limit: 60)))"
        var credentials: [GraphDirectoryCredential] = []
        for (kind, list) in [(GraphDirectoryCredential.Kind.certificate, body.keyCredentials), (.secret, body.passwordCredentials)] {
            for credential in list ?? [] {
                credentials.append(try GraphDirectoryCredential(credential, kind: kind, owner: owner, where: page))
            }
        }
        self.init(
            objectID: id, appID: appId, displayName: name, servicePrincipalType: body.servicePrincipalType,
            preferredTokenSigningKeyThumbprint: body.preferredTokenSigningKeyThumbprint, credentials: credentials
        )
    }
}

extension GraphDirectoryCredential {
    init(_ body: GraphDirectoryPageBody.Credential, kind: Kind, owner: String, where page: String) throws(EntraError) {
        guard let keyId = body.keyId, !keyId.isEmpty else {
            throw EntraError(.malformedResponse, "\(page): \(owner) has a credential without keyId")
        }
        let what = "\(owner), \(kind.rawValue) keyId \(TerminalText.escaped(keyId, limit: 60))"
        guard let endText = body.endDateTime, let end = GraphDateTime.parse(endText) else {
            throw EntraError(.malformedResponse, "\(page): \(what) has an unparseable endDateTime \(Self.quoted(body.endDateTime))")
        }
        var start: Date?
        if let startText = body.startDateTime {
            guard let parsed = GraphDateTime.parse(startText) else {
                throw EntraError(.malformedResponse, "\(page): \(what) has an unparseable startDateTime \(Self.quoted(startText))")
            }
            start = parsed
        }
        self.init(
            keyID: keyId, kind: kind, usage: body.usage, sha1Thumbprint: kind == .certificate ? Self.thumbprint(body.customKeyIdentifier) : nil,
            displayName: body.displayName, start: start, end: end
        )
    }

    /// customKeyIdentifier is Edm.Binary (base64). Graph fills it with the certificate's
    /// SHA-1 thumbprint bytes; some tools store the thumbprint's hex text instead.
    static func thumbprint(_ identifier: String?) -> String? {
        guard let identifier, let bytes = Data(base64Encoded: identifier) else { return nil }
        if bytes.count == 20 { return Thumbprint(algorithm: .sha1, bytes: Array(bytes)).hex }
        if bytes.count == 40, let text = String(data: bytes, encoding: .ascii), text.allSatisfy(\.isHexDigit) {
            return text.uppercased()
        }
        return nil
    }

    private static func quoted(_ text: String?) -> String {
        guard let text else { return "(missing)" }
        // Server text in an error message: printable ASCII only, bounded.
        let clean = String(text.prefix(40).unicodeScalars.map { (32...126).contains($0.value) ? Character($0) : "?" })
        return "\"\(clean)\""
    }
}
