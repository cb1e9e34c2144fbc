import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show what a certificate, bundle, CSR, key or PFX file holds, with thumbprints.",
        discussion: """
            Reads PEM (every block of a bundle), DER and PFX. For certificates: subject, issuer, \
            serial, validity, key, SANs, usages, SHA-1 thumbprint (as the Azure portal shows it), \
            SHA-256 thumbprint, x5t and x5t#S256. Private keys are described (type and size), \
            never printed.

            JSON fields per certificate: subject, issuer, serial, not_before, not_after (RFC 3339 \
            UTC), key_type, key_bits, signature_algorithm, subject_alternative_names, key_usage, \
            extended_key_usage, self_signed, ca, sha1_thumbprint, sha256_thumbprint (uppercase \
            hex), x5t, x5t_s256.

            PFX files: the leaf (the certificate matching the key) comes first, then the chain, \
            then the key. "Protection" (JSON: pkcs12_protection) says how the file is protected \
            and who can import it, e.g. "AES-256-CBC/PBKDF2, MAC SHA-256 (Windows Server 2019+)", \
            "3DES, MAC SHA-1 (imports everywhere)" or "certificates RC2-40, key 3DES, MAC SHA-1 \
            (legacy; re-export recommended)". A password-less PFX opens without asking; otherwise \
            the password comes from --password-env/--password-file or the terminal.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The file to inspect.", valueName: "file"), completion: .file())
    var file: String

    @Option(name: .long, help: "Output format.")
    var format: DescriptionFormat = .text

    @OptionGroup(title: "Password options (PFX files, encrypted keys)") var password: PasswordOptions

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let document = try FileInspection.inspect(file) { () throws(CoreError) -> Secret? in try password.resolveOrPrompt(purpose: file) }
            switch format {
            case .text: print(InspectTextRenderer.render(document, path: file))
            case .json: print(try InspectJSON.render(document, path: file))
            }
        }
    }
}
