import Foundation

/// A root CA → intermediate CA → leaf chain made with the `openssl` CLI (an independent
/// issuer), in a temporary directory: `root.pem`, `intermediate.pem`, `leaf.pem`,
/// `leaf.key.pem` (PKCS#8, unencrypted), plus the CA keys.
public final class CertificateChainFixture: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public var rootPath: String { directory.file("root.pem") }
    public var intermediatePath: String { directory.file("intermediate.pem") }
    public var leafPath: String { directory.file("leaf.pem") }
    public var leafKeyPath: String { directory.file("leaf.key.pem") }

    public init(leafSubject: String = "/CN=chain leaf") throws {
        directory = try TemporaryDirectory("certkeeper-chain")
        _ = try directory.write("basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n", to: "ca.ext")
        _ = try directory.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n", to: "leaf.ext")
        try run([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key.pem", "-out", "root.pem",
            "-subj", "/CN=certkeeper test root", "-days", "30",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try issue(name: "intermediate", subject: "/CN=certkeeper test intermediate", issuer: "root", extensions: "ca.ext")
        try issue(name: "leaf", subject: leafSubject, issuer: "intermediate", extensions: "leaf.ext")
    }

    private func issue(name: String, subject: String, issuer: String, extensions: String) throws {
        try run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(name).key.pem", "-out", "\(name).csr", "-subj", subject])
        try run([
            "x509", "-req", "-in", "\(name).csr", "-CA", "\(issuer).pem", "-CAkey", "\(issuer).key.pem",
            "-set_serial", String(UInt32.random(in: 1...UInt32.max)), "-days", "30", "-sha256",
            "-extfile", extensions, "-out", "\(name).pem",
        ])
    }

    private func run(_ arguments: [String]) throws {
        let output = try ProcessRunner.run("openssl", arguments, currentDirectory: directory.path)
        guard output.status == 0 else { throw TestSupportError("openssl \(arguments.first ?? "") failed: \(output.stderr)") }
    }
}

extension IndependentTools {
    /// Java's keytool, when a JDK is installed.
    public static var keytoolPath: String? {
        ["/usr/bin/keytool", "/usr/local/bin/keytool"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// For `@Test(.enabled(if: IndependentTools.hasKeytool, "…"))`: without a JDK a keytool
    /// check is reported as skipped, never passed with nothing checked.
    public static var hasKeytool: Bool { keytoolPath != nil }

    /// `keytool -list -v -storetype PKCS12 -keystore FILE -storepass:env VARIABLE`.
    public static func keytoolList(_ keystore: String, password: String) throws -> ProcessOutput {
        guard let keytool = keytoolPath else { throw TestSupportError("keytool is not installed") }
        return try ProcessRunner.run(
            keytool, ["-list", "-v", "-storetype", "PKCS12", "-keystore", keystore, "-storepass:env", "KEYTOOL_STOREPASS"],
            environment: ProcessRunner.environment(["KEYTOOL_STOREPASS": password])
        )
    }
}
