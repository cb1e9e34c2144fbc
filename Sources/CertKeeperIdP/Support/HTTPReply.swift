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
    /// Extra response headers (Key Vault's `WWW-Authenticate` challenge, `Retry-After`).
    public var headers: [(name: String, value: String)] = []

    public init(status: Int, contentType: String?, body: [UInt8], verdict: String, subject: String? = nil) {
        self.status = status
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
}
