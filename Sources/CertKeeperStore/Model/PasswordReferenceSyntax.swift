import CertKeeperBase

/// What a stored password reference may look like: `prompt`, `env:NAME` with a portable
/// shell variable name, or `file:PATH` without control characters. References end up in
/// shell and Terraform exports and in terminal output, so a name holding a newline or an
/// escape sequence is refused wherever a reference enters (CLI, profile import, the store).
public enum PasswordReferenceSyntax {
    /// Nil when `reference` is acceptable, else what is wrong (never quoting the value, which
    /// may be a pasted password or hold control characters).
    public static func problem(in reference: String) -> String? {
        if reference == "prompt" { return nil }
        if reference.hasPrefix("env:") {
            let name = reference.dropFirst(4)
            return isVariableName(name) ? nil : "an env: reference needs a variable name of letters, digits and '_' that does not start with a digit"
        }
        if reference.hasPrefix("file:") {
            let path = reference.dropFirst(5)
            if path.isEmpty { return "a file: reference needs a path" }
            return hasControlCharacters(path) ? "a file: reference must not contain control characters (newlines, tabs, escapes)" : nil
        }
        return "a password reference must be env:NAME, file:PATH or prompt"
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`: what POSIX shells, Terraform and CI systems accept.
    public static func isVariableName(_ name: some StringProtocol) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators (which some
    /// parsers and terminals treat as line breaks).
    public static func hasControlCharacters(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    public static func isControl(_ scalar: Unicode.Scalar) -> Bool { TerminalText.isControl(scalar) }
}
