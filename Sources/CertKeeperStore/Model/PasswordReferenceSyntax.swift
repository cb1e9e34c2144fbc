import CertKeeperBase
import Foundation

/// What a stored password reference may look like: `prompt`, `env:NAME` with a portable
/// shell variable name, `file:PATH` without control characters, `keyring:NAME` (a kernel
/// keyring key: letters, digits and `._:@/+-`) or `keyvault:URL` (a Key Vault secret; the
/// URL itself is checked where it is parsed, here only for characters). References end up in
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
        if reference.hasPrefix("keyring:") {
            return isKeyName(reference.dropFirst(8)) ? nil : "a keyring: reference needs a key name of 1-255 letters, digits and . _ : @ / + -"
        }
        if reference.hasPrefix("keyvault:") {
            let url = reference.dropFirst(9)
            guard url.hasPrefix("https://") || url.hasPrefix("http://") else {
                return "a keyvault: reference needs a secret URL such as https://VAULT.vault.azure.net/secrets/NAME"
            }
            return url.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value < 0x7F && !"\"'`$\\<>{}".unicodeScalars.contains($0) })
                ? nil : "a keyvault: reference must be a plain URL (no spaces, quotes or control characters)"
        }
        return "a password reference must be env:NAME, file:PATH, keyring:NAME, keyvault:https://VAULT/secrets/NAME or prompt"
    }

    /// Kernel key descriptions certkeeper accepts: safe in shell and Terraform exports.
    public static func isKeyName(_ name: some StringProtocol) -> Bool {
        (1...255).contains(name.utf8.count)
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._:@/+-".unicodeScalars.contains($0)) }
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
