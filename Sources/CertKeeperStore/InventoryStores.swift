import Foundation

/// The one place a store is chosen: SQLite for `sqlite:PATH`, PostgreSQL for `postgres://`.
public enum InventoryStores {
    /// Opens (creating or upgrading) the inventory at `location`. `password` is the value of
    /// the URL's `password=env:/file:` reference, resolved by the caller; without it libpq
    /// reads PGPASSWORD or ~/.pgpass. Never logged, never part of an error message.
    public static func open(
        _ location: StoreLocation, password: String? = nil, actor: String? = nil, clock: @escaping @Sendable () -> Date = { Date() }
    ) throws(StoreError) -> any InventoryStore {
        switch location {
        case .sqlite(let path):
            try SQLiteInventoryStore(path: path, actor: actor, clock: clock)
        case .postgres(let postgres):
            try PostgresInventoryStore(location: postgres, password: password, actor: actor, clock: clock)
        }
    }
}
