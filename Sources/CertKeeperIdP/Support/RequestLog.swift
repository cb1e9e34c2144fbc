import CertKeeperBase
import Foundation

/// `--log-file`: one JSON line per request with its verdict. Never the assertion, the
/// token, the proof or any header value beyond the correlation id.
public final class RequestLog: @unchecked Sendable {
    // Every use of `handle` holds `lock`.
    private let lock = NSLock()
    private let handle: FileHandle

    public struct Entry: Encodable, Sendable {
        public let time: String
        public let method: String
        public let path: String
        public let status: Int
        public let verdict: String
        public let subject: String?
        public let correlationID: String?
        public let durationMilliseconds: Double

        public init(
            time: Date, method: String, path: String, status: Int, verdict: String, subject: String?,
            correlationID: String?, durationMilliseconds: Double
        ) {
            self.time = RFC3339.string(from: time)
            self.method = method
            self.path = path
            self.status = status
            self.verdict = verdict
            self.subject = subject
            self.correlationID = correlationID
            self.durationMilliseconds = (durationMilliseconds * 1000).rounded() / 1000
        }

        enum CodingKeys: String, CodingKey {
            case time, method, path, status, verdict, subject
            case correlationID = "correlation_id"
            case durationMilliseconds = "duration_ms"
        }
    }

    /// Opens `path` for appending (created 0600).
    public init(path: String) throws(IdPError) {
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw IdPError(.invalidValue, "cannot create the log file \(path): check the directory exists and is writable")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw IdPError(.invalidValue, "cannot open the log file \(path) for writing")
        }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    public func append(_ entry: Entry) {
        var line = JSON.encode(entry)
        line.append(UInt8(ascii: "\n"))
        lock.withLock { handle.write(Data(line)) }
    }

    deinit { try? handle.close() }
}
