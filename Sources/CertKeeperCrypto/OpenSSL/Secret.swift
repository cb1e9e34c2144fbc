internal import COpenSSL
import Foundation

/// A password or other secret held in memory.
///
/// The bytes live in one heap buffer that is wiped with `OPENSSL_cleanse` when the last copy
/// goes away. `description` never shows the value, so a secret printed or logged by accident
/// reveals nothing.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private final class Storage: @unchecked Sendable {
        // Immutable after init; the buffer is only read until deinit wipes it.
        let pointer: UnsafeMutableRawBufferPointer
        init(_ bytes: some Collection<UInt8>) {
            pointer = .allocate(byteCount: Swift.max(bytes.count, 1), alignment: 1)
            pointer.copyBytes(from: bytes)
            count = bytes.count
        }
        let count: Int
        deinit {
            OPENSSL_cleanse(pointer.baseAddress, pointer.count)
            pointer.deallocate()
        }
    }

    private let storage: Storage

    public init(_ string: String) { storage = Storage(Array(string.utf8)) }
    public init(bytes: some Collection<UInt8>) { storage = Storage(bytes) }

    public var isEmpty: Bool { storage.count == 0 }
    public var byteCount: Int { storage.count }

    public var description: String { "<secret>" }
    public var debugDescription: String { "<secret>" }

    /// Lends the secret as a NUL-terminated C string; the temporary copy is wiped afterwards.
    func withCString<Result>(
        _ body: (UnsafePointer<CChar>, Int32) throws(CryptoError) -> Result
    ) throws(CryptoError) -> Result {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: storage.count + 1)
        defer {
            OPENSSL_cleanse(buffer, storage.count + 1)
            buffer.deallocate()
        }
        storage.pointer.withMemoryRebound(to: CChar.self) { source in
            for index in 0..<storage.count { buffer[index] = source[index] }
        }
        buffer[storage.count] = 0
        return try body(UnsafePointer(buffer), Int32(storage.count))
    }

    /// Lends the raw bytes (for hashing or comparison in tests); never store them.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(rebasing: storage.pointer[0..<storage.count]))
    }

    /// Whether the bytes contain a NUL, which C APIs would silently truncate at.
    public var containsNUL: Bool { withUnsafeBytes { $0.contains(0) } }
}
