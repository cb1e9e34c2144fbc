import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

@Suite("JWS signing and verification")
struct JWSTests {
    @Test("sign then verify with our code and with Python cryptography", arguments: JWSAlgorithm.allCases)
    func signsAndVerifies(algorithm: JWSAlgorithm) throws {
        let directory = try TemporaryDirectory()
        let key = try PrivateKey.generate(.rsa2048)
        let header = Array(#"{"alg":"\#(algorithm.rawValue)","typ":"JWT"}"#.utf8)
        let payload = Array(#"{"sub":"client"}"#.utf8)
        let jws = try CompactJWS.sign(headerJSON: header, payloadJSON: payload, key: key, algorithm: algorithm)
        #expect(!jws.compact.contains("="))
        #expect(try jws.isValidSignature(publicKey: key.publicKey, algorithm: algorithm))
        let parsed = try CompactJWS(parsing: jws.compact)
        #expect(parsed.headerJSON == header && parsed.payloadJSON == payload)
        #expect(try parsed.isValidSignature(publicKey: key.publicKey, algorithm: algorithm))
        #expect(try !parsed.isValidSignature(publicKey: PrivateKey.generate(.rsa2048).publicKey, algorithm: algorithm))

        let publicKeyPath = try directory.write(try key.publicKey.pem(), to: "pub.pem")
        let script = """
            import sys, base64
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import padding
            token, alg = sys.argv[2], sys.argv[3]
            key = serialization.load_pem_public_key(open(sys.argv[1], 'rb').read())
            h, p, s = token.split('.')
            sig = base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))
            pad = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32) if alg == 'PS256' else padding.PKCS1v15()
            key.verify(sig, (h + '.' + p).encode(), pad, hashes.SHA256())
            print('verified')
            """
        let output = try IndependentTools.python(script, [publicKeyPath, jws.compact, algorithm.rawValue])
        #expect(output.stdout.contains("verified"), "\(output)")
    }

    @Test func tamperedPayloadFailsVerification() throws {
        let key = try PrivateKey.generate(.rsa2048)
        let jws = try CompactJWS.sign(headerJSON: Array("{}".utf8), payloadJSON: Array(#"{"a":1}"#.utf8), key: key, algorithm: .ps256)
        let parts = jws.compact.split(separator: ".")
        let forged = "\(parts[0]).\(Base64URL.encode(Array(#"{"a":2}"#.utf8))).\(parts[2])"
        #expect(try !CompactJWS(parsing: forged).isValidSignature(publicKey: key.publicKey, algorithm: .ps256))
    }

    @Test func rejectsMalformedCompactForms() {
        for text in ["a.b", "a.b.c.d", "a+b.c.d", "%%.e30.e30"] {
            #expect(throws: CryptoError(.malformedInput, "")) { try CompactJWS(parsing: text) }
        }
    }

    @Test func ecKeysCannotSignRSASchemes() throws {
        let key = try PrivateKey.generate(.ec(.p256))
        #expect(throws: CryptoError(.unsupportedKey, "")) {
            try CompactJWS.sign(headerJSON: [], payloadJSON: [], key: key, algorithm: .rs256)
        }
    }

    @Test func base64URLRoundTripsAndAcceptsPadding() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 250) }
            let encoded = Base64URL.encode(bytes)
            #expect(Base64URL.decode(encoded) == bytes)
            let padded = encoded + String(repeating: "=", count: (4 - encoded.count % 4) % 4)
            #expect(Base64URL.decode(padded) == bytes)
        }
        #expect(Base64URL.decode("ab/c") == nil)
    }
}
