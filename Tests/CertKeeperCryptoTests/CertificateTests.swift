import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

@Suite("Self-signed certificates and parsing")
struct CertificateTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15T08:00:00Z

    func makeCertificate(
        key: PrivateKey, subject: String = "CN=MyApp,O=Contoso\\, Ltd,C=US",
        sans: [String] = ["dns:app.contoso.com", "email:ops@contoso.com", "uri:https://contoso.com/app", "ip:10.1.2.3", "ip:2001:db8::1"]
    ) throws -> X509Certificate {
        let spec = SelfSignedCertificateSpec(
            subject: try DistinguishedName(parsing: subject),
            subjectAlternativeNames: try sans.map { text throws(CryptoError) in try SubjectAlternativeName(parsing: text) },
            validity: try .days(365, from: Self.start)
        )
        return try X509Certificate.selfSigned(spec, key: key)
    }

    @Test func fieldsRoundTripThroughOurParser() throws {
        let key = try PrivateKey.generate(.rsa2048)
        let certificate = try makeCertificate(key: key)
        let parsed = try X509Certificate(der: certificate.der)
        #expect(parsed == certificate)
        #expect(parsed.subject.description == "CN=MyApp, O=Contoso\\, Ltd, C=US")
        #expect(parsed.subject.commonName == "MyApp")
        #expect(parsed.issuer == parsed.subject)
        #expect(parsed.notBefore == Self.start)
        #expect(parsed.notAfter == Self.start.addingTimeInterval(365 * 86_400))
        #expect(parsed.keyAlgorithm == .rsa(bits: 2048))
        #expect(parsed.signatureAlgorithm == "sha256WithRSAEncryption")
        #expect(
            parsed.subjectAlternativeNames == [
                .dns("app.contoso.com"), .email("ops@contoso.com"), .uri("https://contoso.com/app"),
                .ipAddress("10.1.2.3"), .ipAddress("2001:db8::1"),
            ])
        #expect(parsed.extendedKeyUsage == ["clientAuth"])
        #expect(parsed.keyUsage == ["digitalSignature", "keyEncipherment"])
        #expect(parsed.isSelfSigned)
        #expect(!parsed.isCertificateAuthority)
        #expect(parsed.matches(key))
        #expect(!parsed.matches(try PrivateKey.generate(.rsa2048)))
    }

    @Test func ecCertificateHasNoKeyEncipherment() throws {
        let certificate = try makeCertificate(key: try PrivateKey.generate(.ec(.p256)), sans: [])
        #expect(certificate.keyUsage == ["digitalSignature"])
        #expect(certificate.keyAlgorithm == .ec(.p256))
        #expect(certificate.signatureAlgorithm == "ecdsa-with-SHA256")
    }

    @Test func opensslSeesTheRequiredExtensionsAndMatchingFields() throws {
        let directory = try TemporaryDirectory()
        let certificate = try makeCertificate(key: try PrivateKey.generate(.rsa2048))
        let path = try directory.write(certificate.pem, to: "c.pem")
        let text = try IndependentTools.openssl(["x509", "-in", path, "-noout", "-text"]).stdout
        #expect(text.contains("Version: 3 (0x2)"))
        #expect(text.contains("Signature Algorithm: sha256WithRSAEncryption"))
        #expect(text.contains("X509v3 Basic Constraints: critical\n                CA:FALSE"))
        #expect(text.contains("X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment"))
        #expect(text.contains("TLS Web Client Authentication"))
        #expect(text.contains("X509v3 Subject Key Identifier"))
        #expect(text.contains("DNS:app.contoso.com, email:ops@contoso.com, URI:https://contoso.com/app, IP Address:10.1.2.3, IP Address:2001:DB8:0:0:0:0:0:1"))
        #expect(text.contains("Subject: CN = MyApp, O = \"Contoso, Ltd\", C = US"))

        let serial = try IndependentTools.openssl(["x509", "-in", path, "-noout", "-serial"]).stdout
        #expect(serial.trimmingCharacters(in: .whitespacesAndNewlines) == "serial=\(certificate.serialNumber.hex)")
        let dates = try IndependentTools.openssl(["x509", "-in", path, "-noout", "-startdate", "-enddate"]).stdout
        #expect(dates.contains("notBefore=Jan 15 08:00:00 2027 GMT"))
        #expect(dates.contains("notAfter=Jan 15 08:00:00 2028 GMT"))
        // A self-signed cert verifies against itself.
        let midValidity = String(Int(Self.start.timeIntervalSince1970) + 86_400)
        let verify = try IndependentTools.openssl(["verify", "-attime", midValidity, "-CAfile", path, "-partial_chain", path])
        #expect(verify.status == 0, "\(verify)")
    }

    @Test func pythonCryptographyLoadsItAndAgrees() throws {
        let directory = try TemporaryDirectory()
        let certificate = try makeCertificate(key: try PrivateKey.generate(.rsa2048))
        let path = try directory.write(certificate.der, to: "c.cer")
        let script = """
            import sys
            from cryptography import x509
            from cryptography.x509.oid import ExtendedKeyUsageOID
            from cryptography.hazmat.primitives import hashes
            c = x509.load_der_x509_certificate(open(sys.argv[1], 'rb').read())
            bc = c.extensions.get_extension_for_class(x509.BasicConstraints)
            ku = c.extensions.get_extension_for_class(x509.KeyUsage)
            eku = c.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
            c.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
            assert bc.critical and bc.value.ca is False
            assert ku.critical and ku.value.digital_signature and ku.value.key_encipherment
            assert list(eku.value) == [ExtendedKeyUsageOID.CLIENT_AUTH]
            assert c.signature_hash_algorithm.name == 'sha256'
            assert c.serial_number > 0
            print(c.serial_number.bit_length(), c.fingerprint(hashes.SHA1()).hex().upper(), c.fingerprint(hashes.SHA256()).hex().upper())
            """
        let output = try IndependentTools.python(script, [path])
        #expect(output.status == 0, "\(output)")
        let fields = output.stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(fields.count == 3)
        #expect(Int(fields[0]).map { (64...72).contains($0) } == true)
        #expect(fields[1] == certificate.sha1Thumbprint.hex)
        #expect(fields[2] == certificate.sha256Thumbprint.hex)
    }

    @Test func serialsAre71BitPositiveAndDistinct() throws {
        var seen: Set<SerialNumber> = []
        for _ in 0..<200 {
            let serial = SerialNumber.random()
            #expect(serial.bytes.count == 9)
            #expect(serial.bytes[0] & 0x80 == 0)
            #expect(serial.bytes[0] & 0x40 != 0)
            seen.insert(serial)
        }
        #expect(seen.count == 200)
    }

    @Test func thumbprintsEqualOpenSSLFingerprintsOfAnOpenSSLCertificate() throws {
        let directory = try TemporaryDirectory()
        let made = try IndependentTools.openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", directory.file("k.pem"),
            "-out", directory.file("c.pem"), "-days", "30", "-subj", "/CN=openssl-made/O=Fabrikam",
            "-addext", "subjectAltName=DNS:fabrikam.example",
        ])
        #expect(made.status == 0, "\(made)")
        let certificates = try X509Certificate.certificates(fromPEM: try directory.read("c.pem"))
        #expect(certificates.count == 1)
        let certificate = try #require(certificates.first)
        #expect(certificate.sha1Thumbprint.hex == (try IndependentTools.opensslFingerprint(of: directory.file("c.pem"), digest: "sha1")))
        #expect(certificate.sha256Thumbprint.hex == (try IndependentTools.opensslFingerprint(of: directory.file("c.pem"), digest: "sha256")))
        #expect(certificate.subject.description == "CN=openssl-made, O=Fabrikam")
        #expect(certificate.subjectAlternativeNames == [.dns("fabrikam.example")])
        #expect(certificate.matches(try PrivateKey(pemOrDER: try directory.read("k.pem"))))
    }

    @Test func thumbprintEncodings() throws {
        let certificate = try makeCertificate(key: try PrivateKey.generate(.ec(.p256)), sans: [])
        let sha1 = certificate.sha1Thumbprint
        #expect(sha1.hex.count == 40)
        #expect(sha1.hex == sha1.hex.uppercased())
        #expect(Base64URL.decode(sha1.base64URL) == sha1.bytes)
        #expect(!sha1.base64URL.contains("="))
        #expect(Thumbprint(hex: sha1.colonHex.lowercased()) == sha1)
        #expect(Thumbprint(hex: certificate.sha256Thumbprint.hex)?.algorithm == .sha256)
        #expect(Thumbprint(hex: "ABC") == nil)
        #expect(Thumbprint(hex: String(repeating: "Z", count: 40)) == nil)
        let pythonX5t = try IndependentTools.python(
            "import sys,base64,hashlib; print(base64.urlsafe_b64encode(hashlib.sha256(bytes.fromhex(sys.argv[1])).digest()).decode().rstrip('='))",
            [certificate.der.map { String(format: "%02x", $0) }.joined()]
        )
        #expect(pythonX5t.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == certificate.sha256Thumbprint.base64URL)
    }

    @Test func readsEveryCertificateOfABundleAndSkipsOtherBlocks() throws {
        let first = try makeCertificate(key: try PrivateKey.generate(.ec(.p256)), subject: "CN=one", sans: [])
        let secondKey = try PrivateKey.generate(.ec(.p256))
        let second = try makeCertificate(key: secondKey, subject: "CN=two", sans: [])
        let bundle = "Bag Attributes: ignored\n" + first.pem + String(decoding: try secondKey.pkcs8PEM(encryptedWith: nil), as: UTF8.self) + second.pem
        let certificates = try X509Certificate.certificates(fromPEM: Array(bundle.utf8))
        #expect(certificates.map(\.subject.commonName) == ["one", "two"])
        #expect(try X509Certificate.certificates(fromPEMOrDER: second.der) == [second])
    }

    @Test func truncatedAndCorruptInputsAreMalformed() throws {
        let certificate = try makeCertificate(key: try PrivateKey.generate(.ec(.p256)), sans: [])
        let pem = certificate.pem
        let truncatedPEM = String(pem.prefix(pem.count / 2))
        #expect(throws: CryptoError(.malformedInput, "")) { try X509Certificate.certificates(fromPEM: Array(truncatedPEM.utf8)) }
        let corruptBody = pem.replacingOccurrences(of: "MII", with: "!!!")
        #expect(throws: CryptoError(.malformedInput, "")) { try X509Certificate.certificates(fromPEM: Array(corruptBody.utf8)) }
        #expect(throws: CryptoError(.malformedInput, "")) { try X509Certificate(der: Array(certificate.der.prefix(100))) }
        #expect(throws: CryptoError(.malformedInput, "")) { try X509Certificate(der: certificate.der + [0]) }
        do {
            _ = try X509Certificate(der: [0x30, 0x03, 0x02, 0x01, 0x01])
            Issue.record("garbage parsed as a certificate")
        } catch {
            #expect(!error.openSSLStack.isEmpty, "the OpenSSL queue is captured for debug logs")
        }
    }

    @Test func validityLimits() throws {
        #expect(throws: CryptoError(.invalidParameter, "")) { try CertificateValidity.days(0) }
        #expect(throws: CryptoError(.invalidParameter, "")) { try CertificateValidity.days(3651) }
        #expect(throws: CryptoError(.invalidParameter, "")) {
            try CertificateValidity(notBefore: Self.start, notAfter: Self.start)
        }
    }
}
