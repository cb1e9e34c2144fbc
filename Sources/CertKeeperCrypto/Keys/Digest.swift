internal import COpenSSL

/// One-shot message digests through OpenSSL.
public enum Digest {
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] { compute(bytes, EVP_sha256(), length: 32) }
    public static func sha384(_ bytes: [UInt8]) -> [UInt8] { compute(bytes, EVP_sha384(), length: 48) }

    /// SHA-1. Only for identifiers that protocols define with it (certificate thumbprints,
    /// JWS `x5t`); never for anything that must resist collisions.
    public static func insecureSHA1(_ bytes: [UInt8]) -> [UInt8] { compute(bytes, EVP_sha1(), length: 20) }

    private static func compute(_ bytes: [UInt8], _ digest: OpaquePointer?, length: Int) -> [UInt8] {
        OpenSSLProviders.ensureLoaded()
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var written: UInt32 = 0
        let succeeded = bytes.withUnsafeBufferPointer { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &output, &written, digest, nil)
        }
        // SHA-1/2 in the default provider cannot fail short of memory exhaustion; a failure here
        // is a broken OpenSSL installation, not bad input.
        precondition(succeeded == 1 && Int(written) == length, "OpenSSL digest failed")
        return Array(output.prefix(length))
    }
}
