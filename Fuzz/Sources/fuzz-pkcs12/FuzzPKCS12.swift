import CertKeeperCrypto

/// PKCS#12 (PFX) files as `convert pfx-to-*`, `inspect` and rotation read them, with the
/// seeds' password ("fuzz") so mutations reach the decrypted bags, and without one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPKCS12(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let bundle = try? PKCS12Bundle(reading: bytes, password: Secret("fuzz")) {
        _ = bundle.allCertificates.map(\.subject.description)
        _ = bundle.protection?.summary
        _ = bundle.friendlyName
    }
    if let listing = try? PKCS12Bundle.certificates(in: bytes, password: nil) {
        _ = listing.chain.map(\.sha1Thumbprint.hex)
        _ = listing.protection.summary
    }
    return 0
}
