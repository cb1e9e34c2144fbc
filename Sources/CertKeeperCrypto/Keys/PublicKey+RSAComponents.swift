internal import COpenSSL

/// The public numbers of an RSA key, big-endian without leading zeros: what a JWK's `n`
/// and `e` carry (base64url).
public struct RSAPublicComponents: Sendable, Hashable {
    public let modulus: [UInt8]
    public let publicExponent: [UInt8]
}

extension PublicKey {
    /// `n` and `e` of an RSA key through OpenSSL 3's parameter API. Throws `.unsupportedKey`
    /// for any other key type.
    public func rsaComponents() throws(CryptoError) -> RSAPublicComponents {
        guard algorithm.isRSA else {
            throw CryptoError(.unsupportedKey, "\(algorithm) keys have no RSA modulus and exponent")
        }
        return RSAPublicComponents(
            modulus: try bigNumberParameter("n"),
            publicExponent: try bigNumberParameter("e")
        )
    }

    /// `name` is an OSSL_PKEY_PARAM_RSA_* key ("n", "e").
    private func bigNumberParameter(_ name: String) throws(CryptoError) -> [UInt8] {
        var number: OpaquePointer?
        guard EVP_PKEY_get_bn_param(backing.raw, name, &number) == 1, let number else {
            throw OpenSSLErrorQueue.error(.openSSL, "could not read the RSA parameter \(name)")
        }
        defer { BN_free(number) }
        var bytes = [UInt8](repeating: 0, count: (Int(BN_num_bits(number)) + 7) / 8)
        let written = BN_bn2bin(number, &bytes)
        return Array(bytes.prefix(Int(written)))
    }
}
