/// A private key. Its `description` names the algorithm only; key material leaves this type
/// only through an explicit export call (`pkcs8PEM(encryptedWith:)`).
public struct PrivateKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let backing: OwnedPKey
    public let algorithm: KeyAlgorithm

    init(backing: OwnedPKey) {
        self.backing = backing
        self.algorithm = KeyAlgorithm(describing: backing.raw)
    }

    public var description: String { "PrivateKey(\(algorithm))" }
    public var debugDescription: String { description }
}

/// A public key (SubjectPublicKeyInfo).
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    let backing: OwnedPKey
    public let algorithm: KeyAlgorithm
    /// DER SubjectPublicKeyInfo; the identity of the key.
    public let subjectPublicKeyInfoDER: [UInt8]

    public var description: String { "PublicKey(\(algorithm))" }

    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
        lhs.subjectPublicKeyInfoDER == rhs.subjectPublicKeyInfoDER
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(subjectPublicKeyInfoDER) }
}
