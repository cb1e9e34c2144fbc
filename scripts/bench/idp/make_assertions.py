"""Pre-signs unique client assertions (PS256 + x5t#S256, fresh jti each) as token-request
form bodies, one per line, so the load loop never replays a jti.

argv: TOKEN_ENDPOINT CLIENT_ID KEY_PEM CERT_PEM COUNT OUT
"""
import base64, json, sys, time, uuid
from concurrent.futures import ProcessPoolExecutor
from urllib.parse import urlencode

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

endpoint, client_id, key_path, cert_path, count, out = sys.argv[1:7]
count = int(count)


def b64(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def sign_batch(size):
    key = serialization.load_pem_private_key(open(key_path, "rb").read(), password=None)
    cert = x509.load_pem_x509_certificate(open(cert_path, "rb").read())
    header = b64(json.dumps({"alg": "PS256", "typ": "JWT", "x5t#S256": b64(cert.fingerprint(hashes.SHA256()))}).encode())
    pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    now = int(time.time())
    lines = []
    for _ in range(size):
        claims = {"aud": endpoint, "iss": client_id, "sub": client_id, "jti": str(uuid.uuid4()), "nbf": now, "exp": now + 600}
        signing_input = header + "." + b64(json.dumps(claims).encode())
        assertion = signing_input + "." + b64(key.sign(signing_input.encode(), pss, hashes.SHA256()))
        lines.append(urlencode({
            "grant_type": "client_credentials", "client_id": client_id, "scope": "https://graph.microsoft.com/.default",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", "client_assertion": assertion,
        }))
    return lines


if __name__ == "__main__":
    workers = 2
    sizes = [count // workers + (1 if i < count % workers else 0) for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool, open(out, "w") as output:
        for lines in pool.map(sign_batch, sizes):
            output.write("\n".join(lines) + "\n")
