import CertKeeperStore

/// Text from certificates, files and servers made safe for a terminal or a log line: every
/// control character (C0, DEL, C1) and every bidirectional override becomes a visible
/// escape, so a subject or a profile file cannot move the cursor, recolour the screen, hide
/// text or start a new report line.
public enum TerminalText {
    /// `\n` → `\x0a`, ESC → `\x1b`, U+009B → `\u{9b}`, U+202E → `\u{202e}`; everything else as is.
    public static func escaped(_ text: String) -> String {
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

    /// C0 and C1 controls, DEL, and the line and paragraph separators: the same set the
    /// exports and password references refuse or escape.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool { PasswordReferenceSyntax.isControl(scalar) }

    /// Embedding, override and isolate controls that reorder what a terminal shows.
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || isBidiControl(scalar)
    }
}
