import ArgumentParser
import CertKeeperCore

struct ProfileEditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change settings of a profile (only the options given).",
        discussion: """
            --name renames the profile. --cert reads and checks the new certificate file like \
            create does (with --password-ref, else the profile's current reference); \
            --no-password-ref drops the reference. Prefer certkeeper rotate for replacing a \
            certificate that is registered with Entra ID.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selection: ProfileSelection
    @OptionGroup(title: "Profile settings") var fields: ProfileFieldOptions
    @OptionGroup(title: "Renewal policy (certkeeper rotate due)") var renewal: RenewalPolicyOptions

    @Flag(name: .customLong("no-password-ref"), help: "Remove the password reference (the file needs no password).")
    var clearPasswordReference = false

    func validate() throws {
        if clearPasswordReference && fields.passwordReference != nil {
            throw ValidationError("Give either --password-ref or --no-password-ref, not both.")
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        var draft = try fields.draft
        draft.renewal = renewal.draft
        draft.clearPasswordReference = clearPasswordReference
        let outcome = try CommandRunner.run(logger) {
            try ProfileService(store: try global.openInventory()).edit(selection.profile, draft)
        }
        outcome.warnings.forEach(Diagnostics.warn)
        print("updated profile \(outcome.profile.name)" + ProfileText.certificateSummary(outcome.profile))
    }
}
