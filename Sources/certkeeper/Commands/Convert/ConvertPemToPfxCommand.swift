import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto

struct ConvertPemToPfxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pem-to-pfx",
        abstract: "Bundle a private key, its certificate and an optional chain into a PFX (mode 0600).",
        discussion: """
            --cert takes a certificate (PEM or DER), a bundle such as fullchain.pem, or a \
            combined cert+key.pem (then --key may be left out). The certificate that matches the \
            key becomes the PFX's leaf wherever it appears; every other certificate from --cert \
            and --chain follows it in the order given. A key that matches no certificate is \
            refused, naming the certificate's thumbprints.

            Passwords: --out-password-* protects the PFX (asked twice on a terminal when not \
            given); --in-password-* opens an encrypted --key. --no-password writes a PFX that \
            anyone holding the file can open.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Certificate, bundle or cert+key PEM (or DER certificate).", valueName: "file"), completion: .file())
    var cert: String

    @Option(name: .long, help: ArgumentHelp("Private key (PEM or DER, PKCS#8 or traditional, encrypted or not).", valueName: "file"), completion: .file())
    var key: String?

    @Option(name: .long, help: ArgumentHelp("Chain certificates to include (PEM bundle or DER).", valueName: "file"), completion: .file())
    var chain: String?

    @Option(name: .long, help: ArgumentHelp("Where to write the PFX.", valueName: "file"), completion: .file())
    var out: String

    @Option(name: .long, help: ArgumentHelp("Friendly name stored in the PFX (shown by Windows and keytool).", valueName: "friendly"))
    var name: String?

    @OptionGroup(title: "PFX options") var pkcs12: PKCS12Options

    @Flag(name: .customLong("no-password"), help: "Write a password-less PFX: nothing encrypted, no MAC.")
    var noPassword = false

    @OptionGroup(title: "Password of the PFX") var outPassword: OutputPasswordOptions
    @OptionGroup(title: "Password of an encrypted --key") var inPassword: InputPasswordOptions

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    func validate() throws {
        if noPassword && outPassword.isGiven {
            throw ValidationError("--no-password writes a PFX without a password; drop --out-password-env/--out-password-file.")
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let converter = CertificateConverter(writer: SecureFileWriter(overwrite: force))
            let keySource = key ?? cert
            let contents = try converter.pemToPFX(
                certificate: cert, key: key, chain: chain, to: out, options: pkcs12.outputOptions(friendlyName: name),
                keyPassword: { () throws(CoreError) -> Secret? in try inPassword.resolveOrPrompt(purpose: keySource) },
                protection: { () throws(CoreError) -> PFXOutputOptions.Protection in
                    if noPassword { return .none }
                    return .password(try outPassword.resolveNewOrPrompt(purpose: out, alternatives: "--no-password"))
                }
            )
            if noPassword { logger.warning("\(out) has no password: anyone who can read the file has the private key") }
            let chainNote = contents.chain.isEmpty ? "" : " + \(contents.chain.count) chain certificate\(contents.chain.count == 1 ? "" : "s")"
            print(
                ConversionReport.render(
                    written: [(out, "\(ConversionReport.describe(pkcs12.profile)): key + certificate\(chainNote)")],
                    certificate: contents.certificate
                ))
        }
    }
}
