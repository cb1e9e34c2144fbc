/// Describes a PKCS#12 file for `inspect`. Reading PFX contents is the converter engine's
/// job (issue 3); until it lands a PFX is recognised and reported as such.
enum PKCS12Inspector {
    static func decode(_ bytes: [UInt8], password: Secret?) throws(CryptoError) -> DecodedDocument {
        throw CryptoError(.wrongFormat, "this is a PKCS#12 (PFX) file; reading PFX contents needs the converter engine")
    }
}
