import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto

struct ConvertPfxToCerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pfx-to-cer",
        abstract: "Write the public certificate of a PFX (DER .cer, or PEM with --pem).",
        discussion: """
            Writes the leaf: the certificate paired with the PFX's key (else the end-entity \
            certificate). The private key is never decrypted. Prints both thumbprints.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("in"), help: ArgumentHelp("The PFX (.pfx, .p12).", valueName: "file"), completion: .file())
    var input: String

    @Option(name: .long, help: ArgumentHelp("Where to write the certificate.", valueName: "file"), completion: .file())
    var out: String

    @Flag(name: .long, help: "Write PEM instead of DER.")
    var pem = false

    @OptionGroup(title: "Password of the PFX") var password: PasswordOptions

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let certificate = try CertificateConverter(writer: SecureFileWriter(overwrite: force)).pfxToCER(
                input, password: { () throws(CoreError) -> Secret? in try password.resolveOrPrompt(purpose: input) }, to: out, pem: pem
            )
            print(ConversionReport.render(written: [(out, "certificate (\(pem ? "PEM" : "DER"))")], certificate: certificate))
        }
    }
}
