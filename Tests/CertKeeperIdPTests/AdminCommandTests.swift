import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// `certkeeper-idp app …` and `serve`'s option checks, through the built binary.
@Suite struct AdminCommandTests {
    @Test func createListAddAndRemoveCertificates() throws {
        let directory = try TemporaryDirectory("certkeeper-idp-admin")
        let state = directory.file("idp.sqlite")
        let first = try TestCredential.make(validFrom: Date())
        let second = try TestCredential.make(validFrom: Date())
        let firstPath = try directory.write(first.certificate.pem, to: "first.pem")
        let secondPath = try directory.write(second.certificate.der, to: "second.cer")
        let created = try IdPServerProcess.run(["app", "create", "--state", state, "--tenant", "contoso.example", "--client-id", "c1", "--object-id", "o1", "--cert", firstPath])
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout.contains(first.certificate.sha1Thumbprint.hex))
        #expect(try directory.mode(of: "idp.sqlite") == 0o600)

        let added = try IdPServerProcess.run(["app", "add-cert", "--state", state, "--app", "c1", "--cert", secondPath])
        #expect(added.status == 0, "\(added)")
        let listed = try IdPServerProcess.run(["app", "list", "--state", state, "--format", "json"])
        let document = try JSONBody.object(listed.stdoutBytes)
        let application = try #require((document["applications"] as? [[String: Any]])?.first)
        let thumbprints = (application["keys"] as? [[String: Any]])?.compactMap { $0["sha256Thumbprint"] as? String }
        #expect(thumbprints == [first.certificate.sha256Thumbprint.hex, second.certificate.sha256Thumbprint.hex])

        let removed = try IdPServerProcess.run(["app", "remove-cert", "--state", state, "--app", "o1", "--key", first.certificate.sha1Thumbprint.colonHex])
        #expect(removed.status == 0, "\(removed)")
        let text = try IdPServerProcess.run(["app", "list", "--state", state])
        #expect(!text.stdout.contains(first.certificate.sha1Thumbprint.hex))
        #expect(text.stdout.contains(second.certificate.sha1Thumbprint.hex))
    }

    @Test func refusalsAreOneLineWithExitCodes() throws {
        let directory = try TemporaryDirectory("certkeeper-idp-admin")
        let state = directory.file("idp.sqlite")
        let ecKey = try PrivateKey.generate(.ec(.p256))
        let ec = try X509Certificate.selfSigned(SelfSignedCertificateSpec(subject: try DistinguishedName(parsing: "CN=ec"), validity: try .days(3)), key: ecKey)
        let ecPath = try directory.write(ec.pem, to: "ec.pem")
        let refused = try IdPServerProcess.run(["app", "create", "--state", state, "--tenant", "t", "--client-id", "c", "--object-id", "o", "--cert", ecPath])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("RSA keys only"))
        let garbage = try directory.write("not a certificate", to: "junk.pem")
        let unreadable = try IdPServerProcess.run(["app", "create", "--state", state, "--tenant", "t", "--client-id", "c", "--object-id", "o", "--cert", garbage])
        #expect(unreadable.status == 1)
        #expect(unreadable.stderr.contains("junk.pem"))
        let missing = try IdPServerProcess.run(["app", "remove-cert", "--state", state, "--app", "nobody", "--key", "x"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("app list"))
        let remote = try IdPServerProcess.run(["serve", "--state", state, "--host", "0.0.0.0"])
        #expect(remote.status == 64)
        #expect(remote.stderr.contains("--allow-remote"))
        let badDelay = try IdPServerProcess.run(["serve", "--state", state, "--replication-delay", "soon"])
        #expect(badDelay.status == 1)
        #expect(badDelay.stderr.contains("not a duration"))
    }
}
