#!/usr/bin/env python3
"""Writes the committed seed corpus of the fuzz targets (Fuzz/corpus/TARGET/).

Seeds are small valid inputs made by independent tools: the openssl CLI for certificates,
keys, requests and PFX files, Python `cryptography` for the JWS assertions and Graph
proofs, which are signed with the test-only key in fixture/ (the emulator fixture
registers its certificate, so the seeds reach the checks behind the parsers). Run from
anywhere: python3 Fuzz/corpus/make-seeds.py. Re-running replaces the seeds (keys and
signatures differ each time; the committed set is one such run).
"""
import base64
import json
import os
import subprocess
import tempfile
import urllib.parse
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

HERE = os.path.dirname(os.path.abspath(__file__))
TENANT = "11111111-2222-3333-4444-555555555555"
CLIENT_ID = "aaaaaaaa-0000-0000-0000-000000000001"
OBJECT_ID = "bbbbbbbb-0000-0000-0000-000000000002"
NOW = 1_800_000_000  # the fuzz fixture's fixed clock
TOKEN_ENDPOINT = f"https://127.0.0.1:8443/{TENANT}/oauth2/v2.0/token"
GRAPH_AUDIENCE = "00000002-0000-0000-c000-000000000000"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def write(target, name, data):
    directory = os.path.join(HERE, target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as handle:
        handle.write(data if isinstance(data, bytes) else data.encode())


def read(directory, name):
    with open(os.path.join(directory, name), "rb") as handle:
        return handle.read()


def documents_and_pfx(work):
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ec.key",
            "-out", "ec.pem", "-subj", "/CN=seed ec/O=Contoso", "-days", "30",
            "-addext", "subjectAltName=DNS:seed.example,IP:127.0.0.1,email:a@example.com,URI:https://seed.example/x", cwd=work)
    openssl("req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", "rsa.key", "-out", "rsa.pem",
            "-subj", "/CN=seed rsa/OU=a\\,b/O=Contoso/C=US", "-days", "30", cwd=work)
    openssl("x509", "-in", "ec.pem", "-outform", "DER", "-out", "ec.der", cwd=work)
    openssl("req", "-new", "-key", "ec.key", "-out", "ec.csr", "-subj", "/CN=seed csr", cwd=work)
    openssl("pkey", "-in", "ec.key", "-pubout", "-out", "ec.pub", cwd=work)
    openssl("pkcs8", "-topk8", "-in", "ec.key", "-out", "ec.enc.key", "-passout", "pass:fuzz", "-iter", "16", cwd=work)
    openssl("pkey", "-in", "ec.key", "-outform", "DER", "-out", "ec.key.der", cwd=work)
    for name in ["ec.pem", "ec.der", "ec.csr", "ec.pub", "ec.key", "ec.enc.key", "ec.key.der", "rsa.pem"]:
        write("fuzz-document", name, read(work, name))
    write("fuzz-document", "bundle.pem", read(work, "ec.pem") + read(work, "rsa.pem"))
    write("fuzz-document", "cert-and-key.pem", read(work, "ec.pem") + read(work, "ec.key"))

    # PFX files with the fuzzer's password "fuzz" and tiny iteration counts (fast runs).
    base = ["pkcs12", "-export", "-in", "ec.pem", "-inkey", "ec.key", "-passout", "pass:fuzz", "-iter", "1"]
    openssl(*base, "-macalg", "sha256", "-out", "aes.pfx", "-name", "seed", cwd=work)
    openssl(*base, "-certpbe", "PBE-SHA1-3DES", "-keypbe", "PBE-SHA1-3DES", "-macalg", "sha1", "-out", "3des.pfx", cwd=work)
    openssl(*base, "-certfile", "rsa.pem", "-out", "chain.pfx", cwd=work)
    openssl("pkcs12", "-export", "-in", "ec.pem", "-nokeys", "-passout", "pass:fuzz", "-iter", "1", "-out", "certonly.pfx", cwd=work)
    openssl("pkcs12", "-export", "-in", "ec.pem", "-inkey", "ec.key", "-passout", "pass:", "-keypbe", "NONE", "-certpbe", "NONE",
            "-nomac", "-out", "plain.pfx", cwd=work)
    for name in ["aes.pfx", "3des.pfx", "chain.pfx", "certonly.pfx", "plain.pfx"]:
        write("fuzz-pkcs12", name, read(work, name))
    write("fuzz-document", "aes.pfx", read(work, "aes.pfx"))


def small_inputs():
    names = ["CN=MyApp,O=Contoso", "CN=a\\,b\\+c,OU=x", "CN=x,OU=y,O=z,L=w,ST=v,C=US", "CN=\\ lead,O=trail\\ ",
             "emailAddress=a@example.com,CN=mail", "CN=münchen,O=Ünïcode", "CN=\\\"quoted\\\",O=\\#hash", "O=only,CN=last"]
    for index, text in enumerate(names):
        write("fuzz-dn", f"dn-{index}", text)
    durations = ["30d", "24h", "90m", "45s", "2w", "1y", "0", "10%", "25.5%", "3s", "100y", "1d12h", "P30D"]
    for index, text in enumerate(durations):
        write("fuzz-duration", f"duration-{index}", text)


def profiles():
    certkeeper = {
        "schema": "certkeeper.profile/v1", "name": "payroll", "tenant_id": TENANT, "client_id": CLIENT_ID,
        "authority_host": "https://login.microsoftonline.com", "scope": "https://graph.microsoft.com/.default",
        "certificate_path": "/etc/certs/payroll.pfx", "password_ref": "env:PAYROLL_PFX_PASSWORD", "send_x5c": True,
        "assertion_algorithm": "PS256", "app_object_id": OBJECT_ID, "graph_endpoint": "https://graph.microsoft.com",
    }
    entratool = {
        "name": "billing", "tenantId": TENANT, "clientId": CLIENT_ID, "scopes": ["https://graph.microsoft.com/.default"],
        "certificatePath": "./billing.pfx", "authMethod": "certificate",
    }
    secret = {"name": "legacy", "tenantId": TENANT, "clientId": CLIENT_ID, "scope": "api://x/.default", "useCertificate": False}
    write("fuzz-profile-import", "certkeeper.json", json.dumps(certkeeper, indent=1))
    write("fuzz-profile-import", "certkeeper-list.json", json.dumps({"profiles": [certkeeper, dict(certkeeper, name="b", password_ref="file:/run/p")]}))
    write("fuzz-profile-import", "entratool.json", json.dumps([entratool, secret]))
    write("fuzz-profile-import", "entratool-one.json", json.dumps(dict(entratool, scopes="a b,c")))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jws(header, claims, key, algorithm):
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64url(json.dumps(claims, separators=(",", ":")).encode())
    if algorithm == "PS256":
        scheme = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    else:
        scheme = padding.PKCS1v15()
    return signing_input + "." + b64url(key.sign(signing_input.encode(), scheme, hashes.SHA256()))


def idp(work):
    key = serialization.load_pem_private_key(read(os.path.join(HERE, "fixture"), "idp-app.key.pem"), password=None)
    certificate = x509.load_pem_x509_certificate(read(os.path.join(HERE, "fixture"), "idp-app.cert.pem"))
    der = certificate.public_bytes(serialization.Encoding.DER)
    sha1, sha256 = certificate.fingerprint(hashes.SHA1()), certificate.fingerprint(hashes.SHA256())
    claims = {"aud": TOKEN_ENDPOINT, "iss": CLIENT_ID, "sub": CLIENT_ID, "nbf": NOW, "exp": NOW + 600, "iat": NOW}
    assertions = {
        "ps256-x5t-s256": jws({"alg": "PS256", "typ": "JWT", "x5t#S256": b64url(sha256)}, dict(claims, jti=str(uuid.uuid4())), key, "PS256"),
        "rs256-x5t": jws({"alg": "RS256", "typ": "JWT", "x5t": b64url(sha1)}, dict(claims, jti=str(uuid.uuid4())), key, "RS256"),
        "x5c-aud-list": jws({"alg": "PS256", "x5t#S256": b64url(sha256), "x5c": [base64.b64encode(der).decode()]},
                            dict(claims, aud=[TOKEN_ENDPOINT, "other"], exp=NOW + 600.5, jti=str(uuid.uuid4())), key, "PS256"),
        "expired": jws({"alg": "PS256", "x5t#S256": b64url(sha256)}, dict(claims, nbf=NOW - 7200, exp=NOW - 3600, jti="x"), key, "PS256"),
    }
    for name, text in assertions.items():
        write("fuzz-idp-assertion", name, text)
        form = [("grant_type", "client_credentials"), ("client_id", CLIENT_ID), ("scope", "https://graph.microsoft.com/.default"),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"), ("client_assertion", text)]
        write("fuzz-idp-form", name, urllib.parse.urlencode(form))
    write("fuzz-idp-form", "escapes", "a=%41%zz&b=+x+&&c=&=d&e=%E2%82%AC")

    # Graph bodies: a new certificate (openssl) with a proof signed by the registered key.
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "new.key", "-out", "new.pem",
            "-subj", "/CN=seed new credential", "-days", "3650", cwd=work)
    openssl("x509", "-in", "new.pem", "-outform", "DER", "-out", "new.der", cwd=work)
    proof = jws({"alg": "RS256", "typ": "JWT", "x5t": b64url(sha1)},
                {"aud": GRAPH_AUDIENCE, "iss": OBJECT_ID, "nbf": NOW, "exp": NOW + 600}, key, "RS256")
    credential = {"type": "AsymmetricX509Cert", "usage": "Verify", "key": base64.b64encode(read(work, "new.der")).decode(),
                  "displayName": "CN=seed new credential"}
    write("fuzz-idp-json", "add-key.json", json.dumps({"keyCredential": credential, "passwordCredential": None, "proof": proof}))
    write("fuzz-idp-json", "remove-key.json", json.dumps({"keyId": str(uuid.uuid4()), "proof": proof}))
    write("fuzz-idp-json", "padded-proof.json", json.dumps({"keyId": "k", "proof": proof + "="}))


def main():
    with tempfile.TemporaryDirectory() as work:
        documents_and_pfx(work)
        small_inputs()
        profiles()
        idp(work)


if __name__ == "__main__":
    main()
