"""Writes COUNT self-signed PEM certificates with varied validity into DIR, for the path-scan
part of scripts/bench/scan.sh. Made with Python `cryptography` (one EC P-256 key, so
generation is quick); seeded."""
import datetime
import os
import random
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

directory, count, now_text = sys.argv[1], int(sys.argv[2]), sys.argv[3]
now = datetime.datetime.strptime(now_text, "%Y-%m-%dT%H:%M:%SZ")
rng = random.Random(7)
key = ec.generate_private_key(ec.SECP256R1())
for index in range(count):
    lifetime = rng.choice([90, 365, 730])
    not_before = now - datetime.timedelta(seconds=rng.randrange(0, lifetime * 86400 + 30 * 86400))
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"svc-{index:05d}.contoso.example")])
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(rng.getrandbits(70) | 1 << 69).not_valid_before(not_before)
                   .not_valid_after(not_before + datetime.timedelta(days=lifetime)).sign(key, hashes.SHA256()))
    with open(os.path.join(directory, f"svc-{index:05d}.pem"), "wb") as handle:
        handle.write(certificate.public_bytes(serialization.Encoding.PEM))
