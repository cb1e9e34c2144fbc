import CertKeeperBase
import CertKeeperCrypto

/// Reads PFX files. Password-less files (Key Vault exports, `--no-password` output) open
/// without asking; otherwise `password` is called once, so a prompt appears only when needed.
public enum PFXFiles {
    /// Key, leaf certificate and chain.
    public static func read(_ path: String, password: () throws(CoreError) -> Secret?) throws(CoreError) -> PKCS12Bundle {
        let bytes = try CoreError.lifting(try FileReader.read(path))
        try InputFormatCheck.requirePFX(bytes, path: path)
        return try withPassword(path: path, password: password) { (secret) throws(CryptoError) in
            try PKCS12Bundle(reading: bytes, password: secret)
        }
    }

    /// Certificates only; the key stays encrypted (fast: for scanning and export).
    public static func readCertificates(_ path: String, password: () throws(CoreError) -> Secret?) throws(CoreError) -> PKCS12CertificateList {
        let bytes = try CoreError.lifting(try FileReader.read(path))
        try InputFormatCheck.requirePFX(bytes, path: path)
        return try certificates(in: bytes, path: path, password: password)
    }

    static func certificates(
        in bytes: [UInt8], path: String, password: () throws(CoreError) -> Secret?
    ) throws(CoreError) -> PKCS12CertificateList {
        try withPassword(path: path, password: password) { (secret) throws(CryptoError) in
            try PKCS12Bundle.certificates(in: bytes, password: secret)
        }
    }

    /// Runs `body` without a password, then with the one `password` supplies if the file
    /// turns out to need one.
    private static func withPassword<Result>(
        path: String, password: () throws(CoreError) -> Secret?, _ body: (Secret?) throws(CryptoError) -> Result
    ) throws(CoreError) -> Result {
        do {
            return try body(nil)
        } catch  where error.code == .passwordRequired {
            guard let secret = try password() else {
                throw CoreError(.secretUnavailable, "\(path) is password-protected: give its password", underlying: error)
            }
            do { return try body(secret) } catch { throw error.about(path) }
        } catch {
            throw error.about(path)
        }
    }
}
