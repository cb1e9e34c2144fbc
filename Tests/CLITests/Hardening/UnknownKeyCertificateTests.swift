import Foundation
import TestSupport
import Testing

/// Certificates whose key algorithm certkeeper cannot decode (GOST, an unknown OID; made by
/// Tests/Fixtures/unknown-key/make.sh with the openssl CLI) are scanned, imported and
/// inspected like any other: only the key is missing, and inspect says so.
@Suite("certificates with an unknown key algorithm")
struct UnknownKeyCertificateTests {
    static let fixtures = ["gost", "unknown"]

    static func certificates(in directory: TemporaryDirectory) throws -> String {
        let certs = directory.file("certs")
        try FileManager.default.createDirectory(atPath: certs, withIntermediateDirectories: false)
        for name in fixtures {
            try FileManager.default.copyItem(atPath: Fixtures.path("unknown-key/\(name).pem"), toPath: "\(certs)/\(name).pem")
        }
        return certs
    }

    static func thumbprints() throws -> [String] {
        try fixtures.map { try IndependentTools.opensslFingerprint(of: Fixtures.path("unknown-key/\($0).pem"), digest: "sha1") }
    }

    @Test("inspect prints the fields and says the key algorithm is unknown")
    func inspect() throws {
        let output = try Binaries.runCertkeeper(["inspect", Fixtures.path("unknown-key/gost.pem")])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains("unknown key algorithm 1.2.643.7.1.1.1.1"), "\(output.stdout)")
        #expect(output.stdout.contains("CN=gost key fixture"), "\(output.stdout)")
        #expect(output.stdout.contains(try IndependentTools.opensslFingerprint(of: Fixtures.path("unknown-key/gost.pem"), digest: "sha256")))
        let other = try Binaries.runCertkeeper(["inspect", Fixtures.path("unknown-key/unknown.pem")])
        #expect(other.status == 0, "\(other)")
        #expect(other.stdout.contains("unknown key algorithm 1.3.6.1.4.1.55555.1.1"), "\(other.stdout)")
    }

    @Test("scan reports both certificates")
    func scan() throws {
        let directory = try TemporaryDirectory()
        let certs = try Self.certificates(in: directory)
        let output = try Binaries.runCertkeeper(["scan", certs, "--no-inventory", "--format", "json", "--at", "2030-01-01T00:00:00Z"])
        #expect(output.status == 0, "\(output)")
        for thumbprint in try Self.thumbprints() {
            #expect(output.stdout.contains(thumbprint), "\(thumbprint) missing: \(output)")
        }
        #expect(output.stdout.contains("2046-01-01T00:00:00Z"), "\(output.stdout)")
    }

    @Test("inventory import records both certificates")
    func inventoryImport() throws {
        let directory = try TemporaryDirectory()
        let certs = try Self.certificates(in: directory)
        let home = directory.file("home")
        let imported = try Binaries.runCertkeeper(["--home", home, "inventory", "import", certs])
        #expect(imported.status == 0, "\(imported)")
        let list = try Binaries.runCertkeeper(["--home", home, "inventory", "list", "--format", "json"])
        #expect(list.status == 0, "\(list)")
        for thumbprint in try Self.thumbprints() {
            #expect(list.stdout.contains(thumbprint), "\(thumbprint) missing: \(list)")
        }
        #expect(list.stdout.contains("1.2.643.7.1.1.1.1"), "\(list.stdout)")
        let show = try Binaries.runCertkeeper(["--home", home, "inventory", "show", try Self.thumbprints()[1]])
        #expect(show.status == 0, "\(show)")
        #expect(show.stdout.contains("unknown key algorithm 1.3.6.1.4.1.55555.1.1"), "\(show.stdout)")
    }
}
