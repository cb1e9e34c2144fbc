/// Text from certificates, files and servers is attacker controlled: before it reaches a
/// terminal, control characters (C0, DEL and C1, which includes the 8-bit CSI) become `?`,
/// so a subject cannot move the cursor, recolor the screen or retitle the window.
public enum TerminalText {
    /// `text` with every control character replaced by `?`; unchanged (and not copied)
    /// when it has none, which is the common case a 100,000-row table depends on.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return text }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var escaped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { escaped.append(isControl(scalar) ? "?" : scalar) }
        return String(escaped)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
