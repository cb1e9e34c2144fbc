import CertKeeperBase

/// Which proxy https requests go through, and which hosts bypass it.
///
/// `--proxy URL` wins over `https_proxy`, which wins over `HTTPS_PROXY` (curl reads the
/// lower-case name first). `no_proxy`/`NO_PROXY` is handed to libcurl untouched, so hosts,
/// domain suffixes, `*`, CIDR ranges and host:port entries mean exactly what they mean to
/// curl. Plain http (loopback only) never uses a proxy.
public struct ProxyConfiguration: Sendable, CustomStringConvertible {
    public let endpoint: ProxyEndpoint?
    /// Where the endpoint came from: `--proxy`, `https_proxy` or `HTTPS_PROXY`.
    public let origin: String?
    public let noProxy: String?

    public init(endpoint: ProxyEndpoint?, origin: String?, noProxy: String?) {
        self.endpoint = endpoint
        self.origin = origin
        self.noProxy = noProxy
    }

    public static let direct = ProxyConfiguration(endpoint: nil, origin: nil, noProxy: nil)

    public static func resolve(option: String?, environment: [String: String]) throws(HTTPError) -> ProxyConfiguration {
        let noProxy = ["no_proxy", "NO_PROXY"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        let candidates: [(String, String?)] = [("--proxy", option), ("https_proxy", environment["https_proxy"]), ("HTTPS_PROXY", environment["HTTPS_PROXY"])]
        guard let (origin, text) = candidates.first(where: { !($0.1 ?? "").isEmpty }), let text else {
            return ProxyConfiguration(endpoint: nil, origin: nil, noProxy: noProxy)
        }
        return ProxyConfiguration(endpoint: try ProxyEndpoint(parsing: text, origin: origin), origin: origin, noProxy: noProxy)
    }

    /// `proxy http://***@127.0.0.1:3128 (HTTPS_PROXY), bypassed for: localhost,.internal`.
    public var description: String {
        guard let endpoint else { return "no proxy" }
        let bypass = noProxy.map { ", bypassed for: \(TerminalText.escaped($0, limit: 300))" } ?? ""
        return "proxy \(endpoint) (\(origin ?? "configured"))\(bypass)"
    }
}
