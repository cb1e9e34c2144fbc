internal import COpenSSL
import Foundation

extension KeyAlgorithm {
    /// Reads the algorithm and size of an EVP_PKEY (borrowed).
    init(describing key: OpaquePointer) {
        let bits = Int(EVP_PKEY_get_bits(key))
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA, EVP_PKEY_RSA_PSS:
            self = .rsa(bits: bits)
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            if EVP_PKEY_get_group_name(key, &name, name.count, &length) == 1,
                let curve = ECCurve(openSSLGroupName: String(nulTerminated: name))
            {
                self = .ec(curve)
            } else {
                OpenSSLErrorQueue.clear()
                let groupName = String(nulTerminated: name)
                self = .other(name: groupName.isEmpty ? "EC" : "EC \(groupName)", bits: bits)
            }
        default:
            let typeName = EVP_PKEY_get0_type_name(key).map { String(cString: $0) } ?? "unknown"
            self = .other(name: typeName, bits: bits)
        }
    }
}

extension PrivateKey {
    /// Generates a fresh key with OpenSSL 3's EVP_PKEY_CTX API (RSA e = 65537).
    public static func generate(_ spec: KeyGenerationSpec) throws(CryptoError) -> PrivateKey {
        OpenSSLProviders.ensureLoaded()
        let algorithmName: String
        switch spec.algorithm {
        case .rsa: algorithmName = "RSA"
        case .ec: algorithmName = "EC"
        case .other, .unknown:
            throw CryptoError(.unsupportedKey, "cannot generate \(spec.algorithm.typeName) keys: use RSA or EC")
        }
        guard let rawContext = EVP_PKEY_CTX_new_from_name(nil, algorithmName, nil) else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not set up \(algorithmName) key generation")
        }
        let context = OwnedPKeyContext(takingOwnershipOf: rawContext)
        guard EVP_PKEY_keygen_init(context.raw) == 1 else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not start \(algorithmName) key generation")
        }
        switch spec.algorithm {
        case .rsa(let bits):
            // OpenSSL's default public exponent is 65537; it is not set explicitly because
            // the setter for it is deprecated in OpenSSL 3.
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context.raw, Int32(bits)) == 1 else {
                throw OpenSSLErrorQueue.error(.unsupportedKey, "RSA key size \(bits) was refused by OpenSSL")
            }
        case .ec(let curve):
            guard EVP_PKEY_CTX_set_group_name(context.raw, curve.openSSLGroupName) == 1 else {
                throw OpenSSLErrorQueue.error(.unsupportedKey, "curve \(curve) is not available in this OpenSSL")
            }
        case .other, .unknown:
            break
        }
        var generated: OpaquePointer?
        guard EVP_PKEY_generate(context.raw, &generated) == 1, let generated else {
            throw OpenSSLErrorQueue.error(.openSSL, "key generation failed")
        }
        return PrivateKey(backing: OwnedPKey(takingOwnershipOf: generated))
    }

    /// Reads a private key from PEM (PKCS#8 plain or encrypted, traditional RSA/EC) or DER
    /// (PKCS#8 plain or encrypted, traditional RSA/EC).
    public init(pemOrDER bytes: [UInt8], password: Secret? = nil) throws(CryptoError) {
        if PEMDocument.looksLikePEM(bytes) {
            self = try PrivateKey.readPEM(bytes, password: password)
        } else {
            self = try PrivateKey.readDER(bytes, password: password)
        }
    }

    static func readPEM(_ bytes: [UInt8], password: Secret?) throws(CryptoError) -> PrivateKey {
        let request = PasswordRequest(password: password)
        let key = try MemoryBIO.reading(bytes) { (bio) throws(CryptoError) -> OpaquePointer? in
            try request.withContext { (context) throws(CryptoError) -> OpaquePointer? in
                PEM_read_bio_PrivateKey(bio, nil, passwordRequestCallback, context)
            }
        }
        guard let key else { throw failure(request: request, format: "PEM") }
        OpenSSLErrorQueue.clear()
        return PrivateKey(backing: OwnedPKey(takingOwnershipOf: key))
    }

    static func readDER(_ bytes: [UInt8], password: Secret?) throws(CryptoError) -> PrivateKey {
        // Unencrypted PKCS#8 or traditional RSA/EC first; d2i_AutoPrivateKey detects which.
        let plain: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
        }
        if let plain {
            OpenSSLErrorQueue.clear()
            return PrivateKey(backing: OwnedPKey(takingOwnershipOf: plain))
        }
        OpenSSLErrorQueue.clear()
        // Encrypted PKCS#8 (EncryptedPrivateKeyInfo) in DER.
        let request = PasswordRequest(password: password)
        let key = try MemoryBIO.reading(bytes) { (bio) throws(CryptoError) -> OpaquePointer? in
            try request.withContext { (context) throws(CryptoError) -> OpaquePointer? in
                d2i_PKCS8PrivateKey_bio(bio, nil, passwordRequestCallback, context)
            }
        }
        guard let key else { throw failure(request: request, format: "DER") }
        OpenSSLErrorQueue.clear()
        return PrivateKey(backing: OwnedPKey(takingOwnershipOf: key))
    }

    private static func failure(request: PasswordRequest, format: String) -> CryptoError {
        let stack = OpenSSLErrorQueue.drain()
        if request.wasAsked && request.password == nil {
            return CryptoError(.passwordRequired, "the private key is encrypted: give its password", openSSLStack: stack)
        }
        if request.wasAsked {
            return CryptoError(.wrongPassword, "wrong password for the private key (or the key is corrupt)", openSSLStack: stack)
        }
        return CryptoError(.malformedInput, "not a readable \(format) private key (corrupt or truncated?)", openSSLStack: stack)
    }

    /// PEM PKCS#8 (`BEGIN PRIVATE KEY`), or encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`,
    /// AES-256-CBC with PBKDF2) when a password is given.
    public func pkcs8PEM(encryptedWith password: Secret?) throws(CryptoError) -> [UInt8] {
        if let password, password.isEmpty {
            throw CryptoError(.invalidParameter, "an empty password does not protect a key: give a real one or none")
        }
        return try MemoryBIO.writing { (bio) throws(CryptoError) in
            let written: Int32
            if let password {
                written = try password.withCString { (pointer, length) throws(CryptoError) -> Int32 in
                    PEM_write_bio_PKCS8PrivateKey(bio, backing.raw, EVP_aes_256_cbc(), pointer, length, nil, nil)
                }
            } else {
                written = PEM_write_bio_PKCS8PrivateKey(bio, backing.raw, nil, nil, 0, nil, nil)
            }
            guard written == 1 else { throw OpenSSLErrorQueue.error(.openSSL, "could not encode the private key") }
        }
    }

    /// The matching public key.
    public var publicKey: PublicKey {
        get throws(CryptoError) {
            let der = try MemoryBIO.writing { (bio) throws(CryptoError) in
                guard i2d_PUBKEY_bio(bio, backing.raw) == 1 else {
                    throw OpenSSLErrorQueue.error(.openSSL, "could not encode the public key")
                }
            }
            return try PublicKey(subjectPublicKeyInfoDER: der)
        }
    }

    /// Whether this key is the private half of `publicKey`.
    public func matches(_ publicKey: PublicKey) -> Bool {
        let result = EVP_PKEY_eq(backing.raw, publicKey.backing.raw) == 1
        OpenSSLErrorQueue.clear()
        return result
    }
}
