import Foundation

/// A credential as Graph lists it: a certificate (`keyCredentials`) or a client secret
/// (`passwordCredentials`). The secret's text is never stored: Graph shows it once, when
/// it is created, and lists only its first characters (`hint`).
public struct ListedCredential: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case key
        case password
    }

    public let keyID: String
    public let kind: Kind
    /// `Verify` or `Sign` (keys only).
    public let usage: String?
    /// SHA-1 thumbprint bytes for certificates (Graph's default `customKeyIdentifier`).
    public let customKeyIdentifier: [UInt8]?
    public let displayName: String?
    public let hint: String?
    public let start: Date
    public let end: Date

    public init(
        keyID: String, kind: Kind, usage: String?, customKeyIdentifier: [UInt8]?, displayName: String?, hint: String?,
        start: Date, end: Date
    ) {
        self.keyID = keyID
        self.kind = kind
        self.usage = usage
        self.customKeyIdentifier = customKeyIdentifier
        self.displayName = displayName
        self.hint = hint
        self.start = start
        self.end = end
    }
}

/// An application or service principal as a Graph listing shows it.
public struct ListedObject: Sendable, Hashable {
    public let objectID: String
    public let appID: String
    public let displayName: String
    /// Service principals only: `Application`, `ManagedIdentity`, `Legacy`, `SocialIdp`.
    public let servicePrincipalType: String?
    public let preferredTokenSigningKeyThumbprint: String?
    public let createdAt: Date?
    public let credentials: [ListedCredential]
}

/// The two collections Graph lists.
public enum DirectoryCollection: String, Sendable, CaseIterable {
    case applications
    case servicePrincipals

    /// `microsoft.graph.application`, for OData messages.
    var entityType: String { self == .applications ? "microsoft.graph.application" : "microsoft.graph.servicePrincipal" }
}
