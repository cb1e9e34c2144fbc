import CertKeeperBase
import Dispatch
import Foundation

/// `HTTPTransport` on the system's libcurl and OpenSSL, for every outbound call (token
/// endpoint, Graph, Key Vault). Trust, proxy and response cap come from one
/// `TransportConfiguration`; the deadline from each request. Redirects are never followed,
/// plain http goes to loopback only, nothing is cached and no cookie is kept.
public struct CurlTransport: HTTPTransport {
    public let configuration: TransportConfiguration
    private let trustedPEM: [UInt8]
    private let log: @Sendable (String) -> Void

    /// `log` receives one debug line per request and answer: method, URL, proxy (without
    /// credentials), status, size, time. Never headers or bodies.
    public init(configuration: TransportConfiguration, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.configuration = configuration
        trustedPEM = configuration.trust.pem
        self.log = log
    }

    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        try Self.checkScheme(request.url)
        let exchange = CurlExchange(limit: configuration.maximumResponseBytes)
        let transfer = CurlTransfer(request: request, configuration: configuration, trustedPEM: trustedPEM, exchange: exchange)
        let proxy =
            transfer.request.url.scheme?.lowercased() == "https" && configuration.proxy.endpoint != nil
            ? " (\(configuration.proxy))" : ""
        log("\(request.method) \(TerminalText.escaped(request.url.absoluteString, limit: 300))\(proxy)")
        let started = DispatchTime.now()
        // curl_easy_perform blocks: run it on a thread of its own, never on the cooperative
        // pool, nor on GCD's global queue (as wide as the CPU count: two slow servers would
        // hold every other request back).
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<HTTPResponse, HTTPError>, Never>) in
                Thread { continuation.resume(returning: transfer.perform()) }.start()
            }
        } onCancel: {
            exchange.cancelled.store(true, ordering: .relaxed)
        }
        let milliseconds = (DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1_000_000
        switch result {
        case .success(let response):
            log("HTTP \(response.status), \(response.body.count) bytes in \(milliseconds) ms")
        case .failure(let error):
            log("\(error.code) after \(milliseconds) ms; libcurl: \(error.detail ?? "-")")
        }
        return try result.get()
    }

    /// https anywhere; plain http only to a loopback host.
    static func checkScheme(_ url: URL) throws(HTTPError) {
        let shown = TerminalText.escaped(url.absoluteString, limit: 300)
        switch url.scheme?.lowercased() {
        case "https":
            return
        case "http" where LoopbackHost.contains(url.host ?? ""):
            return
        case "http":
            throw HTTPError(
                .insecureURL, "refusing plain http to \(shown): credentials would cross the network unencrypted; use https (http is allowed only for 127.0.0.1, ::1 or localhost)")
        default:
            throw HTTPError(.insecureURL, "refusing \(shown): only https (and http to loopback) URLs are supported")
        }
    }
}

extension CurlTransport {
    /// The system roots, no proxy, the default cap: for library callers and tests that do not
    /// take the user's settings. The CLI always builds its transport from its options.
    public static var systemTrustOnly: CurlTransport { CurlTransport(configuration: TransportConfiguration(trust: .systemOnly)) }
}
