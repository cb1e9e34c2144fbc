import ArgumentParser
import CertKeeperCore

struct ProfileDeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a profile (its certificate stays in the inventory, its files on disk).",
        discussion: "Refused while a rotation of the profile is unfinished. Recorded in the audit log."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: ProfileSelection

    func run() throws {
        let logger = global.makeLogger()
        let deleted = try CommandRunner.run(logger) {
            try ProfileService(store: try global.openInventory()).delete(selection.profile)
        }
        print("deleted profile \(deleted.name)")
    }
}
