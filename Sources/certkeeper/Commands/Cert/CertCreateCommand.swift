import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto
import Foundation

struct CertCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a key and a self-signed certificate ready to upload to an app registration.",
        discussion: """
            Writes, in --out-dir:
              NAME.key.pem   the private key (PKCS#8, mode 0600; encrypted with the
                             password)
              NAME.cert.pem  the certificate (PEM)
              NAME.cer       the certificate (DER): upload this under
                             "Certificates & secrets"
              NAME.pfx       key + certificate (PKCS#12, mode 0600, --pkcs12-profile),
                             friendly name NAME: for Windows, App Service, Key Vault,
                             azure-identity
            and prints the SHA-1 thumbprint (what the Azure portal shows) and the \
            SHA-256 one.
            A missing --out-dir is created with mode 0700 (it holds the key). notBefore is \
            set five minutes before now, as CAs do, so a clock slightly behind Entra's does \
            not make the new certificate "not yet valid" (AADSTS1000502).

            PASSWORDS: one password protects what cert create writes. It encrypts NAME.key.pem \
            and protects NAME.pfx; with --key it also opens that key if it is encrypted. It \
            comes from --password-env NAME or --password-file PATH, else it is asked for (twice) \
            on the terminal; without a terminal and without a password option, cert create \
            fails before writing anything. Alternatives: --no-password writes a password-less \
            NAME.pfx and an unencrypted NAME.key.pem (mode 0600 only); --no-pfx writes no PFX, \
            and then the password is optional (the key is unencrypted without one).

            The certificate follows what Entra ID and Windows importers expect: SHA-256 \
            signature, a positive random 71-bit serial, basicConstraints CA:FALSE, keyUsage \
            digitalSignature (+keyEncipherment for RSA), extendedKeyUsage clientAuth, and a \
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

    @Option(name: .customLong("out-dir"), help: ArgumentHelp("Directory for the files (created with mode 0700 if missing).", valueName: "dir"), completion: .directory)
    var outDirectory: String

    @Option(name: .long, help: ArgumentHelp("Base name of the files. Default: the subject's CN, made file-safe.", valueName: "name"))
    var name: String?

    @OptionGroup(title: "Password options (protect NAME.pfx and NAME.key.pem; open --key)") var password: PasswordOptions

    @OptionGroup(title: "PFX options") var pkcs12: PKCS12Options

    @Flag(name: .customLong("no-pfx"), help: "Do not write NAME.pfx (the password becomes optional).")
    var noPFX = false

    @Flag(name: .customLong("no-password"), help: "Write NAME.pfx without a password and NAME.key.pem unencrypted.")
    var noPassword = false

    @Flag(name: .long, help: "Replace output files that exist.")
    var force = false

    func validate() throws {
        if (notBefore == nil) != (notAfter == nil) {
            throw ValidationError("Give --not-before and --not-after together.")
        }
        // Everything decidable from the options alone is a usage error (exit 64), before any key is made.
        if notBefore == nil && !(1...CertificateValidity.maximumDays).contains(days) {
            throw ValidationError("--days must be between 1 and \(CertificateValidity.maximumDays), got \(days).")
        }
        _ = try makeValidity()
        try CertificateNameOptions.validate(subject: subject, sans: san)
        if key != nil && (keySpec.bits != nil || keySpec.curve != nil) {
            throw ValidationError("--key uses an existing key; --bits and --curve apply only when generating one.")
        }
        if noPassword && (noPFX || password.isGiven) {
            throw ValidationError("--no-password writes a password-less PFX; it goes with neither --no-pfx nor a password option.")
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let subjectName = try DistinguishedName(parsing: subject)
            let names = try san.map { text throws(CryptoError) in try SubjectAlternativeName(parsing: text) }
            let validity = try makeValidity()
            let baseName = name ?? FileNames.safeBaseName(for: subjectName)
            let pfxPath = (outDirectory as NSString).appendingPathComponent("\(baseName).pfx")
            let files = SelfSignedCertificateFiles(writer: SecureFileWriter(overwrite: force))
            // A missing --out-dir is created only once nothing else can fail before writing.
            let directoryExists = OutputDirectory.exists(outDirectory)
            if directoryExists {
                try files.checkDestinations(directory: outDirectory, name: baseName, writesKey: key == nil, writesPFX: !noPFX)
            }
            var secret = try password.resolveIfGiven(purpose: key ?? "the new key and PFX")
            let keySource: SelfSignedCertificateFiles.KeySource
            if let key {
                let existing = try KeyFiles.load(key) { () throws(CoreError) -> Secret? in
                    if let secret { return secret }
                    let asked = try password.resolveOrPrompt(purpose: key)
                    secret = asked  // the same password then protects the PFX
                    return asked
                }
                keySource = .existing(existing, path: key)
            } else {
                keySource = .generate(try keySpec.spec)
            }
            var pfx: SelfSignedCertificateFiles.PFXRequest?
            if noPassword {
                pfx = .init(options: pkcs12.outputOptions(friendlyName: baseName), protection: .none)
            } else if !noPFX {
                let pfxSecret =
                    try secret
                    ?? password.resolveNewOrPrompt(
                        purpose: pfxPath, alternatives: "--no-password (password-less PFX) or --no-pfx"
                    )
                secret = pfxSecret
                pfx = .init(options: pkcs12.outputOptions(friendlyName: baseName), protection: .password(pfxSecret))
            }
            if !directoryExists { try OutputDirectory.create(outDirectory) }
            let request = SelfSignedCertificateFiles.Request(
                spec: SelfSignedCertificateSpec(subject: subjectName, subjectAlternativeNames: names, validity: validity),
                keySource: keySource,
                directory: outDirectory,
                name: baseName,
                keyPassword: key == nil ? secret : nil,
                pfx: pfx
            )
            let result = try files.create(request)
            if !result.key.algorithm.isRSA {
                logger.warning("Entra ID accepts RSA keys only; this \(result.key.algorithm) certificate cannot be an app credential")
            }
            if noPassword { logger.warning("\(pfxPath) has no password: anyone who can read the file has the private key") }
            var report = CertificateCreatedReport(result: result, keyEncrypted: secret != nil && key == nil)
            report.pfxDescription = noPassword ? "key + certificate (PFX, no password), mode 0600" : "key + certificate (\(ConversionReport.describe(pkcs12.profile)))"
            print(report.text)
        }
    }

    private func makeValidity() throws -> CertificateValidity {
        guard let notBefore, let notAfter else { return try .daysFromNow(days) }
        guard let start = RFC3339.date(from: notBefore) else {
            throw ValidationError("--not-before \"\(notBefore)\" is not an RFC 3339 time such as 2026-01-01T00:00:00Z.")
        }
        guard let end = RFC3339.date(from: notAfter) else {
            throw ValidationError("--not-after \"\(notAfter)\" is not an RFC 3339 time such as 2027-01-01T00:00:00Z.")
        }
        do { return try CertificateValidity(notBefore: start, notAfter: end) } catch { throw ValidationError("\(error.description).") }
    }
}
