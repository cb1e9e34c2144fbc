import CertKeeperStore
import Foundation
import TestSupport
import Testing

@Suite("Certificates in the store")
struct CertificateStoreTests {
    @Test("an import dedupes by SHA-256 and records every location", arguments: StoreBackend.available)
    func importDedupesAndRecordsLocations(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        let (a, b) = (StoreFixtures.facts(1), StoreFixtures.facts(2))
        let first = try store.recordImport(
            ImportBatch(discoveries: [
                StoreFixtures.discovery("/certs/bundle.pem", [a, b]),
                StoreFixtures.discovery("/certs/a.cer", [a], format: .der),
            ]))
        #expect(first.addedThumbprints == [a.sha256Thumbprint, b.sha256Thumbprint])
        #expect(first.knownThumbprints.isEmpty)
        #expect(first.newLocations == 3)

        let second = try store.recordImport(
            ImportBatch(discoveries: [
                FileDiscovery(
                    path: "/certs/a.pfx", format: .pfx, privateKeyCertificate: a.sha256Thumbprint, passwordReference: "env:PFX_PW",
                    stamp: nil, certificates: [a, b]
                ),
                StoreFixtures.discovery("/certs/bundle.pem", [a, b]),
            ]))
        #expect(second.addedThumbprints.isEmpty)
        #expect(second.knownThumbprints == [a.sha256Thumbprint, b.sha256Thumbprint])
        #expect(second.newLocations == 2)

        let entries = try store.certificates(matching: .all)
        #expect(entries.count == 2)
        let entryA = try #require(entries.first { $0.certificate.facts.sha256Thumbprint == a.sha256Thumbprint })
        #expect(entryA.files.map(\.path).sorted() == ["/certs/a.cer", "/certs/a.pfx", "/certs/bundle.pem"])
        let pfx = try #require(entryA.files.first { $0.format == .pfx })
        #expect(pfx.hasPrivateKey)
        #expect(pfx.passwordReference == "env:PFX_PW")
        // The key belongs to the leaf only, not to the chain certificate in the same file.
        let entryB = try #require(entries.first { $0.certificate.facts.sha256Thumbprint == b.sha256Thumbprint })
        #expect(entryB.files.first { $0.format == .pfx }?.hasPrivateKey == false)
        #expect(entryA.certificate.state == .discovered)
    }

    @Test("a re-read file that no longer holds a certificate loses that location", arguments: StoreBackend.available)
    func replacedFileDropsStaleLocation(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/certs/app.pem", [StoreFixtures.facts(1)])]))
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/certs/app.pem", [StoreFixtures.facts(2)])]))
        let entries = try store.certificates(matching: .all)
        #expect(entries.count == 2)
        #expect(entries.first { $0.certificate.facts.subject.contains("cert-1,") }?.files.isEmpty == true)
        #expect(entries.first { $0.certificate.facts.subject.contains("cert-2,") }?.files.map(\.path) == ["/certs/app.pem"])
    }

    @Test("unchanged files are recognised by their stamp", arguments: StoreBackend.available)
    func unchangedFilesByStamp(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        let (a, b) = (StoreFixtures.facts(1), StoreFixtures.facts(2))
        _ = try store.recordImport(
            ImportBatch(discoveries: [
                StoreFixtures.discovery("/certs/bundle.pem", [a, b], stamp: "s1"),
                StoreFixtures.discovery("/certs/other.pem", [b], stamp: "s2"),
            ]))
        let unchanged = try store.unchangedFiles(["/certs/bundle.pem": "s1", "/certs/other.pem": "changed", "/certs/new.pem": "s3"])
        #expect(unchanged.keys.sorted() == ["/certs/bundle.pem"])
        #expect(unchanged["/certs/bundle.pem"]?.sorted() == [a.sha256Thumbprint, b.sha256Thumbprint].sorted())
        _ = try store.recordImport(ImportBatch(discoveries: [], unchangedPaths: ["/certs/bundle.pem"]))
        let event = try #require(try store.events(matching: EventQuery()).last)
        #expect(event.action == "inventory.import")
        #expect(event.detail["unchanged_files"] == 1)
    }

    @Test("queries filter by expiry (in not-after order) and state, and stream the same entries", arguments: StoreBackend.available)
    func queries(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        let day: TimeInterval = 86_400
        let soon = StoreFixtures.facts(1, notAfter: StoreFixtures.epoch.addingTimeInterval(10 * day))
        let expired = StoreFixtures.facts(2, notAfter: StoreFixtures.epoch.addingTimeInterval(-1 * day))
        let later = StoreFixtures.facts(3, notAfter: StoreFixtures.epoch.addingTimeInterval(400 * day))
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/c/all.pem", [soon, expired, later])]))
        let expiring = try store.certificates(matching: CertificateQuery(expiringBefore: StoreFixtures.epoch.addingTimeInterval(30 * day)))
        #expect(expiring.map(\.certificate.facts.serialNumber) == [expired.serialNumber, soon.serialNumber])

        let laterID = try #require(try store.certificates(thumbprintPrefix: later.sha1Thumbprint.prefix(10).lowercased()).first?.id)
        try store.setCertificateState(id: laterID, to: .retired)
        #expect(try store.certificates(matching: CertificateQuery(states: [.retired])).map(\.certificate.id) == [laterID])
        #expect(try store.certificates(matching: CertificateQuery(states: [.discovered, .active])).count == 2)

        var streamed: [InventoryEntry] = []
        try store.forEachCertificate(matching: .all) { streamed.append($0) }
        #expect(streamed == (try store.certificates(matching: .all)))
        #expect(streamed.allSatisfy { $0.files.map(\.path) == ["/c/all.pem"] })
    }

    @Test("thumbprint prefixes match SHA-1 or SHA-256 in any case", arguments: StoreBackend.available)
    func thumbprintPrefixes(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        let a = StoreFixtures.facts(0x1234_5678)
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/c/a.pem", [a, StoreFixtures.facts(0x1234_5679)])]))
        #expect(try store.certificates(thumbprintPrefix: a.sha1Thumbprint.lowercased()).count == 1)
        #expect(try store.certificates(thumbprintPrefix: String(a.sha256Thumbprint.prefix(8))).count == 1)
        #expect(try store.certificates(thumbprintPrefix: "1234567").count == 2)
        #expect(try store.certificates(thumbprintPrefix: "FFFFFFFF").isEmpty)
        #expect(throws: StoreError.self) { try store.certificates(thumbprintPrefix: "xyz'; DROP TABLE certificates; --") }
    }

    @Test("remove forgets a certificate and its locations, refuses one a profile uses, and is audited", arguments: StoreBackend.available)
    func removeCertificate(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/c/a.pem", [StoreFixtures.facts(1), StoreFixtures.facts(2)])]))
        let ids = try store.certificates(matching: .all).map(\.certificate.id)
        _ = try store.createProfile(StoreFixtures.profile("app", certificateID: ids[0]))
        let error = #expect(throws: StoreError.self) { try store.removeCertificate(id: ids[0]) }
        #expect(error?.code == .conflict)
        #expect(error?.description.contains("app") == true)

        let removed = try store.removeCertificate(id: ids[1])
        #expect(removed.id == ids[1])
        #expect(try store.certificate(id: ids[1]) == nil)
        #expect(try store.certificates(matching: .all).count == 1)
        #expect(try store.events(matching: EventQuery()).last?.action == "certificate.removed")
        #expect((#expect(throws: StoreError.self) { try store.removeCertificate(id: 999) })?.code == .notFound)
    }

    @Test("hostile values round-trip: a 4,000-byte path, quotes, backslashes, non-ASCII", arguments: StoreBackend.available)
    func hostileValuesRoundTrip(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        let path = "/" + Array(repeating: String(repeating: "d", count: 250), count: 16).joined(separator: "/") + "/it's \\x41 \"ü\".pem"
        #expect(path.utf8.count > 4000)
        var facts = StoreFixtures.facts(9)
        facts.subject = "CN=O'Brien \\, \"Ünïcødé\"; DROP TABLE certificates; --"
        for _ in 0..<2 {
            _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery(path, [facts], stamp: "s1")]))
        }
        let entries = try store.certificates(matching: .all)
        #expect(entries.count == 1)
        #expect(entries.first?.files.map(\.path) == [path])
        #expect(entries.first?.certificate.facts.subject == facts.subject)
        #expect(entries.first?.certificate.facts.der == facts.der)
        #expect(try store.unchangedFiles([path: "s1"]) == [path: [facts.sha256Thumbprint]])
    }
}
