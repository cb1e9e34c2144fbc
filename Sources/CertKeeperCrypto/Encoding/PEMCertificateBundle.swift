/// The certificates of a PEM file and whether it also carries a private key, read the quick
/// way for the inventory: keys and requests are noticed by their armor, not parsed (so an
/// encrypted key needs no password and costs nothing).
public struct PEMCertificateBundle: Sendable {
    /// Every certificate, in file order.
    public let certificates: [X509Certificate]
    /// Whether a `PRIVATE KEY` block (any kind, encrypted or not) is present.
    public let hasPrivateKey: Bool

    public init(pem bytes: [UInt8]) throws(CryptoError) {
        let blocks = try PEMDocument(bytes: bytes).blocks
        certificates = try X509Certificate.certificates(in: blocks)
        hasPrivateKey = blocks.contains(where: \.isPrivateKey)
    }
}
