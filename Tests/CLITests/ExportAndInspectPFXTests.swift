import Foundation
import TestSupport
import Testing

@Suite("export cer, inspect PFX, cert create PFX")
struct ExportAndInspectPFXTests {
    @Test func exportCerFromAPFXPrintsBothThumbprintsAndWritesTheKeyCredential() throws {
        let chain = try CertificateChainFixture()
        let directory = chain.directory
        try IndependentTools.openssl([
            "pkcs12", "-export", "-in", chain.leafPath, "-inkey", chain.leafKeyPath, "-certfile", chain.rootPath,
            "-out", directory.file("app.pfx"), "-passout", "pass:pw",
        ])
        let output = try Binaries.runCertkeeper(
            [
                "export", "cer", "--in", directory.file("app.pfx"), "--out", directory.file("app.cer"),
                "--key-credential", directory.file("kc.json"), "--password-env", "PW",
            ], environment: ["PW": "pw"])
        #expect(output.status == 0, "\(output)")
        let sha1 = try IndependentTools.opensslFingerprint(of: chain.leafPath, digest: "sha1")
        let sha256 = try IndependentTools.opensslFingerprint(of: chain.leafPath, digest: "sha256")
        #expect(output.stdout.contains("SHA-1 thumbprint:   \(sha1)"))
        #expect(output.stdout.contains("SHA-256 thumbprint: \(sha256)"))
        #expect(try IndependentTools.opensslFingerprint(of: directory.file("app.cer"), digest: "sha256", inform: "DER") == sha256)

        // The keyCredential checked by Python: key is the .cer, dates inside the validity.
        let check = try IndependentTools.python(
            """
            import base64, json, sys
            from datetime import datetime, timezone
            from cryptography import x509
            from cryptography.hazmat.primitives import hashes
            credential = json.load(open(sys.argv[1]))
            der = open(sys.argv[2], "rb").read()
            cert = x509.load_der_x509_certificate(der)
            parse = lambda text: datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
            assert base64.b64decode(credential["key"]) == der
            assert credential["type"] == "AsymmetricX509Cert" and credential["usage"] == "Verify"
            assert credential["customKeyIdentifier"] == cert.fingerprint(hashes.SHA1()).hex().upper()
            assert cert.not_valid_before_utc <= parse(credential["startDateTime"]) < parse(credential["endDateTime"]) <= cert.not_valid_after_utc
            assert credential["displayName"] == "CN=chain leaf", credential["displayName"]
            print("ok")
            """, [directory.file("kc.json"), directory.file("app.cer")])
        #expect(check.stdout == "ok\n", "\(check)")
    }

    @Test func inspectReportsPFXProtectionInTextAndJSON() throws {
        let chain = try CertificateChainFixture()
        let pfx = chain.directory.file("legacy.pfx")
        try IndependentTools.openssl([
            "pkcs12", "-export", "-legacy", "-in", chain.leafPath, "-inkey", chain.leafKeyPath, "-out", pfx, "-passout", "pass:pw",
        ])
        let text = try Binaries.runCertkeeper(["inspect", pfx, "--password-env", "PW"], environment: ["PW": "pw"])
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout.contains("Protection: certificates RC2-40, key 3DES, MAC SHA-1 (legacy; re-export recommended)"))
        #expect(text.stdout.contains(try IndependentTools.opensslFingerprint(of: chain.leafPath, digest: "sha1")))

        let json = try Binaries.runCertkeeper(["inspect", pfx, "--format", "json", "--password-env", "PW"], environment: ["PW": "pw"])
        let document = try JSONSerialization.jsonObject(with: Data(json.stdoutBytes)) as? [String: Any]
        #expect(document?["format"] as? String == "pkcs12")
        #expect((document?["pkcs12_protection"] as? String)?.hasPrefix("certificates RC2-40") == true)
        #expect((document?["objects"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["certificate", "private_key"])

        let noPassword = try Binaries.runCertkeeper(["inspect", pfx])
        #expect(noPassword.status == 1)
        #expect(noPassword.stderr.contains("needs a password and there is no terminal"))
        #expect(noPassword.stderr.contains("--password-env NAME"))
    }

    @Test func certCreateWritesAPFXProtectedWithThePassword() throws {
        let directory = try TemporaryDirectory()
        let output = try Binaries.runCertkeeper(
            [
                "cert", "create", "--subject", "CN=with pfx", "--out-dir", directory.path, "--name", "app",
                "--pkcs12-profile", "legacy", "--password-env", "PW",
            ], environment: ["PW": "one password"])
        #expect(output.status == 0, "\(output)")
        #expect(try directory.contents() == ["app.cer", "app.cert.pem", "app.key.pem", "app.pfx"])
        #expect(try directory.mode(of: "app.pfx") == 0o600)
        let info = try PKCS12Checks.opensslInfo(directory.file("app.pfx"), password: "one password")
        #expect(info.stderr.contains("MAC: sha1"))
        #expect(info.stderr.contains("pbeWithSHA1And3-KeyTripleDES-CBC"))
        let python = try PKCS12Checks.pythonLoad(directory.file("app.pfx"), password: "one password")
        #expect(python.friendlyName == "app")
        #expect(python.certificateSHA1 == (try IndependentTools.opensslFingerprint(of: directory.file("app.cert.pem"), digest: "sha1")))
        // The same password encrypts the key file.
        #expect(try IndependentTools.openssl(["pkey", "-in", directory.file("app.key.pem"), "-passin", "pass:one password", "-noout"]).status == 0)
    }

    @Test func certCreateWithoutPasswordOrTerminalFailsBeforeWriting() throws {
        let directory = try TemporaryDirectory()
        let output = try Binaries.runCertkeeper(["cert", "create", "--subject", "CN=nopass", "--out-dir", directory.path])
        #expect(output.status == 1)
        #expect(output.stderr.contains("nopass.pfx needs a password and there is no terminal to ask on"))
        #expect(output.stderr.contains("--password-env NAME"))
        #expect(output.stderr.contains("--no-password"))
        #expect(try directory.contents().isEmpty)

        let open = try Binaries.runCertkeeper(["cert", "create", "--subject", "CN=open", "--out-dir", directory.path, "--no-password"])
        #expect(open.status == 0, "\(open)")
        #expect(try PKCS12Checks.pythonLoad(directory.file("open.pfx"), password: nil).keyMatchesCertificate)
    }
}
