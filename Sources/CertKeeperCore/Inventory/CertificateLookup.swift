import CertKeeperStore

/// Finds one certificate from what a user typed: an inventory id (`12`), or a SHA-1 or
/// SHA-256 thumbprint or a unique prefix of one (at least 8 hex digits, any case, colons and
/// spaces ignored, as `openssl x509 -fingerprint` and the portal print them).
public enum CertificateLookup {
    public static let minimumPrefixLength = 8

    public static func find(_ text: String, in store: any InventoryStore) throws(CoreError) -> InventoryEntry {
        let cleaned = text.filter { $0 != ":" && $0 != " " }
        let isNumber = !cleaned.isEmpty && cleaned.allSatisfy { $0.isASCII && $0.isNumber }
        if isNumber, cleaned.count < minimumPrefixLength, let id = Int64(cleaned) {
            return try entry(id: id, store: store, label: text)
        }
        guard cleaned.count >= minimumPrefixLength, cleaned.allSatisfy(\.isHexDigit) else {
            throw CoreError(
                .invalidInput,
                "\"\(text)\" is neither an inventory id nor a thumbprint: give the id from certkeeper inventory list, or at least \(minimumPrefixLength) hex digits of the SHA-1 or SHA-256 thumbprint"
            )
        }
        let matches = try inventoryCall { () throws(StoreError) in try store.certificates(thumbprintPrefix: cleaned) }
        switch matches.count {
        case 0:
            // Eight or more digits may still be an id.
            if isNumber, let id = Int64(cleaned), let entry = try inventoryCall({ () throws(StoreError) in try store.certificate(id: id) }) {
                return entry
            }
            throw CoreError(.notFound, "no certificate in the inventory has a thumbprint starting with \(cleaned.uppercased())")
        case 1:
            return try entry(id: matches[0].id, store: store, label: text)
        default:
            let ids = matches.map { String($0.id) }.joined(separator: ", ")
            throw CoreError(.duplicate, "\(cleaned.uppercased()) matches \(matches.count) certificates (ids \(ids)): give more digits")
        }
    }

    private static func entry(id: Int64, store: any InventoryStore, label: String) throws(CoreError) -> InventoryEntry {
        guard let entry = try inventoryCall({ () throws(StoreError) in try store.certificate(id: id) }) else {
            throw CoreError(.notFound, "no certificate with id \(label) in the inventory: see certkeeper inventory list")
        }
        return entry
    }
}
