import CertKeeperStore

extension CoreError {
    /// An inventory failure, in the same words; the store's code picks Core's.
    public static func inventory(_ error: StoreError) -> CoreError {
        let code: Code =
            switch error.code {
            case .notFound: .notFound
            case .duplicate: .duplicate
            case .conflict: .conflict
            case .invalidValue: .invalidInput
            default: .inventory
            }
        return CoreError(code, error.description)
    }
}

/// Runs a store call, turning its error into a CoreError.
func inventoryCall<Result>(_ body: () throws(StoreError) -> Result) throws(CoreError) -> Result {
    do { return try body() } catch { throw CoreError.inventory(error) }
}
