import CertKeeperBase
import CertKeeperCrypto
import Foundation

/// Where the extra CA bundle came from, highest precedence first.
public enum CABundleSource: Sendable, Hashable, CustomStringConvertible {
    /// `--ca-bundle FILE`.
    case option
    /// A profile's `ca_bundle` setting.
    case profile(String)
    /// `CERTKEEPER_CA_BUNDLE`, `SSL_CERT_FILE` or `REQUESTS_CA_BUNDLE`.
    case environment(String)

    public var description: String {
        switch self {
        case .option: "--ca-bundle"
        case .profile(let name): "profile \(name) ca_bundle"
        case .environment(let name): name
        }
    }
}

/// A PEM file of CA certificates the user asked us to trust besides the system roots,
/// read and checked once: each certificate parsed by OpenSSL, at least one present.
public struct CABundle: Sendable {
    public let path: String
    public let source: CABundleSource
    /// The certificates, re-encoded as PEM (keys and other blocks in the file are dropped).
    public let pem: [UInt8]
    public let subjects: [String]

    public init(path: String, source: CABundleSource) throws(HTTPError) {
        self.path = path
        self.source = source
        let origin = "\(source) \(TerminalText.escaped(path, limit: 300))"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw HTTPError(.invalidConfiguration, "CA bundle \(origin) does not exist: give a PEM file of CA certificates")
        }
        guard !isDirectory.boolValue else {
            throw HTTPError(.invalidConfiguration, "CA bundle \(origin) is a directory: give a PEM file of CA certificates")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HTTPError(.invalidConfiguration, "CA bundle \(origin) cannot be read (permissions?): give a readable PEM file of CA certificates")
        }
        let certificates: [X509Certificate]
        do { certificates = try PEMCertificateBundle(pem: [UInt8](data)).certificates } catch {
            throw HTTPError(.invalidConfiguration, "CA bundle \(origin) is not a PEM file of certificates (\(error.description))")
        }
        guard !certificates.isEmpty else {
            throw HTTPError(.invalidConfiguration, "CA bundle \(origin) holds no PEM certificate (-----BEGIN CERTIFICATE-----): give a PEM file of CA certificates")
        }
        pem = Array(certificates.map(\.pem).joined(separator: "\n").utf8) + [UInt8(ascii: "\n")]
        subjects = certificates.map(\.subject.description)
    }

    /// `SSL_CERT_FILE /tmp/corp-root.pem (1 certificate: CN=Contoso Inspection Root)`.
    public var summary: String {
        let count = subjects.count == 1 ? "1 certificate: \(TerminalText.escaped(subjects[0], limit: 300))" : "\(subjects.count) certificates"
        return "\(source) \(TerminalText.escaped(path, limit: 300)) (\(count))"
    }
}

/// The system's root store as libcurl was built to use it (Debian:
/// /etc/ssl/certs/ca-certificates.crt), passed to libcurl as it is.
public struct SystemCABundle: Sendable {
    public let path: String
    public let pem: [UInt8]

    /// nil when the system has no bundle (a minimal container): then only the extra bundle
    /// is trusted.
    public init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else { return nil }
        self.path = path
        pem = [UInt8](data)
    }

    /// libcurl's compiled-in bundle, else the usual places of Debian, Fedora and Alpine/macOS.
    public static var defaultPath: String? {
        let candidates =
            [CurlLibrary.defaultCABundlePath].compactMap { $0 } + [
                "/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem",
            ]
        return candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// Counted by armour lines only: parsing 140 roots on every command would cost startup,
    /// and OpenSSL inside libcurl parses them anyway.
    public var certificateCount: Int {
        let marker = Array("-----BEGIN CERTIFICATE-----".utf8)
        var count = 0
        var index = 0
        while index + marker.count <= pem.count {
            if pem[index] == marker[0], Array(pem[index..<index + marker.count]) == marker {
                count += 1
                index += marker.count
            } else {
                index += 1
            }
        }
        return count
    }
}
