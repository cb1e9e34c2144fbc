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

final class OwnedPKCS7Stack {
    let raw: OpaquePointer  // STACK_OF(PKCS7)*, every element owned
    init(takingOwnershipOf raw: OpaquePointer) { self.raw = raw }
    deinit { COpenSSL_sk_PKCS7_pop_free(raw) }
}

final class OwnedSafeBagStack {
    let raw: OpaquePointer  // STACK_OF(PKCS12_SAFEBAG)*, every element owned
    init(takingOwnershipOf raw: OpaquePointer) { self.raw = raw }
    deinit { COpenSSL_sk_PKCS12_SAFEBAG_pop_free(raw) }
}

final class OwnedX509Stack {
    let raw: OpaquePointer  // STACK_OF(X509)*, every element owned (push only up-ref'd certificates)
    init(takingOwnershipOf raw: OpaquePointer) { self.raw = raw }
    deinit { COpenSSL_sk_X509_pop_free(raw) }
}
