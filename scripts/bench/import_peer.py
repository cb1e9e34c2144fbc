#!/usr/bin/env python3
"""Peer (b) of scripts/bench/import.sh: one Python `cryptography` process doing what
`certkeeper inventory import` reports per file: every certificate's subject, not-after and
SHA-1 fingerprint, for PEM (all certificates of a bundle), DER and PFX (password from the
environment variable named by argv[2]). Prints one summary line."""
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import pkcs12


def certificates(path, password):
    with open(path, "rb") as handle:
        data = handle.read()
    if path.endswith(".pfx"):
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
        return ([cert] if cert else []) + list(extra)
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def main():
    root, variable = sys.argv[1], sys.argv[2]
    password = os.environ[variable].encode()
    seen = set()
    files = 0
    for directory, _, names in os.walk(root):
        for name in sorted(names):
            try:
                for cert in certificates(os.path.join(directory, name), password):
                    line = (cert.subject.rfc4514_string(), cert.not_valid_after_utc.isoformat(), cert.fingerprint(hashes.SHA1()).hex())
                    seen.add(line[2])
                files += 1
            except (ValueError, OSError) as error:
                print(f"skipped {name}: {error}", file=sys.stderr)
    print(f"python: {files} files, {len(seen)} distinct certificates")


if __name__ == "__main__":
    main()
