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
        // Whole seconds: libcurl-based Foundation truncates, and a fraction below 1 would mean
        // "no timeout at all".
        var urlRequest = URLRequest(url: request.url, timeoutInterval: max(1, request.timeout.rounded(.up)))
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        let session = self.session
        let prepared = urlRequest
        let outcome: Result<HTTPResponse, EntraError>
        do {
            outcome = try await Self.withDeadline(seconds: request.timeout) {
                let (data, response) = try await session.data(for: prepared)
                return Self.convert(response, data: data, url: request.url)
            }
        } catch is DeadlineExceeded {
            throw EntraError(.timeout, "no answer from \(request.url.absoluteString) within \(Self.seconds(request.timeout)): check the network or proxy, or raise --timeout")
        } catch {
            throw Self.transportError(error, url: request.url)
        }
        return try outcome.get()
    }

    private static func convert(_ response: URLResponse, data: Data, url: URL) -> Result<HTTPResponse, EntraError> {
        guard let http = response as? HTTPURLResponse else {
            return .failure(EntraError(.malformedResponse, "\(url.absoluteString) answered with something other than HTTP"))
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return .success(HTTPResponse(status: http.statusCode, headers: headers, body: [UInt8](data)))
    }

    private struct DeadlineExceeded: Error {}

    /// Our own deadline over the whole exchange: libcurl-based Foundation applies the
    /// request timeout only between packets, so a server that accepts and then stalls would
    /// otherwise hold the command forever.
    private static func withDeadline<T: Sendable>(
        seconds: Double, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
                throw DeadlineExceeded()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw DeadlineExceeded() }
            return first
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
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
