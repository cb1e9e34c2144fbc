internal import COpenSSL

extension PKCS12Encryption {
    /// Names the scheme of a borrowed AlgorithmIdentifier (an EncryptedData's or a shrouded
    /// key bag's). PBES2 parameters are decoded with OpenSSL's own PBE2PARAM/PBKDF2PARAM
    /// decoders to name the cipher and the PRF.
    init(algorithm: UnsafePointer<X509_ALGOR>?) {
        guard let algorithm else {
            self = PKCS12Encryption(name: "unknown", strength: .weak)
            return
        }
        let nid = OBJ_obj2nid(algorithm.pointee.algorithm)
        switch nid {
        case NID_pbe_WithSHA1And3_Key_TripleDES_CBC:
            self = PKCS12Encryption(name: "3DES", strength: .compatible)
        case NID_pbe_WithSHA1And2_Key_TripleDES_CBC:
            self = PKCS12Encryption(name: "2-key 3DES", strength: .weak)
        case NID_pbe_WithSHA1And40BitRC2_CBC:
            self = PKCS12Encryption(name: "RC2-40", strength: .weak)
        case NID_pbe_WithSHA1And128BitRC2_CBC:
            self = PKCS12Encryption(name: "RC2-128", strength: .weak)
        case NID_pbe_WithSHA1And40BitRC4:
            self = PKCS12Encryption(name: "RC4-40", strength: .weak)
        case NID_pbe_WithSHA1And128BitRC4:
            self = PKCS12Encryption(name: "RC4-128", strength: .weak)
        case NID_pbes2:
            self = Self.describePBES2(algorithm.pointee.parameter)
        default:
            self = PKCS12Encryption(name: Self.name(of: nid), strength: .weak)
        }
        OpenSSLErrorQueue.clear()
    }

    private static func describePBES2(_ parameter: UnsafeMutablePointer<ASN1_TYPE>?) -> PKCS12Encryption {
        guard let parameters = decodeSequence(parameter, d2i_PBE2PARAM) else {
            return PKCS12Encryption(name: "PBES2 (unreadable parameters)", strength: .modern)
        }
        defer { PBE2PARAM_free(parameters) }
        let cipherNID = parameters.pointee.encryption.map { OBJ_obj2nid($0.pointee.algorithm) } ?? NID_undef
        let cipher = cipherName(cipherNID)
        var kdf = "PBKDF2"
        if let keyFunction = parameters.pointee.keyfunc, OBJ_obj2nid(keyFunction.pointee.algorithm) == NID_id_pbkdf2,
            let pbkdf2 = decodeSequence(keyFunction.pointee.parameter, d2i_PBKDF2PARAM)
        {
            defer { PBKDF2PARAM_free(pbkdf2) }
            // An absent PRF means HMAC-SHA-1 (RFC 8018); SHA-256 is what we write and expect.
            let prfNID = pbkdf2.pointee.prf.map { OBJ_obj2nid($0.pointee.algorithm) } ?? NID_hmacWithSHA1
            if prfNID != NID_hmacWithSHA256 { kdf += "-" + name(of: prfNID) }
        }
        let strong = cipherNID == NID_aes_256_cbc || cipherNID == NID_aes_192_cbc || cipherNID == NID_aes_128_cbc
        return PKCS12Encryption(name: "\(cipher)/\(kdf)", strength: strong ? .modern : .weak)
    }

    private static func cipherName(_ nid: Int32) -> String {
        switch nid {
        case NID_aes_256_cbc: "AES-256-CBC"
        case NID_aes_192_cbc: "AES-192-CBC"
        case NID_aes_128_cbc: "AES-128-CBC"
        case NID_des_ede3_cbc: "3DES"
        default: name(of: nid)
        }
    }

    private static func name(of nid: Int32) -> String {
        guard nid != NID_undef, let shortName = OBJ_nid2sn(nid) else { return "unknown algorithm" }
        return String(cString: shortName)
    }

    /// Decodes an ASN1_TYPE holding a SEQUENCE with a d2i function; nil when it is not one.
    private static func decodeSequence<Decoded>(
        _ parameter: UnsafeMutablePointer<ASN1_TYPE>?,
        _ decode: (UnsafeMutablePointer<UnsafeMutablePointer<Decoded>?>?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?, Int) -> UnsafeMutablePointer<Decoded>?
    ) -> UnsafeMutablePointer<Decoded>? {
        guard let parameter, parameter.pointee.type == V_ASN1_SEQUENCE, let sequence = parameter.pointee.value.sequence,
            let bytes = ASN1_STRING_get0_data(sequence)
        else { return nil }
        var cursor: UnsafePointer<UInt8>? = bytes
        return decode(nil, &cursor, Int(ASN1_STRING_length(sequence)))
    }
}

/// The MAC digest of a PFX: `SHA-1`, `SHA-256`, …; nil when the file has no MAC.
enum PKCS12MAC {
    static func digestName(of p12: OpaquePointer) -> String? {
        guard PKCS12_mac_present(p12) == 1 else { return nil }
        var algorithm: UnsafePointer<X509_ALGOR>?
        PKCS12_get0_mac(nil, &algorithm, nil, nil, p12)
        var object: OpaquePointer?
        X509_ALGOR_get0(&object, nil, nil, algorithm)
        let nid = OBJ_obj2nid(object)
        switch nid {
        case NID_sha1: return "SHA-1"
        case NID_sha256: return "SHA-256"
        case NID_sha384: return "SHA-384"
        case NID_sha512: return "SHA-512"
        default:
            guard nid != NID_undef, let name = OBJ_nid2sn(nid) else { return "unknown" }
            return String(cString: name)
        }
    }
}
