import CertKeeperHTTP
import Foundation

/// The identity platform's host: `https://login.microsoftonline.com` by default; sovereign
/// clouds, ADFS and the local emulator set another. Plain `http` is accepted only for a
/// loopback host, so an assertion never crosses a network in clear text.
public struct AuthorityHost: Sendable, Hashable, CustomStringConvertible {
    public static let publicCloud = AuthorityHost(validated: URL(string: "https://login.microsoftonline.com")!)

    /// Scheme, host, optional port and path prefix; no trailing slash.
    public let url: URL

    private init(validated url: URL) { self.url = url }

    /// Parses `https://host[:port][/prefix]`, `http://127.0.0.1:port` or a bare host name
    /// (https is assumed, as azure-identity does for `AZURE_AUTHORITY_HOST`).
    public init(parsing text: String) throws(EntraError) {
        self.init(validated: try Self.secureURL(text, role: "authority host", example: "https://login.microsoftonline.com"))
    }

    /// Parses a service base URL (authority or Graph): https, or http to a loopback host; a
    /// bare host name means https. No credentials, query or fragment; no trailing slash.
    static func secureURL(_ text: String, role: String, example: String) throws(EntraError) -> URL {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        if !trimmed.contains("://") { trimmed = "https://" + trimmed }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw EntraError(.invalidParameter, "\(role) \"\(text)\" is not a URL such as \(example)")
        }
        guard components.user == nil, components.password == nil, components.query == nil, components.fragment == nil else {
            throw EntraError(.invalidParameter, "\(role) \"\(Self.redacted(text))\" must be scheme://host[:port][/path] without credentials, query or fragment")
        }
        switch scheme {
        case "https":
            break
        case "http" where LoopbackHost.contains(host):
            break
        case "http":
            throw EntraError(
                .invalidParameter,
                "\(role) \(trimmed) uses plain http: credentials would cross the network unencrypted; use https (http is allowed only for 127.0.0.1, ::1 or localhost)"
            )
        default:
            throw EntraError(.invalidParameter, "\(role) \(trimmed) must use https")
        }
        guard let url = components.url else {
            throw EntraError(.invalidParameter, "\(role) \"\(text)\" is not a valid URL")
        }
        return url
    }

    /// `{authority}/{tenant}/oauth2/v2.0/token`.
    public func tokenEndpoint(tenant: String) throws(EntraError) -> URL {
        try Self.validateTenant(tenant)
        guard let endpoint = URL(string: url.absoluteString + "/\(tenant)/oauth2/v2.0/token") else {
            throw EntraError(.invalidParameter, "cannot form the token endpoint URL for tenant \(tenant)")
        }
        return endpoint
    }

    public var description: String { url.absoluteString }

    /// A tenant is a GUID, a domain name, or a well-known alias: letters, digits, `.`, `-`, `_`.
    static func validateTenant(_ tenant: String) throws(EntraError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_"))
        guard !tenant.isEmpty, tenant.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
            throw EntraError(
                .invalidParameter,
                "tenant \"\(tenant)\" is not a tenant id or domain (expected a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47 or contoso.onmicrosoft.com)"
            )
        }
    }

    /// Never echo what might be credentials embedded in a URL.
    private static func redacted(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        return String(text[..<scheme.upperBound]) + "…" + String(text[at...])
    }
}
