import Foundation
import TestSupport
import Testing

@Suite("inspect")
struct InspectCommandTests {
    /// A certificate made by `openssl req -x509`, the way the seeds' users make them.
    func opensslCertificate(in directory: TemporaryDirectory) throws -> String {
        let made = try IndependentTools.openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", directory.file("key.pem"), "-out", directory.file("cert.pem"),
            "-sha256", "-days", "365", "-subj", "/CN=seed-user/O=Contoso",
        ])
        #expect(made.status == 0, "\(made)")
        return directory.file("cert.pem")
    }

    @Test func printsTheSameThumbprintsAsOpenSSL() throws {
        let directory = try TemporaryDirectory()
        let path = try opensslCertificate(in: directory)
        let output = try Binaries.runCertkeeper(["inspect", path])
        #expect(output.status == 0, "\(output)")
        #expect(output.stdout.contains(try IndependentTools.opensslFingerprint(of: path, digest: "sha1")))
        #expect(output.stdout.contains(try IndependentTools.opensslFingerprint(of: path, digest: "sha256")))
        #expect(output.stdout.contains("Subject:            CN=seed-user, O=Contoso"))
    }

    @Test func jsonHasTheDocumentedFields() throws {
        let directory = try TemporaryDirectory()
        let path = try opensslCertificate(in: directory)
        try IndependentTools.openssl(["x509", "-in", path, "-outform", "DER", "-out", directory.file("cert.cer")])
        let output = try Binaries.runCertkeeper(["inspect", directory.file("cert.cer"), "--format", "json"])
        #expect(output.status == 0, "\(output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(json["format"] as? String == "der")
        let objects = try #require(json["objects"] as? [[String: Any]])
        let certificate = try #require(objects.first)
        for field in ["subject", "issuer", "serial", "not_before", "not_after", "key_type", "key_bits", "sha1_thumbprint", "sha256_thumbprint", "x5t", "x5t_s256"] {
            #expect(certificate[field] != nil, "missing \(field)")
        }
        #expect(certificate["sha1_thumbprint"] as? String == (try IndependentTools.opensslFingerprint(of: path, digest: "sha1")))
        #expect(certificate["key_type"] as? String == "RSA")
        #expect(certificate["key_bits"] as? Int == 2048)
        let notAfter = try #require(certificate["not_after"] as? String)
        #expect(notAfter.hasSuffix("Z"))
        let openSSLEnd = try IndependentTools.openssl(["x509", "-in", path, "-noout", "-enddate", "-dateopt", "iso_8601"]).stdout
        #expect(openSSLEnd.contains(notAfter.replacingOccurrences(of: "T", with: " ")))
    }

    @Test func describesKeysWithoutPrintingThem() throws {
        let directory = try TemporaryDirectory()
        _ = try opensslCertificate(in: directory)
        let plain = try Binaries.runCertkeeper(["inspect", directory.file("key.pem")])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("RSA 2048"))
        let keyBody = try directory.read("key.pem")
        let secondLine = String(decoding: keyBody, as: UTF8.self).split(separator: "\n")[1]
        #expect(!plain.stdout.contains(secondLine))
        #expect(!plain.stdout.contains("BEGIN"))

        try IndependentTools.openssl(["pkcs8", "-topk8", "-in", directory.file("key.pem"), "-passout", "pass:pw", "-out", directory.file("enc.pem")])
        let encrypted = try Binaries.runCertkeeper(["inspect", directory.file("enc.pem")])
        #expect(encrypted.status == 0)
        #expect(encrypted.stdout.contains("Encrypted: yes"))
    }

    @Test func readsBundlesAndCSRs() throws {
        let directory = try TemporaryDirectory()
        let first = try opensslCertificate(in: directory)
        let second = try Binaries.runCertkeeper(["cert", "create", "--subject", "CN=second", "--out-dir", directory.path, "--no-pfx"])
        #expect(second.status == 0)
        let bundle = try String(decoding: directory.read("cert.pem"), as: UTF8.self) + String(decoding: directory.read("second.cert.pem"), as: UTF8.self)
        let bundlePath = try directory.write(bundle, to: "bundle.pem")
        let output = try Binaries.runCertkeeper(["inspect", bundlePath])
        #expect(output.stdout.contains("Certificate 1 of 2"))
        #expect(output.stdout.contains("Certificate 2 of 2"))
        #expect(output.stdout.contains(try IndependentTools.opensslFingerprint(of: first, digest: "sha1")))

        try IndependentTools.openssl(["req", "-new", "-key", directory.file("key.pem"), "-subj", "/CN=req", "-out", directory.file("r.csr")])
        let request = try Binaries.runCertkeeper(["inspect", directory.file("r.csr")])
        #expect(request.status == 0)
        #expect(request.stdout.contains("Certificate signing request"))
        #expect(request.stdout.contains("verifies"))
    }
}
