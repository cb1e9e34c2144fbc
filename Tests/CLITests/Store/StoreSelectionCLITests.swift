import Foundation
import TestSupport
import Testing

/// `--store`, CERTKEEPER_STORE and the home's `config` through the built binary; the bad
/// inputs of a PostgreSQL inventory, one line each with their exit codes (docs/postgres.md).
@Suite("store selection and PostgreSQL bad input")
struct StoreSelectionCLITests {
    func run(_ home: String, _ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessOutput {
        try Binaries.runCertkeeper(["--home", home] + arguments, environment: ["CERTKEEPER_STORE": nil].merging(environment) { _, new in new })
    }

    @Test("a URL with a password, or an unknown store, is a usage error (64) that never echoes the password")
    func passwordInURL() throws {
        let directory = try TemporaryDirectory()
        for url in ["postgres://ops:s3cr3t-77@127.0.0.1:1/inv", "postgres://ops@127.0.0.1:1/inv?password=s3cr3t-77", "mysql://ops@db/inv"] {
            let flag = try run(directory.file("home"), ["profile", "list", "--store", url])
            #expect(flag.status == 64, "\(flag)")
            #expect(!flag.stderr.contains("s3cr3t-77"))
            let variable = try run(directory.file("home"), ["profile", "list"], environment: ["CERTKEEPER_STORE": url])
            #expect(variable.status == 64, "\(variable)")
            #expect(!variable.stderr.contains("s3cr3t-77"))
        }
    }

    @Test("a bad store URL in the home's config: exit 1 (a file, not the command line), one line naming file and line")
    func badURLInConfig() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        #expect(try run(home, ["init"]).status == 0)
        for url in ["postgres://ops:s3cr3t-77@127.0.0.1:1/inv", "mysql://ops@db/inv"] {
            _ = try directory.write("# team inventory\nstore = \(url)\n", to: "home/config")
            let output = try run(home, ["profile", "list"])
            #expect(output.status == 1, "\(output)")
            let lines = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n")
            #expect(lines.count == 1, "\(output)")
            #expect(output.stderr.contains(directory.file("home/config") + " line 2: "), "\(output)")
            #expect(!output.stderr.contains("s3cr3t-77"))
        }
        // --store or CERTKEEPER_STORE win over the config, which is then not read at all.
        let flag = try run(home, ["profile", "list", "--store", "sqlite:" + directory.file("other.sqlite")])
        #expect(flag.status == 0, "\(flag)")
    }

    @Test("--store beats CERTKEEPER_STORE, which beats the home's config, which beats inventory.sqlite")
    func precedence() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("home")
        #expect(try run(home, ["init"]).status == 0)
        let fromConfig = directory.file("config.sqlite")
        _ = try directory.write("# team inventory\nstore = sqlite:\(fromConfig)\n", to: "home/config")
        #expect(try run(home, ["init"]).stdout.contains("inventory: \(fromConfig)"))
        let fromVariable = directory.file("variable.sqlite")
        #expect(try run(home, ["init"], environment: ["CERTKEEPER_STORE": "sqlite:\(fromVariable)"]).stdout.contains("inventory: \(fromVariable)"))
        let fromFlag = directory.file("flag.sqlite")
        let flag = try run(home, ["init", "--store", "sqlite:\(fromFlag)"], environment: ["CERTKEEPER_STORE": "sqlite:\(fromVariable)"])
        #expect(flag.stdout.contains("inventory: \(fromFlag)"), "\(flag)")
        for path in [fromConfig, fromVariable, fromFlag] { #expect(FileManager.default.fileExists(atPath: path)) }
        _ = try directory.write("stroe = sqlite:/tmp/typo\n", to: "home/config")
        let typo = try run(home, ["profile", "list"])
        #expect(typo.status != 0)
        #expect(typo.stderr.contains("unknown setting"))
    }

    @Test("an unreachable server: exit 1, one line with host:port/db")
    func unreachable() throws {
        let directory = try TemporaryDirectory()
        let output = try run(directory.file("home"), ["profile", "list", "--store", "postgres://ops@127.0.0.1:1/inv?connect_timeout=3"])
        #expect(output.status == 1, "\(output)")
        #expect(output.stderr.contains("postgres://127.0.0.1:1/inv"))
        #expect(output.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    }

    @Test(
        "a PostgreSQL inventory works through the CLI; a password reference is read, a wrong one refused",
        .enabled(if: PostgresTestServer.isAvailable || PostgresTestServer.isRequired, Comment(rawValue: PostgresTestServer.unavailableReason))
    )
    func postgresThroughTheCLI() throws {
        let directory = try TemporaryDirectory()
        let url = try PostgresTestServer.freshSchema()
        let home = directory.file("home")
        let initialised = try run(home, ["init", "--store", url])
        #expect(initialised.status == 0, "\(initialised)")
        #expect(initialised.stdout.contains("inventory: postgres://127.0.0.1:"))
        #expect(!initialised.stdout.contains("certkeeper@"))
        let created = try run(
            home, ["profile", "create", "--name", "app", "--tenant", "11111111-2222-3333-4444-555555555555", "--client-id", "66666666-7777-8888-9999-000000000000"],
            environment: ["CERTKEEPER_STORE": url])
        #expect(created.status == 0, "\(created)")
        #expect(try PostgresTestServer.psql(url, "SELECT name FROM profiles") == "app")

        // The password from a file reference instead of PGPASSFILE; a wrong one is refused.
        let passwordFile = try directory.write(try String(contentsOfFile: try #require(PostgresTestServer.directory) + "/password", encoding: .utf8), to: "pw", mode: 0o600)
        let withReference = try run(home, ["profile", "list", "--store", url + "&password=file:\(passwordFile)"], environment: ["PGPASSFILE": "/nonexistent"])
        #expect(withReference.status == 0, "\(withReference)")
        #expect(withReference.stdout.contains("app"))
        let wrongFile = try directory.write("wrong-password-91\n", to: "wrong", mode: 0o600)
        let wrong = try run(home, ["profile", "list", "--store", url + "&password=file:\(wrongFile)"], environment: ["PGPASSFILE": "/nonexistent"])
        #expect(wrong.status == 1, "\(wrong)")
        #expect(wrong.stderr.contains("password"))
        #expect(!wrong.stderr.contains("wrong-password-91"))
    }

    @Test(
        "import, scan (--fail-on) and history against a PostgreSQL inventory, streamed like SQLite",
        .enabled(if: PostgresTestServer.isAvailable || PostgresTestServer.isRequired, Comment(rawValue: PostgresTestServer.unavailableReason))
    )
    func importAndScanOnPostgres() throws {
        let directory = try TemporaryDirectory()
        let url = try PostgresTestServer.freshSchema()
        let home = directory.file("home")
        let now = Date()
        let soon = try TestCertificates.make(commonName: "soon", notBefore: now - 86_400, notAfter: now + 3 * 86_400)
        let later = try TestCertificates.make(commonName: "later", notBefore: now - 86_400, notAfter: now + 300 * 86_400)
        try FileManager.default.createDirectory(atPath: directory.file("certs"), withIntermediateDirectories: false)
        try directory.write(soon.pem + later.pem, to: "certs/bundle.pem")
        let environment: [String: String?] = ["CERTKEEPER_STORE": url]
        let imported = try run(home, ["inventory", "import", directory.file("certs")], environment: environment)
        #expect(imported.status == 0, "\(imported)")
        #expect(try run(home, ["inventory", "import", directory.file("certs")], environment: environment).status == 0)
        #expect(try PostgresTestServer.psql(url, "SELECT count(*) FROM certificates") == "2")
        #expect(try PostgresTestServer.psql(url, "SELECT count(*) FROM certificate_files") == "2")

        let scan = try run(home, ["scan", "--format", "json", "--fail-on", "critical"], environment: environment)
        #expect(scan.status != 0, "\(scan)")
        #expect(scan.stdout.contains("CN=soon") || scan.stdout.contains("soon"))
        #expect(scan.stdout.contains("later"))
        let table = try run(home, ["scan"], environment: environment).stdout
        let first = try #require(table.range(of: "soon"))
        let second = try #require(table.range(of: "later"))
        #expect(first.lowerBound < second.lowerBound, "not-after order")
        let history = try run(home, ["history"], environment: environment)
        #expect(history.stdout.contains("inventory.import"), "\(history)")
    }
}
