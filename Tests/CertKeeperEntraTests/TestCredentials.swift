import CertKeeperCrypto
import CertKeeperEntra
import Foundation
import TestSupport

/// Keys and certificates made for a test with CertKeeperCrypto (a fresh RSA key each time).
enum TestCredentials {
    static func certificate(
        commonName: String = "certkeeper-test", key: PrivateKey, notBefore: Date = Date(timeIntervalSinceNow: -3600), days: Int = 30
    ) throws -> X509Certificate {
        let spec = SelfSignedCertificateSpec(
            subject: try DistinguishedName(parsing: "CN=\(commonName)"),
            validity: try CertificateValidity.days(days, from: notBefore)
        )
        return try X509Certificate.selfSigned(spec, key: key)
    }

    static func rsa(commonName: String = "certkeeper-test", chain: [X509Certificate] = []) throws -> ClientCertificateCredential {
        let key = try PrivateKey.generate(.rsa2048)
        return try ClientCertificateCredential(certificate: try certificate(commonName: commonName, key: key), privateKey: key, chain: chain)
    }

    /// A fixed clock and jti so claims can be compared exactly.
    static let fixedNow = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
    static let fixedJTI = "7b1c2d4e-0000-4000-8000-000000000001"
    static let pinnedFactory = ClientAssertionFactory(clock: { fixedNow }, makeJTI: { fixedJTI })
}

/// Verifies a compact JWS with Python `cryptography` against the certificate in `certificatePath`
/// and returns what Python computed independently (thumbprints, header, claims).
enum PythonJWSVerifier {
    struct Result: Decodable {
        let verified: Bool
        let header: [String: JSONValue]
        let claims: [String: JSONValue]
        let sha1X5t: String
        let sha256X5t: String
        let x5cLeafMatches: Bool?
    }

    static let script = #"""
        import sys, json, base64
        from cryptography import x509
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding

        def b64url_decode(text):
            assert '=' not in text, 'padding in a JWS segment'
            return base64.urlsafe_b64decode(text + '=' * (-len(text) % 4))

        def b64url(data):
            return base64.urlsafe_b64encode(data).rstrip(b'=').decode()

        jws, cert_path = sys.argv[1], sys.argv[2]
        h, p, s = jws.split('.')
        header, claims = json.loads(b64url_decode(h)), json.loads(b64url_decode(p))
        cert = x509.load_pem_x509_certificate(open(cert_path, 'rb').read())
        if header['alg'] == 'PS256':
            pad = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        elif header['alg'] == 'RS256':
            pad = padding.PKCS1v15()
        else:
            raise SystemExit('unexpected alg ' + header['alg'])
        try:
            cert.public_key().verify(b64url_decode(s), (h + '.' + p).encode(), pad, hashes.SHA256())
            verified = True
        except InvalidSignature:
            verified = False
        leaf = None
        if 'x5c' in header:
            leaf = x509.load_der_x509_certificate(base64.b64decode(header['x5c'][0])) == cert
        print(json.dumps({
            'verified': verified, 'header': header, 'claims': claims,
            'sha1X5t': b64url(cert.fingerprint(hashes.SHA1())),
            'sha256X5t': b64url(cert.fingerprint(hashes.SHA256())),
            'x5cLeafMatches': leaf,
        }))
        """#

    static func verify(_ compact: String, certificatePath: String) throws -> Result {
        let output = try IndependentTools.python(script, [compact, certificatePath])
        guard output.status == 0 else { throw VerifierError("python failed: \(output.stderr)") }
        return try JSONDecoder().decode(Result.self, from: Data(output.stdout.utf8))
    }
}

struct VerifierError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A JSON value as decoded from Python's output.
enum JSONValue: Decodable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var number: Double? { if case .number(let value) = self { value } else { nil } }
}
