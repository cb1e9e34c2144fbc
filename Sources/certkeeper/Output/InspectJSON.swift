import CertKeeperBase
import CertKeeperCrypto
import Foundation

/// The JSON shape of `inspect --format json`. Field names are a contract (docs/cli.md).
enum InspectJSON {
    struct Document: Encodable {
        let file: String
        let format: String
        let pkcs12Protection: String?
        let objects: [Object]

        enum CodingKeys: String, CodingKey {
            case file, format, objects
            case pkcs12Protection = "pkcs12_protection"
        }
    }

    struct Object: Encodable {
        var kind: String
        var certificate: CertificateJSON?
        var subject: String?
        var keyType: String?
        var keyBits: Int?
        var encrypted: Bool?
        var signatureValid: Bool?
        var subjectAlternativeNames: [String]?

        enum CodingKeys: String, CodingKey {
            case kind, subject, encrypted
            case keyType = "key_type"
            case keyBits = "key_bits"
            case signatureValid = "signature_valid"
            case subjectAlternativeNames = "subject_alternative_names"
        }

        func encode(to encoder: any Encoder) throws {
            if let certificate {
                try certificate.encode(to: encoder)
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(kind, forKey: .kind)
                return
            }
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(kind, forKey: .kind)
            try container.encodeIfPresent(subject, forKey: .subject)
            try container.encodeIfPresent(keyType, forKey: .keyType)
            try container.encodeIfPresent(keyBits, forKey: .keyBits)
            try container.encodeIfPresent(encrypted, forKey: .encrypted)
            try container.encodeIfPresent(signatureValid, forKey: .signatureValid)
            try container.encodeIfPresent(subjectAlternativeNames, forKey: .subjectAlternativeNames)
        }
    }

    static func render(_ document: DecodedDocument, path: String) throws -> String {
        let objects = document.items.map { item -> Object in
            switch item {
            case .certificate(let certificate):
                return Object(kind: "certificate", certificate: CertificateJSON(certificate))
            case .certificateRequest(let request):
                return Object(
                    kind: "certificate_request", subject: request.subject.description,
                    keyType: request.publicKey.algorithm.typeName, keyBits: request.publicKey.algorithm.bits,
                    signatureValid: request.isSignatureValid,
                    subjectAlternativeNames: request.subjectAlternativeNames.map(\.description)
                )
            case .privateKey(let algorithm, let encrypted):
                return Object(kind: "private_key", keyType: algorithm.typeName, keyBits: algorithm.bits, encrypted: encrypted)
            case .encryptedPrivateKey:
                return Object(kind: "private_key", encrypted: true)
            case .publicKey(let key):
                return Object(kind: "public_key", keyType: key.algorithm.typeName, keyBits: key.algorithm.bits)
            }
        }
        let output = Document(
            file: path, format: document.format.rawValue,
            pkcs12Protection: document.pkcs12Protection?.summary, objects: objects
        )
        return try JSONOutput.encode(output)
    }
}

/// One certificate in JSON; shared by every command that reports certificates.
struct CertificateJSON: Encodable {
    let subject: String
    let issuer: String
    let serial: String
    let notBefore: String
    let notAfter: String
    let keyType: String
    let keyBits: Int
    let signatureAlgorithm: String
    let subjectAlternativeNames: [String]
    let keyUsage: [String]
    let extendedKeyUsage: [String]
    let selfSigned: Bool
    let ca: Bool
    let sha1Thumbprint: String
    let sha256Thumbprint: String
    let x5t: String
    let x5tS256: String

    enum CodingKeys: String, CodingKey {
        case subject, issuer, serial, ca, x5t
        case notBefore = "not_before"
        case notAfter = "not_after"
        case keyType = "key_type"
        case keyBits = "key_bits"
        case signatureAlgorithm = "signature_algorithm"
        case subjectAlternativeNames = "subject_alternative_names"
        case keyUsage = "key_usage"
        case extendedKeyUsage = "extended_key_usage"
        case selfSigned = "self_signed"
        case sha1Thumbprint = "sha1_thumbprint"
        case sha256Thumbprint = "sha256_thumbprint"
        case x5tS256 = "x5t_s256"
    }

    init(_ certificate: X509Certificate) {
        subject = certificate.subject.description
        issuer = certificate.issuer.description
        serial = certificate.serialNumber.hex
        notBefore = RFC3339.string(from: certificate.notBefore)
        notAfter = RFC3339.string(from: certificate.notAfter)
        keyType = certificate.keyAlgorithm.typeName
        keyBits = certificate.keyAlgorithm.bits
        signatureAlgorithm = certificate.signatureAlgorithm
        subjectAlternativeNames = certificate.subjectAlternativeNames.map(\.description)
        keyUsage = certificate.keyUsage
        extendedKeyUsage = certificate.extendedKeyUsage
        selfSigned = certificate.isSelfSigned
        ca = certificate.isCertificateAuthority
        sha1Thumbprint = certificate.sha1Thumbprint.hex
        sha256Thumbprint = certificate.sha256Thumbprint.hex
        x5t = certificate.sha1Thumbprint.base64URL
        x5tS256 = certificate.sha256Thumbprint.base64URL
    }
}

enum JSONOutput {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
