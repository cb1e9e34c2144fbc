import Foundation

/// What a TLS connection trusts: the system roots plus at most one extra bundle, chosen by
/// precedence: `--ca-bundle`, the profile's `ca_bundle`, `CERTKEEPER_CA_BUNDLE`,
/// `SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE` (what Python, curl and Go users already set).
/// Hostname verification and TLS 1.2 or later are not configurable.
public struct TrustConfiguration: Sendable, CustomStringConvertible {
    public static let environmentVariables = ["CERTKEEPER_CA_BUNDLE", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"]

    public let system: SystemCABundle?
    public let extra: CABundle?

    public init(system: SystemCABundle?, extra: CABundle?) {
        self.system = system
        self.extra = extra
    }

    /// The system roots only.
    public static var systemOnly: TrustConfiguration {
        TrustConfiguration(system: SystemCABundle.defaultPath.flatMap(SystemCABundle.init(path:)), extra: nil)
    }

    /// Picks the extra bundle by precedence and reads it. A chosen bundle that is the system
    /// bundle itself (many images set `SSL_CERT_FILE` to it) adds nothing. Relative paths
    /// are relative to the working directory.
    public static func resolve(
        option: String?, profile: (name: String, path: String)? = nil, environment: [String: String],
        systemBundlePath: String? = SystemCABundle.defaultPath
    ) throws(HTTPError) -> TrustConfiguration {
        let system = systemBundlePath.flatMap(SystemCABundle.init(path:))
        guard let (path, source) = choice(option: option, profile: profile, environment: environment) else {
            return TrustConfiguration(system: system, extra: nil)
        }
        if let system, sameFile(path, system.path) { return TrustConfiguration(system: system, extra: nil) }
        return TrustConfiguration(system: system, extra: try CABundle(path: path, source: source))
    }

    static func choice(
        option: String?, profile: (name: String, path: String)?, environment: [String: String]
    ) -> (String, CABundleSource)? {
        if let option, !option.isEmpty { return (option, .option) }
        if let profile, !profile.path.isEmpty { return (profile.path, .profile(profile.name)) }
        for name in environmentVariables {
            if let value = environment[name], !value.isEmpty { return (value, .environment(name)) }
        }
        return nil
    }

    private static func sameFile(_ lhs: String, _ rhs: String) -> Bool {
        URL(fileURLWithPath: lhs).resolvingSymlinksInPath().path == URL(fileURLWithPath: rhs).resolvingSymlinksInPath().path
    }

    /// Everything trusted, as one PEM blob for libcurl (which otherwise replaces the system
    /// file with the blob instead of adding to it).
    var pem: [UInt8] {
        var bytes = system?.pem ?? []
        if let last = bytes.last, last != UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\n")) }
        return bytes + (extra?.pem ?? [])
    }

    /// `the system roots (/etc/ssl/certs/ca-certificates.crt) and SSL_CERT_FILE idp.pem (1 certificate: …)`.
    public var description: String {
        let systemPart = system.map { "the system roots (\($0.path))" } ?? "no system roots (no CA bundle found on this system)"
        guard let extra else { return systemPart }
        return "\(systemPart) and \(extra.summary)"
    }
}
