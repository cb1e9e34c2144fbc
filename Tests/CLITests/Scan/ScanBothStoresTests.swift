import CertKeeperCrypto
import CertKeeperStore
import Foundation
import TestSupport
import Testing

/// The same inventory in SQLite and in PostgreSQL scans to the same bytes: rows in the same
/// order (ties on notAfter included), the same files, profiles and dates.
@Suite("scan: both stores print the same report")
struct ScanBothStoresTests {
    static let day: TimeInterval = 86_400

    /// Ties on purpose: a..c share notAfter (b and c share notBefore too, so the thumbprint
    /// decides), d has two files, e is retired but a profile's certificate, f is retired.
    static func certificates() throws -> [String: X509Certificate] {
        let tie = testEpoch + 20 * day
        var certificates: [String: X509Certificate] = [:]
        for (name, notBefore, notAfter) in [
            ("a", testEpoch - 9 * day, tie), ("b", testEpoch - 5 * day, tie), ("c", testEpoch - 5 * day, tie),
            ("d", testEpoch - 100 * day, testEpoch + 3 * day), ("e", testEpoch - 300 * day, testEpoch - 2 * day),
            ("f", testEpoch - 300 * day, testEpoch - 1 * day), ("g", testEpoch - 1 * day, testEpoch + 400 * day),
        ] {
            certificates[name] = try TestCertificates.make(commonName: "svc-\(name)", notBefore: notBefore, notAfter: notAfter)
        }
        return certificates
    }

    static func fill(_ store: any InventoryStore, _ certificates: [String: X509Certificate], files: String) throws {
        func discovery(_ path: String, _ names: [String]) throws -> FileDiscovery {
            FileDiscovery(
                path: files + "/" + path, format: .pem, privateKeyCertificate: nil, passwordReference: nil, stamp: nil,
                certificates: try names.map { ScanInventoryTests.facts(try #require(certificates[$0])) })
        }
        _ = try store.recordImport(
            ImportBatch(discoveries: [
                try discovery("bundle.pem", ["c", "a", "d"]), try discovery("z/d.pem", ["d"]), try discovery("b.pem", ["b", "g"]),
                try discovery("old.pem", ["e", "f"]),
            ]))
        let ids = Dictionary(uniqueKeysWithValues: try store.certificates(matching: .all).map { ($0.certificate.facts.subjectCommonName ?? "", $0.certificate.id) })
        _ = try store.createProfile(
            ProfileSettings(
                name: "payroll", tenantID: "11111111-2222-3333-4444-555555555555", clientID: "66666666-7777-8888-9999-000000000000",
                certificateID: ids["svc-e"]))
        try store.setCertificateState(id: try #require(ids["svc-e"]), to: .retired)
        try store.setCertificateState(id: try #require(ids["svc-f"]), to: .retired)
    }

    @Test(
        "json, table and prometheus reports are byte-identical on SQLite and PostgreSQL",
        .enabled(if: PostgresTestServer.isAvailable || PostgresTestServer.isRequired, Comment(rawValue: PostgresTestServer.unavailableReason))
    )
    func sameReportOnBothStores() throws {
        let directory = try TemporaryDirectory()
        let certificates = try Self.certificates()
        let files = directory.file("files")
        let sqlitePath = directory.file("inventory.sqlite")
        try Self.fill(try SQLiteInventoryStore(path: sqlitePath), certificates, files: files)
        let url = try PostgresTestServer.freshSchema()
        guard case .postgres(let location) = try StoreLocation.parse(url) else { throw PostgresTestServer.ServerMissing() }
        try Self.fill(try PostgresInventoryStore(location: location), certificates, files: files)

        for format in ["json", "table", "prometheus"] {
            var outputs: [String] = []
            for store in ["sqlite:\(sqlitePath)", url] {
                let output = try Binaries.runCertkeeper(
                    ["--home", directory.file("home"), "scan", "--store", store, "--at", ScanFixture.at, "--format", format, "--fail-on", "never"])
                #expect(output.status == 0, "\(format) on \(store): \(output)")
                outputs.append(output.stdout)
            }
            #expect(outputs[0] == outputs[1], "\(format) differs:\n\(outputs[0])\n---\n\(outputs[1])")
            #expect(outputs[0].contains("svc-e") && !outputs[0].contains("svc-f"), "\(outputs[0])")
        }
        let json = try ScanJSONReport.decode(
            try Binaries.runCertkeeper(["--home", directory.file("home"), "scan", "--store", url, "--at", ScanFixture.at, "--format", "json", "--fail-on", "never"])
                .stdoutBytes)
        let order = json.certificates.map(\.subject)
        #expect(order.prefix(2) == ["CN=svc-e", "CN=svc-d"], "\(order)")
        #expect(json.certificates[1].sources == ["inventory", files + "/bundle.pem", files + "/z/d.pem"])
    }
}
