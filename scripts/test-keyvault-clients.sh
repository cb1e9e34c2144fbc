#!/usr/bin/env bash
# Microsoft's Key Vault SDKs (azure-keyvault-certificates, azure-keyvault-secrets) with
# azure-identity's CertificateCredential against `certkeeper-idp serve --tls` and two
# emulated vaults, one where the app holds roles and one where it holds none.
#
# Usage: scripts/test-keyvault-clients.sh [--setup-only] [PATH/TO/certkeeper-idp]
# Exit: 0 passed, 1 failed (including: the packages could not be installed).
# The Swift test LiveKeyVaultClientTests runs it; run it by hand after `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/real-clients/lib.sh

setup_only=false
if [ "${1:-}" = "--setup-only" ]; then setup_only=true; shift; fi
binary="${1:-.build/debug/certkeeper-idp}"
# Never a skip: without the SDKs this check fails.
ensure_real_clients 1
$setup_only && exit 0

[ -x "$binary" ] || { echo "no certkeeper-idp at $binary: run swift build first" >&2; exit 1; }
work=$(mktemp -d)
cleanup() {
    kill_idp
    rm -rf "$work"
}
trap cleanup EXIT

tenant=72f988bf-0000-4000-8000-00000000000a
client=5a1c6e39-0000-4000-8000-00000000000b
object=9e0d3b11-0000-4000-8000-00000000000c
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 30 -subj "/CN=keyvault-app" \
    -keyout "$work/app.key" -out "$work/app.crt" 2>/dev/null
cat "$work/app.key" "$work/app.crt" >"$work/app.pem"
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 90 -subj "/CN=imported-by-sdk" \
    -keyout "$work/import.key" -out "$work/import.pem" 2>/dev/null
head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$work/import.pwd"
openssl pkcs12 -export -inkey "$work/import.key" -in "$work/import.pem" -out "$work/import.pfx" \
    -passout "file:$work/import.pwd"

idp() { "$binary" "$@" --state "$work/idp.sqlite" >/dev/null; }
idp app create --tenant "$tenant" --client-id "$client" --object-id "$object" --cert "$work/app.crt"
idp vault create --name kv-sdk --tenant "$tenant"
idp vault create --name kv-denied --tenant "$tenant"
idp vault grant --vault kv-sdk --app "$client" --role "Certificates Officer"
idp vault grant --vault kv-sdk --app "$client" --role "Secrets User"

start_idp "$binary" "$work" --vaults-file "$work/vaults"
vault_url=$(awk '$1 == "kv-sdk" { print $2 }' "$work/vaults")
denied_url=$(awk '$1 == "kv-denied" { print $2 }' "$work/vaults")

REQUESTS_CA_BUNDLE="$work/idp-tls-cert.pem" CURL_CA_BUNDLE="$work/idp-tls-cert.pem" SSL_CERT_FILE="$work/idp-tls-cert.pem" \
    "$real_clients_venv/bin/python" scripts/real-clients/keyvault.py "https://127.0.0.1:$idp_port" "$tenant" "$client" "$work" "$vault_url" "$denied_url"

stop_idp
echo "keyvault clients: every check behaved as expected"
