import Foundation

/// The throwaway PostgreSQL cluster `scripts/test.sh` starts (`scripts/pg-cluster.sh`),
/// found through CERTKEEPER_TEST_POSTGRES. Each test gets its own schema (created with the
/// independent `psql`), so tests run in parallel on one database without seeing each other.
///
/// No server: in CI (`CI=true`) the tests that need one fail; elsewhere they are skipped with
/// `unavailableReason` (Swift Testing prints it).
public enum PostgresTestServer {
    /// The cluster's URL (verify-full TLS against the cluster's test CA; the password comes
    /// from PGPASSFILE).
    public static var url: String? {
        ProcessInfo.processInfo.environment["CERTKEEPER_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The cluster's directory: ca.pem, other-ca.pem (a CA that did not sign the server), password.
    public static var directory: String? { ProcessInfo.processInfo.environment["CERTKEEPER_TEST_POSTGRES_DIR"] }

    public static var isAvailable: Bool { url != nil }

    /// CI must run the PostgreSQL half of the suite: no silent skip there.
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    public static let unavailableReason =
        "CERTKEEPER_TEST_POSTGRES is unset: the PostgreSQL half of the store suite is skipped (scripts/test.sh starts a throwaway cluster; or eval \"$(scripts/pg-cluster.sh start)\")"

    /// A fresh, empty schema; returns its URL (`options=-csearch_path=…`).
    public static func freshSchema() throws -> String {
        guard let url else { throw ServerMissing() }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try psql(url, "CREATE SCHEMA \(name)")
        return url + (url.contains("?") ? "&" : "?") + "options=-csearch_path%3D\(name)"
    }

    /// Runs SQL with the `psql` client against `url` (checks the store's API does not offer).
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let output = try ProcessRunner.run("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
        guard output.status == 0 else { throw PsqlFailed(description: "psql: \(output.stderr)") }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public struct ServerMissing: Error, CustomStringConvertible {
        public init() {}
        public var description: String { PostgresTestServer.unavailableReason }
    }

    public struct PsqlFailed: Error, CustomStringConvertible {
        public let description: String
    }
}
