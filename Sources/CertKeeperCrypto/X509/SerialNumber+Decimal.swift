extension SerialNumber {
    /// Parses uppercase or lowercase hex, as `hex` prints it.
    public init?(hex: String) {
        let digits = hex.count % 2 == 0 ? hex : "0" + hex
        guard !digits.isEmpty, let bytes = [UInt8](hexDigits: digits) else { return nil }
        self.init(bytes: bytes)
    }

    /// Base-10 digits of the (non-negative) serial, as Go's `big.Int.String()` prints it:
    /// the form x509-certificate-exporter uses in its `serial_number` label.
    public var decimal: String {
        // Little-endian limbs of 10^9; each byte shifts the number left by 8 bits.
        var limbs: [UInt64] = [0]
        for byte in bytes {
            var carry = UInt64(byte)
            for index in limbs.indices {
                let value = limbs[index] << 8 + carry
                limbs[index] = value % 1_000_000_000
                carry = value / 1_000_000_000
            }
            while carry > 0 {
                limbs.append(carry % 1_000_000_000)
                carry /= 1_000_000_000
            }
        }
        var text = String(limbs.last ?? 0)
        for limb in limbs.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }
}
