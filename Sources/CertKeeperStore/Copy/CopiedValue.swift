/// One value of a copied row, exactly as stored: no conversion to a domain type (dates stay
/// the stored text, booleans the stored 0/1), so what arrives is byte for byte what left.
enum CopiedValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case text(String)
    case blob([UInt8])
}

/// A table's row count and content checksum, computed the same way on both ends: each row is
/// hashed (64-bit FNV-1a over a tagged, length-prefixed encoding of its values, then mixed)
/// and the row hashes are added up, so the checksum does not depend on the order rows are read
/// in (the backends sort text keys differently). Not a cryptographic hash: it detects a lost,
/// extra or altered row, not a forged one.
struct TableDigest: Sendable, Equatable {
    private(set) var rows = 0
    private(set) var checksum: UInt64 = 0

    mutating func add(_ row: [CopiedValue]) {
        var hash = FNV1a()
        for value in row {
            switch value {
            case .null:
                hash.add(UInt8(0))
            case .integer(let number):
                hash.add(UInt8(1))
                hash.add(word: UInt64(bitPattern: number))
            case .text(let text):
                hash.add(UInt8(2))
                hash.add(word: UInt64(text.utf8.count))
                for byte in text.utf8 { hash.add(byte) }
            case .blob(let bytes):
                hash.add(UInt8(3))
                hash.add(word: UInt64(bytes.count))
                for byte in bytes { hash.add(byte) }
            }
        }
        rows += 1
        checksum &+= Self.mix(hash.value)
    }

    /// splitmix64's finaliser: spreads FNV's low-bit patterns before the hashes are summed.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private struct FNV1a {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func add(word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { add(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }
}
