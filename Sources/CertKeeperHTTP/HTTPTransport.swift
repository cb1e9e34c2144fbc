import Foundation

/// One HTTP request. The body may hold a client assertion or a token: never log it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: [UInt8]
    /// Seconds for the whole exchange (connect, TLS, request, full response): a deadline,
    /// not an idle timeout, so a server that drips one byte a second cannot hold a command.
    public var timeout: Double

    public init(method: String, url: URL, headers: [String: String] = [:], body: [UInt8] = [], timeout: Double = 30) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// One HTTP response. Header names are lowercased.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: [UInt8]

    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// How requests reach a server: `CurlTransport` in production (trust, proxy and limits
/// applied to every client alike); tests may inject another conformance.
public protocol HTTPTransport: Sendable {
    /// Sends `request`. Any final HTTP status is a response, errors included, except a
    /// redirect (3xx), which is never followed and throws `.redirected`. Throws when no
    /// usable response arrives: unreachable, TLS, proxy, deadline, size cap.
    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse
}
