import CertKeeperCrypto
import Foundation
import TestSupport
import Testing

/// Independent clients: an assertion hand-built with Python `cryptography` (no JWT
/// library), the access token checked by Python against the JWKS, and https through curl.
@Suite struct LiveIndependentClientTests {
    static let pythonClient = #"""
        import base64, json, sys, time, uuid, urllib.request, urllib.parse, urllib.error
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding, rsa

        base, tenant, client_id, key_path, cert_path = sys.argv[1:6]
        b64 = lambda raw: base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
        key = serialization.load_pem_private_key(open(key_path, "rb").read(), password=None)
        cert = x509.load_pem_x509_certificate(open(cert_path, "rb").read())
        endpoint = f"{base}/{tenant}/oauth2/v2.0/token"
        header = {"alg": "PS256", "typ": "JWT", "x5t#S256": b64(cert.fingerprint(hashes.SHA256()))}
        now = time.time()
        claims = {"aud": endpoint, "iss": client_id, "sub": client_id, "jti": str(uuid.uuid4()), "iat": now, "exp": now + 600}
        signing_input = (b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())).encode()
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        assertion = signing_input.decode() + "." + b64(key.sign(signing_input, pss, hashes.SHA256()))
        form = urllib.parse.urlencode({
            "grant_type": "client_credentials", "client_id": client_id, "scope": "https://graph.microsoft.com/.default",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion,
        }).encode()
        token = json.load(urllib.request.urlopen(urllib.request.Request(endpoint, data=form)))["access_token"]
        # Verify the access token with the JWKS's n and e only.
        jwks = json.load(urllib.request.urlopen(f"{base}/{tenant}/discovery/v2.0/keys"))
        unb64 = lambda text: base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        head, payload, signature = token.split(".")
        jwk = next(k for k in jwks["keys"] if k["kid"] == json.loads(unb64(head))["kid"])
        public = rsa.RSAPublicNumbers(int.from_bytes(unb64(jwk["e"]), "big"), int.from_bytes(unb64(jwk["n"]), "big")).public_key()
        public.verify(unb64(signature), f"{head}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
        body = json.loads(unb64(payload))
        print(json.dumps({"appid": body["appid"], "aud": body["aud"], "tid": body["tid"], "roles": body["roles"]}, sort_keys=True))
        """#

    @Test func pythonHandBuiltPS256AssertionAndJWKSVerification() async throws {
        let live = try LiveEmulator()
        let keyPath = try live.directory.write(try live.credential.key.pkcs8PEM(encryptedWith: nil), to: "app.key", mode: 0o600)
        let output = try IndependentTools.python(
            Self.pythonClient,
            [
                live.server.baseURL, LiveEmulator.tenant, LiveEmulator.clientID, keyPath, live.directory.file("app.pem"),
            ])
        #expect(output.status == 0, "\(output)")
        #expect(
            output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == #"{"appid": "\#(LiveEmulator.clientID)", "aud": "https://graph.microsoft.com", "roles": ["Rotation.Rehearsal"], "tid": "\#(LiveEmulator.tenant)"}"#)
        #expect(live.server.stop() == 0)
    }

    @Test func httpsThroughLibsslTrustedByCurlWithTheWrittenCertificate() throws {
        let live = try LiveEmulator(serveArguments: ["--tls"])
        let trusted = live.directory.file("state-tls-cert.pem")
        #expect(live.directory.exists("state-tls-cert.pem"))
        for host in ["127.0.0.1", "localhost"] {
            let url = "https://\(host):\(live.server.port)/\(LiveEmulator.tenant)/v2.0/.well-known/openid-configuration"
            let output = try ProcessRunner.run("curl", ["-sS", "--fail", "--cacert", trusted, url])
            #expect(output.status == 0, "\(output)")
            #expect(output.stdout.contains(#""token_endpoint":"https://\#(host):\#(live.server.port)/"#))
        }
        // Without trusting it, verification fails: it really is TLS with our certificate.
        let untrusted = try ProcessRunner.run("curl", ["-sS", "--cacert", "/dev/null", "https://127.0.0.1:\(live.server.port)/x"])
        #expect(untrusted.status != 0)
        let served = try IndependentTools.openssl(
            ["s_client", "-connect", "127.0.0.1:\(live.server.port)", "-CAfile", trusted, "-verify_return_error", "-brief"], stdin: Array("Q\n".utf8))
        #expect(served.stderr.contains("Verification: OK"), "\(served)")
        #expect(live.server.stop() == 0)
    }
}
