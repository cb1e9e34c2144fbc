import CertKeeperStore
import Foundation
import TestSupport
import Testing

@testable import CertKeeperCore

/// The inventory is read on a second thread and handed over in batches: order, early stops
/// and failures must look exactly as a single-threaded walk.
struct InventoryScanSourceTests {
    /// `count` certificates (several hand-over batches), not-after one hour apart, imported in
    /// shuffled order.
    static func inventory(_ count: Int, in directory: TemporaryDirectory) throws -> SQLiteInventoryStore {
        let store = try SQLiteInventoryStore(path: directory.file("inventory.sqlite"), actor: "tester")
        let epoch = Date(timeIntervalSince1970: 1_800_000_000)
        let facts = (0..<count).shuffled().map { seed in
            CertificateFacts(
                sha1Thumbprint: String(format: "%040X", seed), sha256Thumbprint: String(format: "%064X", seed),
                subject: "CN=svc-\(seed)", subjectCommonName: "svc-\(seed)", issuer: "CN=CA", issuerCommonName: "CA",
                serialNumber: String(format: "%04X", seed), notBefore: epoch, notAfter: epoch + Double(seed + 1) * 3_600,
                keyType: "RSA", keyBits: 2048, isSelfSigned: false, der: Array("der-\(seed)".utf8)
            )
        }
        let discoveries = facts.map {
            FileDiscovery(path: "/certs/\($0.subject).pem", format: .pem, privateKeyCertificate: nil, passwordReference: nil, stamp: nil, certificates: [$0])
        }
        _ = try store.recordImport(ImportBatch(discoveries: discoveries))
        return store
    }

    @Test func everyRowArrivesOnceInNotAfterOrderAcrossBatches() throws {
        let directory = try TemporaryDirectory()
        let source = InventoryScanSource(inventory: try Self.inventory(1_300, in: directory), location: "test")
        var seen: [ScannedCertificate] = []
        try source.forEachCertificate { seen.append($0) }
        #expect(seen.count == 1_300)
        #expect(seen.map(\.subject) == (0..<1_300).map { "CN=svc-\($0)" })
        #expect(seen.allSatisfy { $0.sources == [ScannedCertificate.inventorySource, "/certs/\($0.subject).pem"] })
    }

    @Test func aFailingBodyStopsTheReaderAndItsErrorComesBack() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.inventory(1_300, in: directory)
        let source = InventoryScanSource(inventory: store, location: "test")
        var seen = 0
        #expect(throws: CoreError.self) {
            try source.forEachCertificate { (_) throws(CoreError) in
                seen += 1
                if seen == 700 { throw CoreError(.conflict, "stop here") }
            }
        }
        #expect(seen == 700)
        // The reading thread is done with the store: a write goes through at once.
        try store.setCertificateState(id: 1, to: .retired)
    }
}
