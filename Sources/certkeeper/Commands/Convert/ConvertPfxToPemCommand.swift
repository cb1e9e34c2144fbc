import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto

struct ConvertPfxToPemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pfx-to-pem",
        abstract: "Unpack a PFX into certificate, private key and chain PEM files.",
        discussion: """
            The leaf is the certificate that matches the PFX's key, wherever it sits in the file; \
            --out-chain receives the other certificates in file order. The key is written as \
            PKCS#8, mode 0600, encrypted with AES-256-CBC (password from --out-password-*, or \
            asked twice on a terminal) unless --no-key-encryption.

            Reads modern (AES), legacy (3DES) and RC2-40 PFX files. A password-less PFX opens \
            without asking; otherwise the password comes from --in-password-* or the terminal.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("in"), help: ArgumentHelp("The PFX (.pfx, .p12).", valueName: "file"), completion: .file())
    var input: String

    @Option(name: .customLong("out-cert"), help: ArgumentHelp("Where to write the leaf certificate (PEM).", valueName: "file"), completion: .file())
    var outCert: String

    @Option(name: .customLong("out-key"), help: ArgumentHelp("Where to write the private key (PKCS#8 PEM, 0600).", valueName: "file"), completion: .file())
    var outKey: String

    @Option(name: .customLong("out-chain"), help: ArgumentHelp("Where to write the other certificates (PEM bundle).", valueName: "file"), completion: .file())
    var outChain: String?

    @Flag(name: .customLong("no-key-encryption"), help: "Write the key unencrypted (still mode 0600).")
    var noKeyEncryption = false

    @OptionGroup(title: "Password of the PFX") var inPassword: InputPasswordOptions
    @OptionGroup(title: "Password for the written key") var outPassword: OutputPasswordOptions

    @Flag(name: .long, help: "Replace output files that exist.")
    var force = false

    func validate() throws {
        if noKeyEncryption && outPassword.isGiven {
            throw ValidationError("--no-key-encryption writes the key unencrypted; drop --out-password-env/--out-password-file.")
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let converter = CertificateConverter(writer: SecureFileWriter(overwrite: force))
            let result = try converter.pfxToPEM(
                input, password: { () throws(CoreError) -> Secret? in try inPassword.resolveOrPrompt(purpose: input) },
                certificateOut: outCert, keyOut: outKey, chainOut: outChain,
                keyPassword: { () throws(CoreError) -> Secret? in
                    if noKeyEncryption { return nil }
                    return try outPassword.resolveNewOrPrompt(purpose: outKey, alternatives: "--no-key-encryption")
                }
            )
            guard let certificate = result.bundle.certificate else { return }
            var files: [(path: String, what: String)] = [
                (outCert, "certificate (PEM)"),
                (outKey, "private key (PKCS#8, \(result.keyEncrypted ? "encrypted with AES-256-CBC" : "unencrypted"), mode 0600)"),
            ]
            if let outChain, !result.bundle.chain.isEmpty {
                files.append((outChain, "\(result.bundle.chain.count) chain certificate\(result.bundle.chain.count == 1 ? "" : "s") (PEM)"))
            } else if let outChain {
                logger.notice("\(input) holds no chain certificates: \(outChain) was not written")
            }
            if result.chainLeftOut > 0 {
                logger.notice("\(input) also holds \(result.chainLeftOut) chain certificate(s): add --out-chain FILE to write them")
            }
            if let protection = result.bundle.protection, protection.isWeak {
                logger.notice("\(input) is protected with \(protection.summary)")
            }
            print(ConversionReport.render(written: files, certificate: certificate))
        }
    }
}
