import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto

struct CSRCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a SHA-256-signed CSR for an existing key.",
        discussion: """
            The subject is a distinguished name: "CN=MyApp,O=Contoso\\, Ltd,C=US" (escape commas \
            in values with a backslash) or OpenSSL's "/C=US/O=Contoso/CN=MyApp". \
            SANs: dns:NAME, email:ADDRESS, uri:URI, ip:ADDRESS (repeat --san).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The private key (PEM or DER; asks for its password if encrypted).", valueName: "file"), completion: .file())
    var key: String

    @Option(name: .long, help: ArgumentHelp("Subject distinguished name, e.g. \"CN=MyApp,O=Contoso\".", valueName: "dn"))
    var subject: String

    @Option(name: .long, help: ArgumentHelp("Subject alternative name: dns:, email:, uri: or ip: (repeatable).", valueName: "type:value"))
    var san: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where to write the CSR (PEM).", valueName: "file"), completion: .file())
    var out: String

    @OptionGroup(title: "Password options (for an encrypted --key)") var password: PasswordOptions

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let subjectName = try DistinguishedName(parsing: subject)
            let names = try san.map { text throws(CryptoError) in try SubjectAlternativeName(parsing: text) }
            let writer = SecureFileWriter(overwrite: force)
            try writer.checkWritable([out])
            let privateKey = try KeyFiles.load(key) { () throws(CoreError) in try password.resolveOrPrompt(purpose: key) }
            let request = try CertificateRequestFiles.create(
                subject: subjectName, subjectAlternativeNames: names, key: privateKey, to: out, writer: writer
            )
            print("wrote \(out): CSR for \(request.subject) (\(privateKey.algorithm), SHA-256)")
        }
    }
}
