/// An HTTP answer the server layer sends as is: the library decides status and body, the
/// executable only copies them onto the wire. `verdict` goes to the request log.
public struct HTTPReply: Sendable {
    public let status: Int
    public let contentType: String?
    public let body: [UInt8]
    /// `ok`, `AADSTS700027`, `Authentication_MissingOrMalformed`…: never a credential.
    public let verdict: String
    /// The client id or object id the request was about, for the log.
    public let subject: String?
    /// Further response headers (`Retry-After`, Key Vault's `WWW-Authenticate` challenge).
    public let headers: [String: String]

    public init(
        status: Int, contentType: String?, body: [UInt8], verdict: String, subject: String? = nil, headers: [String: String] = [:]
    ) {
        self.status = status
        self.headers = headers
        self.contentType = contentType
        self.body = body
        self.verdict = verdict
        self.subject = subject
    }

    public static func json(_ status: Int, _ body: [UInt8], verdict: String = "ok", subject: String? = nil) -> HTTPReply {
        HTTPReply(status: status, contentType: "application/json; charset=utf-8", body: body, verdict: verdict, subject: subject)
    }

    public static func noContent(subject: String?) -> HTTPReply {
        HTTPReply(status: 204, contentType: nil, body: [], verdict: "ok", subject: subject)
    }

    /// The same reply with `headers` added.
    public func adding(headers extra: [String: String]) -> HTTPReply {
        HTTPReply(
            status: status, contentType: contentType, body: body, verdict: verdict, subject: subject,
            headers: headers.merging(extra) { _, new in new }
        )
    }
}
