import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto

struct KeyGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate an RSA or EC private key as PKCS#8 PEM (0600).",
        discussion: """
            With --password-env or --password-file the key is encrypted (AES-256-CBC, PBKDF2); \
            without, it is written unencrypted and protected by file mode 0600 only. \
            An existing file is never replaced unless --force is given.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Key options") var keySpec: KeySpecOptions

    @Option(name: .long, help: ArgumentHelp("Where to write the key (PEM).", valueName: "file"), completion: .file())
    var out: String

    @OptionGroup(title: "Password options (encrypt the key)") var password: PasswordOptions

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let spec = try keySpec.spec
            let secret = try password.resolveIfGiven(purpose: "the new key \(out)")
            logger.debug("generating \(spec) key into \(out)")
            let key = try KeyFiles.generate(spec, to: out, password: secret, writer: SecureFileWriter(overwrite: force))
            let protection = secret == nil ? "unencrypted, mode 0600" : "encrypted with AES-256-CBC, mode 0600"
            print("wrote \(out): \(key.algorithm) private key (\(protection))")
        }
    }
}
