import ArgumentParser
import CertKeeperCore
import Foundation

struct ProfileListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List profiles.",
        discussion: """
            --format json prints {"schema": "certkeeper.profiles/v1", "profiles": [...]}, each in \
            the shape of profile export --format json; certkeeper profile import reads it back.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format.")
    var format: ListFormat = .table

    struct Listing: Encodable {
        let schema = "certkeeper.profiles/v1"
        let profiles: [ProfileDocument]
    }

    func run() throws {
        let logger = global.makeLogger()
        let now = Date()
        try CommandRunner.run(logger) {
            let profiles = try ProfileService(store: try global.openInventory()).list()
            switch format {
            case .json:
                print(try JSONOutput.encode(Listing(profiles: profiles.map(ProfileDocument.init))))
            case .table:
                print(profiles.isEmpty ? "no profiles" : ProfileText.table(profiles, now: now))
            }
        }
    }
}
