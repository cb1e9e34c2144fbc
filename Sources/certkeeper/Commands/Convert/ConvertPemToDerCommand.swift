import ArgumentParser
import CertKeeperCore

struct ConvertPemToDerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pem-to-der",
        abstract: "Convert a PEM certificate to DER (.cer); the certificate bytes are unchanged.",
        discussion: "The PEM file must hold one certificate; for a bundle, `certkeeper export cer` writes the leaf."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var files: CertificateConversionOptions

    func run() throws {
        try files.run(global: global, writing: "certificate (DER)") { (converter, input, output) throws(CoreError) in
            try converter.pemToDER(input, to: output)
        }
    }
}
