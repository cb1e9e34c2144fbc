import CertKeeperCrypto
import CertKeeperStore
import Foundation
import TestSupport
import Testing

/// `scan` with an inventory: streamed from the store, merged with PATHs, marked with profiles.
struct ScanInventoryTests {
    static let day: TimeInterval = 86_400

    static func facts(_ certificate: X509Certificate) -> CertificateFacts {
        CertificateFacts(
            sha1Thumbprint: certificate.sha1Thumbprint.hex, sha256Thumbprint: certificate.sha256Thumbprint.hex,
            subject: certificate.subject.description, subjectCommonName: certificate.subject.commonName,
            issuer: certificate.issuer.description, issuerCommonName: certificate.issuer.commonName,
            serialNumber: certificate.serialNumber.hex, notBefore: certificate.notBefore, notAfter: certificate.notAfter,
            keyType: certificate.keyAlgorithm.typeName, keyBits: certificate.keyAlgorithm.bits,
            isSelfSigned: certificate.isSelfSigned, der: certificate.der
        )
    }

    struct Setup {
        let directory: TemporaryDirectory
        let home: String
        let certs: String
        let certificates: [String: X509Certificate]
    }

    /// payroll.pem: in the inventory only, 5 days left, active certificate of profile
    /// "payroll". shared.pem: in the inventory and on disk under certs/. old.pem: retired
    /// and expired (never reported). disk.pem: on disk only.
    static func setup() throws -> Setup {
        let directory = try TemporaryDirectory("certkeeper-scan-inventory")
        let home = directory.file("home")
        let certs = directory.file("certs")
        for path in [home, certs, directory.file("elsewhere")] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }
        var certificates: [String: X509Certificate] = [:]
        for (name, notBefore, notAfter) in [
            ("payroll", testEpoch - 300 * day, testEpoch + 5 * day), ("shared", testEpoch - 10 * day, testEpoch + 200 * day),
            ("old", testEpoch - 400 * day, testEpoch - 30 * day), ("disk", testEpoch - 10 * day, testEpoch + 20 * day),
        ] {
            certificates[name] = try TestCertificates.make(commonName: name, notBefore: notBefore, notAfter: notAfter)
        }
        try directory.write(try #require(certificates["payroll"]).pem, to: "elsewhere/payroll.pem")
        try directory.write(try #require(certificates["shared"]).pem, to: "certs/shared.pem")
        try directory.write(try #require(certificates["disk"]).pem, to: "certs/disk.pem")

        let store = try SQLiteInventoryStore(path: (home as NSString).appendingPathComponent("inventory.sqlite"))
        _ = try store.recordImport(
            ImportBatch(discoveries: [
                FileDiscovery(
                    path: directory.file("elsewhere/payroll.pem"), format: .pem, privateKeyCertificate: nil, passwordReference: nil,
                    stamp: nil, certificates: [facts(try #require(certificates["payroll"]))]),
                FileDiscovery(
                    path: directory.file("certs/shared.pem"), format: .pem, privateKeyCertificate: nil, passwordReference: nil,
                    stamp: nil, certificates: [facts(try #require(certificates["shared"])), facts(try #require(certificates["old"]))]),
            ]))
        let stored = Dictionary(uniqueKeysWithValues: try store.certificates(matching: .all).map { ($0.certificate.facts.subjectCommonName ?? "", $0.certificate.id) })
        _ = try store.createProfile(
            ProfileSettings(
                name: "payroll", tenantID: "11111111-2222-3333-4444-555555555555", clientID: "66666666-7777-8888-9999-000000000000",
                certificateID: stored["payroll"]
            ))
        try store.setCertificateState(id: try #require(stored["old"]), to: .retired)
        return Setup(directory: directory, home: home, certs: certs, certificates: certificates)
    }

    func scan(_ setup: Setup, _ arguments: [String]) throws -> ProcessOutput {
        try Binaries.runCertkeeper(["--home", setup.home, "scan", "--at", ScanFixture.at, "--format", "json"] + arguments)
    }

    @Test func inventoryAndPathsAreMergedAndMarkedWithProfiles() throws {
        let setup = try Self.setup()
        let output = try scan(setup, [setup.certs])
        #expect(output.status == 3, "\(output)")
        let report = try ScanJSONReport.decode(output.stdoutBytes)
        #expect(report.certificates.map(\.subject) == ["CN=payroll", "CN=disk", "CN=shared"])
        let payroll = report.certificates[0]
        #expect(payroll.status == "critical" && payroll.profiles == ["payroll"])
        #expect(payroll.sources == ["inventory", setup.directory.file("elsewhere/payroll.pem")])
        #expect(report.certificates[1].sources == [setup.directory.file("certs/disk.pem")])
        #expect(report.certificates[2].sources == ["inventory", setup.directory.file("certs/shared.pem")])
        #expect(report.certificates[2].sha256Thumbprint == setup.certificates["shared"]?.sha256Thumbprint.hex)
    }

    @Test func withoutPathsTheInventoryAloneIsScanned() throws {
        let setup = try Self.setup()
        let output = try scan(setup, [])
        #expect(output.status == 3, "\(output)")
        let report = try ScanJSONReport.decode(output.stdoutBytes)
        #expect(report.certificates.map(\.subject) == ["CN=payroll", "CN=shared"])
        #expect(report.summary.critical == 1 && report.summary.ok == 1)
    }

    @Test func noInventoryIgnoresTheHome() throws {
        let setup = try Self.setup()
        let output = try scan(setup, [setup.certs, "--no-inventory"])
        #expect(output.status == 2, "\(output)")
        let report = try ScanJSONReport.decode(output.stdoutBytes)
        #expect(report.certificates.allSatisfy { !$0.sources.contains("inventory") })
        #expect(report.certificates.count == 2)
    }

    @Test func aHomeWithoutInventoryIsNeverCreated() throws {
        let directory = try TemporaryDirectory()
        let home = directory.file("empty-home")
        let nothing = try Binaries.runCertkeeper(["--home", home, "scan"])
        #expect(nothing.status == 1)
        #expect(nothing.stderr.contains("nothing to scan"))
        try TestCertificates.writePEM("app.pem", in: directory, start: testEpoch, days: 100)
        let pathOnly = try Binaries.runCertkeeper(["scan", directory.file("app.pem"), "--at", ScanFixture.at], environment: ["CERTKEEPER_HOME": home])
        #expect(pathOnly.status == 0, "\(pathOnly)")
        #expect(!FileManager.default.fileExists(atPath: home))
    }
}

struct ScanPFXTests {
    @Test func aPasswordProtectedPFXIsReadWithPasswordEnv() throws {
        let directory = try TemporaryDirectory()
        let certificate = try TestCertificates.make(commonName: "pfx-app", notBefore: testEpoch - 10 * 86_400, notAfter: testEpoch + 20 * 86_400)
        try directory.write(certificate.pem, to: "app.pem")
        // openssl packs our certificate (no matching key: -nokeys) under a password.
        let export = try IndependentTools.openssl([
            "pkcs12", "-export", "-nokeys", "-in", directory.file("app.pem"), "-out", directory.file("app.pfx"), "-passout", "pass:pfx-pw",
        ])
        try #require(export.status == 0, "\(export)")
        let base = ["scan", directory.file("app.pfx"), "--no-inventory", "--at", ScanFixture.at, "--format", "json"]
        let locked = try Binaries.runCertkeeper(base)
        #expect(locked.status == 0)
        #expect(try ScanJSONReport.decode(locked.stdoutBytes).certificates.first?.error?.contains("--password-env") == true)
        let opened = try Binaries.runCertkeeper(base + ["--password-env", "SCAN_PFX_PASSWORD"], environment: ["SCAN_PFX_PASSWORD": "pfx-pw"])
        #expect(opened.status == 2, "\(opened)")
        let report = try ScanJSONReport.decode(opened.stdoutBytes)
        #expect(report.certificates.map(\.sha1Thumbprint) == [certificate.sha1Thumbprint.hex])
        #expect(!opened.stdout.contains("pfx-pw") && !opened.stderr.contains("pfx-pw"))
    }
}
