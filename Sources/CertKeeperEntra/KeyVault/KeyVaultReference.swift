import Foundation

/// A Key Vault object named by URL: `https://VAULT.vault.azure.net/certificates/NAME` (or
/// `/secrets/NAME`), optionally with a version. Any base is accepted (sovereign clouds, the
/// loopback emulator), but only https — plain http only to a loopback host.
public struct KeyVaultReference: Sendable, Hashable, CustomStringConvertible {
    public enum Collection: String, Sendable {
        case certificates
        case secrets
    }

    /// `scheme://host[:port]`: the vault (its own origin, as Key Vault ids are parsed).
    public let vault: URL
    public let collection: Collection
    public let name: String
    public let version: String?

    public init(vault: URL, collection: Collection, name: String, version: String? = nil) {
        self.vault = vault
        self.collection = collection
        self.name = name
        self.version = version
    }

    /// Parses an object URL, with or without a `keyvault:` prefix.
    public init(parsing text: String, expecting collection: Collection? = nil) throws(EntraError) {
        let bare = text.hasPrefix("keyvault:") ? String(text.dropFirst("keyvault:".count)) : text
        let example = "https://VAULT.vault.azure.net/\((collection ?? .certificates).rawValue)/NAME"
        guard let components = URLComponents(string: bare), components.host != nil else {
            throw EntraError(.invalidParameter, "\"\(Self.shown(text))\" is not a Key Vault URL such as \(example)")
        }
        let vault = try Self.vaultURL(bare, components: components, example: example)
        let segments = components.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard (2...3).contains(segments.count), let found = Collection(rawValue: segments[0].lowercased()) else {
            throw EntraError(.invalidParameter, "\(Self.shown(text)) does not name a certificate or secret: write \(example)")
        }
        if let collection, collection != found {
            throw EntraError(.invalidParameter, "\(Self.shown(text)) names a \(found.rawValue.dropLast()), where a \(collection.rawValue.dropLast()) is needed: write \(example)")
        }
        try Self.checkName(segments[1])
        if segments.count == 3 {
            guard segments[2].unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) }) else {
                throw EntraError(.invalidParameter, "\"\(Self.shown(segments[2]))\" in \(Self.shown(text)) is not a Key Vault version id (32 hex digits)")
            }
        }
        self.init(vault: vault, collection: found, name: segments[1], version: segments.count == 3 ? segments[2] : nil)
    }

    /// A vault URL (`https://VAULT.vault.azure.net`, any path ignored only when empty).
    public static func parseVault(_ text: String) throws(EntraError) -> URL {
        let bare = text.hasPrefix("keyvault:") ? String(text.dropFirst("keyvault:".count)) : text
        guard let components = URLComponents(string: bare), components.host != nil else {
            throw EntraError(.invalidParameter, "\"\(shown(text))\" is not a vault URL such as https://VAULT.vault.azure.net")
        }
        guard components.path.isEmpty || components.path == "/" else {
            throw EntraError(.invalidParameter, "\(shown(text)) has a path: give the vault alone, such as https://VAULT.vault.azure.net")
        }
        return try vaultURL(bare, components: components, example: "https://VAULT.vault.azure.net")
    }

    /// Key Vault object names: 1-127 letters, digits and hyphens.
    public static func checkName(_ name: String) throws(EntraError) {
        guard (1...127).contains(name.utf8.count),
            name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") })
        else {
            throw EntraError(.invalidParameter, "\"\(shown(name))\" is not a Key Vault object name: use 1-127 letters, digits and hyphens")
        }
    }

    /// `keyvault:https://…/certificates/NAME[/VERSION]`: the stored form.
    public var description: String { "keyvault:\(url.absoluteString)" }

    public var url: URL {
        let suffix = "/\(collection.rawValue)/\(name)" + (version.map { "/\($0)" } ?? "")
        return URL(string: vault.absoluteString + suffix) ?? vault
    }

    private static func vaultURL(_ text: String, components: URLComponents, example: String) throws(EntraError) -> URL {
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil else {
            throw EntraError(.invalidParameter, "\(shown(text)) must be a plain URL such as \(example), without credentials, query or fragment")
        }
        var origin = URLComponents()
        origin.scheme = components.scheme?.lowercased()
        origin.host = components.host?.lowercased()
        origin.port = components.port
        guard let url = origin.url else {
            throw EntraError(.invalidParameter, "\"\(shown(text))\" is not a Key Vault URL such as \(example)")
        }
        do {
            return try AuthorityHost.secureURL(url.absoluteString, role: "vault URL", example: example)
        } catch {
            throw error
        }
    }

    /// For messages: no control characters, bounded length.
    public static func shown(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return cleaned.count > 200 ? String(cleaned.prefix(200)) + "…" : cleaned
    }
}
