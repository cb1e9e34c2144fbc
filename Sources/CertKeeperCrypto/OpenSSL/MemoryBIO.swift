internal import COpenSSL
import Foundation

/// Scoped memory BIOs: the BIO never outlives the closure, so callers cannot forget `BIO_free`.
enum MemoryBIO {
    /// A read-only BIO over `bytes`, valid only inside `body`.
    static func reading<Result>(
        _ bytes: [UInt8],
        _ body: (OpaquePointer) throws(CryptoError) -> Result
    ) throws(CryptoError) -> Result {
        OpenSSLProviders.ensureLoaded()
        // BIO_new_mem_buf does not copy: the Swift buffer stays pinned for the whole call.
        let outcome = bytes.withUnsafeBytes { raw in
            Swift.Result { () throws(CryptoError) -> Result in
                guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else {
                    throw OpenSSLErrorQueue.error(.openSSL, "could not allocate a memory buffer")
                }
                defer { BIO_free(bio) }
                return try body(bio)
            }
        }
        return try outcome.get()
    }

    /// A writable BIO; returns what `body` wrote. The bytes are copied out before the free.
    static func writing(_ body: (OpaquePointer) throws(CryptoError) -> Void) throws(CryptoError) -> [UInt8] {
        OpenSSLProviders.ensureLoaded()
        guard let bio = BIO_new(BIO_s_mem()) else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not allocate a memory buffer")
        }
        defer { BIO_free(bio) }
        try body(bio)
        var data: UnsafeMutablePointer<CChar>?
        let length = COpenSSL_BIO_get_mem_data(bio, &data)
        guard length > 0, let data else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) {
            Array(UnsafeBufferPointer(start: $0, count: length))
        }
    }
}
