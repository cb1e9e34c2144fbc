import CertKeeperHTTP
import Foundation
import TestSupport
import Testing

/// Which bundle and proxy a command ends up with: precedence, bad input, redaction.
@Suite struct TransportConfigurationTests {
    let directory: TemporaryDirectory
    let bundleA: String
    let bundleB: String

    init() throws {
        directory = try TemporaryDirectory("certkeeper-http-config")
        let a = try TemporaryDirectory("certkeeper-http-ca-a")
        try IndependentTools.makeChain(in: a, caName: "Bundle A Root")
        bundleA = try directory.write(try a.read("ca.pem"), to: "a.pem")
        let b = try TemporaryDirectory("certkeeper-http-ca-b")
        try IndependentTools.makeChain(in: b, caName: "Bundle B Root")
        bundleB = try directory.write(try b.read("ca.pem"), to: "b.pem")
    }

    @Test func precedenceIsOptionProfileThenTheThreeVariables() throws {
        let all = ["CERTKEEPER_CA_BUNDLE": bundleA, "SSL_CERT_FILE": bundleB, "REQUESTS_CA_BUNDLE": bundleB]
        let option = try TrustConfiguration.resolve(option: bundleB, profile: ("p", bundleB), environment: all)
        #expect(option.extra?.source == .option)
        let profile = try TrustConfiguration.resolve(option: nil, profile: ("p", bundleA), environment: all)
        #expect(profile.extra?.source == .profile("p"))
        let certkeeper = try TrustConfiguration.resolve(option: nil, environment: all)
        #expect(certkeeper.extra?.source == .environment("CERTKEEPER_CA_BUNDLE"))
        #expect(certkeeper.extra?.subjects == ["CN=Bundle A Root"])
        let ssl = try TrustConfiguration.resolve(option: nil, environment: ["SSL_CERT_FILE": bundleB, "REQUESTS_CA_BUNDLE": bundleA])
        #expect(ssl.extra?.source == .environment("SSL_CERT_FILE"))
        let requests = try TrustConfiguration.resolve(option: nil, environment: ["SSL_CERT_FILE": "", "REQUESTS_CA_BUNDLE": bundleA])
        #expect(requests.extra?.source == .environment("REQUESTS_CA_BUNDLE"))
        let none = try TrustConfiguration.resolve(option: nil, environment: [:])
        #expect(none.extra == nil)
    }

    @Test func theSystemBundleNamedAgainInAVariableAddsNothing() throws {
        let system = try #require(SystemCABundle.defaultPath)
        let trust = try TrustConfiguration.resolve(option: nil, environment: ["SSL_CERT_FILE": system])
        #expect(trust.extra == nil)
        #expect(trust.system?.path == system)
        // Cross-check the count against the armour lines grep sees.
        let grep = try ProcessRunner.run("grep", ["-c", "BEGIN CERTIFICATE", system])
        #expect(trust.system?.certificateCount == Int(grep.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test(arguments: ["missing", "directory", "empty", "garbage", "keyOnly"])
    func aBadBundleIsOneLineNamingTheFileAndItsSource(_ kind: String) throws {
        let path: String
        switch kind {
        case "missing": path = directory.file("nope.pem")
        case "directory": path = directory.path
        case "empty": path = try directory.write("", to: "empty.pem")
        case "garbage": path = try directory.write("not a certificate at all\n", to: "garbage.pem")
        default:
            let key = try IndependentTools.openssl(["genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"])
            path = try directory.write(key.stdout, to: "key.pem")
        }
        let error = try #require(throws: HTTPError.self) {
            try TrustConfiguration.resolve(option: nil, environment: ["REQUESTS_CA_BUNDLE": path])
        }
        #expect(error.code == .invalidConfiguration)
        #expect(error.description.contains("REQUESTS_CA_BUNDLE \(path)"))
        #expect(!error.description.contains("\n"))
    }

    @Test func proxyPrecedenceAndNoProxyAsCurlReadsThem() throws {
        let environment = ["HTTPS_PROXY": "http://upper:3128", "https_proxy": "http://lower:3128", "NO_PROXY": "upper.example", "no_proxy": "lower.example,10.0.0.0/8"]
        let fromEnvironment = try ProxyConfiguration.resolve(option: nil, environment: environment)
        #expect(fromEnvironment.endpoint?.host == "lower")
        #expect(fromEnvironment.origin == "https_proxy")
        #expect(fromEnvironment.noProxy == "lower.example,10.0.0.0/8")
        let fromOption = try ProxyConfiguration.resolve(option: "proxy.example:8080", environment: environment)
        #expect(fromOption.endpoint?.description == "http://proxy.example:8080")
        #expect(fromOption.origin == "--proxy")
        let upperOnly = try ProxyConfiguration.resolve(option: nil, environment: ["HTTPS_PROXY": "http://upper:3128"])
        #expect(upperOnly.endpoint?.port == 3128)
        #expect(try ProxyConfiguration.resolve(option: nil, environment: [:]).endpoint == nil)
    }

    @Test func proxyCredentialsNeverShow() throws {
        let configuration = try ProxyConfiguration.resolve(option: nil, environment: ["HTTPS_PROXY": "http://alice:s3cr%40t-pass@127.0.0.1:3128"])
        let endpoint = try #require(configuration.endpoint)
        #expect(endpoint.username == "alice")
        #expect(endpoint.description == "http://***@127.0.0.1:3128")
        #expect(!configuration.description.contains("s3cr"))
        let bad = try #require(throws: HTTPError.self) {
            try ProxyConfiguration.resolve(option: nil, environment: ["HTTPS_PROXY": "socks5://bob:hunter22@127.0.0.1:1080"])
        }
        #expect(bad.code == .invalidConfiguration)
        #expect(!bad.description.contains("hunter22") && !bad.description.contains("bob"))
    }
}
