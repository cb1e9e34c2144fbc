/// Which ASCII bytes a text format reserves, and what each becomes.
struct EscapeTable: Sendable {
    private var replacements: [String?] = Array(repeating: nil, count: 128)

    init(_ map: [UInt8: String]) {
        for (byte, replacement) in map where byte < 0x80 { replacements[Int(byte)] = replacement }
    }

    /// This table with more (or other) replacements.
    func adding(_ map: [UInt8: String]) -> EscapeTable {
        var table = self
        for (byte, replacement) in map where byte < 0x80 { table.replacements[Int(byte)] = replacement }
        return table
    }

    /// Every C0 control character not already mapped becomes `replacement`.
    func replacingOtherControls(with replacement: String) -> EscapeTable {
        var table = self
        for byte in 0..<0x20 where table.replacements[byte] == nil { table.replacements[byte] = replacement }
        return table
    }

    subscript(byte: UInt8) -> String? { byte < 0x80 ? replacements[Int(byte)] : nil }

    /// One pass over the UTF-8 of `text`. Foundation's `replacingOccurrences` costs tens of
    /// microseconds per call, and a report of 100,000 certificates makes hundreds of
    /// thousands of them. Only ASCII is replaced, so multi-byte characters pass through.
    func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { self[$0] != nil }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            if let replaced = self[byte] { bytes.append(contentsOf: replaced.utf8) } else { bytes.append(byte) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
