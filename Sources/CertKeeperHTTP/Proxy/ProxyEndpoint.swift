import CertKeeperBase
import Foundation

/// A forward proxy: `http://[user:password@]host[:port]` (or https://). The credentials
/// are kept apart from the URL handed to libcurl, so no message libcurl writes about the
/// proxy can carry them; `description` never shows them either.
public struct ProxyEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int
    public let username: String?
    /// Basic-auth password; never logged, never in an error.
    let password: String?

    /// Parses a proxy URL as curl does: a missing scheme means http, a missing port 1080
    /// (http) or 443 (https). `origin` names where it came from, for the error line.
    public init(parsing text: String, origin: String) throws(HTTPError) {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.contains("://") { trimmed = "http://" + trimmed }
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let shown = Self.redacted(trimmed)
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            throw HTTPError(.invalidConfiguration, "proxy \(shown) (\(origin)) is not a URL such as http://proxy.example.com:3128")
        }
        guard scheme == "http" || scheme == "https" else {
            throw HTTPError(.invalidConfiguration, "proxy \(shown) (\(origin)) uses \(scheme): only http:// and https:// proxies are supported")
        }
        guard components.path.isEmpty, components.query == nil, components.fragment == nil else {
            throw HTTPError(.invalidConfiguration, "proxy \(shown) (\(origin)) must be scheme://[user:password@]host[:port] without a path")
        }
        self.scheme = scheme
        self.host = host
        port = components.port ?? (scheme == "https" ? 443 : 1080)
        username = components.user.flatMap { $0.isEmpty ? nil : $0 }
        password = components.password
    }

    public var hasCredentials: Bool { username != nil }

    /// `scheme://host:port`, what libcurl is given (credentials go separately).
    var urlWithoutCredentials: String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed):\(port)"
    }

    /// `http://***@proxy:3128` when credentials are set: whether there are credentials is
    /// worth knowing when a proxy answers 407; what they are never is.
    public var description: String {
        hasCredentials ? urlWithoutCredentials.replacingOccurrences(of: "://", with: "://***@") : urlWithoutCredentials
    }

    /// Removes the credentials of `text` however they are spelled (plain or percent-encoded).
    func scrub(_ text: String) -> String {
        var result = text
        var secrets: [String] = []
        if let password, password.count >= 3 { secrets.append(password) }
        if let username, username.count >= 3 { secrets.append(username) }
        for secret in secrets {
            let encoded = secret.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? secret
            result = result.replacingOccurrences(of: secret, with: "***").replacingOccurrences(of: encoded, with: "***")
        }
        return result
    }

    /// For error lines about input that did not parse: drop anything between :// and @.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", options: .backwards),
            scheme.upperBound <= at.lowerBound
        else { return TerminalText.escaped(text, limit: 300) }
        return TerminalText.escaped(String(text[..<scheme.upperBound]) + "***" + String(text[at.lowerBound...]), limit: 300)
    }
}
