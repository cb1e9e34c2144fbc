/// Text from certificates, files and servers made safe for a terminal or a log line: every
/// control character (C0, DEL, C1) and every bidirectional override becomes a visible
/// escape, so a subject or a profile file cannot move the cursor, recolour the screen, hide
/// text or start a new report line.
public enum TerminalText {
    /// `\n` → `\x0a`, ESC → `\x1b`, U+009B → `\u{9b}`, U+202E → `\u{202e}`; everything else as is.
    public static func escaped(_ text: String) -> String {
        // Most text has none of the lead bytes these characters encode to (C0, DEL, C1 after
        // 0xC2, the bidi controls after 0xE2): skip the scalar walk, which a 100,000-row
        // table would otherwise pay for every cell.
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return text }
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            let hex = String(scalar.value, radix: 16)
            result += scalar.value < 0x80 ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{\(hex)}"
        }
        return result
    }

    /// Server-supplied text quoted in an error line (a Location header, a TLS library's
    /// message about a peer): escaped, and cut after `limit` scalars so a hostile server
    /// cannot flood the line.
    public static func escaped(_ text: String, limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return escaped(text) }
        return escaped(String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit)))) + "…"
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators (which some
    /// parsers and terminals treat as line breaks): the one set that exports and password
    /// references refuse and terminal text escapes.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// Embedding, override and isolate controls that reorder what a terminal shows.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || isBidiControl(scalar)
    }
}
