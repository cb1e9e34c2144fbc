import CertKeeperBase
import CertKeeperStore
import Foundation

/// `rotate prune`: deletes the key files certkeeper made for rotations that can no longer be
/// needed. Kept: the certificate the profile uses now and the `keep` most recent earlier
/// completed revisions (rollback targets). Only files under the home's `keys/` are ever
/// deleted — a certificate the user brought (revision 0) is theirs.
public struct RotationPruner: Sendable {
    public struct Result: Sendable {
        public let deletedFiles: [String]
        public let keptRevisions: [Int]
    }

    public let context: RotationContext

    public init(context: RotationContext) { self.context = context }

    public func prune(profileName: String, keep: Int, dryRun: Bool) throws(CoreError) -> Result {
        guard keep >= 0 else { throw CoreError(.invalidInput, "--keep must be 0 or more") }
        guard let profile = try context.ledger({ (store) throws(StoreError) in try store.profile(named: profileName) }) else {
            throw CoreError(.notFound, "no profile named \(profileName): see certkeeper profile list")
        }
        let rotations = try context.ledger { (store) throws(StoreError) in try store.rotations(profileName: profile.name) }
        if let open = rotations.first(where: { !$0.state.isFinished }) {
            throw CoreError(.conflict, "rotation #\(open.revision) of profile \(profile.name) is unfinished (\(open.state.rawValue)): finish or roll it back before pruning")
        }
        let current = rotations.filter { $0.newCertificateID == profile.settings.certificateID && $0.newCertificateID != nil }.map(\.revision)
        let earlierCompleted = rotations.filter { $0.state == .completed && !current.contains($0.revision) }.map(\.revision)
        let kept = Set(current + earlierCompleted.suffix(keep))
        var deleted: [String] = []
        for rotation in rotations where !kept.contains(rotation.revision) {
            let files = ManagedKeyFiles(home: context.home, profileID: rotation.profileID, revision: rotation.revision)
            for path in [files.pfxPath, files.cerPath, files.keyCredentialPath] where FileManager.default.fileExists(atPath: path) {
                if !dryRun {
                    guard unlink(path) == 0 else { throw CoreError(FileReader.error(errno: errno, path: path, action: "delete")) }
                }
                deleted.append(path)
            }
        }
        if !dryRun, !deleted.isEmpty {
            try context.ledger { (store) throws(StoreError) in
                try store.recordEvent(
                    EventDraft(
                        action: "rotation.pruned", profileName: profile.name,
                        detail: ["files": EventValue(deleted.count), "kept_revisions": .string(kept.sorted().map(String.init).joined(separator: ","))]
                    ))
            }
        }
        return Result(deletedFiles: deleted, keptRevisions: kept.sorted())
    }
}
