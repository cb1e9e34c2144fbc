import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto

/// `--password-env NAME` / `--password-file PATH`. Never a password on argv: it would land in
/// shell history and `ps` output.
struct PasswordOptions: ParsableArguments {
    @Option(name: .customLong("password-env"), help: ArgumentHelp("Read the password from this environment variable.", valueName: "name"))
    var environmentVariable: String?

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp("Read the password from this file (must not be group/world-readable; one trailing newline is ignored).", valueName: "path"),
        completion: .file()
    )
    var file: String?

    func validate() throws {
        if environmentVariable != nil && file != nil {
            throw ValidationError("Give either --password-env or --password-file, not both.")
        }
    }

    /// The reference the user chose, if any.
    var reference: SecretReference? {
        if let environmentVariable { return .environment(environmentVariable) }
        if let file { return .file(file) }
        return nil
    }

    /// The password if an option names one; nil otherwise.
    func resolveIfGiven(purpose: String) throws(CoreError) -> Secret? {
        try reference?.resolve(purpose: purpose)
    }

    /// The password from the options, else asked on the terminal, else an error that says
    /// which options to use.
    func resolveOrPrompt(purpose: String) throws(CoreError) -> Secret {
        if let reference { return try reference.resolve(purpose: purpose) }
        return try SecretReference.prompt.resolve(purpose: purpose)
    }
}
