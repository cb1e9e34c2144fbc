import Foundation

/// Buffered output to a file descriptor: reports too large to build in memory (a scan of
/// 100,000 certificates) are written as they are produced, 64 KiB at a time.
public final class ByteStream {
    private let descriptor: Int32
    /// Named in error messages ("stdout", or the destination path).
    private let name: String
    private let capacity: Int
    /// Only this object's methods touch the buffer, never re-entrantly: the per-access
    /// exclusivity check would otherwise cost more than the appends themselves.
    @exclusivity(unchecked) private var buffer: [UInt8] = []

    public init(descriptor: Int32, name: String, capacity: Int = 64 * 1024) {
        self.descriptor = descriptor
        self.name = name
        self.capacity = capacity
        buffer.reserveCapacity(capacity)
    }

    /// Standard output.
    public static func standardOutput() -> ByteStream { ByteStream(descriptor: STDOUT_FILENO, name: "stdout") }

    public func write(_ text: String) throws(BaseError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { try flush() }
    }

    public func write(_ bytes: [UInt8]) throws(BaseError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    /// Appends without flushing: for renderers that write a record in many small pieces and
    /// then call `flushIfFull()` once per record.
    public func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    public func append(_ byte: UInt8) { buffer.append(byte) }

    // Concrete overloads, not `some Sequence<UInt8>`: a generic public method called from
    // another module runs unspecialized, and metadata lookups then dominate a 100,000-row report.
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) { buffer.append(contentsOf: bytes) }

    public func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    public func appendSpaces(_ count: Int) {
        for _ in 0..<max(count, 0) { buffer.append(UInt8(ascii: " ")) }
    }

    /// Lets a formatter write straight into the buffer (no intermediate String).
    public func append(with body: (inout [UInt8]) -> Void) { body(&buffer) }

    /// Writes the buffer out once it holds at least `capacity` bytes.
    public func flushIfFull() throws(BaseError) {
        if buffer.count >= capacity { try flush() }
    }

    public func flush() throws(BaseError) {
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
