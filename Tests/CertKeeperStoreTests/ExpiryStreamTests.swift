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
    }
}
