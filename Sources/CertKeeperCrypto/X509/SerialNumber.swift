/// A certificate serial number: big-endian bytes of a positive integer, without leading zeros.
public struct SerialNumber: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        let trimmed = bytes.drop { $0 == 0 }
        self.bytes = trimmed.isEmpty ? [0] : Array(trimmed)
    }

    /// A fresh serial of 71 bits, 70 of them random: positive, at least 64 bits of entropy as
    /// CA/Browser rules ask, and 9 octets in DER, under the 10 some Azure importers allow.
    public init(using generator: inout some RandomNumberGenerator) {
        var random = (0..<9).map { _ in UInt8.random(in: 0...255, using: &generator) }
        random[0] = (random[0] & 0x7F) | 0x40
        self.init(bytes: random)
    }

    /// A fresh serial from OpenSSL's CSPRNG.
    public static func random() -> SerialNumber {
        var generator = OpenSSLRandomNumberGenerator()
        return SerialNumber(using: &generator)
    }

    /// Uppercase hex without separators, as portals and `openssl x509 -serial` show it.
    public var hex: String { bytes.hexString(uppercase: true) }

    public var description: String { hex }
}

extension Array where Element == UInt8 {
    func hexString(uppercase: Bool) -> String {
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var result: [UInt8] = []
        result.reserveCapacity(count * 2)
        for byte in self {
            result.append(digits[Int(byte >> 4)])
            result.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: result, as: UTF8.self)
    }
}
