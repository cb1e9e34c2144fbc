import CertKeeperCrypto
import CertKeeperStore
import Foundation

/// Profile workflows: create, edit, show, list, delete (export and import live in their own
/// files). Passwords are resolved only to read a certificate file, and never kept.
public struct ProfileService: Sendable {
    public struct Outcome: Sendable {
        public let profile: StoredProfile
        /// Things the user should know (an expired certificate); printed on stderr.
        public let warnings: [String]
    }

    /// A profile and the state of its certificate file on disk.
    public struct Report: Sendable {
        public let profile: StoredProfile
        /// nil when the profile has no certificate file.
        public let certificateFileExists: Bool?
    }

    let store: any InventoryStore
    let environment: [String: String]
    let prompter: any PasswordPrompter

    public init(
        store: any InventoryStore, environment: [String: String] = ProcessInfo.processInfo.environment,
        prompter: any PasswordPrompter = TerminalPasswordPrompter()
    ) {
        self.store = store
        self.environment = environment
        self.prompter = prompter
    }

    public func create(_ draft: ProfileDraft) throws(CoreError) -> Outcome {
        var settings = try draft.newSettings()
        try refuseTaken(settings.name)
        var warnings: [String] = []
        if let path = draft.certificatePath {
            if let reference = try VaultCertificateCredential.reference(path) {
                settings.certificateID = nil
                settings.certificatePath = reference.description
            } else {
                let adopted = try adopt(path, reference: draft.passwordReference)
                settings.certificateID = adopted.id
                settings.certificatePath = adopted.path
                warnings = adopted.warnings
            }
        }
        let profile = try inventoryCall { () throws(StoreError) in try store.createProfile(settings) }
        return Outcome(profile: profile, warnings: warnings)
    }

    /// Changes the fields `draft` gives; a new certificate file is read and checked first.
    public func edit(_ name: String, _ draft: ProfileDraft) throws(CoreError) -> Outcome {
        let existing = try profile(name)
        var settings = try draft.applied(to: existing.settings)
        if settings.name.lowercased() != existing.name.lowercased() { try refuseTaken(settings.name) }
        var warnings: [String] = []
        if let path = draft.certificatePath, let reference = try VaultCertificateCredential.reference(path) {
            settings.certificateID = nil
            settings.certificatePath = reference.description
        } else if let path = draft.certificatePath {
            var reference = draft.passwordReference
            if reference == nil, let stored = existing.settings.passwordReference { reference = try SecretReference(parsing: stored) }
            let adopted = try adopt(path, reference: draft.clearPasswordReference ? nil : reference)
            settings.certificateID = adopted.id
            settings.certificatePath = adopted.path
            warnings = adopted.warnings
        }
        let updated = try inventoryCall { () throws(StoreError) in try store.updateProfile(named: existing.name, to: settings) }
        return Outcome(profile: updated, warnings: warnings)
    }

    public func show(_ name: String) throws(CoreError) -> Report {
        let profile = try profile(name)
        // A Key Vault certificate is not a file: nothing to check without a token.
        let exists = profile.settings.certificatePath.flatMap { $0.hasPrefix("keyvault:") ? nil : FileManager.default.fileExists(atPath: $0) }
        return Report(profile: profile, certificateFileExists: exists)
    }

    public func list() throws(CoreError) -> [StoredProfile] {
        try inventoryCall { () throws(StoreError) in try store.profiles() }
    }

    public func delete(_ name: String) throws(CoreError) -> StoredProfile {
        try inventoryCall { () throws(StoreError) in try store.deleteProfile(named: name) }
    }

    /// The profile in `format`, with an audit event (an export hands configuration out).
    public func export(_ name: String, as format: ProfileExport.Format) throws(CoreError) -> String {
        let profile = try profile(name)
        let text = try ProfileExport.render(profile, as: format)
        try inventoryCall { () throws(StoreError) in
            try store.recordEvent(EventDraft(action: "profile.exported", profileName: profile.name, detail: ["format": .string(format.rawValue)]))
        }
        return text
    }

    /// The profile named `name`, or a not-found error that says where to look.
    public func profile(_ name: String) throws(CoreError) -> StoredProfile {
        guard let profile = try inventoryCall({ () throws(StoreError) in try store.profile(named: name) }) else {
            throw CoreError(.notFound, "no profile named \(name): see certkeeper profile list")
        }
        return profile
    }

    func refuseTaken(_ name: String) throws(CoreError) {
        if try inventoryCall({ () throws(StoreError) in try store.profile(named: name) }) != nil {
            throw CoreError(.duplicate, "a profile named \(name) already exists (names are case-insensitive): choose another name or use certkeeper profile edit")
        }
    }

    func adopt(_ path: String, reference: SecretReference?) throws(CoreError) -> ProfileCertificate {
        try ProfileCertificate.adopt(path, reference: reference, store: store) { (reference, purpose) throws(CoreError) -> Secret in
            try reference.resolve(purpose: purpose, environment: environment, terminal: prompter)
        }
    }
}
