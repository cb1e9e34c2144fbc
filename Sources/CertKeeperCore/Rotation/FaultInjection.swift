import Foundation

/// A crash switch for reliability tests: when `point` names the step just reached, the
/// process kills itself with SIGKILL — no cleanup, no flush, exactly like `kill -9` or a
/// power cut at that instant. Inert unless the CLI was given `CERTKEEPER_FAULT_INJECTION`.
///
/// Points: `after-<state>` right after the transition into that state committed
/// (`after-staged`, `after-registered`, `after-verified`, `after-promoted`, `after-retired`,
/// `after-completed`, `after-rolled_back`); `after-stage-files` (the staged PFX is on disk,
/// not yet in the inventory); `after-add-key` (Graph added the key, not yet recorded);
/// `after-remove-key` (Graph removed a key, not yet recorded); `after-hook` (the deploy
/// hook ran, its event not yet written).
public struct FaultInjection: Sendable, Hashable {
    public static let environmentVariable = "CERTKEEPER_FAULT_INJECTION"
    public static let none = FaultInjection(point: nil)

    public let point: String?

    public init(point: String?) {
        self.point = point.flatMap { $0.isEmpty ? nil : $0 }
    }

    func reached(_ name: String) {
        guard let point, point == name else { return }
        kill(getpid(), SIGKILL)
    }
}
