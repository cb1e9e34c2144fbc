import CertKeeperCrypto
import CertKeeperStore

@testable import CertKeeperCore

/// PEM and DER documents as `inspect`, `scan` and `inventory import` read them: whatever
/// the bytes are, decoding ends in a value or a typed error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDocument(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let document = try? DocumentDecoder.decode(bytes, password: Secret("fuzz")) {
        for certificate in document.certificates { touch(certificate) }
    }
    if let certificates = try? X509Certificate.certificates(fromPEMOrDER: bytes) {
        for certificate in certificates { touch(certificate) }
    }
    _ = try? PrivateKey(pemOrDER: bytes)
    // The file reader of scan and import (PEM bundles, DER, PFX without a password).
    _ = try? CertificateFileReader(password: nil).decode(bytes, path: "fuzz-input", stamp: nil)
    return 0
}

/// Everything the text, JSON and inventory outputs read from a certificate.
func touch(_ certificate: X509Certificate) {
    _ = CertificateFacts(certificate)
    _ = certificate.subjectAlternativeNames
    _ = certificate.pem
    _ = certificate.isValid(at: .init(timeIntervalSince1970: 0))
}
