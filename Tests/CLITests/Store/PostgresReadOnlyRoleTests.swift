import Foundation
import TestSupport
import Testing

/// The PostgreSQL twin of a read-only SQLite inventory (ReadOnlyInventoryTests): a role that
/// holds nothing but SELECT on the inventory's tables still answers the read-only commands,
/// and a writing command fails with one line and changes nothing.
@Suite("PostgreSQL: a read-only role")
struct PostgresReadOnlyRoleTests {
    @Test(
        "list, show, scan and history work with SELECT grants only; import fails with one line and writes nothing",
        .enabled(if: PostgresTestServer.isAvailable || PostgresTestServer.isRequired, Comment(rawValue: PostgresTestServer.unavailableReason))
    )
    func readOnlyRole() throws {
        let directory = try TemporaryDirectory()
        let url = try PostgresTestServer.freshSchema()
        let home = directory.file("home")
        let files = try SampleFiles.rsa(in: directory, name: "ro", password: "pw")
        let imported = try Binaries.runCertkeeper(["--home", home, "--store", url, "inventory", "import", files.pem])
        #expect(imported.status == 0, "\(imported)")

        // A role of its own (roles are cluster-wide): SELECT on this schema's tables, nothing else.
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let role = "ck_reader_\(suffix)"
        let schema = try PostgresTestServer.psql(url, "SELECT current_schema()")
        let password = "reader-\(suffix)"
        try PostgresTestServer.psql(url, "CREATE ROLE \(role) LOGIN PASSWORD '\(password)'")
        defer { _ = try? PostgresTestServer.psql(url, "DROP OWNED BY \(role); DROP ROLE \(role)") }
        try PostgresTestServer.psql(url, "GRANT USAGE ON SCHEMA \(schema) TO \(role); GRANT SELECT ON ALL TABLES IN SCHEMA \(schema) TO \(role)")
        let passwordFile = try directory.write(password, to: "reader-password", mode: 0o600)
        let user = try #require(url.range(of: "://")).upperBound
        let at = try #require(url.range(of: "@"))
        let readerURL = url.replacingCharacters(in: user..<at.lowerBound, with: role) + "&password=file:\(passwordFile)"
        let tables = "SELECT (SELECT count(*) FROM certificates) || '/' || (SELECT count(*) FROM certificate_files) || '/' || (SELECT count(*) FROM events)"
        let before = try PostgresTestServer.psql(url, tables)

        func asReader(_ arguments: [String]) throws -> ProcessOutput {
            try Binaries.runCertkeeper(["--home", home, "--store", readerURL] + arguments, environment: ["PGPASSFILE": "/nonexistent"])
        }
        let list = try asReader(["inventory", "list"])
        #expect(list.status == 0, "\(list)")
        #expect(list.stdout.contains("ro"), "\(list)")
        let show = try asReader(["inventory", "show", "1"])
        #expect(show.status == 0, "\(show)")
        let history = try asReader(["history"])
        #expect(history.status == 0, "\(history)")
        #expect(history.stdout.contains("inventory.import"), "\(history)")
        let scan = try asReader(["scan", "--format", "json", "--fail-on", "never"])
        #expect(scan.status == 0, "\(scan)")
        #expect(scan.stdout.contains("\"certificates\": 1"), "\(scan)")
        let write = try asReader(["inventory", "import", files.pem])
        #expect(write.status == 1, "\(write)")
        #expect(write.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1, "\(write)")
        #expect(write.stderr.contains("this role may only read"), "\(write)")
        #expect(!write.stderr.contains(password))
        #expect(try PostgresTestServer.psql(url, tables) == before)
    }
}
