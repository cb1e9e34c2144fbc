import Foundation
import TestSupport

/// Certificates for `token get` tests, made by independent tools: `openssl` for keys,
/// certificates and PFX files, Python `cryptography` for backdated (expired) certificates.
struct TokenFiles {
    let directory: TemporaryDirectory

    init() throws { directory = try TemporaryDirectory("certkeeper-token-cli") }

    /// `NAME.key.pem` + `NAME.cert.pem` (RSA 2048) and `NAME.combined.pem` (cert then key).
    @discardableResult
    func rsa(_ name: String, keyArgument: [String] = ["-newkey", "rsa:2048"]) throws -> (cert: String, key: String, combined: String) {
        let cert = directory.file("\(name).cert.pem")
        let key = directory.file("\(name).key.pem")
        try openssl(["req", "-x509"] + keyArgument + ["-nodes", "-keyout", key, "-out", cert, "-days", "30", "-subj", "/CN=\(name)"])
        let combined = try directory.write(try directory.read("\(name).cert.pem") + directory.read("\(name).key.pem"), to: "\(name).combined.pem", mode: 0o600)
        return (cert, key, combined)
    }

    /// A PFX made by `openssl pkcs12 -export` (OpenSSL 3 defaults: AES-256, PBKDF2).
    func pfx(_ name: String, password: String, withKey: Bool = true) throws -> String {
        let (cert, key, _) = try rsa(name)
        let out = directory.file("\(name).pfx")
        var arguments = ["pkcs12", "-export", "-in", cert, "-out", out, "-passout", "pass:\(password)"]
        arguments += withKey ? ["-inkey", key] : ["-nokeys"]
        try openssl(arguments)
        return out
    }

    /// An RSA certificate that expired a day ago, with its key, made by Python `cryptography`.
    func expired(_ name: String) throws -> (cert: String, key: String) {
        let cert = directory.file("\(name).cert.pem")
        let key = directory.file("\(name).key.pem")
        let script = """
            import sys, datetime
            from cryptography import x509
            from cryptography.x509.oid import NameOID
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import rsa
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, sys.argv[3])])
            now = datetime.datetime.now(datetime.timezone.utc)
            cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                    .serial_number(x509.random_serial_number())
                    .not_valid_before(now - datetime.timedelta(days=30)).not_valid_after(now - datetime.timedelta(days=1))
                    .sign(key, hashes.SHA256()))
            open(sys.argv[1], 'wb').write(cert.public_bytes(serialization.Encoding.PEM))
            open(sys.argv[2], 'wb').write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
            """
        let output = try IndependentTools.python(script, [cert, key, name])
        guard output.status == 0 else { throw TestSupportError("python failed: \(output.stderr)") }
        return (cert, key)
    }

    private func openssl(_ arguments: [String]) throws {
        let output = try IndependentTools.openssl(arguments)
        guard output.status == 0 else { throw TestSupportError("openssl \(arguments.prefix(2)) failed: \(output.stderr)") }
    }
}

/// `certkeeper token get` with a fresh (or given) home and no ambient AZURE_*/M365_* values.
enum TokenCLI {
    static let credentialVariables =
        [
            "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_CLIENT_CERTIFICATE_PASSWORD",
            "AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "AZURE_AUTHORITY_HOST", "M365_TENANT_ID", "M365_CLIENT_ID",
            "M365_CLIENT_CERTIFICATE_FILE_PATH", "M365_CLIENT_CERTIFICATE_PASSWORD", "M365_SEND_CERTIFICATE_CHAIN",
        ] + networkVariables

    /// Trust and proxy settings the machine may have (this one sets SSL_CERT_FILE and
    /// REQUESTS_CA_BUNDLE to the system bundle): cleared, so each test says what it trusts.
    static let networkVariables = [
        "CERTKEEPER_CA_BUNDLE", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy",
        "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy",
    ]

    static func run(_ arguments: [String], home: String, environment: [String: String] = [:]) throws -> ProcessOutput {
        try runCertkeeper(["token", "get"] + arguments, home: home, environment: environment)
    }

    /// Any certkeeper command with that home and environment.
    static func runCertkeeper(_ arguments: [String], home: String, environment: [String: String] = [:]) throws -> ProcessOutput {
        var changes: [String: String?] = Dictionary(uniqueKeysWithValues: credentialVariables.map { ($0, nil) })
        for (name, value) in environment { changes[name] = value }
        changes["CERTKEEPER_HOME"] = home
        return try Binaries.runCertkeeper(arguments, environment: changes)
    }

    /// The payload of a JWT, decoded.
    static func claims(_ jwt: String) throws -> [String: Any] {
        let parts = jwt.split(separator: ".")
        guard parts.count == 3 else { throw TestSupportError("not a JWT: \(jwt.prefix(20))…") }
        var base64 = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw TestSupportError("JWT payload is not JSON")
        }
        return object
    }
}

extension CertificateChainFixture {
    /// The named fixture files one after another in one PEM (mode 0600: it may hold the key),
    /// as azure-identity and Terraform expect a certificate, its chain and its key.
    func concatenated(_ names: [String], to name: String) throws -> String {
        var bytes: [UInt8] = []
        for file in names { bytes += try directory.read(file) }
        return try directory.write(bytes, to: name, mode: 0o600)
    }
}
