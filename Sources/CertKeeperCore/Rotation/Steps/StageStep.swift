import CertKeeperBase
import CertKeeperCrypto
import CertKeeperStore
import Foundation

extension RotationRun {
    /// started → staged: a new RSA key and self-signed certificate (subject, SANs and
    /// lifetime copied from the current one unless overridden), saved as an encrypted PFX
    /// (0600) under the home's keys/ with its `.cer` and keyCredential JSON, and recorded in
    /// the inventory — all before anything external happens.
    func stage(_ rotation: StoredRotation) throws(CoreError) -> StoredRotation {
        let profile = try profile(of: rotation)
        let old = try oldCredential(rotation)
        guard let referenceText = rotation.details.oldPasswordReference ?? profile.settings.passwordReference else {
            throw CoreError(
                .invalidInput, "profile \(profile.name) has no password reference to protect the new PFX: certkeeper profile edit \(profile.name) --password-ref env:NAME")
        }
        let reference = try SecretReference(parsing: referenceText)
        let password = try context.secrets(reference, "the new certificate of profile \(profile.name)")
        let files = ManagedKeyFiles(home: context.home, profileID: rotation.profileID, revision: rotation.revision)
        try files.prepare(home: context.home)

        let certificate: X509Certificate
        if FileManager.default.fileExists(atPath: files.pfxPath) {
            // An earlier run wrote the PFX and stopped before recording it: reuse it rather
            // than make a second key.
            let bundle = try PFXFiles.read(files.pfxPath) { () throws(CoreError) -> Secret? in password }
            guard let existing = bundle.certificate, bundle.privateKey != nil else {
                throw CoreError(.invalidInput, "\(files.pfxPath) holds no key and certificate: move it away and run certkeeper rotate resume -p \(profile.name)")
            }
            certificate = existing
            context.reporter.progress("found the staged certificate \(certificate.sha1Thumbprint.hex) from an interrupted run")
        } else {
            certificate = try writeNewCertificate(files, old: old.certificate, profile: profile, revision: rotation.revision, password: password)
            context.faults.reached("after-stage-files")
        }

        let recorded = try ProfileCertificate.adopt(files.pfxPath, reference: reference, store: context.store) { (_, _) throws(CoreError) -> Secret in
            password
        }
        // The same encrypted bytes go into the inventory, in the transaction of the state
        // change, so another runner can resume (its password never does).
        let pfx = try CoreError.lifting(try FileReader.read(files.pfxPath))
        let staged = try advance(
            RotationTransition(
                rotationID: rotation.id, from: .started, to: .staged, newCertificateID: recorded.id,
                registration: options.registration, newCertificatePath: files.pfxPath, newPasswordReference: reference.description,
                stagedKey: StagedKeyDraft(pfx: pfx, passwordReference: reference.description), certificateStates: [recorded.id: .staged],
                eventDetail: [
                    "new_sha1": .string(certificate.sha1Thumbprint.hex), "new_sha256": .string(certificate.sha256Thumbprint.hex),
                    "not_after": .string(RFC3339.string(from: certificate.notAfter)), "pfx": .string(files.pfxPath),
                ]
            ))
        context.reporter.progress(
            "staged the new certificate \(certificate.sha1Thumbprint.hex) (\(certificate.keyAlgorithm), valid until \(RFC3339.string(from: certificate.notAfter))) in \(files.pfxPath)"
        )
        return staged
    }

    private func writeNewCertificate(
        _ files: ManagedKeyFiles, old: X509Certificate, profile: StoredProfile, revision: Int, password: Secret
    ) throws(CoreError) -> X509Certificate {
        let bits = options.keyBits ?? Self.keepSize(old.keyAlgorithm)
        let days = options.validityDays ?? Self.lifetimeDays(old)
        let certificate: X509Certificate
        let pfx: [UInt8]
        do {
            let key = try PrivateKey.generate(try .rsa(bits: bits))
            let spec = SelfSignedCertificateSpec(
                subject: old.subject, subjectAlternativeNames: old.subjectAlternativeNames,
                validity: try .daysFromNow(days, now: context.clock())
            )
            certificate = try X509Certificate.selfSigned(spec, key: key)
            let bundle = try PKCS12Bundle(privateKey: key, certificate: certificate, friendlyName: "\(profile.name) revision \(revision)")
            pfx = try bundle.encoded(password: password, profile: .modern)
        } catch {
            throw CoreError.crypto(error, path: files.pfxPath)
        }
        let keyCredential = try GraphKeyCredential(certificate: certificate).jsonBytes()
        // The PFX goes last: its presence means staging wrote everything.
        let writer = SecureFileWriter(overwrite: true)
        try CoreError.lifting(try writer.write(certificate.der, to: files.cerPath, mode: .publicFile))
        try CoreError.lifting(try writer.write(keyCredential, to: files.keyCredentialPath, mode: .publicFile))
        try CoreError.lifting(try writer.write(pfx, to: files.pfxPath, mode: .privateFile))
        return certificate
    }

    /// The current RSA size when Entra accepts it, else 2048.
    static func keepSize(_ algorithm: KeyAlgorithm) -> Int {
        if case .rsa(let bits) = algorithm, KeyGenerationSpec.allowedRSABits.contains(bits) { return bits }
        return 2048
    }

    /// The current certificate's lifetime in whole days (1…3650).
    static func lifetimeDays(_ certificate: X509Certificate) -> Int {
        let days = Int((certificate.notAfter.timeIntervalSince(certificate.notBefore) / 86_400).rounded())
        return min(max(days, 1), CertificateValidity.maximumDays)
    }
}
