import Foundation

/// Certificate files made with the openssl CLI (so they are independent of certkeeper).
public enum SampleFiles {
    public struct RSAFiles: Sendable {
        public let key: String
        public let pem: String
        public let der: String
        public let pfx: String
        /// cert.pem followed by key.pem, as azure-identity's AZURE_CLIENT_CERTIFICATE_PATH wants.
        public let combined: String
    }

    /// An RSA-2048 self-signed certificate `CN=name` as PEM, DER, PFX (modern, `password`)
    /// and cert+key PEM.
    public static func rsa(in directory: TemporaryDirectory, name: String, password: String, days: Int = 365) throws -> RSAFiles {
        let base = directory.file(name)
        try run([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(base).key.pem", "-out", "\(base).cert.pem",
            "-subj", "/CN=\(name)/O=Contoso", "-days", String(days),
        ])
        try run(["x509", "-in", "\(base).cert.pem", "-outform", "DER", "-out", "\(base).cer"])
        try run(
            [
                "pkcs12", "-export", "-in", "\(base).cert.pem", "-inkey", "\(base).key.pem", "-out", "\(base).pfx",
                "-passout", "env:SAMPLE_PFX_PASSWORD",
            ], environment: ["SAMPLE_PFX_PASSWORD": password])
        let combined = try Fixtures.bytesAt("\(base).cert.pem") + Fixtures.bytesAt("\(base).key.pem")
        try directory.write(combined, to: "\(name).combined.pem", mode: 0o600)
        return RSAFiles(key: "\(base).key.pem", pem: "\(base).cert.pem", der: "\(base).cer", pfx: "\(base).pfx", combined: "\(base).combined.pem")
    }

    /// An EC (P-256) certificate + key PEM (Entra refuses these for credentials).
    public static func ecCombined(in directory: TemporaryDirectory, name: String) throws -> String {
        let base = directory.file(name)
        try run([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "\(base).key.pem",
            "-out", "\(base).cert.pem", "-subj", "/CN=\(name)", "-days", "30",
        ])
        let combined = try Fixtures.bytesAt("\(base).cert.pem") + Fixtures.bytesAt("\(base).key.pem")
        return try directory.write(combined, to: "\(name).combined.pem", mode: 0o600)
    }

    /// A PFX without any password (as Key Vault exports them).
    public static func passwordlessPFX(in directory: TemporaryDirectory, name: String) throws -> String {
        let base = directory.file(name)
        try run([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(base).key.pem", "-out", "\(base).cert.pem",
            "-subj", "/CN=\(name)", "-days", "90",
        ])
        try run([
            "pkcs12", "-export", "-in", "\(base).cert.pem", "-inkey", "\(base).key.pem", "-out", "\(base).pfx",
            "-keypbe", "NONE", "-certpbe", "NONE", "-nomaciter", "-passout", "pass:",
        ])
        return "\(base).pfx"
    }

    /// A listening Unix socket at `path`; close the descriptor when done.
    public static func bindUnixSocket(_ path: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TestSupportError("socket failed") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw TestSupportError("socket path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            throw TestSupportError("bind \(path) failed")
        }
        return descriptor
    }

    private static func run(_ arguments: [String], environment: [String: String?] = [:]) throws {
        let output = try IndependentTools.openssl(arguments, environment: environment)
        guard output.status == 0 else { throw TestSupportError("openssl \(arguments.first ?? "") failed: \(output.stderr)") }
    }
}
