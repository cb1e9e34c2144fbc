import CertKeeperCrypto
import Foundation
import Logging
import TestSupport
import Testing

@testable import CertKeeperCore

struct PathScannerTests {
    let scanner = PathScanner(selection: .leavesOnly, passwordReference: nil, logger: Logger(label: "test"))

    /// A scanner whose PFX password comes from `env:SCAN_TEST_PASSWORD` = `password`.
    static func scanner(_ selection: LeafSelection = .leavesOnly, password: String) -> PathScanner {
        PathScanner(
            selection: selection, passwordReference: .environment("SCAN_TEST_PASSWORD"), logger: Logger(label: "test"),
            environment: ["SCAN_TEST_PASSWORD": password]
        )
    }

    @Test func scansADirectoryRecursivelyAndMergesDuplicateFiles() throws {
        let directory = try TemporaryDirectory()
        let app = try TestCertificates.writePEM("app.pem", in: directory, start: testEpoch, days: 90)
        try directory.write(app.der, to: "app.cer")
        try FileManager.default.createDirectory(atPath: directory.file("nested"), withIntermediateDirectories: false)
        try TestCertificates.writePEM("nested/other.crt", in: directory, commonName: "other", start: testEpoch, days: 10)
        try directory.write("not a certificate", to: "README.md")
        try FileManager.default.createDirectory(atPath: directory.file(".git"), withIntermediateDirectories: false)
        try directory.write("garbage", to: ".git/ignored.pem")

        let result = try scanner.scan([directory.path])
        #expect(result.unreadable.isEmpty)
        #expect(result.filesRead == 3)
        #expect(result.certificates.count == 2)
        let merged = try #require(result.certificates.first { $0.sha256Thumbprint == app.sha256Thumbprint.hex })
        #expect(Set(merged.sources) == [directory.file("app.pem"), directory.file("app.cer")])
        #expect(merged.subjectCommonName == "app.pem")
    }

    @Test func unreadableFilesBecomeErrorEntriesWithTheirReason() throws {
        let directory = try TemporaryDirectory()
        try TestCertificates.writePEM("good.pem", in: directory, start: testEpoch, days: 90)
        let good = try directory.read("good.pem")
        try directory.write(Array(good.prefix(good.count / 2)), to: "truncated.pem")
        try directory.write(Array(repeating: 0x30, count: 40), to: "garbage.der")
        symlink(directory.file("missing-target.pem"), directory.file("dangling.pem"))

        let result = try scanner.scan([directory.path])
        #expect(result.certificates.count == 1)
        let reasons = Dictionary(uniqueKeysWithValues: result.unreadable.map { (($0.source as NSString).lastPathComponent, $0.reason) })
        #expect(Set(reasons.keys) == ["truncated.pem", "garbage.der", "dangling.pem"])
        #expect(reasons["dangling.pem"]?.contains("does not exist") == true)
        #expect(reasons.values.allSatisfy { !$0.contains("\n") && !$0.isEmpty })
    }

    // A file without read permission: CLITests.PermissionTests (run as an unprivileged user).

    @Test func aPathThatDoesNotExistFailsTheScan() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: CoreError(.fileNotFound, "")) { try scanner.scan([directory.file("typo")]) }
    }

    @Test func leafSelectionSkipsCAsUnlessBundle() throws {
        let directory = try TemporaryDirectory()
        try IndependentTools.makeChain(in: directory)
        try directory.write(directory.read("leaf.pem") + directory.read("ca.pem"), to: "fullchain.pem")
        try directory.write(directory.read("ca.pem") + directory.read("leaf.pem"), to: "reversed.pem")

        let leaves = try scanner.scan([directory.file("fullchain.pem"), directory.file("reversed.pem"), directory.file("ca.pem")])
        #expect(leaves.certificates.map(\.subjectCommonName).sorted() == ["Test CA", "leaf"])
        #expect(leaves.certificates.first { $0.subjectCommonName == "Test CA" }?.sources == [directory.file("ca.pem")])

        let everything = PathScanner(selection: .everyCertificate, passwordReference: nil, logger: Logger(label: "test"))
        let bundle = try everything.scan([directory.file("fullchain.pem")])
        #expect(bundle.certificates.map(\.subjectCommonName).sorted() == ["Test CA", "leaf"])
    }

    @Test func pfxFilesYieldTheKeysCertificateAndNeedTheirPassword() throws {
        let directory = try TemporaryDirectory()
        try IndependentTools.makeChain(in: directory)
        for (name, extra) in [
            ("protected.pfx", ["-passout", "pass:s3cret"]), ("open.p12", ["-passout", "pass:"]),
            ("legacy.pfx", ["-passout", "pass:s3cret", "-legacy"]),
        ] {
            let output = try IndependentTools.openssl(
                [
                    "pkcs12", "-export", "-in", directory.file("leaf.pem"), "-inkey", directory.file("leaf.key"),
                    "-certfile", directory.file("ca.pem"), "-out", directory.file(name),
                ] + extra
            )
            try #require(output.status == 0, "\(output)")
        }
        let withoutPassword = try scanner.scan([directory.file("protected.pfx"), directory.file("open.p12")])
        #expect(withoutPassword.certificates.map(\.subjectCommonName) == ["leaf"])
        #expect(withoutPassword.certificates.first?.sources == [directory.file("open.p12")])
        #expect(withoutPassword.unreadable.map(\.source) == [directory.file("protected.pfx")])
        #expect(withoutPassword.unreadable.first?.reason.contains("--password-env") == true)

        let withPassword = Self.scanner(password: "s3cret")
        let opened = try withPassword.scan([directory.file("protected.pfx"), directory.file("legacy.pfx")])
        #expect(opened.unreadable.isEmpty)
        #expect(opened.certificates.map(\.subjectCommonName) == ["leaf"])
        #expect(opened.certificates.first?.sources == [directory.file("protected.pfx"), directory.file("legacy.pfx")])

        let wrong = Self.scanner(password: "nope")
        #expect(try wrong.scan([directory.file("protected.pfx")]).unreadable.first?.reason.contains("wrong password") == true)

        let bundle = Self.scanner(.everyCertificate, password: "s3cret")
        #expect(try bundle.scan([directory.file("protected.pfx")]).certificates.map(\.subjectCommonName).sorted() == ["Test CA", "leaf"])
    }
}

struct ExpiryScanReportTests {
    struct FakeInventory: ScanCertificateSource {
        let rows: [ScannedCertificate]
        func forEachCertificate(_ body: (ScannedCertificate) throws(CoreError) -> Void) throws(CoreError) {
            for row in rows { try body(row) }
        }
    }

    func certificate(_ name: String, daysLeft: Double, source: String) -> ScannedCertificate {
        ScannedCertificate(
            subject: "CN=\(name)", issuer: "CN=\(name)", serialNumber: "01", sha1Thumbprint: name, sha256Thumbprint: name,
            notBefore: testEpoch - 100 * 86_400, notAfter: testEpoch + daysLeft * 86_400, sources: [source]
        )
    }

    @Test func mergesFilesIntoTheInventoryStreamInNotAfterOrder() throws {
        var files = PathScanner.Result()
        files.certificates = [
            certificate("b", daysLeft: 20, source: "b.pem"), certificate("d", daysLeft: 400, source: "d.pem"),
            certificate("a", daysLeft: 5, source: "a.pem"),
        ]
        files.unreadable = [UnreadableSource(source: "bad.pem", reason: "corrupt")]
        var profiled = certificate("c", daysLeft: 60, source: "inventory")
        profiled.profiles = ["prod"]
        let inventory = FakeInventory(rows: [certificate("a", daysLeft: 5, source: "inventory"), profiled])
        let report = ExpiryScanReport(now: testEpoch, policy: try ExpiryPolicy(), failOn: .warning, files: files, inventory: inventory)
        var seen: [String] = []
        var sources: [String: [String]] = [:]
        var profiles: [String: [String]] = [:]
        try report.forEach { entry in
            switch entry {
            case .certificate(let certificate, _):
                seen.append(certificate.sha1Thumbprint)
                sources[certificate.sha1Thumbprint] = certificate.sources
                profiles[certificate.sha1Thumbprint] = certificate.profiles
            case .credential(let credential, _):
                seen.append(credential.keyID)
            case .unreadable(let source):
                seen.append(source.source)
            }
        }
        #expect(seen == ["a", "b", "c", "d", "bad.pem"])
        #expect(sources["a"] == ["inventory", "a.pem"])
        #expect(profiles["c"] == ["prod"])
        let summary = try report.summary()
        #expect(summary.count(.critical) == 1 && summary.count(.warning) == 1 && summary.count(.ok) == 2 && summary.count(.error) == 1)
        #expect(try report.exitCode() == 3)
    }
}
