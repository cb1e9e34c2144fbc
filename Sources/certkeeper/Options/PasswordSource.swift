import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto
import CertKeeperStore

/// What the password option groups share: a variable or a file, else the terminal, else a
/// one-line error that names the right options.
protocol PasswordSource {
    var environmentVariable: String? { get }
    var file: String? { get }
    /// The group's two option names, e.g. `("--in-password-env", "--in-password-file")`.
    static var optionNames: (environment: String, file: String) { get }
}

extension PasswordSource {
    /// The reference the user chose, if any.
    var reference: SecretReference? {
        if let environmentVariable { return .environment(environmentVariable) }
        if let file { return .file(file) }
        return nil
    }

    var isGiven: Bool { reference != nil }

    static var usageHint: String { "\(optionNames.environment) NAME or \(optionNames.file) PATH" }

    func validateSingleSource() throws {
        if environmentVariable != nil && file != nil {
            throw ValidationError("Give either \(Self.optionNames.environment) or \(Self.optionNames.file), not both.")
        }
        // The reference may be recorded (inventory import): the stored references' rules apply.
        if let environmentVariable, !PasswordReferenceSyntax.isVariableName(environmentVariable) {
            throw ValidationError("\(Self.optionNames.environment) needs a variable name of letters, digits and '_' that does not start with a digit.")
        }
        if let file, file.isEmpty || PasswordReferenceSyntax.hasControlCharacters(file) {
            throw ValidationError("\(Self.optionNames.file) needs a path without control characters.")
        }
    }

    /// The password if an option names one; nil otherwise.
    func resolveIfGiven(purpose: String) throws(CoreError) -> Secret? {
        try reference?.resolve(purpose: purpose)
    }

    /// An existing password (to open a file): from the options, else asked on the terminal.
    func resolveOrPrompt(purpose: String) throws(CoreError) -> Secret {
        if let reference { return try reference.resolve(purpose: purpose) }
        let terminal = try availableTerminal(purpose: purpose, alternatives: nil)
        return try terminal.askPassword(prompt: "Password for \(purpose): ")
    }

    /// A new password (to protect what is written): from the options, else asked twice on
    /// the terminal. `alternatives` names other ways out (`--no-password`) in the error.
    func resolveNewOrPrompt(purpose: String, alternatives: String? = nil) throws(CoreError) -> Secret {
        if let reference { return try reference.resolve(purpose: purpose) }
        let terminal = try availableTerminal(purpose: purpose, alternatives: alternatives)
        let first = try terminal.askPassword(prompt: "New password for \(purpose): ")
        let second = try terminal.askPassword(prompt: "Repeat the password: ")
        guard first.hasSameBytes(as: second) else {
            throw CoreError(.secretUnavailable, "the two passwords for \(purpose) differ: nothing was written")
        }
        return first
    }

    private func availableTerminal(purpose: String, alternatives: String?) throws(CoreError) -> TerminalPasswordPrompter {
        let terminal = TerminalPasswordPrompter()
        guard terminal.isAvailable else {
            let others = alternatives.map { ", or \($0)" } ?? ""
            throw CoreError(
                .secretUnavailable,
                "\(purpose) needs a password and there is no terminal to ask on: use \(Self.usageHint)\(others)"
            )
        }
        return terminal
    }
}

extension Secret {
    /// Compares two secrets without copying either out of its wiped buffer.
    func hasSameBytes(as other: Secret) -> Bool {
        withUnsafeBytes { mine in other.withUnsafeBytes { theirs in mine.elementsEqual(theirs) } }
    }
}
