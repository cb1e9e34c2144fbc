import TestSupport
import Testing

/// The store suite runs every behavioural test against both inventories with the same
/// assertions (`@Test(arguments: StoreBackend.available)`).
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when the test cluster is there, and always in CI, where a
    /// missing server then fails the PostgreSQL cases (`PostgresClusterTests` says why
    /// when it is skipped elsewhere).
    static var available: [StoreBackend] {
        PostgresTestServer.isAvailable || PostgresTestServer.isRequired ? [.sqlite, .postgres] : [.sqlite]
    }
}
