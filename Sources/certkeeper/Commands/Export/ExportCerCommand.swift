import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto

struct ExportCerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cer",
        abstract: "Write the upload-ready public certificate from any input, and optionally its Graph keyCredential.",
        discussion: """
            Input: PEM (certificate, bundle, cert+key), DER, or PFX (its key is never \
            decrypted). From a bundle the end-entity certificate is taken. Writes DER (what \
            "Certificates & secrets" > Upload certificate expects) or PEM with --pem, and prints \
            the SHA-1 thumbprint (as the portal shows it) and the SHA-256 one.

            --key-credential writes the Microsoft Graph keyCredential JSON: type \
            AsymmetricX509Cert, usage Verify, key (base64 DER), displayName (the subject), \
            startDateTime/endDateTime (the certificate's validity), customKeyIdentifier (SHA-1 \
            thumbprint, 40 hex characters).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("in"), help: ArgumentHelp("Certificate, bundle or PFX.", valueName: "file"), completion: .file())
    var input: String

    @Option(name: .long, help: ArgumentHelp("Where to write the certificate.", valueName: "file"), completion: .file())
    var out: String

    @Flag(name: .long, help: "Write PEM instead of DER.")
    var pem = false

    @Option(name: .customLong("key-credential"), help: ArgumentHelp("Also write the Graph keyCredential JSON here.", valueName: "file"), completion: .file())
    var keyCredential: String?

    @OptionGroup(title: "Password of a PFX input") var password: PasswordOptions

    @Flag(name: .long, help: "Replace output files that exist.")
    var force = false

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let exported = try CertificateConverter(writer: SecureFileWriter(overwrite: force)).exportCertificate(
                from: input, password: { () throws(CoreError) -> Secret? in try password.resolveOrPrompt(purpose: input) },
                to: out, pem: pem, keyCredentialOut: keyCredential
            )
            ConversionReport.warnAboutCredentialUse(exported.certificate, logger: logger)
            var files: [(path: String, what: String)] = [(out, "certificate (\(pem ? "PEM" : "DER"))")]
            if let keyCredential { files.append((keyCredential, "Microsoft Graph keyCredential (JSON)")) }
            print(ConversionReport.render(written: files, certificate: exported.certificate))
        }
    }
}
