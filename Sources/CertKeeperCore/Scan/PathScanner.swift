import CertKeeperBase
import CertKeeperCrypto
import Foundation
import Logging

/// Reads the certificates in files and directories for `scan PATH…`, the way
/// `inventory import` reads them (same walk, same decoding, same password handling), in
/// parallel on all cores.
///
/// A file named on the command line is always read. Directories are walked recursively;
/// inside them only files with a certificate extension, outside hidden entries, are read,
/// so pointing the scan at a checkout reports neither its README nor `.git`. A readable
/// file without certificates (a key, a CSR) is skipped silently; a file that cannot be read
/// or decoded, and anything the walk could not enter, becomes an `error` entry with the
/// reason. Paths are reported absolute, as the inventory records them, so both merge.
public struct PathScanner: Sendable {
    /// Extensions read inside directories (compared case-insensitively).
    public static let certificateExtensions: Set<String> = ["pem", "crt", "cer", "cert", "der", "pfx", "p12"]

    public let selection: LeafSelection
    private let reader: CertificateFileReader
    private let logger: Logger

    /// `passwordReference`: where the PFX password comes from (`--password-env`,
    /// `--password-file`), read only when a PFX needs one.
    public init(
        selection: LeafSelection, passwordReference: SecretReference?, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.selection = selection
        self.logger = logger
        reader = CertificateFileReader(
            password: passwordReference.map { LazySecret(reference: $0, purpose: "the PFX files to scan", environment: environment) }
        )
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
        let roots = paths.map(FileWalker.absolute)
        let named = Set(roots)
        let walk = FileWalker(recursive: true).walk(paths)
        let files = walk.files.map(\.path).filter { path in
            named.contains(path) || (Self.hasCertificateExtension(path) && !Self.isHidden(path, below: roots))
        }
        var result = Result()
        result.unreadable = walk.skipped.map { UnreadableSource(source: $0.path, reason: $0.reason) }
        var indexBySHA256: [String: Int] = [:]
        let selection = self.selection
        let reader = self.reader
        let outcomes = ParallelMap.map(files) { path in Self.read(path, reader: reader, selection: selection) }
        for (path, outcome) in zip(files, outcomes) {
            switch outcome {
            case .certificates(let certificates):
                result.filesRead += 1
                for certificate in certificates {
                    let sha256 = certificate.sha256Thumbprint.hex
                    if let index = indexBySHA256[sha256] {
                        if !result.certificates[index].sources.contains(path) { result.certificates[index].sources.append(path) }
                    } else {
                        indexBySHA256[sha256] = result.certificates.count
                        result.certificates.append(ScannedCertificate(certificate, source: path))
                    }
                }
            case .noCertificate(let reason):
                result.filesRead += 1
                logger.debug("scan: \(path) \(reason); skipped")
            case .unreadable(let error):
                logger.debug("scan: \(path): \(error.description)")
                result.unreadable.append(UnreadableSource(source: path, reason: error.description))
            }
        }
        return result
    }

    private enum Outcome: Sendable {
        case certificates([X509Certificate])
        case noCertificate(String)
        case unreadable(CoreError)
    }

    private static func read(_ path: String, reader: CertificateFileReader, selection: LeafSelection) -> Outcome {
        do {
            let contents = try reader.certificates(in: CertificateFileReader.readRegularFile(path).bytes)
            // A PFX names its leaf (the key's certificate); PEM and DER files do not.
            let knownLeaf = contents.format == .pfx ? contents.keyHolder : nil
            return .certificates(selection.select(contents.certificates, knownLeaf: knownLeaf))
        } catch  where error.code == CertificateFileReader.noCertificate {
            return .noCertificate(error.description)
        } catch {
            return .unreadable(error)
        }
    }

    /// Whether a file found in a directory sits in a hidden entry (`.git/…`, `.cache/…`) below
    /// the directory it was found from.
    private static func isHidden(_ path: String, below roots: [String]) -> Bool {
        guard let root = roots.filter({ path.hasPrefix($0 == "/" ? $0 : $0 + "/") }).max(by: { $0.count < $1.count }) else { return false }
        return path.dropFirst(root.count).split(separator: "/").contains { $0.hasPrefix(".") }
    }

    private static func hasCertificateExtension(_ path: String) -> Bool {
        certificateExtensions.contains((path as NSString).pathExtension.lowercased())
    }
}
