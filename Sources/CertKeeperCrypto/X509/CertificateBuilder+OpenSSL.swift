internal import COpenSSL
import Foundation

extension X509Certificate {
    /// Issues a self-signed certificate: SHA-256 signature; basicConstraints CA:FALSE
    /// (critical); keyUsage digitalSignature (+ keyEncipherment for RSA, critical); EKU
    /// clientAuth (serverAuth for `.serverAuthentication`); subject key identifier; the SANs given.
    public static func selfSigned(_ spec: SelfSignedCertificateSpec, key: PrivateKey) throws(CryptoError) -> X509Certificate {
        OpenSSLProviders.ensureLoaded()
        guard let raw = X509_new() else { throw OpenSSLErrorQueue.error(.openSSL, "could not allocate a certificate") }
        let certificate = OwnedX509(takingOwnershipOf: raw)
        guard X509_set_version(raw, 2) == 1 else { throw OpenSSLErrorQueue.error(.openSSL, "could not set the version") }
        try setSerialNumber(spec.serialNumber, on: raw)
        let name = try spec.subject.makeOpenSSLName()
        guard X509_set_subject_name(raw, name.raw) == 1, X509_set_issuer_name(raw, name.raw) == 1 else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not set the subject")
        }
        guard ASN1_TIME_set(X509_getm_notBefore(raw), time_t(spec.validity.notBefore.timeIntervalSince1970)) != nil,
            ASN1_TIME_set(X509_getm_notAfter(raw), time_t(spec.validity.notAfter.timeIntervalSince1970)) != nil
        else {
            throw OpenSSLErrorQueue.error(.invalidParameter, "the validity dates cannot be encoded")
        }
        guard X509_set_pubkey(raw, key.backing.raw) == 1 else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not set the public key")
        }
        try addExtensions(to: raw, key: key, spec: spec)
        guard X509_sign(raw, key.backing.raw, EVP_sha256()) > 0 else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not sign the certificate")
        }
        return try X509Certificate(owning: certificate)
    }

    private static func setSerialNumber(_ serial: SerialNumber, on certificate: OpaquePointer) throws(CryptoError) {
        guard let bignum = BN_bin2bn(serial.bytes, Int32(serial.bytes.count), nil) else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not encode the serial number")
        }
        defer { BN_free(bignum) }
        guard let integer = BN_to_ASN1_INTEGER(bignum, nil) else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not encode the serial number")
        }
        defer { ASN1_INTEGER_free(integer) }
        guard X509_set_serialNumber(certificate, integer) == 1 else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not set the serial number")
        }
    }

    private static func addExtensions(
        to certificate: OpaquePointer, key: PrivateKey, spec: SelfSignedCertificateSpec
    ) throws(CryptoError) {
        let subjectAlternativeNames = spec.subjectAlternativeNames
        var context = X509V3_CTX()
        COpenSSL_X509V3_set_ctx_nodb(&context)
        X509V3_set_ctx(&context, certificate, certificate, nil, nil, 0)
        let keyUsage =
            key.algorithm.isRSA
            ? "critical,digitalSignature,keyEncipherment"
            : "critical,digitalSignature"
        let definitions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, keyUsage),
            (NID_ext_key_usage, spec.purpose.extendedKeyUsageValue),
            (NID_subject_key_identifier, "hash"),
        ]
        for (nid, value) in definitions {
            guard let extensionPointer = X509V3_EXT_nconf_nid(nil, &context, nid, value) else {
                throw OpenSSLErrorQueue.error(.openSSL, "could not build the \(String(cString: OBJ_nid2sn(nid))) extension")
            }
            defer { X509_EXTENSION_free(extensionPointer) }
            guard X509_add_ext(certificate, extensionPointer, -1) == 1 else {
                throw OpenSSLErrorQueue.error(.openSSL, "could not add the \(String(cString: OBJ_nid2sn(nid))) extension")
            }
        }
        guard !subjectAlternativeNames.isEmpty else { return }
        let names = try X509Extensions.makeGeneralNames(subjectAlternativeNames)
        defer { GENERAL_NAMES_free(names) }
        guard X509_add1_ext_i2d(certificate, NID_subject_alt_name, UnsafeMutableRawPointer(names), 0, UInt(X509V3_ADD_DEFAULT)) == 1 else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not add the subjectAltName extension")
        }
    }
}
