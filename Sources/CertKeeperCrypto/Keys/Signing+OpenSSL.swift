internal import COpenSSL

extension PrivateKey {
    /// Signs `message` (hashing it with SHA-256 first).
    public func signature(for message: [UInt8], scheme: SignatureScheme) throws(CryptoError) -> [UInt8] {
        try SignatureOperation.check(scheme: scheme, algorithm: algorithm)
        guard let rawContext = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not allocate a signing context")
        }
        let context = OwnedDigestContext(takingOwnershipOf: rawContext)
        var keyContext: OpaquePointer?  // borrowed from the digest context
        guard EVP_DigestSignInit(context.raw, &keyContext, EVP_sha256(), nil, backing.raw) == 1,
            let keyContext
        else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not start signing with \(algorithm)")
        }
        try SignatureOperation.configure(keyContext, scheme: scheme)
        var length = 0
        let sized = message.withUnsafeBufferPointer { buffer in
            EVP_DigestSign(context.raw, nil, &length, buffer.baseAddress, buffer.count)
        }
        guard sized == 1 else { throw OpenSSLErrorQueue.error(.openSSL, "signing with \(algorithm) failed") }
        var signature = [UInt8](repeating: 0, count: length)
        let signed = message.withUnsafeBufferPointer { buffer in
            EVP_DigestSign(context.raw, &signature, &length, buffer.baseAddress, buffer.count)
        }
        guard signed == 1 else { throw OpenSSLErrorQueue.error(.openSSL, "signing with \(algorithm) failed") }
        return Array(signature.prefix(length))
    }
}

extension PublicKey {
    /// Whether `signature` is a valid signature of `message` under `scheme`. A signature that
    /// does not verify returns `false`; only a scheme that cannot apply to this key throws.
    public func isValidSignature(
        _ signature: [UInt8], for message: [UInt8], scheme: SignatureScheme
    ) throws(CryptoError) -> Bool {
        try SignatureOperation.check(scheme: scheme, algorithm: algorithm)
        guard let rawContext = EVP_MD_CTX_new() else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not allocate a verification context")
        }
        let context = OwnedDigestContext(takingOwnershipOf: rawContext)
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context.raw, &keyContext, EVP_sha256(), nil, backing.raw) == 1,
            let keyContext
        else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not start verifying with \(algorithm)")
        }
        try SignatureOperation.configure(keyContext, scheme: scheme)
        let result = signature.withUnsafeBufferPointer { signatureBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                EVP_DigestVerify(
                    context.raw, signatureBuffer.baseAddress, signatureBuffer.count,
                    messageBuffer.baseAddress, messageBuffer.count
                )
            }
        }
        OpenSSLErrorQueue.clear()
        return result == 1
    }
}

private enum SignatureOperation {
    static func check(scheme: SignatureScheme, algorithm: KeyAlgorithm) throws(CryptoError) {
        switch (scheme, algorithm) {
        case (.rsaPKCS1v15SHA256, .rsa), (.rsaPSSSHA256, .rsa), (.ecdsaSHA256, .ec):
            return
        default:
            throw CryptoError(.unsupportedKey, "\(scheme) cannot be used with a \(algorithm) key")
        }
    }

    static func configure(_ keyContext: OpaquePointer, scheme: SignatureScheme) throws(CryptoError) {
        guard scheme == .rsaPSSSHA256 else { return }
        guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1,
            EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, 32) == 1,
            EVP_PKEY_CTX_set_rsa_mgf1_md(keyContext, EVP_sha256()) == 1
        else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not configure RSA-PSS")
        }
    }
}
