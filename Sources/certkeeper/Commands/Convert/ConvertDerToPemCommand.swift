import ArgumentParser
import CertKeeperCore

struct ConvertDerToPemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "der-to-pem",
        abstract: "Convert a DER certificate (.cer, .crt, .der) to PEM; the certificate bytes are unchanged."
    )

    @OptionGroup var global: GlobalOptions

    @OptionGroup var files: CertificateConversionOptions

    func run() throws {
        try files.run(global: global, writing: "certificate (PEM)") { (converter, input, output) throws(CoreError) in
            try converter.derToPEM(input, to: output)
        }
    }
}
