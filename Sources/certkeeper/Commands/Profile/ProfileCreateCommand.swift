import ArgumentParser
import CertKeeperCore
import Foundation

struct ProfileCreateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a profile (asks for missing values on a terminal).",
        discussion: """
            --name, --tenant and --client-id are required; on a terminal, certkeeper asks for them \
            (and for the certificate and its password reference) when they are missing. The \
            certificate file is read now: it must hold an RSA certificate of at least 2048 bits \
            and its matching private key; a password-protected file needs --password-ref, which is \
            resolved once to read it and stored only as the reference. Duplicate names are refused.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup(title: "Profile settings") var fields: ProfileFieldOptions
    @OptionGroup(title: "Renewal policy (certkeeper rotate due)") var renewal: RenewalPolicyOptions

    func run() throws {
        let logger = global.makeLogger()
        var draft = try fields.draft
        draft.renewal = renewal.draft
        if draft.name == nil || draft.tenantID == nil || draft.clientID == nil {
            guard isatty(STDIN_FILENO) == 1 else {
                throw ValidationError("Give --name, --tenant and --client-id (or run on a terminal to be asked).")
            }
            draft = try ProfilePrompts.complete(draft)
        }
        let outcome = try CommandRunner.run(logger) {
            try ProfileService(store: try global.openInventory()).create(draft)
        }
        outcome.warnings.forEach(Diagnostics.warn)
        print("created profile \(outcome.profile.name)" + ProfileText.certificateSummary(outcome.profile))
    }
}

/// Asks on the terminal for what `profile create` was not given. The password itself is
/// never asked here: only where it comes from.
enum ProfilePrompts {
    static func complete(_ given: ProfileDraft) throws -> ProfileDraft {
        var draft = given
        if draft.name == nil { draft.name = try ask("Profile name") }
        if draft.tenantID == nil { draft.tenantID = try ask("Tenant ID (GUID or domain)") }
        if draft.clientID == nil { draft.clientID = try ask("Client ID") }
        if draft.certificatePath == nil, let path = try ask("Certificate file (PFX, or PEM with key; empty for none)", optional: true) {
            draft.certificatePath = path
            if draft.passwordReference == nil,
                let reference = try ask("Password reference (env:NAME, file:PATH or prompt; empty if none)", optional: true)
            {
                do { draft.passwordReference = try SecretReference(parsing: reference) } catch { throw ValidationError(error.description) }
            }
        }
        if draft.scope == nil, let scope = try ask("Scope [https://graph.microsoft.com/.default]", optional: true) { draft.scope = scope }
        return draft
    }

    private static func ask(_ question: String, optional: Bool = false) throws -> String? {
        Diagnostics.write("\(question): ")
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("No answer for \(question).") }
        let answer = line.trimmingCharacters(in: .whitespaces)
        if answer.isEmpty {
            if optional { return nil }
            throw ValidationError("\(question) is required.")
        }
        return answer
    }

    private static func ask(_ question: String) throws -> String {
        guard let answer = try ask(question, optional: false) else { throw ValidationError("\(question) is required.") }
        return answer
    }
}
