internal import COpenSSL

/// One entry of OpenSSL's per-thread error queue.
public struct OpenSSLErrorEntry: Sendable, Equatable, CustomStringConvertible {
    public let code: UInt
    public let library: Int32
    public let reason: Int32
    public let text: String

    public var description: String { text }
}

enum OpenSSLErrorQueue {
    /// Pops every entry of this thread's queue, leaving it empty. Must run straight after the
    /// failing call and before any suspension point: the queue is per thread.
    static func drain() -> [OpenSSLErrorEntry] {
        var entries: [OpenSSLErrorEntry] = []
        while true {
            let code = ERR_get_error_all(nil, nil, nil, nil, nil)
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            let text = String(nulTerminated: buffer)
            entries.append(
                OpenSSLErrorEntry(
                    code: code,
                    library: ERR_GET_LIB(code),
                    reason: ERR_GET_REASON(code),
                    text: text
                ))
        }
        return entries
    }

    /// Drops whatever is on the queue; used where a failure is expected and handled (probing a format).
    static func clear() { ERR_clear_error() }

    /// A CryptoError carrying the drained queue.
    static func error(_ code: CryptoError.Code = .openSSL, _ message: String) -> CryptoError {
        CryptoError(code, message, openSSLStack: drain())
    }
}

extension Array where Element == OpenSSLErrorEntry {
    /// Whether any entry is OpenSSL's "bad decrypt" or "mac verify failure": a wrong password.
    var indicatesWrongPassword: Bool {
        contains { entry in
            (entry.library == ERR_LIB_PKCS12 && entry.reason == PKCS12_R_MAC_VERIFY_FAILURE)
                || (entry.library == ERR_LIB_EVP && entry.reason == EVP_R_BAD_DECRYPT)
                || (entry.library == ERR_LIB_PEM && entry.reason == PEM_R_BAD_DECRYPT)
                || (entry.library == ERR_LIB_PROV && entry.reason == PROV_R_BAD_DECRYPT)
        }
    }

    var indicatesUnsupportedAlgorithm: Bool {
        contains { entry in
            (entry.library == ERR_LIB_EVP && entry.reason == EVP_R_UNSUPPORTED_ALGORITHM)
                || (entry.library == ERR_LIB_EVP && entry.reason == ERR_R_UNSUPPORTED)
                || entry.reason == ERR_R_UNSUPPORTED
        }
    }
}
