import CertKeeperBase
import CertKeeperCore
import Foundation

/// JSON written by hand, straight into the output buffer: the scan streams 100,000 objects,
/// and building an Encodable tree (or even one String) per object costs more than the query.
enum JSONText {
    /// `"…"` with RFC 8259 escapes: quote, backslash, and control characters.
    static func appendQuoted(_ text: String, to output: ByteStream) {
        output.append(UInt8(ascii: "\""))
        // Native strings are contiguous UTF-8: check and copy them as one buffer.
        let copied =
            text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                guard !bytes.contains(where: needsEscape) else { return false }
                output.append(bytes)
                return true
            } ?? false
        if !copied {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): output.append("\\\"")
                case UInt8(ascii: "\\"): output.append("\\\\")
                case UInt8(ascii: "\n"): output.append("\\n")
                case UInt8(ascii: "\r"): output.append("\\r")
                case UInt8(ascii: "\t"): output.append("\\t")
                case 0..<0x20:
                    output.append("\\u00")
                    output.append(hexDigits[Int(byte >> 4)])
                    output.append(hexDigits[Int(byte & 0x0F)])
                default: output.append(byte)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    static func appendArray(_ values: [String], to output: ByteStream) {
        output.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            appendQuoted(value, to: output)
        }
        output.append(UInt8(ascii: "]"))
    }

    /// A percentage with two decimals, `87.5` → `87.50`.
    static func appendHundredths(_ value: Double, to output: ByteStream) {
        let scaled = Int((value * 100).rounded())
        output.append(String(scaled / 100))
        output.append(UInt8(ascii: "."))
        let fraction = scaled % 100
        output.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        output.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    static func appendTimestamp(_ date: Date, to output: ByteStream) {
        output.append(UInt8(ascii: "\""))
        output.append { RFC3339.append(date, to: &$0) }
        output.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
