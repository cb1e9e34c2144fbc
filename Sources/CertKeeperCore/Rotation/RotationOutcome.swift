import CertKeeperStore
import Foundation

/// Where a `rotate start`/`resume` run stopped.
public enum RotationOutcome: Sendable {
    /// Every step done: the profile uses the new certificate and the old one is retired.
    case completed(StoredRotation)
    /// Guided registration: the new certificate is not accepted yet (not uploaded, or the
    /// directory has not replicated it). Resume after uploading.
    case waitingForRegistration(StoredRotation)
    /// Promoted; the old credential stays registered until the overlap ends.
    case waitingForOverlap(StoredRotation, until: Date)
    /// Something failed after staging; the profile never left its old certificate.
    case rolledBack(StoredRotation, cause: CoreError)

    public var rotation: StoredRotation {
        switch self {
        case .completed(let rotation), .waitingForRegistration(let rotation), .rolledBack(let rotation, _):
            rotation
        case .waitingForOverlap(let rotation, _):
            rotation
        }
    }
}
