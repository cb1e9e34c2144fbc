import CertKeeperCrypto
import CertKeeperStore
import Foundation

/// Which inventory a command uses, by precedence: `--store`, `CERTKEEPER_STORE`, the home's
/// `config` (`store = URL`), else the home's `inventory.sqlite` (docs/postgres.md).
public struct StoreSelection: Sendable, Hashable {
    public let location: StoreLocation

    public init(location: StoreLocation) { self.location = location }

    public static func resolve(option: String?, environment: [String: String], home: CertKeeperHome) throws(CoreError) -> StoreSelection {
        let text: String?
        if let option, !option.isEmpty {
            text = option
        } else if let variable = environment["CERTKEEPER_STORE"], !variable.isEmpty {
            text = variable
        } else {
            text = try HomeConfig.load(home.configPath).store
        }
        guard let text else { return StoreSelection(location: .sqlite(path: home.inventoryPath)) }
        do {
            return StoreSelection(location: try StoreLocation.parse(text))
        } catch {
            throw CoreError(.invalidInput, error.description)
        }
    }

    /// Opens the store; a PostgreSQL URL's `password=env:/file:` reference is read here.
    public func open(actor: String?, environment: [String: String]) throws(CoreError) -> any InventoryStore {
        let password = try password(environment: environment)
        return try inventoryCall { () throws(StoreError) in try InventoryStores.open(location, password: password, actor: actor) }
    }

    /// The password of a PostgreSQL URL's `password=env:/file:` reference, read now; nil when
    /// the URL has none (libpq then reads PGPASSWORD or ~/.pgpass). Never printed or logged.
    public func password(environment: [String: String]) throws(CoreError) -> String? {
        guard case .postgres(let postgres) = location, let reference = postgres.passwordReference else { return nil }
        let secret = try SecretReference(parsing: reference).resolve(purpose: "the inventory \(postgres)", environment: environment)
        return secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}
