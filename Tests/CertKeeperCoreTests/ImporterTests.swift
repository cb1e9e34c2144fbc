import CertKeeperCore
import CertKeeperStore
import Foundation
import TestSupport
import Testing

@Suite("Inventory import")
struct ImporterTests {
    static let password = "corpus-pw-Ξ-42"

    /// Small batches, so a corpus spans several transactions and the read/write pipeline.
    private func importer(_ home: TemporaryDirectory, environment: [String: String] = ["CORPUS_PW": password]) throws -> (InventoryImporter, any InventoryStore) {
        let store = try CertKeeperHome(path: home.file("home")).openInventory(actor: "test")
        return (InventoryImporter(store: store, environment: environment, batchSize: 16), store)
    }

    @Test("a generated corpus (PEM bundles, DER, modern and legacy PFX, RC2-40) imports with the right counts, twice")
    func corpusCounts() throws {
        let work = try TemporaryDirectory()
        let corpus = try CertificateCorpus.generate(
            in: work.file("corpus"), count: 80, extras: true, passwordVariable: "CORPUS_PW", password: Self.password
        )
        // The committed RC2-40 fixture (certificate bag RC2-40, key 3DES) opens with its own password.
        let rc2 = work.file("rc2")
        try FileManager.default.createDirectory(atPath: rc2, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: Fixtures.path("pkcs12/rc2-40.pfx"), toPath: rc2 + "/rc2-40.pfx")
        let (importer, store) = try importer(work)
        let request = InventoryImporter.Request(paths: [corpus.directory], recursive: true, passwordReference: .environment("CORPUS_PW"))

        var progress: [Int] = []
        let first = try importer.run(request, progress: { progress.append($0.filesDone) })
        #expect(progress.count > 4)
        #expect(progress.last == corpus.expected.certificateFiles + corpus.expected.skipped + corpus.expected.ignored)
        #expect(first.newCount == corpus.expected.distinctCertificates)
        #expect(first.knownCount == 0)
        #expect(first.skippedCount == corpus.expected.skipped)
        #expect(first.ignored.count == corpus.expected.ignored)
        #expect(first.filesRead == corpus.expected.certificateFiles)

        let second = try importer.run(request)
        #expect(second.newCount == 0)
        #expect(second.knownCount == corpus.expected.distinctCertificates)
        #expect(second.skippedCount == corpus.expected.skipped)
        #expect(second.filesUnchanged == corpus.expected.certificateFiles)

        // The thumbprints recorded are exactly those Python computed.
        let entries = try store.certificates(matching: .all)
        #expect(Set(entries.map(\.certificate.facts.sha256Thumbprint)) == corpus.distinctSHA256)
        let locations = entries.reduce(0) { $0 + $1.files.count }
        #expect(locations == corpus.files.reduce(0) { $0 + Set($1.sha256).count })
        let pfxFiles = entries.flatMap(\.files).filter { $0.format == .pfx }
        #expect(pfxFiles.count == corpus.expected.pfx)
        #expect(pfxFiles.allSatisfy { $0.hasPrivateKey && $0.passwordReference == "env:CORPUS_PW" })

        let rc2Run = try InventoryImporter(store: store, environment: ["RC2_PW": "fixture-password"])
            .run(.init(paths: [rc2], recursive: false, passwordReference: .environment("RC2_PW")))
        #expect(rc2Run.newCount == 1)
        #expect(rc2Run.skippedCount == 0)
        let rc2Entry = try CertificateLookup.find("9DE2027E44709011C27AD084489A30EAFD249E9D", in: store)
        #expect(rc2Entry.files.first?.hasPrivateKey == true)
    }

    @Test("the same certificate as PEM, DER and PFX is one certificate with three locations")
    func dedupeAcrossFormats() throws {
        let work = try TemporaryDirectory()
        let files = try SampleFiles.rsa(in: work, name: "app", password: Self.password)
        let (importer, store) = try importer(work)
        let summary = try importer.run(.init(paths: [files.pem, files.der, files.pfx], recursive: false, passwordReference: .environment("CORPUS_PW")))
        #expect(summary.newCount == 1)
        let entries = try store.certificates(matching: .all)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(Set(entry.files.map(\.format)) == [.pem, .der, .pfx])
        #expect(entry.files.first { $0.format == .pem }?.hasPrivateKey == false)
        #expect(entry.files.first { $0.format == .pfx }?.hasPrivateKey == true)
        // Cross-check with openssl: the SHA-1 thumbprint and subject agree.
        #expect(entry.certificate.facts.sha1Thumbprint == (try IndependentTools.opensslFingerprint(of: files.pem, digest: "sha1")))
        #expect(entry.certificate.facts.sha256Thumbprint == (try IndependentTools.opensslFingerprint(of: files.der, digest: "sha256", inform: "DER")))
        #expect(entry.certificate.facts.subjectCommonName == "app")
    }

    @Test("PFX password problems skip the file with a reason; a password-less PFX needs none")
    func pfxPasswords() throws {
        let work = try TemporaryDirectory()
        let files = try SampleFiles.rsa(in: work, name: "locked", password: Self.password)
        let open = try SampleFiles.passwordlessPFX(in: work, name: "keyvault")
        let (noPassword, _) = try importer(work)
        let first = try noPassword.run(.init(paths: [files.pfx, open], recursive: false, passwordReference: nil))
        #expect(first.newCount == 1)
        #expect(first.skipped.map(\.path) == [files.pfx])
        #expect(first.skipped.first?.reason.contains("--password-env") == true)

        let (wrong, _) = try importer(work, environment: ["CORPUS_PW": "not-it"])
        let second = try wrong.run(.init(paths: [files.pfx], recursive: false, passwordReference: .environment("CORPUS_PW")))
        #expect(second.skipped.first?.reason.contains("wrong password") == true)
        #expect(second.skipped.first?.reason.contains("not-it") == false)

        let (unset, _) = try importer(work, environment: [:])
        let third = try unset.run(.init(paths: [files.pfx], recursive: false, passwordReference: .environment("CORPUS_PW")))
        #expect(third.skipped.first?.reason.contains("CORPUS_PW") == true)
    }

    @Test("symlink loops, FIFOs, sockets, broken links and a replaced file do not stop an import")
    func hostileTrees() throws {
        let work = try TemporaryDirectory()
        let tree = work.file("tree")
        try FileManager.default.createDirectory(atPath: tree + "/a/b", withIntermediateDirectories: true)
        let files = try SampleFiles.rsa(in: work, name: "svc", password: Self.password)
        try FileManager.default.copyItem(atPath: files.pem, toPath: tree + "/a/b/svc.pem")
        symlink("..", tree + "/a/b/up")  // a directory loop
        symlink("self", tree + "/self")  // a link to itself (ELOOP)
        symlink("/nonexistent/x.pem", tree + "/dangling")
        #expect(mkfifo(tree + "/pipe", 0o600) == 0)  // would block a reader forever
        let socketPath = tree + "/sock"
        let socketDescriptor = try SampleFiles.bindUnixSocket(socketPath)
        defer { close(socketDescriptor) }

        let (importer, store) = try importer(work)
        let summary = try importer.run(.init(paths: [tree], recursive: true, passwordReference: nil))
        #expect(summary.newCount == 1)
        #expect(Set(summary.skipped.map { ($0.path as NSString).lastPathComponent }) == ["self", "dangling", "pipe", "sock"])
        #expect(summary.skipped.first { $0.path.hasSuffix("pipe") }?.reason.contains("FIFO") == true)
        #expect(try store.certificates(matching: .all).first?.files.map(\.path) == [tree + "/a/b/svc.pem"])

        // The file is replaced by another certificate: the old location goes, the new one comes.
        let other = try SampleFiles.rsa(in: work, name: "svc2", password: Self.password)
        try FileManager.default.removeItem(atPath: tree + "/a/b/svc.pem")
        try FileManager.default.copyItem(atPath: other.pem, toPath: tree + "/a/b/svc.pem")
        let again = try importer.run(.init(paths: [tree + "/a/b/svc.pem"], recursive: false, passwordReference: nil))
        #expect(again.newCount == 1)
        let entries = try store.certificates(matching: .all)
        #expect(entries.first { $0.certificate.facts.subjectCommonName == "svc" }?.files.isEmpty == true)
        #expect(entries.first { $0.certificate.facts.subjectCommonName == "svc2" }?.files.count == 1)
    }

    @Test("a directory without --recursive is read one level deep")
    func oneLevelWithoutRecursive() throws {
        let work = try TemporaryDirectory()
        let files = try SampleFiles.rsa(in: work, name: "top", password: Self.password)
        let nested = work.file("nested")
        try FileManager.default.createDirectory(atPath: nested, withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: files.der, toPath: nested + "/top.cer")
        let (importer, store) = try importer(work)
        _ = try importer.run(.init(paths: [work.path], recursive: false, passwordReference: .environment("CORPUS_PW")))
        #expect(try store.certificates(matching: .all).first?.files.count == 4)  // PEM, DER, PFX, cert+key PEM
        _ = try importer.run(.init(paths: [work.path], recursive: true, passwordReference: .environment("CORPUS_PW")))
        #expect(try store.certificates(matching: .all).first?.files.count == 5)
    }
}
