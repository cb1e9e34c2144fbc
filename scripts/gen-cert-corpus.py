#!/usr/bin/env python3
"""Generates a directory of certificate files with Python `cryptography` (independently of
certkeeper) and a manifest of what an import must find.

Used by scripts/bench/import.sh and by the import tests. Mix by default: 60% PEM (every 10th
a bundle of a leaf and two CA certificates, every 7th with its private key), 25% DER (every
5th the same certificate as a PEM file: dedupe across formats), 15% PFX, half modern
(AES-256-CBC, PBKDF2-SHA256, SHA-256 MAC) and half legacy (3DES, SHA-1 MAC), 2048
iterations as OpenSSL's default; every 4th PFX holds a certificate also in a PEM file.

    gen-cert-corpus.py OUT_DIR COUNT [--password-env NAME] [--extras] [--subdirs N] [--seed S]

--extras adds files an import must skip or pass over (garbage, a truncated PEM, a key-only
PEM, a CSR, an empty file). The manifest (OUT_DIR/../NAME.manifest.json, or --manifest) has
`distinct_sha256`, `files` (path, format, sha256 list) and `expected` counts.
"""
import argparse
import datetime
import json
import os
import random

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


def name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Corpus")])


def make_cert(rng, cn, key, issuer_name=None, issuer_key=None, ca=False):
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    days = rng.randint(1, 900)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name(cn))
        .issuer_name(issuer_name or name(cn))
        .public_key(key.public_key())
        .serial_number(rng.getrandbits(63) | 1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    return builder.sign(issuer_key or key, hashes.SHA256())


def sha256(cert):
    return cert.fingerprint(hashes.SHA256()).hex().upper()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("count", type=int)
    parser.add_argument("--password-env", default="CORPUS_PASSWORD")
    parser.add_argument("--extras", action="store_true")
    parser.add_argument("--subdirs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--manifest")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    password = os.environ[args.password_env].encode()

    rsa_keys = [rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(3)]
    ec_keys = [ec.generate_private_key(ec.SECP256R1()) for _ in range(2)]
    ca_key = rsa_keys[0]
    ca_root = make_cert(rng, "Corpus Root CA", ca_key, ca=True)
    ca_inter = make_cert(rng, "Corpus Intermediate CA", ca_key, issuer_name=ca_root.subject, issuer_key=ca_key, ca=True)

    n_pem = round(args.count * 0.60)
    n_der = round(args.count * 0.25)
    n_pfx = args.count - n_pem - n_der
    os.makedirs(args.out, exist_ok=True)
    for index in range(args.subdirs):
        os.makedirs(os.path.join(args.out, f"d{index}"), exist_ok=True)

    files = []
    pem_certs = []  # (cert, key) of PEM files, reused by DER and PFX files
    serial = 0

    def path_for(index, extension):
        sub = f"d{index % args.subdirs}" if args.subdirs else ""
        return os.path.join(args.out, sub, f"f{index:05d}.{extension}")

    def new_leaf():
        nonlocal serial
        serial += 1
        key = rng.choice(rsa_keys) if serial % 5 else rng.choice(ec_keys)
        return make_cert(rng, f"corpus-{serial}", key), key

    index = 0
    for i in range(n_pem):
        cert, key = new_leaf()
        pem_certs.append((cert, key))
        data = cert.public_bytes(serialization.Encoding.PEM)
        certs = [cert]
        if i % 10 == 0:
            data += ca_inter.public_bytes(serialization.Encoding.PEM) + ca_root.public_bytes(serialization.Encoding.PEM)
            certs += [ca_inter, ca_root]
        if i % 7 == 3:
            data += key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        path = path_for(index, "pem")
        index += 1
        with open(path, "wb") as handle:
            handle.write(data)
        files.append({"path": path, "format": "pem", "sha256": [sha256(c) for c in certs]})

    for i in range(n_der):
        cert = pem_certs[i % len(pem_certs)][0] if i % 5 == 0 else new_leaf()[0]
        path = path_for(index, "cer")
        index += 1
        with open(path, "wb") as handle:
            handle.write(cert.public_bytes(serialization.Encoding.DER))
        files.append({"path": path, "format": "der", "sha256": [sha256(cert)]})

    for i in range(n_pfx):
        cert, key = pem_certs[i % len(pem_certs)] if i % 4 == 0 else new_leaf()
        modern = i % 2 == 0
        encryption = (
            serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(2048)
            .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC if modern else pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
            .hmac_hash(hashes.SHA256() if modern else hashes.SHA1())
            .build(password)
        )
        data = pkcs12.serialize_key_and_certificates(f"pfx-{i}".encode(), key, cert, None, encryption)
        path = path_for(index, "pfx")
        index += 1
        with open(path, "wb") as handle:
            handle.write(data)
        files.append({"path": path, "format": "pfx", "sha256": [sha256(cert)], "profile": "modern" if modern else "legacy"})

    extras_skipped = 0
    extras_ignored = 0
    if args.extras:
        junk = os.path.join(args.out, "junk")
        os.makedirs(junk, exist_ok=True)
        with open(os.path.join(junk, "notes.txt"), "w") as handle:
            handle.write("not a certificate\n")
        whole = pem_certs[0][0].public_bytes(serialization.Encoding.PEM)
        with open(os.path.join(junk, "truncated.pem"), "wb") as handle:
            handle.write(whole[: len(whole) // 2])
        open(os.path.join(junk, "empty.cer"), "wb").close()
        with open(os.path.join(junk, "random.der"), "wb") as handle:
            handle.write(bytes([0x30, 0x82, 0x01, 0x00]) + rng.randbytes(64))
        extras_skipped = 4
        with open(os.path.join(junk, "only.key.pem"), "wb") as handle:
            handle.write(rsa_keys[1].private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
        csr = (
            x509.CertificateSigningRequestBuilder().subject_name(name("csr")).sign(rsa_keys[1], hashes.SHA256())
        )
        with open(os.path.join(junk, "request.csr"), "wb") as handle:
            handle.write(csr.public_bytes(serialization.Encoding.PEM))
        extras_ignored = 2

    distinct = sorted({thumb for entry in files for thumb in entry["sha256"]})
    manifest = {
        "distinct_sha256": distinct,
        "files": files,
        "expected": {
            "certificate_files": len(files),
            "pem": n_pem, "der": n_der, "pfx": n_pfx,
            "distinct_certificates": len(distinct),
            "skipped": extras_skipped, "ignored": extras_ignored,
        },
    }
    manifest_path = args.manifest or os.path.join(os.path.dirname(os.path.abspath(args.out)), os.path.basename(args.out) + ".manifest.json")
    with open(manifest_path, "w") as handle:
        json.dump(manifest, handle, indent=1)
    print(manifest_path)


if __name__ == "__main__":
    main()
