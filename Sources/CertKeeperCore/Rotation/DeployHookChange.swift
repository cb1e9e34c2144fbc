import CertKeeperStore
import Foundation

/// `rotate resume --deploy-hook CMD` or `--no-deploy-hook`: the operator replaces or skips
/// the deploy hook an unfinished rotation was started with (a hook that hangs, a script that
/// moved). The change is an audit event of the rotation, so it shows in `history` and every
/// later resume of the same rotation (after a crash, after the overlap) keeps it.
public enum DeployHookChange: Sendable, Hashable {
    case replace(String)
    case skip

    static let changedAction = "rotation.deploy_hook_changed"
    /// Recorded once the hook ran (with its exit status, or that it timed out).
    static let ranAction = "rotation.deploy_hook"

    var detail: [String: EventValue] {
        switch self {
        case .replace(let command): ["deploy_hook": .string(command)]
        case .skip: ["skipped": .bool(true)]
        }
    }

    /// The hook to run: the latest recorded change, else the one the rotation started with.
    static func effectiveHook(_ started: String?, events: [AuditEvent]) -> String? {
        guard let latest = events.filter({ $0.action == changedAction }).max(by: { $0.id < $1.id }) else { return started }
        if case .string(let command) = latest.detail["deploy_hook"] { return command }
        return nil
    }

    /// Records the change, unless the hook already ran: then changing it would do nothing.
    func record(for rotation: StoredRotation, context: RotationContext) throws(CoreError) {
        if case .replace(let command) = self { _ = try RenewalDraft.hook(command) }
        let events = try context.ledger { (store) throws(StoreError) in try store.events(matching: EventQuery(rotationID: rotation.id)) }
        guard !events.contains(where: { $0.action == Self.ranAction }) else {
            throw CoreError(
                .conflict,
                "the deploy hook of rotation #\(rotation.revision) of profile \(rotation.profileName) already ran (see certkeeper history): a new hook or --no-deploy-hook would change nothing; run the deployment by hand"
            )
        }
        try context.ledger { (store) throws(StoreError) in
            try store.recordEvent(EventDraft(action: Self.changedAction, profileName: rotation.profileName, rotationID: rotation.id, detail: detail))
        }
    }
}
