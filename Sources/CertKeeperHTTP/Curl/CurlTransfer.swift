internal import CCurl
import Foundation

/// One request on one libcurl easy handle, performed synchronously on the calling thread.
/// The handle, header list and error buffer are created and freed here: no C pointer
/// leaves this type.
struct CurlTransfer: Sendable {
    let request: HTTPRequest
    let configuration: TransportConfiguration
    /// The trusted roots (system bundle plus the extra one) as one PEM blob.
    let trustedPEM: [UInt8]
    let exchange: CurlExchange

    /// What libcurl reported, before it is turned into a response or an `HTTPError`.
    struct Outcome {
        let code: CURLcode
        let status: Int
        let connectStatus: Int
        let message: String
        let viaProxy: Bool
    }

    func perform() -> Result<HTTPResponse, HTTPError> {
        guard CurlLibrary.ensureInitialized(), let handle = curl_easy_init() else {
            return .failure(HTTPError(.unreachable, "libcurl could not be initialised (out of memory?)"))
        }
        defer { curl_easy_cleanup(handle) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }
        let context = Unmanaged.passRetained(exchange)
        defer { context.release() }

        var failed = false
        func set(_ result: CURLcode) { if result != CURLE_OK { failed = true } }

        set(CCurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        set(CCurl_easy_setopt_string(handle, CURLOPT_URL, request.url.absoluteString))
        set(CCurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
        set(CCurl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0))
        // Required when several threads use libcurl: no SIGALRM for DNS timeouts.
        set(CCurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
        set(CCurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(max(1, (request.timeout * 1000).rounded(.up)))))
        set(CCurl_easy_setopt_string(handle, CURLOPT_USERAGENT, "certkeeper"))
        set(configureTLS(handle, proxyTLS: false))
        set(configureProxy(handle))
        set(CCurl_easy_setopt_off_t(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maximumResponseBytes)))
        set(CCurl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION, CurlExchange.writeCallback))
        set(CCurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, context.toOpaque()))
        set(CCurl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION, CurlExchange.headerCallback))
        set(CCurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, context.toOpaque()))
        set(CCurl_easy_setopt_xferinfo_callback(handle, CurlExchange.progressCallback))
        set(CCurl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, context.toOpaque()))
        set(CCurl_easy_setopt_long(handle, CURLOPT_NOPROGRESS, 0))

        // An empty "Expect:" stops libcurl from waiting for 100-continue on larger bodies.
        for line in request.headers.map({ "\($0.key): \($0.value)" }) + ["Expect:"] {
            headerList = curl_slist_append(headerList, line)
        }
        set(CCurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
        set(configureMethod(handle))
        guard !failed else {
            return .failure(HTTPError(.unreachable, "libcurl refused an option for \(request.url.absoluteString) (libcurl older than 7.85?): \(CurlLibrary.version)"))
        }

        let code = curl_easy_perform(handle)
        var status = 0
        var connectStatus = 0
        _ = CCurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        _ = CCurl_easy_getinfo_long(handle, CURLINFO_HTTP_CONNECTCODE, &connectStatus)
        let message = String(cString: errorBuffer)
        let outcome = Outcome(
            code: code, status: status, connectStatus: connectStatus,
            message: message.isEmpty ? String(cString: curl_easy_strerror(code)) : message,
            viaProxy: usesProxy
        )
        return CurlFailure.classify(outcome, request: request, configuration: configuration, exchange: exchange)
    }

    /// Whether a proxy is configured for this request (NO_PROXY may still bypass it).
    private var usesProxy: Bool { configuration.proxy.endpoint != nil && request.url.scheme?.lowercased() == "https" }

    /// Peer and host verification on (never configurable), TLS 1.2 or later, and the roots
    /// from memory only: the blob replaces libcurl's default file, and the hashed directory
    /// is switched off so what is trusted is exactly what the error messages list.
    private func configureTLS(_ handle: UnsafeMutableRawPointer, proxyTLS: Bool) -> CURLcode {
        let verifyPeer = proxyTLS ? CURLOPT_PROXY_SSL_VERIFYPEER : CURLOPT_SSL_VERIFYPEER
        let verifyHost = proxyTLS ? CURLOPT_PROXY_SSL_VERIFYHOST : CURLOPT_SSL_VERIFYHOST
        let version = proxyTLS ? CURLOPT_PROXY_SSLVERSION : CURLOPT_SSLVERSION
        let blobOption = proxyTLS ? CURLOPT_PROXY_CAINFO_BLOB : CURLOPT_CAINFO_BLOB
        let pathOption = proxyTLS ? CURLOPT_PROXY_CAPATH : CURLOPT_CAPATH
        var results = [
            CCurl_easy_setopt_long(handle, verifyPeer, 1),
            CCurl_easy_setopt_long(handle, verifyHost, 2),
            CCurl_easy_setopt_long(handle, version, Int(CURL_SSLVERSION_TLSv1_2)),
            CCurl_easy_setopt_string(handle, pathOption, nil),
        ]
        results.append(
            trustedPEM.withUnsafeBytes { bytes -> CURLcode in
                var blob = curl_blob(data: UnsafeMutableRawPointer(mutating: bytes.baseAddress), len: bytes.count, flags: UInt32(CURL_BLOB_COPY))
                return CCurl_easy_setopt_blob(handle, blobOption, &blob)
            })
        return results.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    /// https goes through the configured proxy with CONNECT, credentials set apart from the
    /// URL; NO_PROXY is libcurl's own matching. An empty proxy string stops libcurl from
    /// reading proxy variables behind our back (plain http to loopback always goes direct).
    private func configureProxy(_ handle: UnsafeMutableRawPointer) -> CURLcode {
        guard usesProxy, let endpoint = configuration.proxy.endpoint else {
            return CCurl_easy_setopt_string(handle, CURLOPT_PROXY, "")
        }
        var results = [
            CCurl_easy_setopt_string(handle, CURLOPT_PROXY, endpoint.urlWithoutCredentials),
            CCurl_easy_setopt_long(handle, CURLOPT_HTTPPROXYTUNNEL, 1),
            CCurl_easy_setopt_long(handle, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1),
            CCurl_easy_setopt_string(handle, CURLOPT_NOPROXY, configuration.proxy.noProxy ?? ""),
        ]
        if let username = endpoint.username {
            // CURLAUTH_BASIC is a cast macro Swift does not import: its value is 1.
            results.append(CCurl_easy_setopt_long(handle, CURLOPT_PROXYAUTH, 1))
            results.append(CCurl_easy_setopt_string(handle, CURLOPT_PROXYUSERNAME, username))
            results.append(CCurl_easy_setopt_string(handle, CURLOPT_PROXYPASSWORD, endpoint.password ?? ""))
        }
        if endpoint.scheme == "https" { results.append(configureTLS(handle, proxyTLS: true)) }
        return results.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    private func configureMethod(_ handle: UnsafeMutableRawPointer) -> CURLcode {
        let method = request.method.uppercased()
        switch method {
        case "GET" where request.body.isEmpty:
            return CCurl_easy_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case "HEAD":
            return CCurl_easy_setopt_long(handle, CURLOPT_NOBODY, 1)
        default:
            var results = [CCurl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))]
            results.append(
                request.body.withUnsafeBytes { bytes -> CURLcode in
                    // COPYPOSTFIELDS copies; an empty body still needs a non-null pointer.
                    let pointer = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                    return CCurl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: pointer))
                })
            if method != "POST" { results.append(CCurl_easy_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method)) }
            return results.first { $0 != CURLE_OK } ?? CURLE_OK
        }
    }
}
