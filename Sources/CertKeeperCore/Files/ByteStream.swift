import Foundation

/// Buffered output to a file descriptor: reports too large to build in memory (a scan of
/// 100,000 certificates) are written as they are produced, 64 KiB at a time.
public final class ByteStream {
    private let descriptor: Int32
    /// Named in error messages ("stdout", or the destination path).
    private let name: String
    private let capacity: Int
    private var buffer: [UInt8] = []

    public init(descriptor: Int32, name: String, capacity: Int = 64 * 1024) {
        self.descriptor = descriptor
        self.name = name
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    /// Standard output.
    public static func standardOutput() -> ByteStream { ByteStream(descriptor: STDOUT_FILENO, name: "stdout") }

    public func write(_ text: String) throws(CoreError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    public func write(_ bytes: [UInt8]) throws(CoreError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    /// Appends one byte without a capacity check (callers flush through `write`).
    public func append(_ byte: UInt8) { buffer.append(byte) }

    public func flush() throws(CoreError) {
        var offset = 0
        while offset < buffer.count {
            let result = buffer[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                throw FileReader.error(errno: errno, path: name, action: "write")
            }
            offset += result
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
