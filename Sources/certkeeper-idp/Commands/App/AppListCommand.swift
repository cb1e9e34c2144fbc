import ArgumentParser
import CertKeeperIdP

struct AppListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List applications and their key credentials.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var state: StateOptions

    @Option(help: "Output format.")
    var format: Format = .text

    func run() throws {
        let records = try state.admin().applications()
        switch format {
        case .text:
            if records.isEmpty { print("no applications: add one with `certkeeper-idp app create`") }
            for record in records { print(ApplicationText.render(record), terminator: "") }
        case .json:
            print(ApplicationText.json(records))
        }
    }
}
