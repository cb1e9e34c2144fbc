import CertKeeperBase
import CertKeeperCrypto
import CertKeeperEntra
import CertKeeperStore
import Foundation

/// Where this runner finds the new key of a rotation another runner may have staged
/// (docs/postgres.md, "Rotations across runners"). The staged PFX is recorded at its path on
/// the staging runner; a runner with another home (or on another machine) keeps its own copy
/// at the same place in its own home, fetched from the inventory's encrypted copy the first
/// time it needs it. Nothing is written, locally or in the store, unless the copy opens with
/// the password its reference resolves to here and holds the rotation's new certificate.
struct StagedKeyLocator: Sendable {
    let context: RotationContext

    /// The staged PFX on this runner: the recorded path, else this home's copy, whichever
    /// holds the rotation's new certificate; nil before staging.
    func localPath(_ rotation: StoredRotation) -> String? {
        guard let recorded = rotation.details.newCertificatePath else { return nil }
        return matchingCopy(rotation) ?? recorded
    }

    /// The first of the recorded path and this home's copy that exists and holds the new
    /// certificate. The `.cer` written beside every staged PFX tells, without its password:
    /// a file left here by an interrupted staging (killed before it was recorded, then staged
    /// again by another runner) holds another key and must not be used.
    private func matchingCopy(_ rotation: StoredRotation) -> String? {
        guard let recorded = rotation.details.newCertificatePath else { return nil }
        let expected = try? expectedSHA1(rotation)
        for path in [recorded, ownFiles(rotation).pfxPath] where FileManager.default.fileExists(atPath: path) {
            let cer = (path as NSString).deletingPathExtension + ".cer"
            guard let expected, let der = FileManager.default.contents(atPath: cer) else { return path }
            if let certificate = try? X509Certificate(der: [UInt8](der)),
                certificate.sha1Thumbprint.hex.caseInsensitiveCompare(expected) == .orderedSame
            {
                return path
            }
        }
        return nil
    }

    /// SHA-1 of the rotation's new certificate as the inventory records it.
    private func expectedSHA1(_ rotation: StoredRotation) throws(CoreError) -> String? {
        try rotation.newCertificateID.flatMap { (id) throws(CoreError) -> String? in
            try context.ledger { (store) throws(StoreError) in try store.certificate(id: id) }?.certificate.facts.sha1Thumbprint
        }
    }

    /// Makes sure the staged key of an unfinished, staged rotation is on this runner before
    /// anything acts on it: fetches the inventory's copy into this home when neither the
    /// recorded path nor this home's copy holds it. Refuses in one line naming the runner that
    /// staged it when there is no copy, or its password reference cannot be resolved here or
    /// is wrong.
    func ensureLocal(_ rotation: StoredRotation) throws(CoreError) {
        guard rotation.state != .started, !rotation.state.isFinished, let recorded = rotation.details.newCertificatePath else { return }
        let files = ownFiles(rotation)
        guard matchingCopy(rotation) == nil else { return }
        let name = "rotation #\(rotation.revision) of profile \(rotation.profileName)"
        guard let stored = try context.ledger({ (store) throws(StoreError) in try store.stagedKey(rotationID: rotation.id) }) else {
            let origin = try stagingOrigin(rotation)
            throw CoreError(
                .fileNotFound,
                "the new key of \(name) is only at \(recorded) on \(origin) (staged by a certkeeper that did not keep it in the inventory): run certkeeper rotate resume -p \(rotation.profileName) there, or roll it back"
            )
        }
        let origin = Self.origin(user: stored.stagedBy, host: stored.stagedHost)
        let there = "run certkeeper rotate resume -p \(rotation.profileName) on \(stored.stagedHost ?? "that runner")"
        let advice =
            stored.passwordReference == "prompt"
            ? "run it from a terminal here to type the password, or \(there)" : "set \(stored.passwordReference) on this runner, or \(there)"
        let password: Secret
        do {
            let reference = try SecretReference(parsing: stored.passwordReference)
            password = try context.secrets(reference, "the new key of \(name)")
        } catch {
            throw CoreError(error.code, "\(name) was staged on \(origin); its key in the inventory cannot be opened here (\(error.description)): \(advice)")
        }
        let bundle: PKCS12Bundle
        do { bundle = try PKCS12Bundle(reading: stored.pfx, password: password) } catch {
            let cause = error.code == .wrongPassword ? "wrong password" : error.description
            throw CoreError(
                .secretUnavailable,
                "\(name) was staged on \(origin); its key in the inventory does not open with the password of \(stored.passwordReference) here (\(cause)): \(advice)",
                underlying: error
            )
        }
        try requireNewCertificate(bundle, of: rotation, origin: origin)
        try write(bundle, pfx: stored.pfx, to: files)
        context.reporter.progress("fetched the new key of \(name), staged on \(origin), from the inventory into \(files.pfxPath)")
    }

    private func ownFiles(_ rotation: StoredRotation) -> ManagedKeyFiles {
        ManagedKeyFiles(home: context.home, profileID: rotation.profileID, revision: rotation.revision)
    }

    /// The copy must hold a key and the very certificate the rotation staged.
    private func requireNewCertificate(_ bundle: PKCS12Bundle, of rotation: StoredRotation, origin: String) throws(CoreError) {
        let expected = try expectedSHA1(rotation)
        guard let certificate = bundle.certificate, bundle.privateKey != nil, let expected,
            certificate.sha1Thumbprint.hex.caseInsensitiveCompare(expected) == .orderedSame
        else {
            throw CoreError(
                .conflict,
                "the key of rotation #\(rotation.revision) of profile \(rotation.profileName) in the inventory (staged on \(origin)) does not hold the rotation's new certificate: roll the rotation back with certkeeper rotate rollback -p \(rotation.profileName)"
            )
        }
    }

    /// The `.cer` and keyCredential JSON first, the PFX (0600) last, as staging writes them:
    /// each through a temporary file and a rename.
    private func write(_ bundle: PKCS12Bundle, pfx: [UInt8], to files: ManagedKeyFiles) throws(CoreError) {
        guard let certificate = bundle.certificate else { return }
        try files.prepare(home: context.home)
        let keyCredential = try GraphKeyCredential(certificate: certificate).jsonBytes()
        let writer = SecureFileWriter(overwrite: true)
        try CoreError.lifting(try writer.write(certificate.der, to: files.cerPath, mode: .publicFile))
        try CoreError.lifting(try writer.write(keyCredential, to: files.keyCredentialPath, mode: .publicFile))
        try CoreError.lifting(try writer.write(pfx, to: files.pfxPath, mode: .privateFile))
    }

    /// user@host of the `rotation.staged` event (rotations staged before the key was kept).
    private func stagingOrigin(_ rotation: StoredRotation) throws(CoreError) -> String {
        let events = try context.ledger { (store) throws(StoreError) in try store.events(matching: EventQuery(rotationID: rotation.id)) }
        let staged = events.last { $0.action == "rotation.staged" }
        return Self.origin(user: staged?.actor, host: staged?.host)
    }

    static func origin(user: String?, host: String?) -> String {
        "\(user ?? "an unknown user")@\(host ?? "an unknown host")"
    }
}
