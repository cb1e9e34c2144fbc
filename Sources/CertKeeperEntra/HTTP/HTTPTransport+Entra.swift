import CertKeeperHTTP

extension HTTPTransport {
    /// `send`, with a transport failure reported as the identity-platform clients report
    /// everything: an `EntraError` (`.timeout`, `.invalidParameter` for an insecure URL or
    /// bad configuration, else `.unreachable`) carrying the transport's one line.
    public func response(for request: HTTPRequest) async throws(EntraError) -> HTTPResponse {
        do {
            return try await send(request)
        } catch {
            throw EntraError(transport: error)
        }
    }
}

extension EntraError {
    public init(transport error: HTTPError) {
        let code: Code
        switch error.code {
        case .timeout: code = .timeout
        case .insecureURL, .invalidConfiguration: code = .invalidParameter
        default: code = .unreachable
        }
        self.init(code, error.description, transportFailure: error)
    }
}
