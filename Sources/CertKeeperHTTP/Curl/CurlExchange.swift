internal import CCurl
import Foundation
import Synchronization

/// What libcurl's callbacks write into during one transfer: the final response's status
/// line and headers, and the body up to the cap. Touched by the transfer thread only, except
/// `cancelled`, which the awaiting task sets.
final class CurlExchange: @unchecked Sendable {
    let limit: Int
    private(set) var body: [UInt8] = []
    private(set) var headers: [String: String] = [:]
    private(set) var exceededLimit = false
    let cancelled = Atomic<Bool>(false)

    init(limit: Int) { self.limit = limit }

    /// Body bytes; returning fewer than given makes libcurl stop with CURLE_WRITE_ERROR.
    func receive(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= limit else {
            exceededLimit = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// One header line. A status line starts a new response (interim 1xx answers come
    /// first), so only the final response's headers remain. Later duplicates are joined with
    /// ", " (RFC 9110 §5.3).
    func receiveHeader(_ bytes: UnsafeRawBufferPointer) -> Int {
        let line = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if line.hasPrefix("HTTP/") {
            headers = [:]
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        return bytes.count
    }

    static let writeCallback: curl_write_callback = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
        return exchange.receive(UnsafeRawBufferPointer(start: buffer, count: size * count))
    }

    static let headerCallback: curl_write_callback = { buffer, size, count, context in
        guard let buffer, let context else { return 0 }
        let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
        return exchange.receiveHeader(UnsafeRawBufferPointer(start: buffer, count: size * count))
    }

    /// Called by libcurl about once a second and on every chunk: non-zero aborts the transfer.
    static let progressCallback: curl_xferinfo_callback = { context, _, _, _, _ in
        guard let context else { return 0 }
        let exchange = Unmanaged<CurlExchange>.fromOpaque(context).takeUnretainedValue()
        return exchange.cancelled.load(ordering: .relaxed) ? 1 : 0
    }
}
