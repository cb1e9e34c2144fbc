import CertKeeperBase
import CertKeeperCrypto

/// Private key files: generating, writing (0600, optionally encrypted) and reading them.
public enum KeyFiles {
    /// Generates a key and writes it as PKCS#8 PEM, encrypted when a password is given.
    @discardableResult
    public static func generate(
        _ spec: KeyGenerationSpec, to path: String, password: Secret?, writer: SecureFileWriter
    ) throws(CoreError) -> PrivateKey {
        try CoreError.lifting(try writer.checkWritable([path]))
        let key: PrivateKey
        do { key = try PrivateKey.generate(spec) } catch { throw error.about(path) }
        try write(key, to: path, password: password, writer: writer)
        return key
    }

    public static func write(_ key: PrivateKey, to path: String, password: Secret?, writer: SecureFileWriter) throws(CoreError) {
        let pem: [UInt8]
        do { pem = try key.pkcs8PEM(encryptedWith: password) } catch { throw error.about(path) }
        try CoreError.lifting(try writer.write(pem, to: path, mode: .privateFile))
    }

    /// Reads a private key file (PEM or DER, PKCS#8 or traditional, encrypted or not).
    /// `password` is asked for only when the file turns out to be encrypted.
    public static func load(_ path: String, password: () throws(CoreError) -> Secret?) throws(CoreError) -> PrivateKey {
        let bytes = try CoreError.lifting(try FileReader.read(path))
        do {
            return try PrivateKey(pemOrDER: bytes, password: nil)
        } catch  where error.code == .passwordRequired {
            guard let secret = try password() else {
                throw CoreError(.secretUnavailable, "\(path): the private key is encrypted: give its password with --password-env NAME or --password-file PATH")
            }
            do { return try PrivateKey(pemOrDER: bytes, password: secret) } catch { throw error.about(path) }
        } catch {
            throw error.about(path)
        }
    }
}
