import CertKeeperBase
import CertKeeperCrypto

/// How a PFX that certkeeper writes is protected.
public struct PFXOutputOptions: Sendable {
    public enum Protection: Sendable {
        case password(Secret)
        /// Nothing encrypted, no MAC: only when the user asked for it (`--no-password`).
        case none
    }

    public var profile: PKCS12Profile
    public var iterations: Int
    public var friendlyName: String?

    public init(profile: PKCS12Profile = .modern, iterations: Int = PKCS12Profile.defaultIterations, friendlyName: String? = nil) {
        self.profile = profile
        self.iterations = iterations
        self.friendlyName = friendlyName
    }

    /// The PFX bytes for `contents`.
    func encode(_ contents: KeyCertificateChain, protection: Protection) throws(CryptoError) -> [UInt8] {
        let bundle = try PKCS12Bundle(
            privateKey: contents.key, certificate: contents.certificate, chain: contents.chain, friendlyName: friendlyName
        )
        switch protection {
        case .password(let secret): return try bundle.encoded(password: secret, profile: profile, iterations: iterations)
        case .none: return try bundle.encodedWithoutPassword()
        }
    }
}

/// The converter workflows behind `convert …` and `export cer`: read inputs with
/// `FileReader`, check every destination before any work or prompt, compute every output in
/// memory, then write them through `SecureFileWriter` (keys and PFX files 0600, nothing
/// partial on failure).
public struct CertificateConverter: Sendable {
    public let writer: SecureFileWriter

    public init(writer: SecureFileWriter) { self.writer = writer }

    /// `convert pem-to-pfx`: key + certificate (+ chain) from PEM/DER files into one PFX.
    public func pemToPFX(
        certificate certificatePath: String, key keyPath: String?, chain chainPath: String?, to outputPath: String,
        options: PFXOutputOptions,
        keyPassword: () throws(CoreError) -> Secret?,
        protection: () throws(CoreError) -> PFXOutputOptions.Protection
    ) throws(CoreError) -> KeyCertificateChain {
        do { try PKCS12Profile.validateIterations(options.iterations) } catch { throw CoreError(.invalidInput, error.description) }
        try CoreError.lifting(try writer.checkWritable([outputPath]))
        let contents = try KeyCertificateFiles.load(
            certificate: certificatePath, key: keyPath, chain: chainPath, keyPassword: keyPassword
        )
        let chosen = try protection()
        let bytes: [UInt8]
        do { bytes = try options.encode(contents, protection: chosen) } catch { throw error.about(outputPath) }
        try CoreError.lifting(try writer.write(bytes, to: outputPath, mode: .privateFile))
        return contents
    }

    /// What `pfxToPEM` wrote.
    public struct UnpackedPFX: Sendable {
        public let bundle: PKCS12Bundle
        public let keyEncrypted: Bool
        /// Chain certificates present in the PFX but not written (no chain path given).
        public let chainLeftOut: Int
    }

    /// `convert pfx-to-pem`: the leaf certificate, the key (PKCS#8; encrypted unless
    /// `keyPassword` returns nil) and optionally the chain, as PEM files.
    public func pfxToPEM(
        _ inputPath: String, password: () throws(CoreError) -> Secret?,
        certificateOut: String, keyOut: String, chainOut: String?,
        keyPassword: () throws(CoreError) -> Secret?
    ) throws(CoreError) -> UnpackedPFX {
        try CoreError.lifting(try writer.checkWritable([certificateOut, keyOut] + (chainOut.map { [$0] } ?? [])))
        let bundle = try PFXFiles.read(inputPath, password: password)
        guard let key = bundle.privateKey else {
            throw CoreError(.invalidInput, "\(inputPath) holds no private key (certificates only): use `certkeeper convert pfx-to-cer` for the certificate")
        }
        guard let certificate = bundle.certificate else {
            throw CoreError(.invalidInput, "the private key in \(inputPath) matches none of its \(bundle.chain.count) certificates")
        }
        let secret = try keyPassword()
        let keyPEM: [UInt8]
        do { keyPEM = try key.pkcs8PEM(encryptedWith: secret) } catch { throw error.about(keyOut) }
        var files: [(path: String, bytes: [UInt8], mode: SecureFileWriter.Mode)] = [
            (certificateOut, Array(certificate.pem.utf8), .publicFile),
            (keyOut, keyPEM, .privateFile),
        ]
        if let chainOut, !bundle.chain.isEmpty {
            files.append((chainOut, Array(bundle.chain.map(\.pem).joined().utf8), .publicFile))
        }
        try CoreError.lifting(try writer.writeAll(files))
        return UnpackedPFX(bundle: bundle, keyEncrypted: secret != nil, chainLeftOut: chainOut == nil ? bundle.chain.count : 0)
    }
}
