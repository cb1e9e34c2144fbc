internal import CCurl
import CertKeeperBase
import Foundation

/// Turns what libcurl reported into a response or into one line that says what failed,
/// where, and what to do. libcurl's own text goes to `detail` (for --verbose), scrubbed of
/// proxy credentials and control characters.
enum CurlFailure {
    static func classify(
        _ outcome: CurlTransfer.Outcome, request: HTTPRequest, configuration: TransportConfiguration, exchange: CurlExchange
    ) -> Result<HTTPResponse, HTTPError> {
        let url = TerminalText.escaped(request.url.absoluteString, limit: 300)
        let detail = TerminalText.escaped(configuration.proxy.endpoint?.scrub(outcome.message) ?? outcome.message, limit: 300)
        func failure(_ code: HTTPError.Code, _ text: String) -> Result<HTTPResponse, HTTPError> {
            .failure(HTTPError(code, text, detail: detail))
        }
        if outcome.code == CURLE_OK {
            if (300..<400).contains(outcome.status), outcome.status != 304 {
                let location = exchange.headers["location"].map { " to \(TerminalText.escaped($0, limit: 300))" } ?? ""
                return failure(
                    .redirected,
                    "\(url) answered HTTP \(outcome.status) redirecting\(location): redirects are not followed (requests carry assertions and tokens); use the final URL")
            }
            return .success(HTTPResponse(status: outcome.status, headers: exchange.headers, body: exchange.body))
        }
        if exchange.cancelled.load(ordering: .relaxed) { return failure(.cancelled, "the request to \(url) was cancelled") }
        if let proxyFailure = proxyFailure(outcome, request: request, configuration: configuration) {
            return failure(proxyFailure.0, proxyFailure.1)
        }
        switch outcome.code {
        case CURLE_OPERATION_TIMEDOUT:
            return failure(
                .timeout,
                "no complete answer from \(url) within \(seconds(request.timeout)) (--timeout): the server or a proxy is stalled or slow; check the network or raise --timeout")
        case CURLE_WRITE_ERROR where exchange.exceededLimit, CURLE_FILESIZE_EXCEEDED:
            return failure(
                .responseTooLarge,
                "\(url) sent an answer larger than \(mebibytes(configuration.maximumResponseBytes)): refused without reading the rest (a proxy's error page, or not the right endpoint?)"
            )
        case CURLE_PEER_FAILED_VERIFICATION:
            return failure(
                .untrustedServer,
                "TLS: cannot verify the certificate of \(authority(request.url)): \(reason(outcome.message)); trusted: \(configuration.trust). Add the issuing CA with --ca-bundle FILE or CERTKEEPER_CA_BUNDLE (behind a TLS-inspecting proxy: the proxy's root CA)"
            )
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_SHUTDOWN_FAILED,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return failure(.tls, "TLS handshake with \(authority(request.url)) failed: \(detail) (certkeeper requires TLS 1.2 or later)")
        case CURLE_COULDNT_RESOLVE_HOST:
            return failure(.unreachable, "could not reach \(url): host name \(TerminalText.escaped(request.url.host ?? "", limit: 300)) not found (DNS)")
        case CURLE_COULDNT_CONNECT:
            return failure(.unreachable, "could not reach \(url): connection refused or host unreachable")
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return failure(.unreachable, "the connection to \(authority(request.url)) broke before a complete answer: \(detail)")
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return failure(.insecureURL, "cannot send a request to \(url): \(detail)")
        default:
            return failure(.unreachable, "could not reach \(url): \(detail)")
        }
    }

    /// A failure that happened at the proxy: 407, a refused tunnel, an unreachable proxy.
    private static func proxyFailure(
        _ outcome: CurlTransfer.Outcome, request: HTTPRequest, configuration: TransportConfiguration
    ) -> (HTTPError.Code, String)? {
        guard outcome.viaProxy, let endpoint = configuration.proxy.endpoint else { return nil }
        let proxy = "the proxy \(endpoint) (\(configuration.proxy.origin ?? "configured"))"
        let target = authority(request.url)
        switch outcome.connectStatus {
        case 407 where endpoint.hasCredentials:
            return (
                .proxyAuthentication,
                "\(proxy) refused the credentials for the tunnel to \(target): HTTP 407 Proxy Authentication Required; check the user name and password in the proxy URL"
            )
        case 407:
            return (
                .proxyAuthentication, "\(proxy) requires authentication (HTTP 407 Proxy Authentication Required): give http://USER:PASSWORD@host:port in --proxy or HTTPS_PROXY"
            )
        case 0, 200:
            break
        default:
            return (
                .proxy,
                "\(proxy) refused to open a tunnel to \(target) (HTTP \(outcome.connectStatus)): the proxy's policy may not allow this host or port; ask its administrator or add the host to NO_PROXY"
            )
        }
        let message = outcome.message
        switch outcome.code {
        case CURLE_COULDNT_RESOLVE_PROXY:
            return (.proxy, "\(proxy): proxy host \(TerminalText.escaped(endpoint.host, limit: 300)) not found (DNS); check the proxy URL")
        case CURLE_COULDNT_CONNECT where message.contains("port \(endpoint.port)") && message.contains(endpoint.host):
            return (.proxy, "could not connect to \(proxy): connection refused or host unreachable; check the proxy URL, or add \(request.url.host ?? "the host") to NO_PROXY")
        default:
            return nil
        }
    }

    /// `host:port` of a URL.
    static func authority(_ url: URL) -> String {
        let host = url.host ?? "?"
        let port = url.port ?? (url.scheme?.lowercased() == "http" ? 80 : 443)
        return TerminalText.escaped("\(host.contains(":") ? "[\(host)]" : host):\(port)")
    }

    /// libcurl's words without its "SSL certificate problem: " prefix.
    private static func reason(_ message: String) -> String {
        let prefix = "SSL certificate problem: "
        let text = message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
        return TerminalText.escaped(text, limit: 300)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    private static func mebibytes(_ bytes: Int) -> String {
        bytes % (1024 * 1024) == 0 ? "\(bytes / (1024 * 1024)) MiB" : "\(bytes) bytes"
    }
}
