"""The peer: what one assertion costs in Python `cryptography` without any HTTP: parse the
JWS, find the certificate by x5t#S256, verify PS256, check the claims, sign an RS256 access
token. Runs on 2 processes (the same 2 cores) and prints assertions per second.

argv: BODIES_FILE CERT_PEM COUNT
"""
import base64, json, sys, time
from concurrent.futures import ProcessPoolExecutor
from urllib.parse import parse_qs

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

bodies_path, cert_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def work(lines):
    cert = x509.load_pem_x509_certificate(open(cert_path, "rb").read())
    by_thumbprint = {b64(cert.fingerprint(hashes.SHA256())): cert}
    signer = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    seen = set()
    for line in lines:
        form = parse_qs(line)
        head, payload, signature = form["client_assertion"][0].split(".")
        header = json.loads(unb64(head))
        key = by_thumbprint[header["x5t#S256"]].public_key()
        key.verify(unb64(signature), f"{head}.{payload}".encode(), pss, hashes.SHA256())
        claims = json.loads(unb64(payload))
        assert claims["iss"] == claims["sub"] == form["client_id"][0] and claims["jti"] not in seen
        seen.add(claims["jti"])
        now = int(time.time())
        token = b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode()) + "." + b64(json.dumps(
            {"aud": "https://graph.microsoft.com", "appid": claims["iss"], "iat": now, "exp": now + 3599}).encode())
        token += "." + b64(signer.sign(token.encode(), padding.PKCS1v15(), hashes.SHA256()))
    return len(lines)


if __name__ == "__main__":
    lines = [line.strip() for _, line in zip(range(count), open(bodies_path))]
    halves = [lines[0::2], lines[1::2]]
    start = time.perf_counter()
    with ProcessPoolExecutor(2) as pool:
        done = sum(pool.map(work, halves))
    print(f"{done / (time.perf_counter() - start):.1f}")
