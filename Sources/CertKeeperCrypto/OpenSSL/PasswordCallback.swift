internal import COpenSSL

/// Supplies a password to OpenSSL's PEM readers without ever letting OpenSSL prompt on the
/// terminal (its default when no callback is given). Records whether a password was asked
/// for, so "encrypted but no password given" is told apart from "corrupt".
final class PasswordRequest {
    let password: Secret?
    private(set) var wasAsked = false

    init(password: Secret?) { self.password = password }

    /// Runs `body` with the context pointer to pass next to `passwordRequestCallback`; the
    /// request stays alive for the duration.
    func withContext<Result>(
        _ body: (UnsafeMutableRawPointer) throws(CryptoError) -> Result
    ) throws(CryptoError) -> Result {
        let context = Unmanaged.passUnretained(self).toOpaque()
        defer { withExtendedLifetime(self) {} }
        return try body(context)
    }

    fileprivate func fill(_ buffer: UnsafeMutablePointer<CChar>, capacity: Int32) -> Int32 {
        wasAsked = true
        guard let password else { return -1 }
        guard password.byteCount <= Int(capacity) else { return -1 }
        return
            (try? password.withCString { (pointer, length) throws(CryptoError) -> Int32 in
                for index in 0..<Int(length) { buffer[index] = pointer[index] }
                return length
            }) ?? -1
    }
}

/// The `pem_password_cb` for a `PasswordRequest` context.
func passwordRequestCallback(
    _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int32, _ writing: Int32, _ context: UnsafeMutableRawPointer?
) -> Int32 {
    guard let buffer, let context else { return -1 }
    let request = Unmanaged<PasswordRequest>.fromOpaque(context).takeUnretainedValue()
    return request.fill(buffer, capacity: capacity)
}
