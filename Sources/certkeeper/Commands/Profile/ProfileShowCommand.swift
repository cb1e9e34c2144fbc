import ArgumentParser
import CertKeeperCore
import Foundation

struct ProfileShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a profile and the state of its certificate.",
        discussion: """
            Says when the certificate file has vanished from disk or the certificate has expired. \
            --format json prints certkeeper's profile JSON (as profile export) plus \
            certificate_file_exists.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: ProfileSelection

    @Option(name: .long, help: "Output format.")
    var format: DescriptionFormat = .text

    struct Document: Encodable {
        let profile: ProfileDocument
        let certificateFileExists: Bool?

        enum CodingKeys: String, CodingKey { case certificateFileExists = "certificate_file_exists" }

        func encode(to encoder: any Encoder) throws {
            try profile.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(certificateFileExists, forKey: .certificateFileExists)
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        try CommandRunner.run(logger) {
            let report = try ProfileService(store: try global.openInventory()).show(selection.profile)
            switch format {
            case .json:
                print(try JSONOutput.encode(Document(profile: ProfileDocument(report.profile), certificateFileExists: report.certificateFileExists)))
            case .text:
                print(CertificateFields.render(ProfileText.lines(report, now: Date()), indent: ""))
            }
        }
    }
}
