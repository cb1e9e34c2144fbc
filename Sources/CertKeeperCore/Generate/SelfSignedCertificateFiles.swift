import CertKeeperBase
import CertKeeperCrypto
import Foundation

/// `cert create`: a key (new or given), a self-signed certificate, and the files a user
/// needs — `N.key.pem` (0600), `N.cert.pem`, `N.cer` (DER, the upload-ready public part) and
/// `N.pfx` (0600, key + certificate for Windows, App Service, Key Vault).
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
        /// Writes `N.pfx` when set.
        public var pfx: PFXRequest?

        public init(
            spec: SelfSignedCertificateSpec, keySource: KeySource, directory: String, name: String, keyPassword: Secret?,
            pfx: PFXRequest? = nil
        ) {
            self.spec = spec
            self.keySource = keySource
            self.directory = directory
            self.name = name
            self.keyPassword = keyPassword
            self.pfx = pfx
        }
    }

    /// How to write `N.pfx`.
    public struct PFXRequest: Sendable {
        public var options: PFXOutputOptions
        public var protection: PFXOutputOptions.Protection

        public init(options: PFXOutputOptions, protection: PFXOutputOptions.Protection) {
            self.options = options
            self.protection = protection
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
        public var pfxPath: String? = nil
    }

    public let writer: SecureFileWriter

    public init(writer: SecureFileWriter) { self.writer = writer }

    /// Refuses, before any prompt or key generation, a bad name or a destination that cannot
    /// be written: the files `create` would write for `name` in `directory`.
    public func checkDestinations(directory: String, name: String, writesKey: Bool, writesPFX: Bool) throws(CoreError) {
        try Self.validateName(name)
        let base = (directory as NSString).appendingPathComponent(name)
        try CoreError.lifting(
            try writer.checkWritable(
                (writesKey ? ["\(base).key.pem"] : []) + ["\(base).cert.pem", "\(base).cer"] + (writesPFX ? ["\(base).pfx"] : [])
            ))
    }

    public func create(_ request: Request) throws(CoreError) -> Result {
        let base = (request.directory as NSString).appendingPathComponent(request.name)
        let keyPath = "\(base).key.pem"
        let pemPath = "\(base).cert.pem"
        let derPath = "\(base).cer"
        let pfxPath = "\(base).pfx"
        let writesKey: Bool
        if case .generate = request.keySource { writesKey = true } else { writesKey = false }
        try checkDestinations(directory: request.directory, name: request.name, writesKey: writesKey, writesPFX: request.pfx != nil)
        if let pfx = request.pfx {
            do { try PKCS12Profile.validateIterations(pfx.options.iterations) } catch { throw error.about(pfxPath) }
        }

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
        if let pfx = request.pfx {
            let contents = KeyCertificateChain(key: key, certificate: certificate, chain: [])
            do { files.append((pfxPath, try pfx.options.encode(contents, protection: pfx.protection), .privateFile)) } catch {
                throw error.about(pfxPath)
            }
        }
        try CoreError.lifting(try writer.writeAll(files))
        return Result(
            certificate: certificate, key: key, writtenFiles: files.map(\.path),
            keyPath: writesKey ? keyPath : nil, certificatePEMPath: pemPath, certificateDERPath: derPath,
            pfxPath: request.pfx == nil ? nil : pfxPath
        )
    }

    /// `--name` becomes part of file names: no separators, no hidden files.
    static func validateName(_ name: String) throws(CoreError) {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !name.contains("\0") else {
            throw CoreError(.invalidInput, "--name \"\(name)\" must be a plain file name (no '/', not starting with '.')")
        }
    }
}
