"""Fills a certkeeper inventory (schema already created by certkeeper) with COUNT synthetic
certificates by direct SQL inserts, for scripts/bench/scan.sh.

Rows look like real ones: RFC 4514 subjects, a shared issuing CA, 70-bit serials, 600-1000
bytes of DER-sized data (the table's size matters: rows carry their DER), lifetimes of 90,
365 or 730 days issued over the past two years, one file path each, and a few profiles.
Seeded, so every run builds the same inventory.
"""
import datetime
import random
import sqlite3
import sys

path, count, now_text = sys.argv[1], int(sys.argv[2]), sys.argv[3]
now = datetime.datetime.strptime(now_text, "%Y-%m-%dT%H:%M:%SZ")
rng = random.Random(20260101)


def stamp(moment):
    return moment.strftime("%Y-%m-%d %H:%M:%S.000")


blob = bytes(rng.getrandbits(8) for _ in range(1000))
created = stamp(now)
certificates, files = [], []
for index in range(1, count + 1):
    lifetime = rng.choice([90, 365, 730])
    not_before = now - datetime.timedelta(seconds=rng.randrange(0, lifetime * 86400 + 30 * 86400))
    not_after = not_before + datetime.timedelta(days=lifetime)
    name = f"svc-{index:06d}.contoso.example"
    certificates.append((
        index, f"{rng.getrandbits(160):040X}", f"{rng.getrandbits(256):064X}",
        f"CN={name}, OU=Platform, O=Contoso", name, "CN=Contoso Issuing CA 01, O=Contoso", "Contoso Issuing CA 01",
        f"{rng.getrandbits(70) | (1 << 69):018X}", stamp(not_before), stamp(not_after), "RSA", 2048, 0,
        blob[: 600 + rng.randrange(400)], "discovered", created, created,
    ))
    files.append((index, f"/etc/pki/services/{name}/cert.pem", "pem", 0, None, created, created))

db = sqlite3.connect(path)
with db:
    db.executemany(
        "INSERT INTO certificates (id, sha1_thumbprint, sha256_thumbprint, subject, subject_cn, issuer, issuer_cn,"
        " serial_number, not_before, not_after, key_type, key_bits, self_signed, der, state, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", certificates)
    db.executemany(
        "INSERT INTO certificate_files (certificate_id, path, format, has_private_key, password_ref, first_seen_at,"
        " last_seen_at) VALUES (?,?,?,?,?,?,?)", files)
    for number, certificate_id in enumerate(rng.sample(range(1, count + 1), 5)):
        db.execute("UPDATE certificates SET state = 'active' WHERE id = ?", (certificate_id,))
        db.execute(
            "INSERT INTO profiles (name, tenant_id, client_id, certificate_id, created_at, updated_at)"
            " VALUES (?, '11111111-2222-3333-4444-555555555555', '66666666-7777-8888-9999-000000000000', ?, ?, ?)",
            (f"profile-{number}", certificate_id, created, created))
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.close()
