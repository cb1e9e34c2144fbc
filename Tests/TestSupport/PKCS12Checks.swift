import Foundation

/// What Python `cryptography`'s `pkcs12.load_pkcs12` found in a PFX.
public struct PythonPKCS12Contents: Decodable, Sendable {
    /// Uppercase hex SHA-1 thumbprint of the certificate paired with the key.
    public let certificateSHA1: String?
    public let friendlyName: String?
    public let hasKey: Bool
    /// Whether the key's public half equals the certificate's public key.
    public let keyMatchesCertificate: Bool
    /// SHA-1 thumbprints of the other certificates, in file order.
    public let chainSHA1: [String]

    enum CodingKeys: String, CodingKey {
        case certificateSHA1 = "cert_sha1"
        case friendlyName = "name"
        case hasKey = "has_key"
        case keyMatchesCertificate = "key_matches"
        case chainSHA1 = "chain_sha1"
    }
}

/// Independent readers of PFX files, for cross-checking what certkeeper writes.
public enum PKCS12Checks {
    private static let loadScript = """
        import json, os, sys
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, pkcs12
        password = os.environ.get("PFX_PASSWORD")
        loaded = pkcs12.load_pkcs12(open(sys.argv[1], "rb").read(), password.encode() if password is not None else None)
        spki = lambda public: public.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        sha1 = lambda c: c.fingerprint(hashes.SHA1()).hex().upper()
        cert = loaded.cert
        print(json.dumps({
            "cert_sha1": sha1(cert.certificate) if cert else None,
            "name": cert.friendly_name.decode() if cert and cert.friendly_name else None,
            "has_key": loaded.key is not None,
            "key_matches": bool(loaded.key and cert and spki(loaded.key.public_key()) == spki(cert.certificate.public_key())),
            "chain_sha1": [sha1(c.certificate) for c in loaded.additional_certs],
        }))
        """

    /// Loads `path` with Python `cryptography` (`password` nil: no password).
    public static func pythonLoad(_ path: String, password: String?) throws -> PythonPKCS12Contents {
        let output = try IndependentTools.python(loadScript, [path], environment: ["PFX_PASSWORD": password])
        guard output.status == 0 else { throw TestSupportError("load_pkcs12 failed: \(output.stderr)") }
        return try JSONDecoder().decode(PythonPKCS12Contents.self, from: Data(output.stdoutBytes))
    }

    /// `openssl pkcs12 -info -noout` (stderr and stdout joined: OpenSSL prints the algorithm
    /// lines on stderr). No `-legacy` unless asked: modern and 3DES files must open without it.
    public static func opensslInfo(_ path: String, password: String, legacyProvider: Bool = false) throws -> ProcessOutput {
        try IndependentTools.openssl(
            ["pkcs12", "-info", "-noout", "-in", path, "-passin", "env:PFX_PASSWORD"] + (legacyProvider ? ["-legacy"] : []),
            environment: ["PFX_PASSWORD": password]
        )
    }

    /// Writes a PFX with Python `cryptography`: `key` and `certificate` (PEM paths; either may
    /// be nil), `extra` certificates in order, `BestAvailableEncryption` or `NoEncryption`.
    public static func pythonWrite(
        to path: String, key: String?, certificate: String?, extra: [String], password: String?, name: String? = nil
    ) throws {
        let script = """
            import os, sys
            from cryptography import x509
            from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, NoEncryption, load_pem_private_key, pkcs12
            out, key_path, cert_path, name = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
            extra = [x509.load_pem_x509_certificate(open(p, "rb").read()) for p in sys.argv[5:]]
            key = load_pem_private_key(open(key_path, "rb").read(), None) if key_path else None
            cert = x509.load_pem_x509_certificate(open(cert_path, "rb").read()) if cert_path else None
            password = os.environ.get("PFX_PASSWORD")
            encryption = BestAvailableEncryption(password.encode()) if password else NoEncryption()
            data = pkcs12.serialize_key_and_certificates(name.encode() if name else None, key, cert, extra or None, encryption)
            open(out, "wb").write(data)
            """
        let output = try IndependentTools.python(
            script, [path, key ?? "", certificate ?? "", name ?? ""] + extra, environment: ["PFX_PASSWORD": password]
        )
        guard output.status == 0 else { throw TestSupportError("serialize_key_and_certificates failed: \(output.stderr)") }
    }
}
