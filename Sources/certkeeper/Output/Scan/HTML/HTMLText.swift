import CertKeeperBase
import CertKeeperCore

/// HTML escaping for untrusted values (subjects, issuers, paths, reasons), written straight
/// into the output buffer: a 10,000-certificate report escapes about 100,000 values.
///
/// One escaping serves text and double-quoted attribute contexts alike: `& < > " '` become
/// references. Characters HTML forbids in a document (C0 controls, DEL, C1 controls,
/// noncharacters) would make it non-conforming, and a raw line break would split a label:
/// C0 controls and DEL become their visible Control Pictures (U+2400–U+2421, so a hostile
/// subject shows what it carries), the others U+FFFD.
enum HTMLText {
    static func append(_ text: String, to output: ByteStream) {
        let copied =
            text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                guard !bytes.contains(where: needsWork) else { return false }
                output.append(bytes)
                return true
            } ?? false
        guard !copied else { return }
        output.append { buffer in
            for scalar in text.unicodeScalars { append(scalar, to: &buffer) }
        }
    }

    /// `text` cut to `limit` Unicode scalars, with an ellipsis when it was longer: SVG labels
    /// do not wrap, and a 10,000-character subject must not push the page sideways. The
    /// full value stays in the tooltip and the table.
    static func appendTruncated(_ text: String, limit: Int, to output: ByteStream) {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return append(text, to: output) }
        output.append { buffer in
            for scalar in scalars.prefix(limit) { append(scalar, to: &buffer) }
            buffer.append(contentsOf: "…".utf8)
        }
    }

    /// ASCII that is not markup and not a control passes through as is; anything else takes
    /// the per-scalar path.
    private static func needsWork(_ byte: UInt8) -> Bool {
        switch byte {
        case 0..<0x20, 0x7F...0xFF: true
        case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"): true
        default: false
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
        let value = scalar.value
        switch value {
        case 0x26: buffer.append(contentsOf: "&amp;".utf8)
        case 0x3C: buffer.append(contentsOf: "&lt;".utf8)
        case 0x3E: buffer.append(contentsOf: "&gt;".utf8)
        case 0x22: buffer.append(contentsOf: "&quot;".utf8)
        case 0x27: buffer.append(contentsOf: "&#39;".utf8)
        case 0x00..<0x20: appendUTF8(0x2400 + value, to: &buffer)
        case 0x7F: appendUTF8(0x2421, to: &buffer)
        case 0x80...0x9F, 0xFDD0...0xFDEF: appendUTF8(0xFFFD, to: &buffer)
        case _ where value & 0xFFFE == 0xFFFE: appendUTF8(0xFFFD, to: &buffer)
        default: appendUTF8(value, to: &buffer)
        }
    }

    private static func appendUTF8(_ value: UInt32, to buffer: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else { return }
        UTF8.encode(scalar) { buffer.append($0) }
    }
}
