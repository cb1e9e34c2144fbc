import Foundation
import Synchronization
import TestSupport
import Testing

@Suite("concurrent imports")
struct ConcurrentImportTests {
    @Test("four processes importing overlapping directories into a fresh inventory: no lock errors, no duplicate rows")
    func fourImporters() throws {
        let directory = try TemporaryDirectory()
        let corpus = try CertificateCorpus.generate(
            in: directory.file("corpus"), count: 240, subdirectories: 4, passwordVariable: "CONC_PW", password: "concurrent-pw"
        )
        let home = directory.file("home")
        let part = { (index: Int) in corpus.directory + "/d\(index)" }
        // Each directory is imported by two processes; the fourth also walks the whole tree.
        let runs: [[String]] = [[part(0), part(1)], [part(1), part(2)], [part(2), part(3)], [part(3), part(0), corpus.directory]]
        let outputs = Mutex<[Int: ProcessOutput]>([:])
        let failures = Mutex<[String]>([])
        // One thread per importer (concurrentPerform would run only as many as there are cores).
        let group = DispatchGroup()
        for index in runs.indices {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                do {
                    let output = try Binaries.runCertkeeper(
                        ["--home", home, "inventory", "import", "--recursive", "--password-env", "CONC_PW"] + runs[index],
                        environment: ["CONC_PW": "concurrent-pw"]
                    )
                    outputs.withLock { $0[index] = output }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            thread.start()
        }
        group.wait()
        #expect(failures.withLock { $0 }.isEmpty)
        let results = outputs.withLock { $0 }
        #expect(results.count == 4)
        var newTotal = 0
        for (index, output) in results.sorted(by: { $0.key < $1.key }) {
            #expect(output.status == 0, "importer \(index): \(output)")
            #expect(!output.stderr.lowercased().contains("locked"), "importer \(index): \(output.stderr)")
            let counts = output.stdout.split(separator: " ").compactMap { Int($0) }
            #expect(counts.count == 3, "\(output.stdout)")
            newTotal += counts.first ?? 0
            #expect(counts.last == 0)
        }
        // Every certificate was added by exactly one of the four.
        #expect(newTotal == corpus.expected.distinctCertificates)

        // Independent count with Python's sqlite3: one row per certificate and per location.
        let check = try IndependentTools.python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            q = lambda sql: db.execute(sql).fetchone()[0]
            print(q("SELECT count(*) FROM certificates"), q("SELECT count(DISTINCT sha256_thumbprint) FROM certificates"),
                  q("SELECT count(*) FROM certificate_files"), q("SELECT count(*) FROM (SELECT DISTINCT certificate_id, path FROM certificate_files)"),
                  q("SELECT count(*) FROM events WHERE action = 'certificate.discovered'"))
            """, [home + "/inventory.sqlite"])
        let numbers = check.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        let locations = corpus.files.reduce(0) { $0 + Set($1.sha256).count }
        #expect(
            numbers == [
                corpus.expected.distinctCertificates, corpus.expected.distinctCertificates, locations, locations,
                corpus.expected.distinctCertificates,
            ], "\(check)")
    }
}
