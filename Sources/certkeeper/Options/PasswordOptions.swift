import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto

/// `--password-env NAME` / `--password-file PATH`. Never a password on argv: it would land in
/// shell history and `ps` output.
struct PasswordOptions: ParsableArguments, PasswordSource {
    @Option(name: .customLong("password-env"), help: ArgumentHelp("Read the password from this environment variable.", valueName: "name"))
    var environmentVariable: String?

    @Option(
        name: .customLong("password-file"),
        help: ArgumentHelp("Read the password from this file (must not be group/world-readable; one trailing newline is ignored).", valueName: "path"),
        completion: .file()
    )
    var file: String?

    static let optionNames = (environment: "--password-env", file: "--password-file")

    func validate() throws { try validateSingleSource() }
}

/// `--in-password-env` / `--in-password-file`: the password of the input file, for commands
/// where the output needs a password of its own.
struct InputPasswordOptions: ParsableArguments, PasswordSource {
    @Option(name: .customLong("in-password-env"), help: ArgumentHelp("Read the input's password from this environment variable.", valueName: "name"))
    var environmentVariable: String?

    @Option(
        name: .customLong("in-password-file"),
        help: ArgumentHelp("Read the input's password from this file (mode 0600).", valueName: "path"),
        completion: .file()
    )
    var file: String?

    static let optionNames = (environment: "--in-password-env", file: "--in-password-file")

    func validate() throws { try validateSingleSource() }
}

/// `--out-password-env` / `--out-password-file`: the password that protects what is written.
struct OutputPasswordOptions: ParsableArguments, PasswordSource {
    @Option(name: .customLong("out-password-env"), help: ArgumentHelp("Read the output's password from this environment variable.", valueName: "name"))
    var environmentVariable: String?

    @Option(
        name: .customLong("out-password-file"),
        help: ArgumentHelp("Read the output's password from this file (mode 0600).", valueName: "path"),
        completion: .file()
    )
    var file: String?

    static let optionNames = (environment: "--out-password-env", file: "--out-password-file")

    func validate() throws { try validateSingleSource() }
}
