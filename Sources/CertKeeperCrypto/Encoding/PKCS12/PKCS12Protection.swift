/// One encryption scheme found in a PFX, named the way people compare importers.
public struct PKCS12Encryption: Sendable, Hashable, CustomStringConvertible {
    /// How an importer and an attacker see the scheme.
    public enum Strength: Int, Sendable, Hashable, Comparable {
        /// Stored in the clear (password-less files, or `-keypbe NONE`).
        case unencrypted
        /// 40-bit RC2/RC4, single DES, 128-bit RC2/RC4: broken or nearly so.
        case weak
        /// PBE-SHA1-3DES: old but sound, and what every importer accepts.
        case compatible
        /// PBES2 (PBKDF2 + AES): Windows Server 2019+, not Go's x/crypto/pkcs12.
        case modern

        public static func < (lhs: Strength, rhs: Strength) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// `AES-256-CBC/PBKDF2`, `3DES`, `RC2-40`, `unencrypted`, …
    public let name: String
    public let strength: Strength

    public init(name: String, strength: Strength) {
        self.name = name
        self.strength = strength
    }

    public static let unencrypted = PKCS12Encryption(name: "unencrypted", strength: .unencrypted)

    public var description: String { name }
}

/// How a PKCS#12 file protects its contents, in words a user can act on. Read from the
/// file's structure, so it is known even before the password is.
public struct PKCS12Protection: Sendable, Hashable, CustomStringConvertible {
    /// How the certificates are stored; nil when the file holds none.
    public let certificateEncryption: PKCS12Encryption?
    /// How the private key is stored; nil when the file holds none.
    public let keyEncryption: PKCS12Encryption?
    /// `SHA-1`, `SHA-256`, …; nil when the file has no MAC (no integrity check at all).
    public let macDigest: String?

    public init(certificateEncryption: PKCS12Encryption?, keyEncryption: PKCS12Encryption?, macDigest: String?) {
        self.certificateEncryption = certificateEncryption
        self.keyEncryption = keyEncryption
        self.macDigest = macDigest
    }

    /// e.g. `AES-256-CBC/PBKDF2, MAC SHA-256 (Windows Server 2019+)`,
    /// `3DES, MAC SHA-1 (imports everywhere)`,
    /// `certificates RC2-40, key 3DES, MAC SHA-1 (legacy; re-export recommended)`.
    public var summary: String {
        var parts: [String] = []
        switch (certificateEncryption, keyEncryption) {
        case (let certificates?, let key?) where certificates != key:
            parts.append("certificates \(certificates), key \(key)")
        case (let certificates?, _):
            parts.append(certificates.name)
        case (nil, let key?):
            parts.append(key.name)
        case (nil, nil):
            parts.append("empty")
        }
        parts.append(macDigest.map { "MAC \($0)" } ?? "no MAC")
        return parts.joined(separator: ", ") + " (\(verdict))"
    }

    public var description: String { summary }

    /// Whether some part uses a broken scheme (RC2-40 and friends): worth re-exporting.
    public var isWeak: Bool { schemes.contains { $0.strength == .weak } }

    /// Whether the file opens without a password (nothing encrypted, or Key Vault style).
    public var isPasswordless: Bool { schemes.allSatisfy { $0.strength == .unencrypted } }

    private var schemes: [PKCS12Encryption] { [certificateEncryption, keyEncryption].compactMap { $0 } }

    private var verdict: String {
        if isWeak { return "legacy; re-export recommended" }
        if isPasswordless {
            return keyEncryption == nil ? "no password" : "no password: anyone with the file has the key"
        }
        let oldMAC = macDigest == nil || macDigest == "SHA-1"
        if oldMAC && schemes.allSatisfy({ $0.strength <= .compatible }) { return "imports everywhere" }
        return "Windows Server 2019+"
    }
}
