internal import COpenSSL

// One owning class per OpenSSL object type. Each frees its pointer in `deinit` and is never
// mutated through Swift after construction, which is why `@unchecked Sendable` is sound:
// OpenSSL's objects are safe to read from several threads once built (reference counts are
// atomic). These classes are internal: no OpenSSL pointer leaves CertKeeperCrypto.

final class OwnedPKey: @unchecked Sendable {
    let raw: OpaquePointer  // EVP_PKEY*
    init(takingOwnershipOf raw: OpaquePointer) { self.raw = raw }
    deinit { EVP_PKEY_free(raw) }
}

final class OwnedX509: @unchecked Sendable {
    let raw: OpaquePointer  // X509*
    init(takingOwnershipOf raw: OpaquePointer) { self.raw = raw }
    deinit { X509_free(raw) }
}

final class OwnedX509Request: @unchecked Sendable {
    let raw: OpaquePointer  // X509_REQ*
    init(takingOwnershipOf raw: OpaquePointer) { self.raw = raw }
    deinit { X509_REQ_free(raw) }
}

final class OwnedX509Name {
    let raw: OpaquePointer  // X509_NAME*
    init(takingOwnershipOf raw: OpaquePointer) { self.raw = raw }
    deinit { X509_NAME_free(raw) }
}

final class OwnedPKeyContext {
    let raw: OpaquePointer  // EVP_PKEY_CTX*
    init(takingOwnershipOf raw: OpaquePointer) { self.raw = raw }
    deinit { EVP_PKEY_CTX_free(raw) }
}

final class OwnedDigestContext {
    let raw: OpaquePointer  // EVP_MD_CTX*
    init(takingOwnershipOf raw: OpaquePointer) { self.raw = raw }
    deinit { EVP_MD_CTX_free(raw) }
}

final class OwnedPKCS12 {
    let raw: OpaquePointer  // PKCS12*
    init(takingOwnershipOf raw: OpaquePointer) { self.raw = raw }
    deinit { PKCS12_free(raw) }
}
