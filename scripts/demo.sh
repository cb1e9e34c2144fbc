#!/usr/bin/env bash
# certkeeper's main job, end to end, rehearsed against the local Entra ID emulator:
#   create an upload-ready certificate → register it with an app in certkeeper-idp → create a
#   profile whose certificate also lives in an emulated Key Vault → get a token → rotate the
#   certificate through Graph (stage, addKey, verify, import into the vault and read it back,
#   promote, removeKey) → get a token with the new certificate → show status and history →
#   scan the vault.
#   Then the HTML expiry report of a sample estate (scripts/demo-report.sh), with a
#   screenshot from headless Chromium, kept in $DEMO_REPORT_DIR (default
#   ${TMPDIR:-/tmp}/certkeeper-demo-report). Last, a second profile whose certificate is due
#   and `rotate due`, the nightly job: it renews that one and leaves the first alone.
# Everything else lives in a temporary directory; the emulator listens on a free loopback port and
# is stopped by PID at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-deps.sh
swift build --product certkeeper >&2
swift build --product certkeeper-idp >&2
bin_dir="$(swift build --show-bin-path)"
certkeeper="$bin_dir/certkeeper"
idp="$bin_dir/certkeeper-idp"

work="$(mktemp -d)"
idp_pid=""
cleanup() {
    if [ -n "$idp_pid" ]; then kill "$idp_pid" 2>/dev/null || true; wait "$idp_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
export CERTKEEPER_HOME="$work/home"
# The password that protects the key and PFX files; a real run reads it from a secret store.
export CERTKEEPER_DEMO_PASSWORD="demo-$(openssl rand -hex 12)"
tenant=72f988bf-86f1-41af-91ab-2d7cd011db47
client_id=6f1c2a9e-0b7d-4f7e-9d1a-3c5e8b2f4a10
object_id=0b9d3c1e-5a7f-4e2b-8c6d-1f3a5e7b9d20
step() { printf '\n== %s\n' "$*"; }

step "certkeeper cert create: key, certificate, .cer to upload and PFX (in $work)"
"$certkeeper" cert create --subject "CN=payroll-daemon,O=Contoso" --days 365 --out-dir "$work" --name payroll \
    --password-env CERTKEEPER_DEMO_PASSWORD
step "cross-check the thumbprints with openssl"
openssl x509 -in "$work/payroll.cer" -inform DER -noout -fingerprint -sha1
openssl x509 -in "$work/payroll.cer" -inform DER -noout -fingerprint -sha256

step "certkeeper-idp: an app registration holding that certificate, served over https on a free loopback port"
"$idp" app create --state "$work/idp.sqlite" --tenant "$tenant" --client-id "$client_id" --object-id "$object_id" \
    --display-name "payroll daemon" --cert "$work/payroll.cer"
step "certkeeper-idp: a key vault where the app is Key Vault Certificates Officer (where the app loads its PFX)"
"$idp" vault create --state "$work/idp.sqlite" --name kv-payroll --tenant "$tenant"
"$idp" vault grant --state "$work/idp.sqlite" --vault kv-payroll --app "$client_id" --role "Certificates Officer"
"$idp" serve --state "$work/idp.sqlite" --port 0 --port-file "$work/idp.port" --log-file "$work/idp.log" \
    --vaults-file "$work/vaults.txt" --tls --tls-cert-file "$work/idp-tls.pem" >"$work/idp.out" 2>&1 &
idp_pid=$!
for _ in $(seq 1 200); do [ -s "$work/idp.port" ] && break; sleep 0.05; done
[ -s "$work/idp.port" ] || { cat "$work/idp.out" >&2; echo "certkeeper-idp did not start" >&2; exit 1; }
authority="https://127.0.0.1:$(cat "$work/idp.port")"
echo "certkeeper-idp listening at $authority (pid $idp_pid)"
# Like a private CA or a TLS-inspecting proxy's root: trusted beside the system roots, the
# way curl, OpenSSL and Python users already say it.
export SSL_CERT_FILE="$work/idp-tls.pem"
echo "trusting its certificate through SSL_CERT_FILE=$SSL_CERT_FILE:"
openssl x509 -in "$SSL_CERT_FILE" -noout -subject -ext subjectAltName
vault_url=$(awk '$1 == "kv-payroll" { print $2 }' "$work/vaults.txt")
echo "vault kv-payroll served at $vault_url (its own origin, like https://kv-payroll.vault.azure.net)"

step "certkeeper profile create"
"$certkeeper" profile create --name payroll --tenant "$tenant" --client-id "$client_id" \
    --cert "$work/payroll.pfx" --password-ref env:CERTKEEPER_DEMO_PASSWORD \
    --authority-host "$authority" --app-object-id "$object_id" --graph-endpoint "$authority" \
    --deploy-target "keyvault:$vault_url/certificates/payroll"

step "certkeeper token get -p payroll (claims of the access token; the token itself stays secret)"
"$certkeeper" token get -p payroll --format claims

step "certkeeper rotate start -p payroll --register graph --overlap 0 --yes (the vault gets the new PFX before promotion)"
"$certkeeper" rotate start -p payroll --register graph --overlap 0 --yes

step "certkeeper token get -p payroll --no-cache: a fresh token, signed with the new certificate"
"$certkeeper" token get -p payroll --no-cache --format json | sed -E 's/("access_token" : ")[^"]{16}[^"]*/\1\<redacted>/'
echo "the emulator's request log (verdict per request):"
tail -n 3 "$work/idp.log"

step "certkeeper rotate status -p payroll"
"$certkeeper" rotate status -p payroll
step "certkeeper-idp app list: only the new certificate is registered"
"$idp" app list --state "$work/idp.sqlite"
step "certkeeper history -p payroll"
"$certkeeper" history -p payroll
step "certkeeper-idp vault show: the vault's versions of payroll (the new certificate is current)"
"$idp" vault show --state "$work/idp.sqlite" --vault kv-payroll --certificate payroll
step "certkeeper scan --keyvault: the expiry scan reads the vault"
"$certkeeper" scan --no-inventory --keyvault "$vault_url" --vault-profile payroll

report_dir="${DEMO_REPORT_DIR:-${TMPDIR:-/tmp}/certkeeper-demo-report}"
step "certkeeper scan --format html: the expiry report of a sample estate, opened in headless Chromium"
CERTKEEPER="$certkeeper" ./scripts/demo-report.sh "$report_dir"

step "a second app, billing, whose certificate is 25 of its 30 days old (openssl ca -startdate)"
mkdir -p "$work/ca" && touch "$work/ca/index.txt" && echo 01 >"$work/ca/serial"
cat >"$work/ca/ca.cnf" <<CNF
[ ca ]
default_ca = backdated
[ backdated ]
database = $work/ca/index.txt
new_certs_dir = $work/ca
serial = $work/ca/serial
default_md = sha256
policy = any_name
unique_subject = no
[ any_name ]
commonName = supplied
CNF
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/billing.key.pem" -subj "/CN=billing-daemon" \
    -out "$work/billing.csr" 2>/dev/null
openssl ca -batch -notext -selfsign -config "$work/ca/ca.cnf" -keyfile "$work/billing.key.pem" -in "$work/billing.csr" \
    -startdate "$(date -u -d '25 days ago' +%Y%m%d%H%M%SZ)" -enddate "$(date -u -d '5 days' +%Y%m%d%H%M%SZ)" \
    -out "$work/billing.cert.pem" 2>/dev/null
openssl pkcs12 -export -in "$work/billing.cert.pem" -inkey "$work/billing.key.pem" -out "$work/billing.pfx" \
    -passout env:CERTKEEPER_DEMO_PASSWORD
billing_client=7a2d3b0f-1c8e-4a8f-8e2b-4d6f9c3a5b21
billing_object=1cae4d2f-6b80-4f3c-9d7e-2a4b6f8c0e31
"$idp" app create --state "$work/idp.sqlite" --tenant "$tenant" --client-id "$billing_client" \
    --object-id "$billing_object" --display-name "billing daemon" --cert "$work/billing.cert.pem"
"$certkeeper" profile create --name billing --tenant "$tenant" --client-id "$billing_client" \
    --cert "$work/billing.pfx" --password-ref env:CERTKEEPER_DEMO_PASSWORD \
    --authority-host "$authority" --app-object-id "$billing_object" --graph-endpoint "$authority" \
    --renew-register graph --renew-overlap 0

step "both profiles renew unattended through Graph (renew_before: the default 66% of the lifetime)"
"$certkeeper" profile edit -p payroll --renew-register graph --renew-overlap 0
for name in billing payroll; do
    echo "$name:"
    "$certkeeper" profile show -p "$name" | grep '^Renewal' | sed 's/^/  /'
done

step "certkeeper rotate due --dry-run: what tonight's job would do"
"$certkeeper" rotate due --dry-run

step "certkeeper rotate due: renews billing (83% of its lifetime elapsed) and leaves payroll alone"
"$certkeeper" rotate due --format junit --output "$work/renewal.xml"
echo "the JUnit report for the pipeline:"
cat "$work/renewal.xml"
step "certkeeper-idp app list: billing holds only its new certificate; payroll is unchanged"
"$idp" app list --state "$work/idp.sqlite"
