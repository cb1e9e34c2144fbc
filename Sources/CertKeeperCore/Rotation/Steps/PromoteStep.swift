import CertKeeperBase
import CertKeeperCrypto
import CertKeeperStore
import Foundation

extension RotationRun {
    /// verified → promoted: the profile points at the new certificate, in the same
    /// transaction as the state change and its audit event. The old credential stays
    /// registered until the overlap ends.
    func promote(_ rotation: StoredRotation) throws(CoreError) -> StoredRotation {
        guard let newID = rotation.newCertificateID, let path = StagedKeyLocator(context: context).localPath(rotation) else {
            throw CoreError(.invalidInput, "rotation #\(rotation.revision) of profile \(rotation.profileName) has no staged certificate to promote")
        }
        let retireAfter = context.clock().addingTimeInterval(options.overlap)
        let promoted = try advance(
            RotationTransition(
                rotationID: rotation.id, from: .verified, to: .promoted,
                repointProfile: .init(certificateID: newID, certificatePath: path, passwordReference: rotation.details.newPasswordReference),
                retireAfter: retireAfter, certificateStates: [newID: .active],
                eventDetail: ["retire_after": .string(RFC3339.string(from: retireAfter))]
            ))
        context.reporter.progress("promoted: profile \(rotation.profileName) now signs with \(path)")
        return promoted
    }

    /// Runs --deploy-hook once per rotation, after promotion. A crash between promotion and
    /// the hook runs it on resume; a hook that ran is recorded and not run again. The hook
    /// is the one `rotate resume --deploy-hook/--no-deploy-hook` last recorded, if any.
    func runDeployHookIfDue(_ rotation: StoredRotation) throws(CoreError) {
        let events = try context.ledger { (store) throws(StoreError) in try store.events(matching: EventQuery(rotationID: rotation.id)) }
        guard let command = DeployHookChange.effectiveHook(options.deployHook, events: events) else { return }
        guard !events.contains(where: { $0.action == DeployHookChange.ranAction }) else { return }
        let new = try newCredential(rotation)
        let oldSHA1 = try rotation.oldCertificateID.flatMap { (id) throws(CoreError) -> String? in
            try context.ledger { (store) throws(StoreError) in try store.certificate(id: id) }?.certificate.facts.sha1Thumbprint
        }
        let timeout = options.hookTimeout ?? RotationOptions.defaultHookTimeout
        context.reporter.progress("running the deploy hook (timeout \(DurationSpec(milliseconds: Int64(timeout * 1000))))")
        let outcome = try DeployHook(command: command, timeout: timeout).run(
            .init(
                profile: rotation.profileName, newSHA1: new.certificate.sha1Thumbprint.hex,
                newSHA256: new.certificate.sha256Thumbprint.hex, oldSHA1: oldSHA1,
                pfxPath: StagedKeyLocator(context: context).localPath(rotation) ?? "", deployTargets: options.deployTargets ?? []
            ))
        context.faults.reached("after-hook")
        switch outcome {
        case .exited(let status):
            try recordEvent(DeployHookChange.ranAction, rotation, ["exit_status": EventValue(Int(status))])
            if status != 0 {
                context.reporter.warning(
                    "the deploy hook exited with status \(status); the promotion stands (the profile already uses the new certificate): fix the deployment by hand")
            }
        case .timedOut:
            try recordEvent(DeployHookChange.ranAction, rotation, ["timed_out": .bool(true), "timeout_seconds": EventValue(Int(timeout))])
            context.reporter.warning(
                "the deploy hook was still running after \(DurationSpec(milliseconds: Int64(timeout * 1000))) and was killed with its process group; the promotion stands (the profile already uses the new certificate): fix the deployment by hand"
            )
        }
    }
}
