import Foundation

/// One HTTP request. The body may hold a client assertion: never log it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: [UInt8]
    /// Seconds before the request counts as timed out.
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

/// How requests reach the server. `URLSessionTransport` in production; tests use it too,
/// against a real loopback server (or another conformance).
public protocol HTTPTransport: Sendable {
    /// Sends `request`. Throws `.unreachable` or `.timeout` when no response arrives; any
    /// HTTP status, errors included, is a response.
    func send(_ request: HTTPRequest) async throws(EntraError) -> HTTPResponse
}
