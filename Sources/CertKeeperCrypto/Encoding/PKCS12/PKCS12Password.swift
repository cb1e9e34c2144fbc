internal import COpenSSL

/// The form of password that opens a PFX. PKCS#12 tells "no password" (NULL) apart from
/// the empty one (""), and Key Vault, Windows and Python each pick one of them for
/// password-less files, so both are tried before the user's.
enum PKCS12Password {
    case absent
    case empty
    case given(Secret)

    /// Lends the password as OpenSSL's `(pass, passlen)` pair.
    func withCString<Result>(
        _ body: (UnsafePointer<CChar>?, Int32) throws(CryptoError) -> Result
    ) throws(CryptoError) -> Result {
        switch self {
        case .absent:
            return try body(nil, 0)
        case .empty:
            return try Secret("").withCString { (pointer, _) throws(CryptoError) -> Result in try body(pointer, 0) }
        case .given(let secret):
            return try secret.withCString { (pointer, length) throws(CryptoError) -> Result in try body(pointer, length) }
        }
    }

    /// The candidates docs/ARCHITECTURE.md ("PKCS#12 facts") gives: no password, the empty one, the user's. The user's
    /// goes first when there is one: each MAC check is a full key derivation, a password
    /// opens the MAC of exactly one file form, and an import of hundreds of protected PFX
    /// files would otherwise pay two wasted derivations per file.
    static func candidates(given: Secret?) -> [PKCS12Password] {
        (given.map { [.given($0)] } ?? []) + [.absent, .empty]
    }

    /// Picks the password that opens `p12`. With a MAC, the MAC decides; without one,
    /// `opens` is asked to decrypt something with each candidate.
    static func choose(
        for p12: OpaquePointer, given: Secret?, needsSecret: Bool,
        opens: (PKCS12Password) throws(CryptoError) -> Bool
    ) throws(CryptoError) -> PKCS12Password {
        if let given, given.containsNUL {
            throw CryptoError(.invalidParameter, "the password contains a NUL byte, which PKCS#12 cannot represent")
        }
        let hasMAC = PKCS12_mac_present(p12) == 1
        if !hasMAC && !needsSecret { return .absent }
        var stack: [OpenSSLErrorEntry] = []
        for candidate in candidates(given: given) {
            let accepted: Bool
            if hasMAC {
                accepted = try candidate.withCString { (pointer, length) throws(CryptoError) -> Bool in
                    PKCS12_verify_mac(p12, pointer, length) == 1
                }
            } else {
                accepted = try opens(candidate)
            }
            if accepted {
                OpenSSLErrorQueue.clear()
                return candidate
            }
            stack = OpenSSLErrorQueue.drain()
        }
        if stack.indicatesUnsupportedAlgorithm {
            throw CryptoError(
                .malformedInput, "the PFX's MAC uses an algorithm this OpenSSL does not support", openSSLStack: stack
            )
        }
        guard given != nil else {
            throw CryptoError(.passwordRequired, "the PFX is password-protected: give its password", openSSLStack: stack)
        }
        throw CryptoError(.wrongPassword, "wrong password (or the file is corrupt)", openSSLStack: stack)
    }
}
