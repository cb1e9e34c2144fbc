import CertKeeperCrypto
import Foundation
import Logging

/// Reads the certificates in files and directories for `scan PATH…`.
///
/// A file named on the command line is always read. Inside a directory (walked
/// recursively, hidden entries and symlinked directories skipped) only files with a
/// certificate extension are read, so pointing the scan at a checkout does not report its
/// README as unreadable. A readable file without certificates (a key, a CSR) is skipped
/// silently; a file that cannot be read or decoded becomes an `error` entry with the reason.
public struct PathScanner {
    /// Extensions read inside directories (compared case-insensitively).
    public static let certificateExtensions: Set<String> = ["pem", "crt", "cer", "cert", "der", "pfx", "p12"]

    public let selection: LeafSelection
    /// The PFX password, asked for only when a PFX turns out to need one.
    public let password: () throws(CoreError) -> Secret?
    public let logger: Logger

    public init(selection: LeafSelection, logger: Logger, password: @escaping () throws(CoreError) -> Secret?) {
        self.selection = selection
        self.logger = logger
        self.password = password
    }

    public struct Result: Sendable {
        /// One entry per distinct certificate (by SHA-256), with every file it was found in.
        public var certificates: [ScannedCertificate] = []
        public var unreadable: [UnreadableSource] = []
        public var filesRead = 0

        public init() {}
    }

    /// Scans `paths`. Throws only when a path does not exist at all: a mistyped operand in
    /// a pipeline must fail loudly, not pass as "nothing found".
    public func scan(_ paths: [String]) throws(CoreError) -> Result {
        for path in paths {
            var status = stat()
            if stat(path, &status) != 0, errno == ENOENT || errno == ENOTDIR {
                throw CoreError(.fileNotFound, "\(path) does not exist: give an existing file or directory to scan")
            }
        }
        var collector = Collector()
        var cachedPassword: Secret??
        let passwordOnce = { () throws(CoreError) -> Secret? in
            if let cachedPassword { return cachedPassword }
            let resolved = try password()
            cachedPassword = .some(resolved)
            return resolved
        }
        for path in paths {
            if isDirectory(path) {
                walk(directory: path, into: &collector, password: passwordOnce)
            } else {
                read(file: path, into: &collector, password: passwordOnce)
            }
        }
        return collector.result
    }

    private func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    private func walk(directory: String, into collector: inout Collector, password: () throws(CoreError) -> Secret?) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            let reason = access(directory, R_OK | X_OK) == 0 ? "cannot list the directory" : "permission denied: cannot list the directory"
            collector.unreadable(UnreadableSource(source: directory, reason: reason))
            return
        }
        for name in names where !name.hasPrefix(".") {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var link = stat()
            guard lstat(path, &link) == 0 else { continue }
            switch link.st_mode & S_IFMT {
            case S_IFDIR:
                walk(directory: path, into: &collector, password: password)
            case S_IFREG, S_IFLNK:
                let fileExtension = (name as NSString).pathExtension.lowercased()
                guard Self.certificateExtensions.contains(fileExtension), !isDirectory(path) else { continue }
                read(file: path, into: &collector, password: password)
            default:
                continue
            }
        }
    }

    private func read(file path: String, into collector: inout Collector, password: () throws(CoreError) -> Secret?) {
        logger.debug("scan: reading \(path)")
        do {
            let found = try certificates(in: path, password: password)
            collector.filesRead += 1
            let certificates = selection.select(found.all, knownLeaf: found.leaf)
            if certificates.isEmpty { logger.debug("scan: \(path) holds no certificate; skipped") }
            for certificate in certificates { collector.add(ScannedCertificate(certificate, source: path)) }
        } catch {
            logger.debug("scan: \(path): \(error.description)")
            collector.unreadable(UnreadableSource(source: path, reason: Self.reason(error, path: path)))
        }
    }

    /// Every certificate of a file, and its leaf when the format says which one it is (a
    /// PFX: the certificate of the private key). PFX files are read certificates-only: the
    /// key stays encrypted, which is most of the cost of opening one.
    private func certificates(
        in path: String, password: () throws(CoreError) -> Secret?
    ) throws(CoreError) -> (all: [X509Certificate], leaf: X509Certificate?) {
        let bytes = try FileReader.read(path)
        if EncodedFormat.detect(bytes) == .pkcs12 {
            let list = try withPassword(path, password) { (secret) throws(CryptoError) in
                try PKCS12Bundle.certificates(in: bytes, password: secret)
            }
            return (list.certificates, list.leaf)
        }
        let document = try withPassword(path, password) { (secret) throws(CryptoError) in
            try DocumentDecoder.decode(bytes, password: secret)
        }
        return (document.certificates, nil)
    }

    /// Runs `decode` without a password, and again with the user's when the file needs one.
    private func withPassword<Result>(
        _ path: String, _ password: () throws(CoreError) -> Secret?, _ decode: (Secret?) throws(CryptoError) -> Result
    ) throws(CoreError) -> Result {
        do {
            return try decode(nil)
        } catch where error.code == .passwordRequired {
            guard let secret = try password() else {
                throw CoreError(.secretUnavailable, "\(path) is password-protected: give the password with --password-env NAME or --password-file PATH")
            }
            do { return try decode(secret) } catch { throw error.about(path) }
        } catch {
            throw error.about(path)
        }
    }

    /// The error's message without a leading "path: " (the report shows the path beside it).
    static func reason(_ error: CoreError, path: String) -> String {
        let prefix = "\(path): "
        return error.description.hasPrefix(prefix) ? String(error.description.dropFirst(prefix.count)) : error.description
    }

    /// Accumulates certificates, merging the files of a certificate found more than once.
    private struct Collector {
        var result = Result()
        var indexBySHA256: [String: Int] = [:]
        var filesRead: Int {
            get { result.filesRead }
            set { result.filesRead = newValue }
        }

        mutating func add(_ certificate: ScannedCertificate) {
            if let index = indexBySHA256[certificate.sha256Thumbprint] {
                for source in certificate.sources where !result.certificates[index].sources.contains(source) {
                    result.certificates[index].sources.append(source)
                }
            } else {
                indexBySHA256[certificate.sha256Thumbprint] = result.certificates.count
                result.certificates.append(certificate)
            }
        }

        mutating func unreadable(_ source: UnreadableSource) { result.unreadable.append(source) }
    }
}
