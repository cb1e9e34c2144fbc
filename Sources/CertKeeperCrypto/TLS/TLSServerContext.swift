internal import COpenSSL

/// A TLS server identity (certificate + private key) in an OpenSSL `SSL_CTX`, TLS 1.2 or
/// newer. It hands out `TLSServerConnection`s, which the caller drives by moving bytes
/// between its socket and the connection, so the network stack never sees OpenSSL pointers.
public final class TLSServerContext: @unchecked Sendable {
    // Configured once in init, then only read: SSL_new on a finished SSL_CTX is thread-safe.
    private let raw: OpaquePointer  // SSL_CTX*

    public init(certificate: X509Certificate, key: PrivateKey) throws(CryptoError) {
        OpenSSLProviders.ensureLoaded()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not create a TLS context")
        }
        raw = context
        guard COpenSSL_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not require TLS 1.2 or newer")
        }
        guard SSL_CTX_use_certificate(context, certificate.backing.raw) == 1,
            SSL_CTX_use_PrivateKey(context, key.backing.raw) == 1
        else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not load the TLS certificate and key")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw OpenSSLErrorQueue.error(.keyMismatch, "the TLS private key does not match its certificate")
        }
    }

    deinit { SSL_CTX_free(raw) }

    /// A new server-side connection in the accept state.
    public func makeConnection() throws(CryptoError) -> TLSServerConnection {
        guard let ssl = SSL_new(raw) else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not create a TLS connection")
        }
        guard let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw OpenSSLErrorQueue.error(.openSSL, "could not allocate TLS buffers")
        }
        SSL_set_bio(ssl, input, output)  // the SSL object now owns both BIOs
        SSL_set_accept_state(ssl)
        return TLSServerConnection(ssl: ssl, input: input, output: output)
    }
}

/// What one `receive` produced.
public struct TLSReceiveResult: Sendable {
    /// Decrypted application data, possibly empty (handshake records carry none).
    public let plaintext: [UInt8]
    /// The peer sent close_notify: no more data will come.
    public let peerClosed: Bool
}

/// One server-side TLS connection over memory buffers. Feed it what arrives from the
/// network with `receive`, give it what to send with `send`, and after each call put
/// `takeOutput()` on the wire (handshake records, encrypted data, alerts).
/// Use it from one thread at a time (an event loop).
public final class TLSServerConnection {
    private let ssl: OpaquePointer  // SSL*
    private let input: OpaquePointer  // BIO*, owned by ssl: ciphertext from the peer
    private let output: OpaquePointer  // BIO*, owned by ssl: ciphertext for the peer

    fileprivate init(ssl: OpaquePointer, input: OpaquePointer, output: OpaquePointer) {
        self.ssl = ssl
        self.input = input
        self.output = output
    }

    deinit { SSL_free(ssl) }

    public var isHandshakeComplete: Bool { SSL_is_init_finished(ssl) == 1 }

    /// Processes ciphertext from the peer; runs the handshake as needed.
    public func receive(_ ciphertext: [UInt8]) throws(CryptoError) -> TLSReceiveResult {
        if !ciphertext.isEmpty {
            let written = ciphertext.withUnsafeBytes { BIO_write(input, $0.baseAddress, Int32($0.count)) }
            guard written == Int32(ciphertext.count) else {
                throw OpenSSLErrorQueue.error(.openSSL, "could not buffer incoming TLS data")
            }
        }
        var plaintext: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 {
                plaintext.append(contentsOf: buffer.prefix(Int(count)))
                continue
            }
            switch SSL_get_error(ssl, count) {
            case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
                OpenSSLErrorQueue.clear()
                return TLSReceiveResult(plaintext: plaintext, peerClosed: false)
            case SSL_ERROR_ZERO_RETURN:
                OpenSSLErrorQueue.clear()
                return TLSReceiveResult(plaintext: plaintext, peerClosed: true)
            default:
                throw OpenSSLErrorQueue.error(.openSSL, "TLS failure while reading from the peer")
            }
        }
    }

    /// Encrypts `plaintext` for the peer (collect it with `takeOutput()`).
    public func send(_ plaintext: [UInt8]) throws(CryptoError) {
        guard !plaintext.isEmpty else { return }
        // A memory BIO grows as needed, so SSL_write takes everything or fails.
        let written = plaintext.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        guard written == Int32(plaintext.count) else {
            throw OpenSSLErrorQueue.error(.openSSL, "TLS failure while writing to the peer")
        }
    }

    /// Queues close_notify.
    public func close() {
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }

    /// Ciphertext waiting to go to the peer; empties the buffer.
    public func takeOutput() -> [UInt8] {
        let pending = Int(BIO_ctrl_pending(output))
        guard pending > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: pending)
        let read = bytes.withUnsafeMutableBytes { BIO_read(output, $0.baseAddress, Int32($0.count)) }
        return read > 0 ? Array(bytes.prefix(Int(read))) : []
    }
}
