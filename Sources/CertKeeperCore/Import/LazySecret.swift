import CertKeeperCrypto
import Foundation
import Synchronization

/// A password reference resolved at most once, and only when something needs it: an import
/// of PEM and DER files never reads the variable or file a `--password-env` names.
final class LazySecret: Sendable {
    let reference: SecretReference
    private let resolve: @Sendable () throws(CoreError) -> Secret
    private let state = Mutex<Result<Secret, CoreError>?>(nil)

    init(reference: SecretReference, purpose: String, environment: [String: String]) {
        self.reference = reference
        resolve = { () throws(CoreError) -> Secret in try reference.resolve(purpose: purpose, environment: environment) }
    }

    func value() throws(CoreError) -> Secret {
        let resolve = self.resolve
        let result = state.withLock { (cached: inout Result<Secret, CoreError>?) -> Result<Secret, CoreError> in
            if let cached { return cached }
            let resolved = Result { () throws(CoreError) -> Secret in try resolve() }
            cached = resolved
            return resolved
        }
        return try result.get()
    }
}
