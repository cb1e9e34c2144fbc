import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// A certificate whose public key OpenSSL cannot decode (GOST without its engine, an unknown
/// OID) still reads: names, dates, serial and thumbprints as `openssl x509` prints them, the
/// key's algorithm identifier, and no key (so nothing can sign or match with it).
struct UnknownKeyAlgorithmTests {
    @Test(arguments: [
        ("unknown-key/gost.pem", "1.2.643.7.1.1.1.1", "gost2012_256" as String?, "CN=gost key fixture"),
        ("unknown-key/unknown.pem", "1.3.6.1.4.1.55555.1.1", nil, "CN=unknown key fixture"),
    ])
    func readsEverythingButTheKey(fixture: String, oid: String, name: String?, commonName: String) throws {
        let certificate = try #require(try X509Certificate.certificates(fromPEMOrDER: Fixtures.bytes(fixture)).first)
        #expect(certificate.publicKey == nil)
        #expect(certificate.keyAlgorithm == .unknown(oid: oid, name: name))
        #expect(certificate.keyAlgorithm.description.hasPrefix("unknown key algorithm \(oid)"))
        #expect(!certificate.keyAlgorithm.isRSA)
        #expect(!certificate.isSelfSigned)
        #expect(certificate.subject.description.contains(commonName))
        #expect(certificate.issuer.description == "CN=certkeeper fixture CA")

        let path = Fixtures.path(fixture)
        let fields = try IndependentTools.openssl(["x509", "-in", path, "-noout", "-serial", "-enddate", "-startdate"])
        try #require(fields.status == 0, "\(fields)")
        #expect(fields.stdout.contains("serial=\(certificate.serialNumber.hex)"), "\(fields.stdout)")
        #expect(fields.stdout.contains("notBefore=Jan  1 00:00:00 2026 GMT"))
        #expect(certificate.notBefore == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(certificate.notAfter == Date(timeIntervalSince1970: 2_398_377_600))
        #expect(certificate.sha1Thumbprint.hex == (try IndependentTools.opensslFingerprint(of: path, digest: "sha1")))
        #expect(certificate.sha256Thumbprint.hex == (try IndependentTools.opensslFingerprint(of: path, digest: "sha256")))
        let key = try PrivateKey.generate(.rsa2048)
        #expect(!certificate.matches(key))
    }

    @Test func theDERFormReadsToo() throws {
        let pem = try X509Certificate.certificates(fromPEM: Fixtures.bytes("unknown-key/unknown.pem"))[0]
        let der = try X509Certificate(der: pem.der)
        #expect(der == pem)
        #expect(der.keyAlgorithm == pem.keyAlgorithm)
    }
}
