import CertKeeperBase
import CertKeeperCrypto
import CertKeeperStore
import Foundation

/// Reads one file found by an import: every certificate it holds (all of a PEM bundle, the
/// leaf and chain of a PFX), its format, and which certificate's private key it also holds.
/// Anything it cannot use becomes a skip reason, never an error that stops the import.
struct CertificateFileReader: Sendable {
    enum Outcome: Sendable {
        case read(FileDiscovery)
        case skipped(ImportSkip)
        /// Readable crypto material that is not a certificate (a key, a CSR): nothing to
        /// record, nothing wrong either.
        case ignored(ImportSkip)
    }

    /// The PFX password, resolved the first time a PFX needs one.
    let password: LazySecret?

    func read(_ path: String) -> Outcome {
        let file: (bytes: [UInt8], stamp: String)
        do { file = try Self.readRegularFile(path) } catch { return .skipped(ImportSkip(path: path, reason: error.description)) }
        do {
            return .read(try decode(file.bytes, path: path, stamp: file.stamp))
        } catch  where error.code == Self.noCertificate {
            return .ignored(ImportSkip(path: path, reason: error.description))
        } catch {
            return .skipped(ImportSkip(path: path, reason: error.description))
        }
    }

    /// What one certificate file holds, before it becomes an inventory record (`scan`
    /// reads files the same way).
    struct Contents: Sendable {
        let format: CertificateFileFormat
        /// Every certificate, in file order (a PFX: the key's certificate first).
        let certificates: [X509Certificate]
        /// The certificate whose private key the file also holds, if any.
        let keyHolder: X509Certificate?
        /// The password reference that opened a PFX (nil when it needs none).
        let passwordReference: String?
    }

    func decode(_ bytes: [UInt8], path: String, stamp: String?) throws(CoreError) -> FileDiscovery {
        let contents = try certificates(in: bytes)
        return FileDiscovery(
            path: path, format: contents.format, privateKeyCertificate: contents.keyHolder?.sha256Thumbprint.hex,
            passwordReference: contents.passwordReference, stamp: stamp, certificates: contents.certificates.map(CertificateFacts.init)
        )
    }

    func certificates(in bytes: [UInt8]) throws(CoreError) -> Contents {
        switch EncodedFormat.detect(bytes) {
        case .pem:
            let bundle: PEMCertificateBundle
            do { bundle = try PEMCertificateBundle(pem: bytes) } catch { throw CoreError(.crypto, error.description, underlying: error) }
            let certificates = bundle.certificates
            guard !certificates.isEmpty else {
                throw CoreError(Self.noCertificate, "holds no certificate (a key, request or public key only)")
            }
            // A PEM with a key block: the key is the end-entity certificate's (the order of
            // a bundle says nothing; matching would need the key's password).
            let keyHolder = bundle.hasPrivateKey ? X509Certificate.endEntityIndex(in: certificates).map { certificates[$0] } : nil
            return Contents(format: .pem, certificates: certificates, keyHolder: keyHolder, passwordReference: nil)
        case .der:
            let certificate: X509Certificate
            do { certificate = try X509Certificate(der: bytes) } catch {
                throw CoreError(.invalidInput, "DER, but not an X.509 certificate (a key, request, or a corrupt certificate)")
            }
            return Contents(format: .der, certificates: [certificate], keyHolder: nil, passwordReference: nil)
        case .pkcs12:
            return try decodePFX(bytes)
        case nil:
            throw CoreError(.invalidInput, "not a certificate file (neither PEM, DER nor PFX)")
        }
    }

    private func decodePFX(_ bytes: [UInt8]) throws(CoreError) -> Contents {
        let secret = try password?.value()
        let list: PKCS12CertificateList
        do {
            list = try PKCS12Bundle.certificates(in: bytes, password: secret)
        } catch  where error.code == .passwordRequired {
            throw CoreError(.secretUnavailable, "password-protected PFX: give its password with --password-env NAME or --password-file PATH")
        } catch  where error.code == .wrongPassword {
            throw CoreError(.crypto, "PFX: \(error.description) (the password from \(password?.reference.description ?? "none") does not open it)", underlying: error)
        } catch {
            throw CoreError(.crypto, "PFX: \(error.description)", underlying: error)
        }
        guard !list.certificates.isEmpty else { throw CoreError(.invalidInput, "PFX without any certificate") }
        let reference = list.protection.isPasswordless ? nil : password?.reference.description
        return Contents(format: .pfx, certificates: list.certificates, keyHolder: list.hasPrivateKey ? list.leaf : nil, passwordReference: reference)
    }

    /// The code of "a PEM file of keys or requests only".
    static let noCertificate = CoreError.Code.notFound

    /// Opens without blocking (a FIFO swapped in after the walk stays unread), checks it is
    /// still a regular file, and reads it whole.
    static func readRegularFile(_ path: String) throws(CoreError) -> (bytes: [UInt8], stamp: String) {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw CoreError(.io, FileWalker.describe(errno: errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw CoreError(.io, FileWalker.describe(errno: errno)) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw CoreError(.notAFile, "\(FileWalker.kind(of: status.st_mode)), not a certificate file")
        }
        guard status.st_size <= FileReader.maximumSize else {
            throw CoreError(.invalidInput, "\(status.st_size) bytes, larger than any certificate file")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CoreError(.io, "read failed: \(FileWalker.describe(errno: errno))")
            }
            if count == 0 { break }
            offset += count
        }
        if offset < bytes.count { bytes.removeLast(bytes.count - offset) }
        guard !bytes.isEmpty else { throw CoreError(.invalidInput, "empty file") }
        return (bytes, ImportCandidate(path: path, status: status).stamp)
    }
}
