import ArgumentParser
import CertKeeperBase
import CertKeeperCore
import CertKeeperCrypto

/// `--in`, `--out`, `--force` of the one-certificate conversions (der-to-pem, pem-to-der),
/// and the run they share: convert, then say what was written.
struct CertificateConversionOptions: ParsableArguments {
    @Option(name: .customLong("in"), help: ArgumentHelp("The certificate to convert.", valueName: "file"), completion: .file())
    var input: String

    @Option(name: .long, help: ArgumentHelp("Where to write the converted certificate.", valueName: "file"), completion: .file())
    var out: String

    @Flag(name: .long, help: "Replace the output file if it exists.")
    var force = false

    func run(
        global: GlobalOptions, writing kind: String,
        _ conversion: (CertificateConverter, _ input: String, _ output: String) throws(CoreError) -> X509Certificate
    ) throws {
        try CommandRunner.run(global.makeLogger()) {
            let certificate = try conversion(CertificateConverter(writer: SecureFileWriter(overwrite: force)), input, out)
            print(ConversionReport.render(written: [(out, kind)], certificate: certificate))
        }
    }
}
