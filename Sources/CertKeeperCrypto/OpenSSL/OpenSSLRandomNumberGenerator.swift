internal import COpenSSL

/// A RandomNumberGenerator backed by OpenSSL's `RAND_bytes`.
public struct OpenSSLRandomNumberGenerator: RandomNumberGenerator, Sendable {
    public init() { OpenSSLProviders.ensureLoaded() }

    public mutating func next() -> UInt64 {
        var value: UInt64 = 0
        let succeeded = withUnsafeMutableBytes(of: &value) { buffer in
            RAND_bytes(buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(buffer.count))
        }
        // RAND_bytes fails only when the OS entropy source is unavailable; continuing would
        // produce predictable serials and keys.
        precondition(succeeded == 1, "OpenSSL RAND_bytes failed: no entropy source")
        return value
    }

    /// `count` random bytes.
    public static func bytes(_ count: Int) -> [UInt8] {
        var generator = OpenSSLRandomNumberGenerator()
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }
}
