import CertKeeperCrypto

/// Catches the commonest mix-up before decoding: a PFX handed over as PEM or DER, PEM
/// handed over as a PFX. Says what the file really is and which command reads it.
enum InputFormatCheck {
    /// Refuses a PFX where a certificate or key file (PEM or DER) is expected.
    static func requireNotPFX(_ bytes: [UInt8], path: String, hint: String) throws(CoreError) {
        if EncodedFormat.detect(bytes) == .pkcs12 {
            throw CoreError(.invalidInput, "\(path) is a PFX (PKCS#12) file, not PEM or DER: \(hint)")
        }
    }

    /// Refuses anything but a PFX where one is expected.
    static func requirePFX(_ bytes: [UInt8], path: String) throws(CoreError) {
        switch EncodedFormat.detect(bytes) {
        case .pkcs12:
            return
        case .pem:
            throw CoreError(.invalidInput, "\(path) is PEM text, not a PFX (PKCS#12) file: use `certkeeper convert pem-to-pfx` to make a PFX from it")
        case .der:
            if (try? X509Certificate(der: bytes)) != nil {
                throw CoreError(.invalidInput, "\(path) is a DER certificate, not a PFX (PKCS#12) file: it holds no private key")
            }
            throw CoreError(.invalidInput, "\(path) is not a PFX (PKCS#12) file: corrupt, truncated, or another kind of DER file")
        case nil:
            let what = bytes.isEmpty ? "empty" : "not a PFX (PKCS#12) file: corrupt, truncated, or another kind of file"
            throw CoreError(.invalidInput, "\(path) is \(what)")
        }
    }
}
