import CertKeeperStore
import Foundation
import TestSupport
import Testing

@Suite("Streaming certificates by expiry")
struct ExpiryStreamTests {
    let day: TimeInterval = 86_400

    @Test("rows come in not-after order with their files and profiles, retired ones left out", arguments: StoreBackend.available)
    func orderFilesProfilesAndStates(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        let epoch = StoreFixtures.epoch
        let late = StoreFixtures.facts(1, notAfter: epoch + 300 * day)
        let soon = StoreFixtures.facts(2, notAfter: epoch + 5 * day)
        let middle = StoreFixtures.facts(3, notAfter: epoch + 40 * day)
        let retired = StoreFixtures.facts(4, notAfter: epoch + 1 * day)
        let retiredButUsed = StoreFixtures.facts(5, notAfter: epoch + 2 * day)
        _ = try store.recordImport(
            ImportBatch(discoveries: [
                StoreFixtures.discovery("/certs/late.pem", [late]),
                StoreFixtures.discovery("/certs/bundle.pem", [soon, middle]),
                StoreFixtures.discovery("/certs/soon.cer", [soon], format: .der),
                StoreFixtures.discovery("/certs/old.pem", [retired, retiredButUsed]),
            ]))
        let ids = Dictionary(uniqueKeysWithValues: try store.certificates(matching: .all).map { ($0.certificate.facts.sha256Thumbprint, $0.certificate.id) })
        let retiredID = try #require(ids[retired.sha256Thumbprint])
        let usedID = try #require(ids[retiredButUsed.sha256Thumbprint])
        _ = try store.createProfile(StoreFixtures.profile("payroll", certificateID: usedID))
        try store.setCertificateState(id: retiredID, to: .retired)
        try store.setCertificateState(id: usedID, to: .retired)
        _ = try store.createProfile(StoreFixtures.profile("billing", certificateID: ids[middle.sha256Thumbprint]))

        var rows: [CertificateExpiryRow] = []
        try store.forEachCertificateByExpiry {
            rows.append($0)
            return true
        }

        #expect(rows.map(\.sha256Thumbprint) == [retiredButUsed, soon, middle, late].map(\.sha256Thumbprint))
        #expect(rows.map(\.notAfter) == [epoch + 2 * day, epoch + 5 * day, epoch + 40 * day, epoch + 300 * day])
        #expect(rows[0].profileNames == ["payroll"] && rows[0].state == .retired)
        #expect(rows[1].filePaths.sorted() == ["/certs/bundle.pem", "/certs/soon.cer"])
        #expect(rows[2].profileNames == ["billing"])
        #expect(rows[3].subjectCommonName == "cert-1" && rows[3].serialNumber == late.serialNumber)
        #expect(rows[3].notBefore == epoch)
    }

    @Test("a certificate without files is still listed, and the body can stop early", arguments: StoreBackend.available)
    func withoutFilesAndEarlyStop(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        let first = StoreFixtures.facts(1, notAfter: StoreFixtures.epoch + 10 * day)
        let second = StoreFixtures.facts(2, notAfter: StoreFixtures.epoch + 20 * day)
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/certs/app.pem", [first])]))
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/certs/app.pem", [second])]))

        var all: [CertificateExpiryRow] = []
        try store.forEachCertificateByExpiry {
            all.append($0)
            return true
        }
        #expect(all.map(\.filePaths) == [[], ["/certs/app.pem"]])

        var seen = 0
        try store.forEachCertificateByExpiry { _ in
            seen += 1
            return false
        }
        #expect(seen == 1)
        // The stopped read left the store's connection ready for the next one.
        var again = 0
        try store.forEachCertificateByExpiry { _ in
            again += 1
            return true
        }
        #expect(again == 2)
    }

    @Test("shared issuers are read back right as they change from row to row, and so are odd date spellings", arguments: StoreBackend.available)
    func issuersAndDateSpellings(backend: StoreBackend) throws {
        let directory = try TemporaryDirectory()
        let store = try StoreFixtures.store(backend, in: directory)
        // Issuers alternate A A B A, with and without a CN: a value reused from the previous
        // row must never leak into a row whose issuer differs.
        let issuers: [(String, String?)] = [("CN=A", "A"), ("CN=A", "A"), ("O=B", nil), ("CN=A", "A")]
        let facts = issuers.enumerated().map { index, issuer in
            let base = StoreFixtures.facts(index + 1, notAfter: StoreFixtures.epoch + Double(index + 1) * day)
            return CertificateFacts(
                sha1Thumbprint: base.sha1Thumbprint, sha256Thumbprint: base.sha256Thumbprint, subject: base.subject,
                subjectCommonName: base.subjectCommonName, issuer: issuer.0, issuerCommonName: issuer.1,
                serialNumber: base.serialNumber, notBefore: base.notBefore, notAfter: base.notAfter, keyType: "RSA", keyBits: 2048,
                isSelfSigned: false, der: base.der
            )
        }
        _ = try store.recordImport(ImportBatch(discoveries: [StoreFixtures.discovery("/certs/all.pem", facts)]))
        // SQLite: dates GRDB did not write, ISO 8601 with a T and a zone, and a fraction to drop.
        let odd = backend == .sqlite
        if odd {
            try StoreFixtures.rawQueue(directory.file("inventory.sqlite")).write { db in
                try db.execute(sql: "UPDATE certificates SET not_before = '2027-01-15T08:30:00Z' WHERE issuer = 'O=B'")
                try db.execute(sql: "UPDATE certificates SET not_before = '2027-01-15 08:30:00.999' WHERE sha1_thumbprint = ?", arguments: [facts[3].sha1Thumbprint])
            }
        }

        var rows: [CertificateExpiryRow] = []
        try store.forEachCertificateByExpiry {
            rows.append($0)
            return true
        }
        #expect(rows.map(\.issuer) == ["CN=A", "CN=A", "O=B", "CN=A"])
        #expect(rows.map(\.issuerCommonName) == ["A", "A", nil, "A"])
        let expected = Date(timeIntervalSince1970: 1_800_001_800)  // 2027-01-15T08:30:00Z
        if odd { #expect(rows[2].notBefore == expected && rows[3].notBefore == expected) }
        #expect(rows[0].notBefore == StoreFixtures.epoch)
    }
}
