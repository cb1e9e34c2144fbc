internal import COpenSSL

/// What one PFX holds, bag by bag, in file order.
struct PKCS12Contents {
    struct CertificateEntry {
        let certificate: X509Certificate
        let localKeyID: [UInt8]?
        let friendlyName: String?
    }

    struct KeyEntry {
        /// nil when keys were not asked for (the certificates-only read).
        let key: PrivateKey?
        let localKeyID: [UInt8]?
        let friendlyName: String?
    }

    var certificates: [CertificateEntry] = []
    var keys: [KeyEntry] = []
    var certificateSchemes: [PKCS12Encryption] = []
    var keySchemes: [PKCS12Encryption] = []
    var macDigest: String?

    var protection: PKCS12Protection {
        // Several schemes in one file are rare; report the weakest, it is what limits the file.
        PKCS12Protection(
            certificateEncryption: certificateSchemes.min { $0.strength < $1.strength },
            keyEncryption: keySchemes.min { $0.strength < $1.strength },
            macDigest: macDigest
        )
    }
}

/// Walks a PFX with OpenSSL's PKCS#12 primitives: the MAC picks the password, then each
/// authenticated safe is opened (decrypted when it is EncryptedData) and its bags read.
/// `decryptKeys: false` leaves shrouded key bags encrypted: the inventory importer only
/// needs certificates and whether a key is present, and skipping the key's KDF and parse
/// is most of the cost.
enum PKCS12Reader {
    private enum Safe {
        case plain(OwnedSafeBagStack)
        case encrypted(UnsafeMutablePointer<PKCS7>, PKCS12Encryption)
    }

    static func read(_ bytes: [UInt8], password given: Secret?, decryptKeys: Bool) throws(CryptoError) -> PKCS12Contents {
        OpenSSLProviders.ensureLoaded()
        let p12 = try parse(bytes)
        guard let rawSafes = PKCS12_unpack_authsafes(p12.raw) else {
            throw OpenSSLErrorQueue.error(.malformedInput, "the PFX's contents cannot be read (corrupt or truncated?)")
        }
        let authenticatedSafes = OwnedPKCS7Stack(takingOwnershipOf: rawSafes)
        let safes = try survey(authenticatedSafes)
        let password = try PKCS12Password.choose(
            for: p12.raw, given: given, needsSecret: needsSecret(safes, decryptKeys: decryptKeys)
        ) { (candidate) throws(CryptoError) -> Bool in
            try opens(safes, with: candidate)
        }
        var contents = PKCS12Contents(macDigest: PKCS12MAC.digestName(of: p12.raw))
        for safe in safes {
            switch safe {
            case .plain(let bags):
                try collect(bags.raw, container: .unencrypted, password: password, decryptKeys: decryptKeys, into: &contents)
            case .encrypted(let pkcs7, let scheme):
                let bags = try decrypt(pkcs7, scheme: scheme, password: password)
                try collect(bags.raw, container: scheme, password: password, decryptKeys: decryptKeys, into: &contents)
            }
        }
        return contents
    }

    private static func parse(_ bytes: [UInt8]) throws(CryptoError) -> OwnedPKCS12 {
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_PKCS12(nil, &cursor, buffer.count)
        }
        guard let parsed else {
            throw OpenSSLErrorQueue.error(.malformedInput, "not a readable PFX (PKCS#12) file: corrupt or truncated")
        }
        return OwnedPKCS12(takingOwnershipOf: parsed)
    }

    /// Opens the plain safes and notes the encrypted ones, without any password.
    private static func survey(_ stack: OwnedPKCS7Stack) throws(CryptoError) -> [Safe] {
        var safes: [Safe] = []
        for index in 0..<COpenSSL_sk_PKCS7_num(stack.raw) {
            guard let pkcs7 = COpenSSL_sk_PKCS7_value(stack.raw, index) else { continue }
            switch OBJ_obj2nid(pkcs7.pointee.type) {
            case NID_pkcs7_data:
                guard let bags = PKCS12_unpack_p7data(pkcs7) else {
                    throw OpenSSLErrorQueue.error(.malformedInput, "a part of the PFX cannot be read (corrupt or truncated?)")
                }
                safes.append(.plain(OwnedSafeBagStack(takingOwnershipOf: bags)))
            case NID_pkcs7_encrypted:
                let algorithm = pkcs7.pointee.d.encrypted?.pointee.enc_data?.pointee.algorithm
                safes.append(.encrypted(pkcs7, PKCS12Encryption(algorithm: algorithm.map { UnsafePointer($0) })))
            default:
                throw CryptoError(
                    .malformedInput,
                    "the PFX uses public-key privacy mode (EnvelopedData), which certkeeper does not read: re-export it with a password"
                )
            }
        }
        return safes
    }

    private static func needsSecret(_ safes: [Safe], decryptKeys: Bool) -> Bool {
        safes.contains { safe in
            switch safe {
            case .encrypted: true
            case .plain(let bags): decryptKeys && containsShroudedKey(bags.raw)
            }
        }
    }

    private static func containsShroudedKey(_ bags: OpaquePointer) -> Bool {
        (0..<COpenSSL_sk_PKCS12_SAFEBAG_num(bags)).contains { index in
            PKCS12_SAFEBAG_get_nid(COpenSSL_sk_PKCS12_SAFEBAG_value(bags, index)) == NID_pkcs8ShroudedKeyBag
        }
    }

    /// For files without a MAC: whether `candidate` decrypts the first encrypted part.
    private static func opens(_ safes: [Safe], with candidate: PKCS12Password) throws(CryptoError) -> Bool {
        for safe in safes {
            switch safe {
            case .encrypted(let pkcs7, _):
                let bags = try candidate.withCString { (pointer, length) throws(CryptoError) -> OpaquePointer? in
                    PKCS12_unpack_p7encdata(pkcs7, pointer, length)
                }
                guard let bags else { return false }
                COpenSSL_sk_PKCS12_SAFEBAG_pop_free(bags)
                return true
            case .plain(let bags):
                for index in 0..<COpenSSL_sk_PKCS12_SAFEBAG_num(bags.raw) {
                    let bag = COpenSSL_sk_PKCS12_SAFEBAG_value(bags.raw, index)
                    guard PKCS12_SAFEBAG_get_nid(bag) == NID_pkcs8ShroudedKeyBag else { continue }
                    let info = try candidate.withCString { (pointer, length) throws(CryptoError) -> OpaquePointer? in
                        PKCS12_decrypt_skey(bag, pointer, length)
                    }
                    guard let info else { return false }
                    PKCS8_PRIV_KEY_INFO_free(info)
                    return true
                }
            }
        }
        return true
    }

    private static func decrypt(
        _ pkcs7: UnsafeMutablePointer<PKCS7>, scheme: PKCS12Encryption, password: PKCS12Password
    ) throws(CryptoError) -> OwnedSafeBagStack {
        let bags = try password.withCString { (pointer, length) throws(CryptoError) -> OpaquePointer? in
            PKCS12_unpack_p7encdata(pkcs7, pointer, length)
        }
        guard let bags else { throw decryptionFailure(of: "certificates", scheme: scheme) }
        return OwnedSafeBagStack(takingOwnershipOf: bags)
    }

    private static func decryptionFailure(of part: String, scheme: PKCS12Encryption) -> CryptoError {
        let stack = OpenSSLErrorQueue.drain()
        if stack.indicatesUnsupportedAlgorithm {
            let reason =
                OpenSSLProviders.legacyAvailable
                ? "which this OpenSSL cannot decrypt"
                : "which needs OpenSSL's legacy provider (not installed here)"
            return CryptoError(
                .malformedInput, "the PFX's \(part) are encrypted with \(scheme), \(reason): re-export the file", openSSLStack: stack
            )
        }
        return CryptoError(
            .wrongPassword,
            "the PFX's \(part) do not decrypt with the password its MAC accepts (a separate key password, or a corrupt file)",
            openSSLStack: stack
        )
    }

    private static func collect(
        _ bags: OpaquePointer, container: PKCS12Encryption, password: PKCS12Password, decryptKeys: Bool,
        into contents: inout PKCS12Contents
    ) throws(CryptoError) {
        for index in 0..<COpenSSL_sk_PKCS12_SAFEBAG_num(bags) {
            guard let bag = COpenSSL_sk_PKCS12_SAFEBAG_value(bags, index) else { continue }
            switch PKCS12_SAFEBAG_get_nid(bag) {
            case NID_certBag:
                // SDSI certificates and other cert types are skipped: nothing produces them.
                guard PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate, let raw = PKCS12_SAFEBAG_get1_cert(bag) else { continue }
                let certificate = try X509Certificate(owning: OwnedX509(takingOwnershipOf: raw))
                contents.certificates.append(.init(certificate: certificate, localKeyID: localKeyID(of: bag), friendlyName: friendlyName(of: bag)))
                contents.certificateSchemes.append(container)
            case NID_keyBag:
                let key = decryptKeys ? try privateKey(from: PKCS12_SAFEBAG_get0_p8inf(bag)) : nil
                contents.keys.append(.init(key: key, localKeyID: localKeyID(of: bag), friendlyName: friendlyName(of: bag)))
                contents.keySchemes.append(container)
            case NID_pkcs8ShroudedKeyBag:
                var algorithm: UnsafePointer<X509_ALGOR>?
                X509_SIG_get0(PKCS12_SAFEBAG_get0_pkcs8(bag), &algorithm, nil)
                let scheme = PKCS12Encryption(algorithm: algorithm)
                var key: PrivateKey?
                if decryptKeys {
                    let info = try password.withCString { (pointer, length) throws(CryptoError) -> OpaquePointer? in
                        PKCS12_decrypt_skey(bag, pointer, length)
                    }
                    guard let info else { throw decryptionFailure(of: "private key", scheme: scheme) }
                    defer { PKCS8_PRIV_KEY_INFO_free(info) }
                    key = try privateKey(from: info)
                }
                contents.keys.append(.init(key: key, localKeyID: localKeyID(of: bag), friendlyName: friendlyName(of: bag)))
                contents.keySchemes.append(scheme)
            case NID_safeContentsBag:
                guard let nested = PKCS12_SAFEBAG_get0_safes(bag) else { continue }
                try collect(nested, container: container, password: password, decryptKeys: decryptKeys, into: &contents)
            default:
                continue  // CRL and secret bags carry nothing certkeeper uses
            }
        }
        OpenSSLErrorQueue.clear()
    }

    private static func privateKey(from info: OpaquePointer?) throws(CryptoError) -> PrivateKey {
        guard let info, let key = EVP_PKCS82PKEY(info) else {
            throw OpenSSLErrorQueue.error(.malformedInput, "the PFX's private key cannot be read (unsupported type or corrupt)")
        }
        return PrivateKey(backing: OwnedPKey(takingOwnershipOf: key))
    }

    private static func localKeyID(of bag: OpaquePointer) -> [UInt8]? {
        guard let attribute = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID),
            attribute.pointee.type == V_ASN1_OCTET_STRING, let octets = attribute.pointee.value.octet_string,
            let data = ASN1_STRING_get0_data(octets)
        else { return nil }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(octets))))
    }

    private static func friendlyName(of bag: OpaquePointer) -> String? {
        guard let name = PKCS12_get_friendlyname(bag) else { return nil }
        defer { COpenSSL_OPENSSL_free(name) }
        return String(cString: name)
    }
}
