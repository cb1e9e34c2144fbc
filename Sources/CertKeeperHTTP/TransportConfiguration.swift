/// Everything `CurlTransport` needs to know besides the request: whom to trust, which
/// proxy to use, how much of a response to read.
public struct TransportConfiguration: Sendable {
    /// A token or Graph answer is a few KiB; 4 MiB leaves room for large Graph pages while a
    /// 50 MiB proxy error page cannot fill memory.
    public static let defaultMaximumResponseBytes = 4 * 1024 * 1024

    public var trust: TrustConfiguration
    public var proxy: ProxyConfiguration
    public var maximumResponseBytes: Int

    public init(trust: TrustConfiguration, proxy: ProxyConfiguration = .direct, maximumResponseBytes: Int = Self.defaultMaximumResponseBytes) {
        self.trust = trust
        self.proxy = proxy
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// Trust and proxy from the command's options, the profile and the environment, in the
    /// documented precedence. Throws `.invalidConfiguration` for a bad bundle or proxy URL.
    public static func resolve(
        caBundle: String?, proxy: String?, profileCABundle: (name: String, path: String)? = nil, environment: [String: String]
    ) throws(HTTPError) -> TransportConfiguration {
        TransportConfiguration(
            trust: try TrustConfiguration.resolve(option: caBundle, profile: profileCABundle, environment: environment),
            proxy: try ProxyConfiguration.resolve(option: proxy, environment: environment)
        )
    }
}
