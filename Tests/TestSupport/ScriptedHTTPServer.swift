import Foundation

/// A real HTTP server on 127.0.0.1 (an ephemeral port) that answers with scripted responses
/// and records what it received: `Tests/Scripts/scripted_http_server.py`, run by python3 and
/// stopped by PID when the value goes away.
public final class ScriptedHTTPServer: @unchecked Sendable {
    public struct Response: Encodable, Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String
        /// Seconds the server waits before answering.
        public var delay: Double?

        public init(status: Int, headers: [String: String] = [:], body: String = "", delay: Double? = nil) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
        }

        /// A token endpoint success.
        public static func token(_ accessToken: String = "test-access-token", expiresIn: Int = 3599) -> Response {
            json(200, #"{"token_type":"Bearer","expires_in":\#(expiresIn),"ext_expires_in":\#(expiresIn),"access_token":"\#(accessToken)"}"#)
        }

        /// An identity-platform error as Entra sends it (description with trace lines).
        public static func aadsts(
            _ code: Int, status: Int = 400, error: String = "invalid_client", message: String = "Test failure.",
            traceID: String = "0a1b2c3d-trace-0000-0000-000000000000", correlationID: String = "9f8e7d6c-corr-0000-0000-000000000000",
            headers: [String: String] = [:]
        ) -> Response {
            let description = "AADSTS\(code): \(message)\r\nTrace ID: \(traceID)\r\nCorrelation ID: \(correlationID)\r\nTimestamp: 2026-01-01 00:00:00Z"
            let body: [String: Any] = [
                "error": error, "error_description": description, "error_codes": [code],
                "timestamp": "2026-01-01 00:00:00Z", "trace_id": traceID, "correlation_id": correlationID,
                "error_uri": "https://login.microsoftonline.com/error?code=\(code)",
            ]
            let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
            return Response(
                status: status, headers: headers.merging(["Content-Type": "application/json; charset=utf-8"]) { first, _ in first },
                body: String(decoding: data, as: UTF8.self))
        }

        public static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Response {
            Response(status: status, headers: headers.merging(["Content-Type": "application/json; charset=utf-8"]) { first, _ in first }, body: body)
        }
    }

    public struct RecordedRequest: Decodable, Sendable {
        public let method: String
        public let path: String
        public let headers: [String: String]
        public let body: String
        /// The body as Python's urllib.parse reads a form (an independent decoder).
        public let form: [String: String]
    }

    private let server: LoopbackServerProcess
    private let directory: TemporaryDirectory

    public var port: Int { server.port }
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public init(_ responses: [Response]) throws {
        directory = try TemporaryDirectory("certkeeper-http")
        let script = try directory.write([UInt8](JSONEncoder().encode(responses)), to: "script.json")
        let portFile = directory.file("port")
        server = try LoopbackServerProcess(
            "python3", [Self.scriptPath, "--script", script, "--record", directory.file("requests.jsonl"), "--port-file", portFile],
            portFile: portFile
        )
    }

    /// Requests received so far, in order.
    public func requests() throws -> [RecordedRequest] {
        guard let data = FileManager.default.contents(atPath: directory.file("requests.jsonl")) else { return [] }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(RecordedRequest.self, from: Data($0.utf8))
        }
    }

    public func stop() { server.stop() }

    private static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scripts/scripted_http_server.py").path
    }
}
