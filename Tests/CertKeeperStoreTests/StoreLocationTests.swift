import Testing

@testable import CertKeeperStore

@Suite("Store URLs")
struct StoreLocationTests {
    @Test("sqlite:PATH and postgres:// URLs are told apart; messages show host:port/db only")
    func parses() throws {
        #expect(try StoreLocation.parse("sqlite:/var/lib/ck.sqlite") == .sqlite(path: "/var/lib/ck.sqlite"))
        guard case .postgres(let location) = try StoreLocation.parse("postgresql://ops@db.example:5433/inv?sslmode=verify-full&sslrootcert=/ca.pem") else {
            Issue.record("not a PostgreSQL location")
            return
        }
        #expect(location.description == "postgres://db.example:5433/inv")
        #expect(location.passwordReference == nil)
        #expect(location.connectionURI.contains("sslrootcert=/ca.pem"))
    }

    @Test("a password reference is taken out of the URL libpq sees")
    func passwordReference() throws {
        guard case .postgres(let location) = try StoreLocation.parse("postgres://ops@db:5432/inv?password=env:CK_DB_PASSWORD&sslmode=require") else {
            Issue.record("not a PostgreSQL location")
            return
        }
        #expect(location.passwordReference == "env:CK_DB_PASSWORD")
        #expect(!location.connectionURI.contains("password"))
        #expect(location.connectionURI.contains("sslmode=require"))
    }

    @Test(
        "URLs that carry a password, or name no known store, are refused without echoing the secret",
        arguments: [
            "postgres://ops:hunter2@db:5432/inv", "postgres://ops:@db/inv", "postgres://ops@db/inv?password=hunter2",
            "mysql://ops@db/inv", "sqlite:",
        ])
    func refused(url: String) throws {
        let error = #expect(throws: StoreError.self) { try StoreLocation.parse(url) }
        #expect(error?.code == .invalidValue)
        #expect(error?.description.contains("hunter2") == false)
    }
}
