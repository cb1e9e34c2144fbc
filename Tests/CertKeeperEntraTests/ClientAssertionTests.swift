import CertKeeperCrypto
import CertKeeperEntra
import Foundation
import TestSupport
import Testing

@Suite struct ClientAssertionTests {
    let audience = "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
    let clientID = "11111111-2222-3333-4444-555555555555"

    @Test func ps256HeaderAndClaimsAreExactlyAsDesigned() throws {
        let credential = try TestCredentials.rsa()
        let assertion = try TestCredentials.pinnedFactory.assertion(
            credential: credential, clientID: clientID, audience: audience, algorithm: .ps256, sendCertificateChain: false
        )
        let parsed = try CompactJWS(parsing: assertion.compact)
        let header = try JSONDecoder().decode(JWTHeader.self, from: Data(parsed.headerJSON))
        #expect(header.alg == "PS256")
        #expect(header.typ == "JWT")
        #expect(header.x5tS256 == credential.certificate.sha256Thumbprint.base64URL)
        #expect(header.x5t == nil)
        #expect(header.x5c == nil)

        let claims = try JSONDecoder().decode(ClientAssertionClaims.self, from: Data(parsed.payloadJSON))
        let now = Int(TestCredentials.fixedNow.timeIntervalSince1970)
        #expect(claims.aud == audience)
        #expect(claims.iss == clientID)
        #expect(claims.sub == clientID)
        #expect(claims.jti == TestCredentials.fixedJTI)
        #expect(claims.nbf == now)
        #expect(claims.iat == now)
        #expect(claims.exp == now + 600)
        // Exactly these claims, nothing else.
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(parsed.payloadJSON)) as? [String: Any]).keys.sorted()
        #expect(keys == ["aud", "exp", "iat", "iss", "jti", "nbf", "sub"])
        #expect(!assertion.compact.contains("="))
        #expect(try parsed.isValidSignature(publicKey: #require(credential.certificate.publicKey), algorithm: .ps256))
    }

    @Test func ps256SignatureVerifiesWithPythonCryptographyAtSaltLength32() throws {
        let directory = try TemporaryDirectory()
        let credential = try TestCredentials.rsa()
        let certificatePath = try directory.write(credential.certificate.pem, to: "cert.pem")
        let assertion = try ClientAssertionFactory().assertion(
            credential: credential, clientID: clientID, audience: audience, algorithm: .ps256, sendCertificateChain: false
        )
        let python = try PythonJWSVerifier.verify(assertion.compact, certificatePath: certificatePath)
        #expect(python.verified)
        #expect(python.header["x5t#S256"]?.string == python.sha256X5t)
        #expect(python.header["x5t"] == nil)
        #expect(python.claims["iss"]?.string == clientID)
        #expect(python.claims["sub"]?.string == clientID)
        let nbf = try #require(python.claims["nbf"]?.number)
        #expect(python.claims["exp"]?.number == nbf + 600)

        // The verifier is not a rubber stamp: a changed payload fails.
        let segments = assertion.compact.split(separator: ".")
        let forged = Base64URL.encode(Array(#"{"iss":"someone-else"}"#.utf8))
        let tampered = "\(segments[0]).\(forged).\(segments[2])"
        #expect(try PythonJWSVerifier.verify(tampered, certificatePath: certificatePath).verified == false)
    }

    @Test func rs256CarriesTheSHA1ThumbprintUnderX5tAndVerifiesInPython() throws {
        let directory = try TemporaryDirectory()
        let credential = try TestCredentials.rsa()
        let certificatePath = try directory.write(credential.certificate.pem, to: "cert.pem")
        let assertion = try TestCredentials.pinnedFactory.assertion(
            credential: credential, clientID: clientID, audience: audience, algorithm: .rs256, sendCertificateChain: false
        )
        #expect(assertion.header.alg == "RS256")
        #expect(assertion.header.x5tS256 == nil)
        let python = try PythonJWSVerifier.verify(assertion.compact, certificatePath: certificatePath)
        #expect(python.verified)
        #expect(python.header["x5t"]?.string == python.sha1X5t)
        #expect(python.header["x5t#S256"] == nil)
        // And the SHA-1 is the one openssl prints, as the portal shows it.
        let opensslSHA1 = try IndependentTools.opensslFingerprint(of: certificatePath, digest: "sha1")
        #expect(Base64URL.decode(try #require(assertion.header.x5t)) == Thumbprint(hex: opensslSHA1)?.bytes)
    }

    @Test func x5cListsTheChainLeafFirstAsStandardBase64DER() throws {
        let directory = try TemporaryDirectory()
        let issuerKey = try PrivateKey.generate(.rsa2048)
        let intermediate = try TestCredentials.certificate(commonName: "intermediate", key: issuerKey)
        let credential = try TestCredentials.rsa(chain: [intermediate])
        let certificatePath = try directory.write(credential.certificate.pem, to: "cert.pem")
        for algorithm in JWSAlgorithm.allCases {
            let assertion = try TestCredentials.pinnedFactory.assertion(
                credential: credential, clientID: clientID, audience: audience, algorithm: algorithm, sendCertificateChain: true
            )
            let x5c = try #require(assertion.header.x5c)
            #expect(x5c.count == 2)
            #expect(x5c.map { Data(base64Encoded: $0).map { [UInt8]($0) } } == [credential.certificate.der, intermediate.der])
            let python = try PythonJWSVerifier.verify(assertion.compact, certificatePath: certificatePath)
            #expect(python.verified)
            #expect(python.x5cLeafMatches == true)
        }
    }

    @Test func everyAssertionHasAFreshJTIAndCurrentTimes() throws {
        let credential = try TestCredentials.rsa()
        let factory = ClientAssertionFactory()
        let first = try factory.assertion(credential: credential, clientID: clientID, audience: audience, algorithm: .ps256, sendCertificateChain: false)
        let second = try factory.assertion(credential: credential, clientID: clientID, audience: audience, algorithm: .ps256, sendCertificateChain: false)
        #expect(first.claims.jti != second.claims.jti)
        #expect(UUID(uuidString: first.claims.jti) != nil)
        #expect(first.claims.exp - first.claims.nbf == 600)
        #expect(!first.description.contains(first.compact))
    }
}
