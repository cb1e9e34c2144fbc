import Foundation

/// `Tests/Scripts/network_test_server.py`: a loopback server that misbehaves in one
/// chosen way (drips, answers 50 MiB, redirects), over http or over https with a
/// certificate from `ServerCertificates`.
public final class NetworkTestServer: @unchecked Sendable {
    public enum Mode: String, Sendable {
        case ok, drip, huge
        case hugeChunked = "huge-chunked"
        case redirect
    }

    private let server: LoopbackServerProcess
    public let directory: TemporaryDirectory
    public let tls: Bool
    public var port: Int { server.port }
    public var baseURL: String { "\(tls ? "https" : "http")://127.0.0.1:\(port)" }

    public init(_ mode: Mode, certificate: ServerCertificates? = nil, location: String? = nil, maximumTLS: String? = nil) throws {
        directory = try TemporaryDirectory("certkeeper-network-server")
        tls = certificate != nil
        let portFile = directory.file("port")
        var arguments = [Self.scriptPath, "--mode", mode.rawValue, "--port-file", portFile, "--log", directory.file("requests.log")]
        if let certificate { arguments += ["--cert", certificate.leaf, "--key", certificate.leafKey] }
        if let location { arguments += ["--location", location] }
        if let maximumTLS { arguments += ["--max-tls", maximumTLS] }
        server = try LoopbackServerProcess("python3", arguments, portFile: portFile)
    }

    /// "METHOD PATH" per request received.
    public func requests() -> [String] {
        guard let data = FileManager.default.contents(atPath: directory.file("requests.log")) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    public func stop() { server.stop() }

    private static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Scripts/network_test_server.py").path
    }
}

/// A CA and a server certificate it signed, made by the openssl CLI:
///   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=<ca>" -days 2
///   openssl req -new … -subj "/CN=<names[0]>" ; openssl x509 -req -CA … -extfile (SAN, serverAuth)
public struct ServerCertificates: Sendable {
    public let directory: TemporaryDirectory
    public var ca: String { directory.file("ca.pem") }
    public var leaf: String { directory.file("leaf.pem") }
    public var leafKey: String { directory.file("leaf.key") }

    /// `names`: DNS names and IP addresses for the subjectAltName.
    public init(caName: String = "Transport Test CA", names: [String] = ["127.0.0.1", "localhost"]) throws {
        directory = try TemporaryDirectory("certkeeper-server-certs")
        let san = names.map { $0.first?.isNumber == true || $0.contains(":") ? "IP:\($0)" : "DNS:\($0)" }.joined(separator: ",")
        let extensions = try directory.write(
            "basicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=\(san)\n", to: "leaf.ext"
        )
        for arguments in [
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", directory.file("ca.key"),
                "-out", ca, "-subj", "/CN=\(caName)", "-days", "2",
            ],
            [
                "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", leafKey,
                "-out", directory.file("leaf.csr"), "-subj", "/CN=\(names.first ?? "server")",
            ],
            [
                "x509", "-req", "-in", directory.file("leaf.csr"), "-CA", ca, "-CAkey", directory.file("ca.key"),
                "-out", leaf, "-days", "1", "-extfile", extensions,
            ],
        ] {
            let output = try IndependentTools.openssl(arguments)
            guard output.status == 0 else { throw TestSupportError("openssl \(arguments[0]) failed: \(output)") }
        }
    }
}
