import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `HTTPTransport` over Foundation's URLSession. Proxies come from the environment
/// (`https_proxy`, `no_proxy`; libcurl on Linux, system settings on macOS). Nothing is cached
/// or stored (ephemeral session), and redirects are not followed: a token endpoint that
/// redirects a POST carrying an assertion is answered with an error, not obeyed.
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) async throws(EntraError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url, timeoutInterval: request.timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: urlRequest)
        } catch {
            throw Self.transportError(error, url: request.url)
        }
        guard let http = response as? HTTPURLResponse else {
            throw EntraError(.malformedResponse, "\(request.url.absoluteString) answered with something other than HTTP")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: [UInt8](data))
    }

    /// One line with the URL and what the system said.
    static func transportError(_ error: any Error, url: URL) -> EntraError {
        let target = url.absoluteString
        guard let urlError = error as? URLError else {
            return EntraError(.unreachable, "could not reach \(target): \(error.localizedDescription)")
        }
        let reason = TransportFailureReason.describe(urlError)
        if urlError.code == .timedOut {
            return EntraError(.timeout, "no answer from \(target) in time (\(reason)): check the network or proxy, or raise --timeout")
        }
        return EntraError(.unreachable, "could not reach \(target): \(reason)")
    }
}

/// Refuses every redirect: the response is handed back as is (a 3xx status).
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
