/// Describes a PKCS#12 file for `inspect`: the leaf first, then the chain, then the key
/// (described, never exposed), with the file's protection.
enum PKCS12Inspector {
    static func decode(_ bytes: [UInt8], password: Secret?) throws(CryptoError) -> DecodedDocument {
        let bundle = try PKCS12Bundle(reading: bytes, password: password)
        var items = bundle.allCertificates.map(DecodedItem.certificate)
        if let key = bundle.privateKey {
            let encrypted = (bundle.protection?.keyEncryption?.strength ?? .unencrypted) != .unencrypted
            items.append(.privateKey(key.algorithm, encrypted: encrypted))
        }
        return DecodedDocument(format: .pkcs12, items: items, pkcs12Protection: bundle.protection)
    }
}
