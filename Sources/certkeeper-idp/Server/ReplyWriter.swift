import CertKeeperIdP
import Foundation
import Hummingbird
import NIOPosix

/// Turns the library's `HTTPReply` into a Hummingbird response and writes the request's
/// log line (verdict only: never the assertion, token or proof).
struct ReplyWriter: Sendable {
    let scheme: String
    let log: RequestLog?
    /// Runs the endpoints' synchronous work (SQLite, RSA): blocking calls must not occupy
    /// Swift's cooperative pool, which has only one thread per core.
    let workers: NIOThreadPool

    func offload(_ work: @escaping @Sendable () -> HTTPReply) async throws -> HTTPReply {
        try await workers.runIfActive(work)
    }

    func address(of request: Request) -> ServiceAddress {
        // HTTP/1's Host header arrives as the request's authority.
        ServiceAddress(scheme: scheme, authority: request.head.authority ?? "127.0.0.1")
    }

    func correlationID(of request: Request) -> String? {
        // MSAL and azure-identity send client-request-id; Entra echoes it as the correlation id.
        request.headers.first { $0.name.canonicalName == "client-request-id" }.map { String($0.value.prefix(64)) }
    }

    /// Reads at most 1 MiB of body: assertions and addKey bodies are a few kilobytes.
    func body(of request: Request) async throws -> [UInt8] {
        var request = request
        let buffer = try await request.collectBody(upTo: 1 << 20)
        return Array(buffer.readableBytesView)
    }

    func respond(to request: Request, started: ContinuousClock.Instant, _ reply: HTTPReply) -> Response {
        if let log {
            let elapsed = ContinuousClock.now - started
            log.append(
                RequestLog.Entry(
                    time: Date(), method: request.method.rawValue, path: request.uri.path, status: reply.status,
                    verdict: reply.verdict, subject: reply.subject, correlationID: correlationID(of: request),
                    durationMilliseconds: Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
                ))
        }
        var headers = HTTPFields()
        if let contentType = reply.contentType { headers[.contentType] = contentType }
        headers[.cacheControl] = "no-store"
        for (name, value) in reply.headers {
            if let field = HTTPFields.Element.Name(name) { headers[field] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: reply.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body))
        )
    }
}
