#!/usr/bin/env python3
"""The peer of `certkeeper token get --no-cache` in scripts/bench/token.sh: what a user
would otherwise script with Python `cryptography` and the standard library. Builds the same
client assertion (PS256, x5t#S256, aud/iss/sub/jti/nbf/iat/exp), POSTs the same form to
the token endpoint and prints the access token.

usage: token_peer.py AUTHORITY TENANT CLIENT_ID CERT_AND_KEY_PEM [CA_BUNDLE]

CA_BUNDLE: the only certificates trusted for an https AUTHORITY (the emulator's).
"""
import base64
import json
import ssl
import sys
import time
import urllib.parse
import urllib.request
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    authority, tenant, client_id, pem_path = sys.argv[1:5]
    context = ssl.create_default_context(cafile=sys.argv[5]) if len(sys.argv) > 5 else None
    pem = open(pem_path, "rb").read()
    certificate = x509.load_pem_x509_certificate(pem)
    key = serialization.load_pem_private_key(pem, password=None)
    endpoint = f"{authority}/{tenant}/oauth2/v2.0/token"
    now = int(time.time())
    header = {"alg": "PS256", "typ": "JWT", "x5t#S256": b64url(certificate.fingerprint(hashes.SHA256()))}
    claims = {"aud": endpoint, "iss": client_id, "sub": client_id, "jti": str(uuid.uuid4()),
              "nbf": now, "iat": now, "exp": now + 600}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    signature = key.sign(signing_input.encode(), padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
    form = urllib.parse.urlencode({
        "grant_type": "client_credentials", "client_id": client_id, "scope": "https://graph.microsoft.com/.default",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": signing_input + "." + b64url(signature),
    }).encode()
    with urllib.request.urlopen(urllib.request.Request(endpoint, data=form), timeout=30, context=context) as response:
        print(json.load(response)["access_token"])


if __name__ == "__main__":
    main()
