internal import COpenSSL
import Foundation

extension X509Certificate {
    /// Parses one DER certificate. Trailing bytes are refused: a DER file is one object.
    public init(der: [UInt8]) throws(CryptoError) {
        OpenSSLProviders.ensureLoaded()
        var consumed = 0
        let certificate: OpaquePointer? = der.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            let parsed = d2i_X509(nil, &cursor, buffer.count)
            if let cursor, let base = buffer.baseAddress { consumed = cursor - base }
            return parsed
        }
        guard let certificate else {
            throw OpenSSLErrorQueue.error(.malformedInput, "not a DER certificate (corrupt or truncated?)")
        }
        let owned = OwnedX509(takingOwnershipOf: certificate)
        guard consumed == der.count else {
            throw CryptoError(.malformedInput, "a DER certificate followed by \(der.count - consumed) unexpected bytes")
        }
        try self.init(owning: owned)
    }

    /// Every certificate in PEM text (a bundle, or a `cert+key.pem`; other blocks are ignored).
    public static func certificates(fromPEM bytes: [UInt8]) throws(CryptoError) -> [X509Certificate] {
        try certificates(in: PEMDocument(bytes: bytes).blocks)
    }

    /// The certificates among already-split PEM blocks.
    static func certificates(in allBlocks: [PEMDocument.Block]) throws(CryptoError) -> [X509Certificate] {
        let blocks = allBlocks.filter(\.isCertificate)
        var certificates: [X509Certificate] = []
        for (index, block) in blocks.enumerated() {
            let certificate = try MemoryBIO.reading(block.armored) { (bio) throws(CryptoError) -> OpaquePointer in
                guard let certificate = PEM_read_bio_X509(bio, nil, nil, nil) else {
                    throw OpenSSLErrorQueue.error(.malformedInput, "certificate #\(index + 1) of the PEM file is corrupt")
                }
                return certificate
            }
            try certificates.append(X509Certificate(owning: OwnedX509(takingOwnershipOf: certificate)))
        }
        return certificates
    }

    /// Certificates from PEM (all of them) or a single DER certificate.
    public static func certificates(fromPEMOrDER bytes: [UInt8]) throws(CryptoError) -> [X509Certificate] {
        if PEMDocument.looksLikePEM(bytes) { return try certificates(fromPEM: bytes) }
        return [try X509Certificate(der: bytes)]
    }

    /// Whether `key` is the private half of this certificate's public key.
    public func matches(_ key: PrivateKey) -> Bool {
        guard let publicKey else { return false }
        return key.matches(publicKey)
    }

    init(owning owned: OwnedX509) throws(CryptoError) {
        let raw = owned.raw
        backing = owned
        der = try MemoryBIO.writing { (bio) throws(CryptoError) in
            guard i2d_X509_bio(bio, raw) == 1 else {
                throw OpenSSLErrorQueue.error(.malformedInput, "the certificate cannot be re-encoded")
            }
        }
        subject = DistinguishedName(borrowing: X509_get_subject_name(raw))
        issuer = DistinguishedName(borrowing: X509_get_issuer_name(raw))
        serialNumber = try SerialNumber(borrowing: X509_get0_serialNumber(raw))
        notBefore = try Date(asn1Time: X509_get0_notBefore(raw), field: "notBefore")
        notAfter = try Date(asn1Time: X509_get0_notAfter(raw), field: "notAfter")
        publicKey = try Self.publicKey(of: raw)
        keyAlgorithm = publicKey?.algorithm ?? Self.undecodableKeyAlgorithm(of: raw)
        signatureAlgorithm = String(cString: OBJ_nid2ln(X509_get_signature_nid(raw)))
        subjectAlternativeNames = X509Extensions.subjectAlternativeNames(of: raw)
        extendedKeyUsage = X509Extensions.extendedKeyUsage(of: raw)
        keyUsage = X509Extensions.keyUsage(of: raw)
        isCertificateAuthority = (X509_get_extension_flags(raw) & UInt32(EXFLAG_CA)) != 0
        sha1Thumbprint = Thumbprint(of: der, algorithm: .sha1)
        sha256Thumbprint = Thumbprint(of: der, algorithm: .sha256)
        OpenSSLErrorQueue.clear()
    }

    /// The certificate's key, or nil when its algorithm has no decoder (OpenSSL parses the
    /// certificate anyway and keeps the SubjectPublicKeyInfo undecoded).
    private static func publicKey(of certificate: OpaquePointer) throws(CryptoError) -> PublicKey? {
        guard let borrowed = X509_get0_pubkey(certificate) else {
            OpenSSLErrorQueue.clear()
            return nil
        }
        // The certificate's own SubjectPublicKeyInfo, re-encoded by the ASN.1 layer:
        // i2d_PUBKEY on the EVP_PKEY goes through OpenSSL 3's encoder framework, which
        // searches every provider's encoders and was two thirds of parsing a certificate.
        let der = try MemoryBIO.writing { (bio) throws(CryptoError) in
            guard let spki = X509_get_X509_PUBKEY(certificate), i2d_X509_PUBKEY_bio(bio, spki) == 1 else {
                throw OpenSSLErrorQueue.error(.unsupportedKey, "the certificate's public key cannot be encoded")
            }
        }
        // Take our own reference so the PublicKey may outlive this certificate value.
        EVP_PKEY_up_ref(borrowed)
        return PublicKey(backing: OwnedPKey(takingOwnershipOf: borrowed), der: der)
    }

    /// The algorithm identifier of a key OpenSSL could not decode: its dotted OID, and
    /// OpenSSL's short name when it has one (`gost2012_256`).
    private static func undecodableKeyAlgorithm(of certificate: OpaquePointer) -> KeyAlgorithm {
        var object: OpaquePointer?
        guard let spki = X509_get_X509_PUBKEY(certificate),
            X509_PUBKEY_get0_param(&object, nil, nil, nil, spki) == 1, let object
        else { return .unknown(oid: "?", name: nil) }
        var buffer = [CChar](repeating: 0, count: 128)
        OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
        let nid = OBJ_obj2nid(object)
        let name = nid == NID_undef ? nil : OBJ_nid2sn(nid).map { String(cString: $0) }
        return .unknown(oid: String(nulTerminated: buffer), name: name)
    }

    func selfSignatureVerifies() -> Bool {
        let result = X509_self_signed(backing.raw, 1) == 1
        OpenSSLErrorQueue.clear()
        return result
    }
}

extension DistinguishedName {
    /// Copies the entries of a borrowed X509_NAME.
    init(borrowing name: OpaquePointer?) {
        guard let name else {
            self.init(attributes: [])
            return
        }
        var attributes: [Attribute] = []
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index) else { continue }
            let nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry))
            let type: String
            if nid != NID_undef, let shortName = OBJ_nid2sn(nid) {
                type = String(cString: shortName)
            } else {
                var buffer = [CChar](repeating: 0, count: 128)
                OBJ_obj2txt(&buffer, Int32(buffer.count), X509_NAME_ENTRY_get_object(entry), 1)
                type = String(nulTerminated: buffer)
            }
            var utf8: UnsafeMutablePointer<UInt8>?
            let length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry))
            var value = ""
            if length >= 0, let utf8 {
                value = String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
                COpenSSL_OPENSSL_free(utf8)
            }
            attributes.append(Attribute(type: type, value: value))
        }
        OpenSSLErrorQueue.clear()
        self.init(attributes: attributes)
    }

    /// A new X509_NAME with these attributes, in order.
    func makeOpenSSLName() throws(CryptoError) -> OwnedX509Name {
        guard let raw = X509_NAME_new() else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not allocate a name")
        }
        let name = OwnedX509Name(takingOwnershipOf: raw)
        for attribute in attributes {
            let value = Array(attribute.value.utf8)
            let added = X509_NAME_add_entry_by_txt(name.raw, attribute.type, MBSTRING_UTF8, value, Int32(value.count), -1, 0)
            guard added == 1 else {
                throw OpenSSLErrorQueue.error(
                    .invalidParameter,
                    "subject attribute \"\(attribute.type)=\(attribute.value)\" is not valid (unknown type, or a value too long or in the wrong alphabet: C takes a two-letter country code)"
                )
            }
        }
        return name
    }
}

extension SerialNumber {
    init(borrowing integer: UnsafePointer<ASN1_INTEGER>?) throws(CryptoError) {
        guard let integer, let bignum = ASN1_INTEGER_to_BN(integer, nil) else {
            throw OpenSSLErrorQueue.error(.malformedInput, "the certificate's serial number cannot be read")
        }
        defer { BN_free(bignum) }
        let length = (BN_num_bits(bignum) + 7) / 8
        var bytes = [UInt8](repeating: 0, count: Int(max(length, 1)))
        if length > 0 { BN_bn2bin(bignum, &bytes) }
        self.init(bytes: bytes)
    }
}

extension Date {
    init(asn1Time time: UnsafePointer<ASN1_TIME>?, field: String) throws(CryptoError) {
        var parts = tm()
        guard let time, ASN1_TIME_to_tm(time, &parts) == 1 else {
            throw OpenSSLErrorQueue.error(.malformedInput, "the certificate's \(field) date cannot be read")
        }
        self.init(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
