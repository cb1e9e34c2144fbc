import ArgumentParser
import CertKeeperCore
import CertKeeperCrypto
import Foundation

struct CertCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a key and a self-signed certificate ready to upload to an app registration.",
        discussion: """
        Writes, in --out-dir:
          NAME.key.pem   the private key (PKCS#8, mode 0600; encrypted with a password option)
          NAME.cert.pem  the certificate (PEM)
          NAME.cer       the certificate (DER): upload this under "Certificates & secrets"
        and prints the SHA-1 thumbprint (what the Azure portal shows) and the SHA-256 one.

        The certificate follows what Entra ID and Windows importers expect: SHA-256
        signature, a positive random 71-bit serial, basicConstraints CA:FALSE, keyUsage
        digitalSignature (+keyEncipherment for RSA), extendedKeyUsage clientAuth, and a
        subject key identifier. With --key, that key is used and no key file is written.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("Subject distinguished name, e.g. \"CN=MyApp,O=Contoso\".", valueName: "dn"))
    var subject: String

    @Option(name: .long, help: ArgumentHelp("Validity in days from now (1-3650).", valueName: "n"))
    var days: Int = 365

    @Option(name: .customLong("not-before"), help: ArgumentHelp("Explicit start, RFC 3339 (e.g. 2026-01-01T00:00:00Z); use with --not-after.", valueName: "time"))
    var notBefore: String?

    @Option(name: .customLong("not-after"), help: ArgumentHelp("Explicit end, RFC 3339; use with --not-before.", valueName: "time"))
    var notAfter: String?

    @Option(name: .long, help: ArgumentHelp("Subject alternative name: dns:, email:, uri: or ip: (repeatable).", valueName: "type:value"))
    var san: [String] = []

    @Option(name: .long, help: ArgumentHelp("Use this existing private key instead of generating one.", valueName: "file"), completion: .file())
    var key: String?

    @OptionGroup(title: "Key options (when generating)") var keySpec: KeySpecOptions

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Directory for the files (must exist).", valueName: "dir"), completion: .directory)
    var outDirectory: String

    @Option(name: .long, help: ArgumentHelp("Base name of the files. Default: the subject's CN, made file-safe.", valueName: "name"))
    var name: String?

    @OptionGroup(title: "Password options (encrypt the key; decrypt --key)") var password: PasswordOptions

    @Flag(name: .long, help: "Replace output files that exist.")
    var force = false

    func validate() throws {
        if (notBefore == nil) != (notAfter == nil) {
            throw ValidationError("Give --not-before and --not-after together.")
        }
        if key != nil && (keySpec.bits != nil || keySpec.curve != nil) {
            throw ValidationError("--key uses an existing key; --bits and --curve apply only when generating one.")
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let subjectName = try DistinguishedName(parsing: subject)
            let names = try san.map { text throws(CryptoError) in try SubjectAlternativeName(parsing: text) }
            let validity = try makeValidity()
            let secret = try password.resolveIfGiven(purpose: key ?? "the new key")
            let keySource: SelfSignedCertificateFiles.KeySource
            if let key {
                let existing = try KeyFiles.load(key) { () throws(CoreError) -> Secret? in
                    if let secret { return secret }
                    return try password.resolveOrPrompt(purpose: key)
                }
                keySource = .existing(existing, path: key)
            } else {
                keySource = .generate(try keySpec.spec)
            }
            let request = SelfSignedCertificateFiles.Request(
                spec: SelfSignedCertificateSpec(subject: subjectName, subjectAlternativeNames: names, validity: validity),
                keySource: keySource,
                directory: outDirectory,
                name: name ?? FileNames.safeBaseName(for: subjectName),
                keyPassword: key == nil ? secret : nil
            )
            let result = try SelfSignedCertificateFiles(writer: SecureFileWriter(overwrite: force)).create(request)
            if !result.key.algorithm.isRSA {
                logger.warning("Entra ID accepts RSA keys only; this \(result.key.algorithm) certificate cannot be an app credential")
            }
            print(CertificateCreatedReport(result: result, keyEncrypted: secret != nil && key == nil).text)
        }
    }

    private func makeValidity() throws -> CertificateValidity {
        guard let notBefore, let notAfter else { return try .days(days) }
        guard let start = RFC3339.date(from: notBefore) else {
            throw ValidationError("--not-before \"\(notBefore)\" is not an RFC 3339 time such as 2026-01-01T00:00:00Z.")
        }
        guard let end = RFC3339.date(from: notAfter) else {
            throw ValidationError("--not-after \"\(notAfter)\" is not an RFC 3339 time such as 2027-01-01T00:00:00Z.")
        }
        return try CertificateValidity(notBefore: start, notAfter: end)
    }
}
