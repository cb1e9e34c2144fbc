import Foundation
import TestSupport
import Testing

/// Two runners sharing ONE store (SQLite file or PostgreSQL schema): runner A is the rotation
/// fixture's home, runner B a second home. "A's machine goes away" moves A's `keys/` out of
/// reach, so B can only use the copy the inventory keeps. The store is read with its own
/// client (`sqlite3`, `psql`, `pg_dump`), never through certkeeper.
final class TeamRunners: @unchecked Sendable {
    static var backends: [String] {
        PostgresTestServer.isAvailable || PostgresTestServer.isRequired ? ["sqlite", "postgres"] : ["sqlite"]
    }

    let backend: String
    let directory: TemporaryDirectory
    let store: String
    let fixture: RotationFixture
    let homeB: TemporaryDirectory

    init(_ backend: String, profileArguments: [String] = []) throws {
        self.backend = backend
        directory = try TemporaryDirectory("certkeeper-team")
        store = backend == "sqlite" ? "sqlite:" + directory.file("shared.sqlite") : try PostgresTestServer.freshSchema()
        fixture = try RotationFixture(profileArguments: profileArguments, store: store)
        homeB = try TemporaryDirectory("certkeeper-runner-b")
    }

    /// certkeeper on runner B (same store, same emulator trust, its own home).
    @discardableResult
    func runB(_ arguments: [String], environment: [String: String?] = [:]) throws -> ProcessOutput {
        try Binaries.runCertkeeper(["--home", homeB.path] + arguments, environment: fixture.environment(environment))
    }

    /// user@host as the audit log and the refusals name this machine.
    static func userAtHost() throws -> String {
        let user = try ProcessRunner.run("id", ["-un"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let host = try ProcessRunner.run("hostname", []).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return "\(user)@\(host)"
    }

    /// Runner A's machine is gone: its keys/ is moved away.
    func takeAwayKeysOfA() throws {
        try FileManager.default.moveItem(atPath: fixture.home.file("keys"), toPath: directory.file("keys-of-a"))
    }

    /// One SQL answer from the store's own client.
    func query(_ sql: String) throws -> String {
        if backend == "sqlite" {
            let output = try ProcessRunner.run("sqlite3", ["-separator", "|", directory.file("shared.sqlite"), sql])
            guard output.status == 0 else { throw TestSupportError("sqlite3: \(output.stderr)") }
            return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return try PostgresTestServer.psql(store, sql)
    }

    /// The staged PFX the inventory holds for the profile's unfinished rotation.
    func storedPFX() throws -> [UInt8] {
        let hex = try query(
            backend == "sqlite" ? "SELECT hex(pfx) FROM rotation_staged_keys" : "SELECT encode(pfx, 'hex') FROM rotation_staged_keys"
        )
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            guard let byte = UInt8(hex[index..<next], radix: 16) else { throw TestSupportError("not hex: \(hex.prefix(20))") }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// Everything the store holds, as its own dump tool writes it (compared before/after;
    /// without the `\restrict` lines of newer pg_dumps, whose key is random per run).
    func dump() throws -> String {
        if backend == "sqlite" {
            let output = try ProcessRunner.run("sqlite3", [directory.file("shared.sqlite"), ".dump"])
            guard output.status == 0 else { throw TestSupportError("sqlite3 .dump: \(output.stderr)") }
            return output.stdout
        }
        let schema = try PostgresTestServer.psql(store, "SELECT current_schema()")
        let output = try ProcessRunner.run("pg_dump", ["--no-owner", "--schema", schema, store])
        guard output.status == 0 else { throw TestSupportError("pg_dump: \(output.stderr)") }
        return output.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\\restrict ") && !$0.hasPrefix("\\unrestrict ") }.joined(separator: "\n")
    }

    /// The raw database: the SQLite file (and its WAL), or the schema's pg_dump.
    func rawDatabase() throws -> [UInt8] {
        guard backend == "sqlite" else { return Array(try dump().utf8) }
        var bytes: [UInt8] = []
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: directory.file("shared.sqlite" + suffix)) { bytes += data }
        }
        return bytes
    }

    /// The lines of one dump that the other lacks (for a failure message).
    static func difference(_ before: String, _ after: String) -> String {
        let old = before.split(separator: "\n")
        let new = after.split(separator: "\n")
        return "gone: \(Set(old).subtracting(new).sorted().prefix(5)); new: \(Set(new).subtracting(old).sorted().prefix(5))"
    }
}
