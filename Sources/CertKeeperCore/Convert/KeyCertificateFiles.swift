import CertKeeperBase
import CertKeeperCrypto

/// A private key, the certificate it belongs to and the rest of the chain, gathered from
/// PEM or DER files.
public struct KeyCertificateChain: Sendable {
    public let key: PrivateKey
    public let certificate: X509Certificate
    public let chain: [X509Certificate]
}

/// Gathers `pem-to-pfx` inputs: `--cert` (a certificate, a bundle such as fullchain.pem, or
/// a `cert+key.pem`), `--key` (optional when `--cert` holds the key) and `--chain`. The leaf
/// is the certificate that matches the key, wherever it appears; the others form the chain
/// in the order given.
public enum KeyCertificateFiles {
    private static let pfxHint = "use `certkeeper convert pfx-to-pem` to unpack it"

    public static func load(
        certificate certificatePath: String, key keyPath: String?, chain chainPath: String?,
        keyPassword: () throws(CoreError) -> Secret?
    ) throws(CoreError) -> KeyCertificateChain {
        let certificateBytes = try CoreError.lifting(try FileReader.read(certificatePath))
        try InputFormatCheck.requireNotPFX(certificateBytes, path: certificatePath, hint: pfxHint)
        let primary = try certificates(in: certificateBytes, path: certificatePath)
        let extra =
            try chainPath.map { (path) throws(CoreError) -> [X509Certificate] in
                let bytes = try CoreError.lifting(try FileReader.read(path))
                try InputFormatCheck.requireNotPFX(bytes, path: path, hint: pfxHint)
                return try certificates(in: bytes, path: path)
            } ?? []

        let key: PrivateKey
        if let keyPath {
            try InputFormatCheck.requireNotPFX(try CoreError.lifting(try FileReader.read(keyPath)), path: keyPath, hint: pfxHint)
            key = try KeyFiles.load(keyPath, password: keyPassword)
        } else {
            guard holdsPrivateKey(certificateBytes) else {
                throw CoreError(.invalidInput, "\(certificatePath) holds no private key: give the key with --key FILE")
            }
            key = try KeyFiles.load(certificatePath, password: keyPassword)
        }

        let all = unique(primary + extra)
        guard let leafIndex = all.firstIndex(where: { $0.matches(key) }) else {
            throw mismatch(keyPath: keyPath ?? certificatePath, certificatePath: certificatePath, certificates: primary)
        }
        var chain = all
        let leaf = chain.remove(at: leafIndex)
        return KeyCertificateChain(key: key, certificate: leaf, chain: chain)
    }

    /// Every certificate of a PEM (bundle) or DER file; refuses a file that holds none.
    static func certificates(in bytes: [UInt8], path: String) throws(CoreError) -> [X509Certificate] {
        let found: [X509Certificate]
        do { found = try X509Certificate.certificates(fromPEMOrDER: bytes) } catch { throw error.about(path) }
        guard !found.isEmpty else { throw CoreError(.invalidInput, "\(path) holds no certificate") }
        return found
    }

    private static func holdsPrivateKey(_ bytes: [UInt8]) -> Bool {
        guard let document = try? DocumentDecoder.decode(bytes, password: nil) else { return false }
        return document.items.contains { item in
            switch item {
            case .privateKey, .encryptedPrivateKey: true
            default: false
            }
        }
    }

    private static func unique(_ certificates: [X509Certificate]) -> [X509Certificate] {
        var seen = Set<X509Certificate>()
        return certificates.filter { seen.insert($0).inserted }
    }

    private static func mismatch(keyPath: String, certificatePath: String, certificates: [X509Certificate]) -> CoreError {
        let described = certificates.prefix(3).map { "SHA-1 \($0.sha1Thumbprint.hex), SHA-256 \($0.sha256Thumbprint.hex)" }
        let subject =
            certificates.count == 1
            ? "the certificate in \(certificatePath) (\(described[0]))"
            : "any of the \(certificates.count) certificates in \(certificatePath) (\(described.joined(separator: "; ")))"
        return CoreError(
            .invalidInput,
            "the private key in \(keyPath) does not belong to \(subject): give the key that was used to create the certificate"
        )
    }
}
