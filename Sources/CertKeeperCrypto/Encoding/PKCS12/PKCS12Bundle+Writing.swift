internal import COpenSSL

extension PKCS12Bundle {
    /// The PFX bytes, protected with `password` the way `profile` says; `iterations` is the
    /// key-derivation count of the encryption (1…600000). The MAC keeps OpenSSL's 2048.
    public func encoded(
        password: Secret, profile: PKCS12Profile = .modern, iterations: Int = PKCS12Profile.defaultIterations
    ) throws(CryptoError) -> [UInt8] {
        guard !password.isEmpty else {
            throw CryptoError(.invalidParameter, "an empty password does not protect a PFX: give a real one, or ask for a password-less PFX explicitly")
        }
        guard !password.containsNUL else {
            throw CryptoError(.invalidParameter, "the password contains a NUL byte, which PKCS#12 cannot represent")
        }
        try PKCS12Profile.validateIterations(iterations)
        return try password.withCString { (pointer, length) throws(CryptoError) -> [UInt8] in
            let p12 = try create(password: pointer, encryptionNID: profile.encryptionNID, iterations: iterations)
            // Set here rather than by PKCS12_create, which would choose SHA-256 for both profiles.
            let macIterations = Int32(PKCS12Profile.macIterations)
            guard PKCS12_set_mac(p12.raw, pointer, length, nil, 0, macIterations, profile.macDigest) == 1 else {
                throw OpenSSLErrorQueue.error(.openSSL, "could not compute the PFX's MAC")
            }
            return try Self.der(of: p12)
        }
    }

    /// A PFX with nothing encrypted and no MAC: anyone with the file has the key. Only for
    /// callers that were explicitly asked for it (`--no-password`).
    public func encodedWithoutPassword() throws(CryptoError) -> [UInt8] {
        try Self.der(of: create(password: nil, encryptionNID: -1, iterations: PKCS12Profile.defaultIterations))
    }

    /// PKCS12_create with `encryptionNID` for both the key and the certificates and no MAC
    /// (-1): the caller adds the MAC it wants.
    private func create(password: UnsafePointer<CChar>?, encryptionNID: Int32, iterations: Int) throws(CryptoError) -> OwnedPKCS12 {
        guard let privateKey, let certificate else {
            throw CryptoError(.invalidParameter, "a PFX to write needs a private key and its certificate")
        }
        OpenSSLProviders.ensureLoaded()
        guard let rawStack = COpenSSL_sk_X509_new_null() else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not allocate a certificate list")
        }
        let chainStack = OwnedX509Stack(takingOwnershipOf: rawStack)
        for member in chain {
            // The stack frees what it holds, so it gets its own reference to each certificate.
            X509_up_ref(member.backing.raw)
            guard COpenSSL_sk_X509_push(chainStack.raw, member.backing.raw) > 0 else {
                X509_free(member.backing.raw)
                throw OpenSSLErrorQueue.error(.openSSL, "could not add a chain certificate")
            }
        }
        let name: [CChar]? = friendlyName.map { Array($0.utf8CString) }
        let created: OpaquePointer?
        if let name {
            created = PKCS12_create(
                password, name, privateKey.backing.raw, certificate.backing.raw, chainStack.raw,
                encryptionNID, encryptionNID, Int32(iterations), -1, 0
            )
        } else {
            created = PKCS12_create(
                password, nil, privateKey.backing.raw, certificate.backing.raw, chainStack.raw,
                encryptionNID, encryptionNID, Int32(iterations), -1, 0
            )
        }
        guard let created else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not build the PFX")
        }
        return OwnedPKCS12(takingOwnershipOf: created)
    }

    private static func der(of p12: OwnedPKCS12) throws(CryptoError) -> [UInt8] {
        try MemoryBIO.writing { (bio) throws(CryptoError) in
            guard i2d_PKCS12_bio(bio, p12.raw) == 1 else {
                throw OpenSSLErrorQueue.error(.openSSL, "could not encode the PFX")
            }
        }
    }
}
