import Foundation
import Synchronization
import TestSupport
import Testing

/// Four CI runners (processes with separate homes) import overlapping trees into ONE store
/// at once, on each backend: no lock errors, no duplicate or lost rows, and every event says
/// which user and host wrote it.
@Suite("runners sharing one store")
struct SharedStoreImportTests {
    static var backends: [String] {
        PostgresTestServer.isAvailable || PostgresTestServer.isRequired ? ["sqlite", "postgres"] : ["sqlite"]
    }

    @Test("four runners with their own homes import overlapping trees into one store", arguments: backends)
    func fourRunnersOneStore(backend: String) throws {
        let directory = try TemporaryDirectory()
        let corpus = try CertificateCorpus.generate(
            in: directory.file("corpus"), count: 160, subdirectories: 4, passwordVariable: "TEAM_PW", password: "team-pw"
        )
        let store = backend == "sqlite" ? "sqlite:" + directory.file("shared.sqlite") : try PostgresTestServer.freshSchema()
        let part = { (index: Int) in corpus.directory + "/d\(index)" }
        let trees: [[String]] = [[part(0), part(1)], [part(1), part(2)], [part(2), part(3)], [part(3), part(0)]]
        let outputs = Mutex<[Int: ProcessOutput]>([:])
        let group = DispatchGroup()
        for index in trees.indices {
            group.enter()
            Thread {
                defer { group.leave() }
                let output = try? Binaries.runCertkeeper(
                    ["--home", directory.file("runner-\(index)"), "inventory", "import", "--recursive", "--password-env", "TEAM_PW"] + trees[index],
                    environment: ["TEAM_PW": "team-pw", "CERTKEEPER_STORE": store]
                )
                outputs.withLock { $0[index] = output }
            }.start()
        }
        group.wait()
        let results = outputs.withLock { $0 }
        #expect(results.count == 4)
        var added = 0
        for (index, output) in results.sorted(by: { $0.key < $1.key }) {
            #expect(output.status == 0 && !output.stderr.lowercased().contains("lock"), "runner \(index): \(output)")
            added += output.stdout.split(separator: " ").compactMap { Int($0) }.first ?? 0
        }
        #expect(added == corpus.expected.distinctCertificates, "each certificate added by exactly one runner")

        // Independent counts with the store's own client.
        let sql = "SELECT count(*), count(DISTINCT sha256_thumbprint) FROM certificates"
        let counts: String
        if backend == "sqlite" {
            counts = try ProcessRunner.run("sqlite3", ["-separator", "|", directory.file("shared.sqlite"), sql]).stdout
        } else {
            counts = try PostgresTestServer.psql(store, sql)
        }
        let distinct = corpus.expected.distinctCertificates
        #expect(counts.trimmingCharacters(in: .whitespacesAndNewlines) == "\(distinct)|\(distinct)")

        // A fifth home reads the same store; every event names user@host.
        let history = try Binaries.runCertkeeper(
            ["--home", directory.file("reader"), "history", "--format", "json"], environment: ["CERTKEEPER_STORE": store])
        let events = try #require((try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])?["events"] as? [[String: Any]])
        let host = try ProcessRunner.run("hostname", []).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(events.filter { $0["action"] as? String == "inventory.import" }.count == 4)
        #expect(events.allSatisfy { $0["host"] as? String == host && $0["actor"] as? String != nil })
    }
}
