internal import COpenSSL

extension PublicKey {
    /// Reads a DER SubjectPublicKeyInfo.
    public init(subjectPublicKeyInfoDER der: [UInt8]) throws(CryptoError) {
        OpenSSLProviders.ensureLoaded()
        let key: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PUBKEY(nil, &cursor, buffer.count)
        }
        guard let key else {
            throw OpenSSLErrorQueue.error(.malformedInput, "not a readable public key")
        }
        self.init(backing: OwnedPKey(takingOwnershipOf: key), der: der)
    }

    /// Wraps a key this module already owns (for instance one borrowed from a certificate and
    /// up-referenced).
    init(backing: OwnedPKey, der: [UInt8]) {
        self.backing = backing
        self.algorithm = KeyAlgorithm(describing: backing.raw)
        self.subjectPublicKeyInfoDER = der
    }

    /// `BEGIN PUBLIC KEY` PEM, as `openssl pkey -pubout` writes it.
    public func pem() throws(CryptoError) -> [UInt8] {
        try MemoryBIO.writing { (bio) throws(CryptoError) in
            guard PEM_write_bio_PUBKEY(bio, backing.raw) == 1 else {
                throw OpenSSLErrorQueue.error(.openSSL, "could not encode the public key")
            }
        }
    }
}
