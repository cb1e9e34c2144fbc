internal import COpenSSL
import Foundation

extension CertificateSigningRequest {
    /// Builds and signs (SHA-256) a request for `key` with the SANs given.
    public static func create(
        subject: DistinguishedName, subjectAlternativeNames: [SubjectAlternativeName] = [], key: PrivateKey
    ) throws(CryptoError) -> CertificateSigningRequest {
        OpenSSLProviders.ensureLoaded()
        guard let raw = X509_REQ_new() else { throw OpenSSLErrorQueue.error(.openSSL, "could not allocate a request") }
        let request = OwnedX509Request(takingOwnershipOf: raw)
        let name = try subject.makeOpenSSLName()
        guard X509_REQ_set_version(raw, 0) == 1,
            X509_REQ_set_subject_name(raw, name.raw) == 1,
            X509_REQ_set_pubkey(raw, key.backing.raw) == 1
        else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not fill in the request")
        }
        if !subjectAlternativeNames.isEmpty {
            try addSubjectAlternativeNames(subjectAlternativeNames, to: raw)
        }
        guard X509_REQ_sign(raw, key.backing.raw, EVP_sha256()) > 0 else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not sign the request")
        }
        return try CertificateSigningRequest(owning: request)
    }

    /// Reads a PEM (`BEGIN CERTIFICATE REQUEST`) or DER request.
    public init(pemOrDER bytes: [UInt8]) throws(CryptoError) {
        OpenSSLProviders.ensureLoaded()
        let raw: OpaquePointer?
        if PEMDocument.looksLikePEM(bytes) {
            guard let block = try PEMDocument(bytes: bytes).blocks.first(where: \.isCertificateRequest) else {
                throw CryptoError(.wrongFormat, "no CERTIFICATE REQUEST block in the PEM file")
            }
            raw = try MemoryBIO.reading(block.armored) { (bio) throws(CryptoError) -> OpaquePointer? in
                PEM_read_bio_X509_REQ(bio, nil, nil, nil)
            }
        } else {
            raw = bytes.withUnsafeBufferPointer { buffer in
                var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
                return d2i_X509_REQ(nil, &cursor, buffer.count)
            }
        }
        guard let raw else { throw OpenSSLErrorQueue.error(.malformedInput, "not a readable certificate request") }
        try self.init(owning: OwnedX509Request(takingOwnershipOf: raw))
    }

    init(owning request: OwnedX509Request) throws(CryptoError) {
        let raw = request.raw
        backing = request
        der = try MemoryBIO.writing { (bio) throws(CryptoError) in
            guard i2d_X509_REQ_bio(bio, raw) == 1 else {
                throw OpenSSLErrorQueue.error(.malformedInput, "the request cannot be re-encoded")
            }
        }
        subject = DistinguishedName(borrowing: X509_REQ_get_subject_name(raw))
        guard let borrowedKey = X509_REQ_get0_pubkey(raw) else {
            throw OpenSSLErrorQueue.error(.unsupportedKey, "the request's public key cannot be read")
        }
        let keyDER = try MemoryBIO.writing { (bio) throws(CryptoError) in
            guard i2d_PUBKEY_bio(bio, borrowedKey) == 1 else {
                throw OpenSSLErrorQueue.error(.unsupportedKey, "the request's public key cannot be encoded")
            }
        }
        EVP_PKEY_up_ref(borrowedKey)
        publicKey = PublicKey(backing: OwnedPKey(takingOwnershipOf: borrowedKey), der: keyDER)
        subjectAlternativeNames = Self.subjectAlternativeNames(of: raw)
        signatureAlgorithm = String(cString: OBJ_nid2ln(X509_REQ_get_signature_nid(raw)))
        isSignatureValid = X509_REQ_verify(raw, borrowedKey) == 1
        OpenSSLErrorQueue.clear()
    }

    private static func addSubjectAlternativeNames(_ names: [SubjectAlternativeName], to request: OpaquePointer) throws(CryptoError) {
        let generalNames = try X509Extensions.makeGeneralNames(names)
        defer { GENERAL_NAMES_free(generalNames) }
        guard let extensions = COpenSSL_sk_X509_EXTENSION_new_null() else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not allocate the extension list")
        }
        defer { COpenSSL_sk_X509_EXTENSION_pop_free(extensions) }
        guard let sanExtension = X509V3_EXT_i2d(NID_subject_alt_name, 0, UnsafeMutableRawPointer(generalNames)) else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not encode the subjectAltName extension")
        }
        guard COpenSSL_sk_X509_EXTENSION_push(extensions, sanExtension) > 0 else {
            X509_EXTENSION_free(sanExtension)
            throw OpenSSLErrorQueue.error(.openSSL, "could not build the extension list")
        }
        guard X509_REQ_add_extensions(request, extensions) == 1 else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not add the extensions to the request")
        }
    }

    private static func subjectAlternativeNames(of request: OpaquePointer) -> [SubjectAlternativeName] {
        guard let extensions = X509_REQ_get_extensions(request) else {
            OpenSSLErrorQueue.clear()
            return []
        }
        defer { COpenSSL_sk_X509_EXTENSION_pop_free(extensions) }
        let index = X509v3_get_ext_by_NID(extensions, NID_subject_alt_name, -1)
        guard index >= 0, let sanExtension = X509v3_get_ext(extensions, index),
            let decoded = X509V3_EXT_d2i(sanExtension)
        else {
            OpenSSLErrorQueue.clear()
            return []
        }
        let names = OpaquePointer(decoded)
        defer { GENERAL_NAMES_free(names) }
        return X509Extensions.subjectAlternativeNames(in: names)
    }
}
