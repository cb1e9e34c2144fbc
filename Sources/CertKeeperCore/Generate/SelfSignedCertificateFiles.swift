import CertKeeperCrypto
import Foundation

/// `cert create`: a key (new or given), a self-signed certificate, and the files a user
/// needs — `N.key.pem` (0600), `N.cert.pem`, `N.cer` (DER, the upload-ready public part).
public struct SelfSignedCertificateFiles: Sendable {
    public enum KeySource: Sendable {
        case generate(KeyGenerationSpec)
        case existing(PrivateKey, path: String)
    }

    public struct Request: Sendable {
        public var spec: SelfSignedCertificateSpec
        public var keySource: KeySource
        public var directory: String
        public var name: String
        /// Encrypts the written key when set.
        public var keyPassword: Secret?

        public init(spec: SelfSignedCertificateSpec, keySource: KeySource, directory: String, name: String, keyPassword: Secret?) {
            self.spec = spec
            self.keySource = keySource
            self.directory = directory
            self.name = name
            self.keyPassword = keyPassword
        }
    }

    public struct Result: Sendable {
        public let certificate: X509Certificate
        public let key: PrivateKey
        /// Every file written, in order.
        public let writtenFiles: [String]
        public var keyPath: String?
        public var certificatePEMPath: String
        public var certificateDERPath: String
    }

    public let writer: SecureFileWriter

    public init(writer: SecureFileWriter) { self.writer = writer }

    public func create(_ request: Request) throws(CoreError) -> Result {
        try Self.validateName(request.name)
        let base = (request.directory as NSString).appendingPathComponent(request.name)
        let keyPath = "\(base).key.pem"
        let pemPath = "\(base).cert.pem"
        let derPath = "\(base).cer"
        let writesKey: Bool
        if case .generate = request.keySource { writesKey = true } else { writesKey = false }
        try writer.checkWritable((writesKey ? [keyPath] : []) + [pemPath, derPath])

        let key: PrivateKey
        switch request.keySource {
        case .generate(let spec):
            do { key = try PrivateKey.generate(spec) } catch { throw error.about(keyPath) }
        case .existing(let existing, _):
            key = existing
        }
        let certificate: X509Certificate
        do { certificate = try X509Certificate.selfSigned(request.spec, key: key) } catch { throw error.about(pemPath) }

        var files: [(path: String, bytes: [UInt8], mode: SecureFileWriter.Mode)] = []
        if writesKey {
            let keyPEM: [UInt8]
            do { keyPEM = try key.pkcs8PEM(encryptedWith: request.keyPassword) } catch { throw error.about(keyPath) }
            files.append((keyPath, keyPEM, .privateFile))
        }
        files.append((pemPath, Array(certificate.pem.utf8), .publicFile))
        files.append((derPath, certificate.der, .publicFile))
        try writer.writeAll(files)
        return Result(
            certificate: certificate, key: key, writtenFiles: files.map(\.path),
            keyPath: writesKey ? keyPath : nil, certificatePEMPath: pemPath, certificateDERPath: derPath
        )
    }

    /// `--name` becomes part of file names: no separators, no hidden files.
    static func validateName(_ name: String) throws(CoreError) {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !name.contains("\0") else {
            throw CoreError(.invalidInput, "--name \"\(name)\" must be a plain file name (no '/', not starting with '.')")
        }
    }
}
