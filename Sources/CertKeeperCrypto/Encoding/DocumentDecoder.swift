internal import COpenSSL

/// Recognises what a file holds — PEM (any mix of certificates, requests and keys), a DER
/// certificate, request, key or public key, or a PKCS#12 file — and decodes it.
public enum DocumentDecoder {
    public static func decode(_ bytes: [UInt8], password: Secret? = nil) throws(CryptoError) -> DecodedDocument {
        guard !bytes.isEmpty else { throw CryptoError(.malformedInput, "the file is empty") }
        if PEMDocument.looksLikePEM(bytes) {
            return DecodedDocument(format: .pem, items: try decodePEM(bytes, password: password))
        }
        return try decodeDER(bytes, password: password)
    }

    private static func decodePEM(_ bytes: [UInt8], password: Secret?) throws(CryptoError) -> [DecodedItem] {
        var items: [DecodedItem] = []
        for block in try PEMDocument(bytes: bytes).blocks {
            if block.isCertificate {
                items.append(contentsOf: try X509Certificate.certificates(fromPEM: block.armored).map(DecodedItem.certificate))
            } else if block.isCertificateRequest {
                items.append(.certificateRequest(try CertificateSigningRequest(pemOrDER: block.armored)))
            } else if block.isPrivateKey {
                items.append(
                    try describePrivateKey(encrypted: block.isEncryptedPrivateKey, password: password) { () throws(CryptoError) in
                        try PrivateKey.readPEM(block.armored, password: password)
                    })
            } else if block.label == "PUBLIC KEY" {
                items.append(.publicKey(try readPublicKeyPEM(block.armored)))
            }
        }
        guard !items.isEmpty else {
            throw CryptoError(.wrongFormat, "the PEM file holds no certificate, request or key")
        }
        return items
    }

    private static func decodeDER(_ bytes: [UInt8], password: Secret?) throws(CryptoError) -> DecodedDocument {
        if let certificate = try? X509Certificate(der: bytes) {
            return DecodedDocument(format: .der, items: [.certificate(certificate)])
        }
        if PKCS12Detector.isPKCS12(bytes) {
            return try PKCS12Inspector.decode(bytes, password: password)
        }
        if let request = try? CertificateSigningRequest(pemOrDER: bytes) {
            return DecodedDocument(format: .der, items: [.certificateRequest(request)])
        }
        if let publicKey = try? PublicKey(subjectPublicKeyInfoDER: bytes) {
            return DecodedDocument(format: .der, items: [.publicKey(publicKey)])
        }
        if DERDetector.isEncryptedPrivateKeyInfo(bytes) {
            let item = try describePrivateKey(encrypted: true, password: password) { () throws(CryptoError) in
                try PrivateKey.readDER(bytes, password: password)
            }
            return DecodedDocument(format: .der, items: [item])
        }
        if let key = try? PrivateKey.readDER(bytes, password: nil) {
            return DecodedDocument(format: .der, items: [.privateKey(key.algorithm, encrypted: false)])
        }
        OpenSSLErrorQueue.clear()
        throw CryptoError(
            .malformedInput,
            "not a certificate, request, key or PFX in PEM or DER (corrupt, truncated, or another kind of file)"
        )
    }

    private static func describePrivateKey(
        encrypted: Bool, password: Secret?, read: () throws(CryptoError) -> PrivateKey
    ) throws(CryptoError) -> DecodedItem {
        if encrypted && password == nil { return .encryptedPrivateKey }
        return .privateKey(try read().algorithm, encrypted: encrypted)
    }

    private static func readPublicKeyPEM(_ armored: [UInt8]) throws(CryptoError) -> PublicKey {
        let der = try MemoryBIO.reading(armored) { (bio) throws(CryptoError) -> [UInt8] in
            guard let key = PEM_read_bio_PUBKEY(bio, nil, nil, nil) else {
                throw OpenSSLErrorQueue.error(.malformedInput, "the PUBLIC KEY block is corrupt")
            }
            defer { EVP_PKEY_free(key) }
            return try MemoryBIO.writing { (out) throws(CryptoError) in
                guard i2d_PUBKEY_bio(out, key) == 1 else {
                    throw OpenSSLErrorQueue.error(.openSSL, "could not encode the public key")
                }
            }
        }
        return try PublicKey(subjectPublicKeyInfoDER: der)
    }
}

/// Structural probes for binary inputs, through OpenSSL's own decoders.
enum DERDetector {
    static func isEncryptedPrivateKeyInfo(_ bytes: [UInt8]) -> Bool {
        let signature: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_X509_SIG(nil, &cursor, buffer.count)
        }
        OpenSSLErrorQueue.clear()
        guard let signature else { return false }
        X509_SIG_free(signature)
        return true
    }
}

enum PKCS12Detector {
    static func isPKCS12(_ bytes: [UInt8]) -> Bool {
        OpenSSLProviders.ensureLoaded()
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PKCS12(nil, &cursor, buffer.count)
        }
        OpenSSLErrorQueue.clear()
        guard let parsed else { return false }
        PKCS12_free(parsed)
        return true
    }
}
