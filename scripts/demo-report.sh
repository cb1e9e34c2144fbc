#!/usr/bin/env bash
# The HTML expiry report of a sample estate, and its screenshot in headless Chromium: what
# docs/images/scan-html-report.png shows. demo.sh runs it; on its own:
#   scripts/demo-report.sh OUT_DIR      writes OUT_DIR/report.html and OUT_DIR/report.png
#
# The estate (made with Python `cryptography`, so dates can lie in the past): web server
# certificates of 90 days (Let's Encrypt style), mTLS client certificates of a year, a
# partner certificate not valid yet, and a truncated file; an inventory that imported the
# mTLS directory, and a profile whose certificate `certkeeper cert create` made. Everything
# but the two output files lives in a temporary directory.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:?usage: demo-report.sh OUT_DIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
"$root/scripts/ensure-deps.sh"
python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet cryptography
python3 -c 'import websocket' 2>/dev/null || python3 -m pip install --quiet websocket-client
certkeeper="${CERTKEEPER:-}"
if [ -z "$certkeeper" ]; then
    (cd "$root" && swift build --product certkeeper >&2)
    certkeeper="$(cd "$root" && swift build --show-bin-path)/certkeeper"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CERTKEEPER_HOME="$work/home"
export CERTKEEPER_DEMO_PASSWORD="demo-$(openssl rand -hex 12)"
estate="$work/estate"

python3 - "$estate" <<'PY'
import datetime, os, random, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

estate = sys.argv[1]
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
rng = random.Random(17)
ca_key = ec.generate_private_key(ec.SECP256R1())
key = ec.generate_private_key(ec.SECP256R1())
ca = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Contoso Issuing CA 01"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Contoso")])

def write(path, common_name, start_days, lifetime_days, organization="Contoso"):
    start = now + datetime.timedelta(days=start_days, hours=rng.randrange(24))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name), x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization)])
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(start)
                   .not_valid_after(start + datetime.timedelta(days=lifetime_days)).sign(ca_key, hashes.SHA256()))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(certificate.public_bytes(serialization.Encoding.PEM))

# Web servers: 90-day certificates renewed at various points (two renewals are late).
for name, start in [("shop", -95), ("api", -86), ("auth", -80), ("status", -70), ("cdn", -62), ("www", -45),
                    ("docs", -30), ("mail", -20), ("vpn", -12), ("git", -5)]:
    write(f"{estate}/web/{name}.contoso.example/fullchain.pem", f"{name}.contoso.example", start, 90)
# mTLS clients: a year each.
for name, start in [("billing-worker", -360), ("ledger-sync", -340), ("report-runner", -300), ("hr-export", -200),
                    ("audit-shipper", -120), ("backup-agent", -40)]:
    write(f"{estate}/mtls/{name}.pem", name, start, 365)
# A partner's certificate, valid only from next week.
write(f"{estate}/partners/fabrikam-gateway.pem", "gateway.fabrikam.example", 7, 365, organization="Fabrikam")
with open(f"{estate}/partners/truncated.pem", "w") as handle:
    handle.write("-----BEGIN CERTIFICATE-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOC\n")
PY

"$certkeeper" inventory import "$estate/mtls" --recursive >/dev/null
"$certkeeper" cert create --subject "CN=payroll-daemon,O=Contoso" --days 365 --out-dir "$work" --name payroll \
    --password-env CERTKEEPER_DEMO_PASSWORD >/dev/null
"$certkeeper" profile create --name payroll --tenant 72f988bf-86f1-41af-91ab-2d7cd011db47 \
    --client-id 6f1c2a9e-0b7d-4f7e-9d1a-3c5e8b2f4a10 --cert "$work/payroll.pfx" \
    --password-ref env:CERTKEEPER_DEMO_PASSWORD >/dev/null

status=0
"$certkeeper" scan "$estate" --format html --output "$out/report.html" || status=$?
echo "demo-report: scan exit $status (the estate has expired certificates: 4 is expected)"
python3 "$root/Tests/Scripts/report_browser.py" "$out/report.html" --screenshot "$out/report.png" \
    --width 1280 --height 1400 >"$work/browser.json"
python3 - "$work/browser.json" <<'PY'
import json, sys
seen = json.load(open(sys.argv[1]))
problems = seen["console"] + seen["exceptions"] + seen["requests"] + seen["blocked_requests"]
print(f"demo-report: Chromium loaded the report in {seen['ready_ms']:.0f} ms; console, errors and requests: {problems or 'none'}")
sys.exit(1 if problems else 0)
PY
echo "demo-report: $out/report.html, screenshot $out/report.png"
