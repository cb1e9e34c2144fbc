import Foundation

/// A certificate thumbprint: a digest of the certificate's DER.
///
/// The SHA-1 thumbprint is an identifier (what the Azure portal shows and JWS `x5t` carries),
/// not a security property.
public struct Thumbprint: Sendable, Hashable, CustomStringConvertible {
    public enum Algorithm: String, Sendable, Hashable {
        case sha1
        case sha256

        public var byteCount: Int { self == .sha1 ? 20 : 32 }
    }

    public let algorithm: Algorithm
    public let bytes: [UInt8]

    public init(algorithm: Algorithm, bytes: [UInt8]) {
        self.algorithm = algorithm
        self.bytes = bytes
    }

    public init(of der: [UInt8], algorithm: Algorithm) {
        self.algorithm = algorithm
        self.bytes = algorithm == .sha1 ? Digest.insecureSHA1(der) : Digest.sha256(der)
    }

    /// Parses hex in any case, with or without `:` or space separators; the algorithm follows
    /// from the length.
    public init?(hex: String) {
        let digits = hex.filter { $0 != ":" && $0 != " " }
        guard digits.count % 2 == 0, let bytes = [UInt8](hexDigits: digits) else { return nil }
        switch bytes.count {
        case 20: self.init(algorithm: .sha1, bytes: bytes)
        case 32: self.init(algorithm: .sha256, bytes: bytes)
        default: return nil
        }
    }

    /// Uppercase hex, no separators (the Azure portal's form).
    public var hex: String { bytes.hexString(uppercase: true) }

    /// Colon-separated uppercase hex, as `openssl x509 -fingerprint` prints it.
    public var colonHex: String {
        bytes.map { [$0].hexString(uppercase: true) }.joined(separator: ":")
    }

    /// base64url without padding: the JWS `x5t` (SHA-1) or `x5t#S256` (SHA-256) value.
    public var base64URL: String { Base64URL.encode(bytes) }

    public var description: String { hex }
}

extension Array where Element == UInt8 {
    init?(hexDigits: String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hexDigits.utf8.count / 2)
        var high: UInt8?
        for character in hexDigits.utf8 {
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let pending = high {
                bytes.append(pending << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        guard high == nil else { return nil }
        self = bytes
    }
}
