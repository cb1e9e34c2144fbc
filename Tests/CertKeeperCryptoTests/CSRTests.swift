import CertKeeperCrypto
import TestSupport
import Testing

@Suite("Certificate signing requests")
struct CSRTests {
    @Test func opensslVerifiesTheRequestAndSeesTheSANs() throws {
        let directory = try TemporaryDirectory()
        let key = try PrivateKey.generate(.rsa2048)
        let request = try CertificateSigningRequest.create(
            subject: try DistinguishedName(parsing: "CN=MyApp,O=Contoso\\, Ltd,C=US"),
            subjectAlternativeNames: [.dns("myapp.contoso.com"), .email("a@contoso.com"), .uri("urn:app"), .ipAddress("192.0.2.7")],
            key: key
        )
        let path = try directory.write(request.pem, to: "r.csr")
        let verify = try IndependentTools.openssl(["req", "-in", path, "-verify", "-noout"])
        #expect(verify.status == 0, "\(verify)")
        let text = try IndependentTools.openssl(["req", "-in", path, "-noout", "-text"]).stdout
        #expect(text.contains("DNS:myapp.contoso.com, email:a@contoso.com, URI:urn:app, IP Address:192.0.2.7"))
        #expect(text.contains("Signature Algorithm: sha256WithRSAEncryption"))
        #expect(text.contains("Subject: CN = MyApp, O = \"Contoso, Ltd\", C = US"))

        let reread = try CertificateSigningRequest(pemOrDER: Array(request.pem.utf8))
        #expect(reread == request)
        #expect(reread.isSignatureValid)
        #expect(reread.publicKey == (try key.publicKey))
        #expect(reread.subjectAlternativeNames.count == 4)
        #expect(try CertificateSigningRequest(pemOrDER: request.der) == request)
    }

    @Test func readsAnOpenSSLRequest() throws {
        let directory = try TemporaryDirectory()
        let made = try IndependentTools.openssl([
            "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", directory.file("k.pem"),
            "-out", directory.file("r.csr"), "-subj", "/CN=from-openssl", "-addext", "subjectAltName=DNS:x.example",
        ])
        #expect(made.status == 0, "\(made)")
        let request = try CertificateSigningRequest(pemOrDER: try directory.read("r.csr"))
        #expect(request.subject.commonName == "from-openssl")
        #expect(request.subjectAlternativeNames == [.dns("x.example")])
        #expect(request.publicKey.algorithm == .ec(.p256))
    }
}
