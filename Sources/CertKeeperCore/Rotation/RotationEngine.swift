import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

/// The rotation workflow (docs/rotation.md): stage → register → verify → promote → retire →
/// complete, or roll back. Each transition is one store transaction with its audit event,
/// and every external step checks before it acts (by thumbprint), so running `resume` after
/// a crash at any point finishes the job or rolls back — and the profile always points at a
/// certificate that works.
public struct RotationEngine: Sendable {
    public let context: RotationContext

    public init(context: RotationContext) { self.context = context }

    /// What `start` would do, touching nothing.
    public func plan(profileName: String, choices: RotationChoices) throws(CoreError) -> RotationPlan {
        let profile = try loadProfile(profileName)
        let options = choices.resolved(with: profile.settings.renewal)
        let current = try currentCredential(of: profile)
        try checkPreconditions(profile: profile, current: current.certificate, options: options)
        return RotationPlan(profile: profile, current: current.certificate, options: options, now: context.clock())
    }

    /// Opens the rotation `plan` describes (its checks already passed, its certificate already
    /// read) and drives it as far as it can go.
    public func start(_ plan: RotationPlan) async throws(CoreError) -> RotationOutcome {
        let lock = try RotationLock.acquire(store: context.store, profileID: plan.profile.id, profileName: plan.profile.name)
        defer { withExtendedLifetime(lock) {} }
        return try await startHoldingLock(plan)
    }

    /// `start` for a caller that already holds the profile's rotation lock.
    func startHoldingLock(_ plan: RotationPlan) async throws(CoreError) -> RotationOutcome {
        let profile = plan.profile
        let options = plan.options
        let json = try options.encodedJSON()
        let rotation = try context.ledger { (store) throws(StoreError) in try store.startRotation(profileName: profile.name, optionsJSON: json) }
        context.faults.reached("after-started")
        context.reporter.progress("rotation #\(rotation.revision) of profile \(profile.name) started (current certificate \(plan.current.sha1Thumbprint.hex))")
        return try await RotationRun(context: context, options: options).drive(rotation)
    }

    /// Continues the profile's unfinished rotation from the state it was left in, with the
    /// options it was started with; `waitForRegistration` (resume --wait) makes a guided
    /// registration poll instead of stopping.
    /// `hookChange` replaces or skips the deploy hook (recorded, kept by later resumes);
    /// `hookTimeout` applies to this run.
    public func resume(
        profileName: String, waitForRegistration: Bool = false, hookChange: DeployHookChange? = nil, hookTimeout: TimeInterval? = nil
    ) async throws(CoreError) -> RotationOutcome {
        let profile = try loadProfile(profileName)
        let lock = try RotationLock.acquire(store: context.store, profileID: profile.id, profileName: profile.name)
        defer { withExtendedLifetime(lock) {} }
        guard let rotation = try context.ledger({ (store) throws(StoreError) in try store.unfinishedRotation(profileName: profile.name) }) else {
            throw CoreError(.notFound, "profile \(profile.name) has no unfinished rotation: start one with certkeeper rotate start -p \(profile.name)")
        }
        // A key staged elsewhere is fetched (or refused) before anything is recorded.
        try StagedKeyLocator(context: context).ensureLocal(rotation)
        try hookChange?.record(for: rotation, context: context)
        return try await resumeHoldingLock(rotation, waitForRegistration: waitForRegistration, hookTimeout: hookTimeout)
    }

    /// `resume` of `rotation` for a caller that already holds its profile's rotation lock.
    func resumeHoldingLock(
        _ rotation: StoredRotation, waitForRegistration: Bool, hookTimeout: TimeInterval? = nil
    ) async throws(CoreError) -> RotationOutcome {
        try StagedKeyLocator(context: context).ensureLocal(rotation)
        var options = try RotationOptions.decoded(from: rotation.details.optionsJSON, rotation: rotation)
        if waitForRegistration { options.waitForRegistration = true }
        if let hookTimeout { options.hookTimeout = hookTimeout }
        context.reporter.progress("resuming rotation #\(rotation.revision) of profile \(rotation.profileName) from \(rotation.state.rawValue)")
        return try await RotationRun(context: context, options: options).drive(rotation)
    }

    /// Rolls back the profile's unfinished rotation, or — with `toRevision` and nothing
    /// unfinished — points the profile at the certificate an earlier revision installed
    /// (0: the one before the first rotation), if that certificate is unexpired and still
    /// gets tokens.
    public func rollback(profileName: String, toRevision: Int?) async throws(CoreError) -> StoredRotation? {
        let profile = try loadProfile(profileName)
        let lock = try RotationLock.acquire(store: context.store, profileID: profile.id, profileName: profile.name)
        defer { withExtendedLifetime(lock) {} }
        let unfinished = try context.ledger { (store) throws(StoreError) in try store.unfinishedRotation(profileName: profile.name) }
        if let unfinished {
            if let toRevision, toRevision != unfinished.revision - 1 {
                throw CoreError(
                    .conflict,
                    "rotation #\(unfinished.revision) of profile \(profile.name) is unfinished (\(unfinished.state.rawValue)): roll it back first (certkeeper rotate rollback -p \(profile.name)), then to revision \(toRevision)"
                )
            }
            let options = try RotationOptions.decoded(from: unfinished.details.optionsJSON, rotation: unfinished)
            let run = RotationRun(context: context, options: options)
            return try await run.rollBack(unfinished, reason: "requested by the operator")
        }
        guard let toRevision else {
            if let withdrawn = try await finishInterruptedRollback(profileName: profile.name) { return withdrawn }
            throw CoreError(
                .notFound,
                "profile \(profile.name) has no unfinished rotation to roll back: give --to REVISION to return to an earlier certificate (see certkeeper rotate list -p \(profile.name))"
            )
        }
        try await RevisionRollback(context: context).repoint(profile: profile, to: toRevision)
        return nil
    }

    /// A rollback killed after it re-pointed the profile but before Graph withdrew the new
    /// credential left that credential registered, unused: running rollback again removes
    /// it. Nil when the latest rotation is not such a leftover.
    private func finishInterruptedRollback(profileName: String) async throws(CoreError) -> StoredRotation? {
        let rotations = try context.ledger { (store) throws(StoreError) in try store.rotations(profileName: profileName) }
        guard let last = rotations.last, last.state == .rolledBack else { return nil }
        let options = try RotationOptions.decoded(from: last.details.optionsJSON, rotation: last)
        return try await RotationRun(context: context, options: options).withdrawLeftover(last) ? last : nil
    }

    /// The profile's unfinished rotation, else its latest, with what to do next.
    public func status(profileName: String) throws(CoreError) -> RotationStatus? {
        let profile = try loadProfile(profileName)
        let rotations = try context.ledger { (store) throws(StoreError) in try store.rotations(profileName: profile.name) }
        guard let rotation = rotations.last(where: { !$0.state.isFinished }) ?? rotations.last else { return nil }
        return try RotationStatus(rotation: rotation, store: context.store, now: context.clock())
    }

    /// Every unfinished rotation, with what happens next.
    public func unfinished() throws(CoreError) -> [RotationStatus] {
        try history(profileName: nil).filter { !$0.rotation.state.isFinished }
    }

    /// Every rotation (or one profile's), oldest first.
    public func history(profileName: String?) throws(CoreError) -> [RotationStatus] {
        if let profileName { _ = try loadProfile(profileName) }
        let rotations = try context.ledger { (store) throws(StoreError) in try store.rotations(profileName: profileName) }
        var statuses: [RotationStatus] = []
        for rotation in rotations {
            statuses.append(try RotationStatus(rotation: rotation, store: context.store, now: context.clock()))
        }
        return statuses
    }

    func loadProfile(_ name: String) throws(CoreError) -> StoredProfile {
        guard let profile = try context.ledger({ (store) throws(StoreError) in try store.profile(named: name) }) else {
            throw CoreError(.notFound, "no profile named \(name): see certkeeper profile list")
        }
        return profile
    }

    func currentCredential(of profile: StoredProfile) throws(CoreError) -> ClientCertificateCredential {
        guard let path = profile.settings.certificatePath, profile.settings.certificateID != nil else {
            throw CoreError(.invalidInput, "profile \(profile.name) has no certificate to rotate: set one with certkeeper profile edit \(profile.name) --cert FILE")
        }
        return try context.credential(path: path, passwordReference: profile.settings.passwordReference, purpose: "the certificate of profile \(profile.name)")
    }

    /// Refusals that must come before anything is written or sent.
    func checkPreconditions(profile: StoredProfile, current: X509Certificate, options: RotationOptions) throws(CoreError) {
        let name = profile.name
        guard profile.settings.passwordReference != nil else {
            throw CoreError(
                .invalidInput,
                "profile \(name) has no password reference, and certkeeper keeps the new key in an encrypted PFX: set one with certkeeper profile edit \(name) --password-ref env:NAME (or file:PATH)"
            )
        }
        if let bits = options.keyBits, !KeyGenerationSpec.allowedRSABits.contains(bits) {
            throw CoreError(.invalidInput, "--bits \(bits) is not allowed: Entra ID needs RSA 2048, 3072 or 4096")
        }
        for target in options.deployTargets ?? [] { try DeployTargetCheck.validate(target) }
        if let vaultProfile = options.vaultProfile, try context.ledger({ (store) throws(StoreError) in try store.profile(named: vaultProfile) }) == nil {
            throw CoreError(.notFound, "no profile named \(vaultProfile) (--vault-profile): see certkeeper profile list")
        }
        if let days = options.validityDays, !(1...CertificateValidity.maximumDays).contains(days) {
            throw CoreError(.invalidInput, "--days must be between 1 and \(CertificateValidity.maximumDays), got \(days)")
        }
        guard options.registration == .graph else { return }
        guard profile.settings.applicationObjectID != nil else {
            throw CoreError(
                .invalidInput,
                "--register graph needs the application's object id (not the client id): certkeeper profile edit \(name) --app-object-id GUID, or use --register guided"
            )
        }
        guard current.isValid(at: context.clock()) else {
            throw CoreError(
                .invalidInput,
                "the current certificate of profile \(name) (\(current.sha1Thumbprint.hex)) is outside its validity (\(current.notBefore)…\(current.notAfter)): Graph addKey needs a proof signed by a valid registered certificate, so it is impossible; rotate with --register guided and upload the new .cer in the portal"
            )
        }
    }
}
