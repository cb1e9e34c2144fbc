extension EncodedFormat {
    /// What kind of file the bytes are, without decoding the contents: PEM text, a PKCS#12
    /// structure, other DER (an ASN.1 SEQUENCE), or nil for anything else. Used to tell a
    /// user "this is a PFX, not PEM" instead of "corrupt".
    public static func detect(_ bytes: [UInt8]) -> EncodedFormat? {
        if PEMDocument.looksLikePEM(bytes) { return .pem }
        if PKCS12Detector.isPKCS12(bytes) { return .pkcs12 }
        if bytes.first == 0x30 { return .der }
        return nil
    }
}
