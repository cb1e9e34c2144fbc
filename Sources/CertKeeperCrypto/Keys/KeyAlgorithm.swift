/// Elliptic curves certkeeper generates keys on.
public enum ECCurve: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case p256
    case p384

    /// OpenSSL's group name for the curve.
    var openSSLGroupName: String {
        switch self {
        case .p256: "prime256v1"
        case .p384: "secp384r1"
        }
    }

    init?(openSSLGroupName: String) {
        switch openSSLGroupName {
        case "prime256v1", "P-256", "secp256r1": self = .p256
        case "secp384r1", "P-384": self = .p384
        default: return nil
        }
    }

    public var bits: Int {
        switch self {
        case .p256: 256
        case .p384: 384
        }
    }

    public var description: String {
        switch self {
        case .p256: "P-256"
        case .p384: "P-384"
        }
    }
}

/// The algorithm and size of a key, as found in a key or certificate.
public enum KeyAlgorithm: Sendable, Hashable, CustomStringConvertible {
    case rsa(bits: Int)
    case ec(ECCurve)
    /// A key type certkeeper reads but does not generate (Ed25519, DSA, other curves).
    case other(name: String, bits: Int)
    /// A key OpenSSL cannot decode (GOST without its engine, an OID nobody knows): only its
    /// algorithm identifier is known. Certificates with such keys are still inventoried and
    /// scanned; nothing that needs the key (signing, matching, registering) accepts them.
    case unknown(oid: String, name: String?)

    /// Family name used in reports: `RSA`, `EC`, or OpenSSL's name for anything else.
    public var typeName: String {
        switch self {
        case .rsa: "RSA"
        case .ec: "EC"
        case .other(let name, _): name
        case .unknown(let oid, _): oid
        }
    }

    public var bits: Int {
        switch self {
        case .rsa(let bits): bits
        case .ec(let curve): curve.bits
        case .other(_, let bits): bits
        case .unknown: 0
        }
    }

    public var isRSA: Bool {
        if case .rsa = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .rsa(let bits): "RSA \(bits)"
        case .ec(let curve): "EC \(curve)"
        case .other(let name, let bits): "\(name) \(bits)"
        case .unknown(let oid, let name?): "unknown key algorithm \(oid) (\(name))"
        case .unknown(let oid, nil): "unknown key algorithm \(oid)"
        }
    }
}

/// What to generate. RSA sizes below 2048 bits are refused: Entra rejects them (AADSTS50032)
/// and they are too weak for a credential that lives a year.
public struct KeyGenerationSpec: Sendable, Hashable, CustomStringConvertible {
    public static let allowedRSABits = [2048, 3072, 4096]

    public let algorithm: KeyAlgorithm

    private init(algorithm: KeyAlgorithm) { self.algorithm = algorithm }

    public static func rsa(bits: Int = 2048) throws(CryptoError) -> KeyGenerationSpec {
        guard allowedRSABits.contains(bits) else {
            throw CryptoError(
                .unsupportedKey,
                "RSA key size \(bits) is not allowed: use 2048, 3072 or 4096"
            )
        }
        return KeyGenerationSpec(algorithm: .rsa(bits: bits))
    }

    public static func ec(_ curve: ECCurve) -> KeyGenerationSpec {
        KeyGenerationSpec(algorithm: .ec(curve))
    }

    public static let rsa2048 = KeyGenerationSpec(algorithm: .rsa(bits: 2048))

    public var description: String { algorithm.description }
}
