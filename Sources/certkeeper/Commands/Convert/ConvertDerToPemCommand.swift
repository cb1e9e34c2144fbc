import ArgumentParser
import CertKeeperBase
import CertKeeperCore

struct ConvertDerToPemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "der-to-pem",
        abstract: "Convert a DER certificate (.cer, .crt, .der) to PEM; the certificate bytes are unchanged."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("in"), help: ArgumentHelp("The DER certificate.", valueName: "file"), completion: .file())
    var input: String

    @Option(name: .long, help: ArgumentHelp("Where to write the PEM certificate.", valueName: "file"), completion: .file())
    var out: String

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let certificate = try CertificateConverter(writer: SecureFileWriter(overwrite: force)).derToPEM(input, to: out)
            print(ConversionReport.render(written: [(out, "certificate (PEM)")], certificate: certificate))
        }
    }
}
