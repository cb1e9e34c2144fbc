import ArgumentParser
import CertKeeperBase
import CertKeeperCore

struct ConvertPemToDerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pem-to-der",
        abstract: "Convert a PEM certificate to DER (.cer); the certificate bytes are unchanged.",
        discussion: "The PEM file must hold one certificate; for a bundle, `certkeeper export cer` writes the leaf."
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("in"), help: ArgumentHelp("The PEM certificate.", valueName: "file"), completion: .file())
    var input: String

    @Option(name: .long, help: ArgumentHelp("Where to write the DER certificate.", valueName: "file"), completion: .file())
    var out: String

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let certificate = try CertificateConverter(writer: SecureFileWriter(overwrite: force)).pemToDER(input, to: out)
            print(ConversionReport.render(written: [(out, "certificate (DER)")], certificate: certificate))
        }
    }
}
