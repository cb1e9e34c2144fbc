#!/usr/bin/env bash
# Real clients against `certkeeper-idp serve --tls`: MSAL Python and azure-identity's
# CertificateCredential, installed from PyPI into a virtualenv (.build/real-clients-venv,
# shared with scripts/test-keyvault-clients.sh through scripts/real-clients/lib.sh),
# acquire tokens with a certificate made by the openssl CLI.
#
# Usage: scripts/test-real-clients.sh [--setup-only] [PATH/TO/certkeeper-idp]
# Exit: 0 passed, 1 failed, 77 skipped because PyPI cannot be reached.
# The Swift test RealClientTests runs it; run it by hand after `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/real-clients/lib.sh

setup_only=false
if [ "${1:-}" = "--setup-only" ]; then setup_only=true; shift; fi
binary="${1:-.build/debug/certkeeper-idp}"
ensure_real_clients 77
$setup_only && exit 0

[ -x "$binary" ] || { echo "no certkeeper-idp at $binary: run swift build first" >&2; exit 1; }
work=$(mktemp -d)
cleanup() {
    kill_idp
    rm -rf "$work"
}
trap cleanup EXIT

tenant=72f988bf-0000-4000-8000-000000000001
client=5a1c6e39-0000-4000-8000-000000000002
object=9e0d3b11-0000-4000-8000-000000000003
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 30 -subj "/CN=real-clients" \
    -keyout "$work/app.key" -out "$work/app.pem" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 30 -subj "/CN=unregistered" \
    -keyout "$work/other.key" -out "$work/other.pem" 2>/dev/null
"$binary" app create --state "$work/idp.sqlite" --tenant "$tenant" --client-id "$client" \
    --object-id "$object" --cert "$work/app.pem" >/dev/null

start_idp "$binary" "$work" --log-file "$work/requests.jsonl"

# These clients only trust what REQUESTS_CA_BUNDLE names (it overrides verify=).
REQUESTS_CA_BUNDLE="$work/idp-tls-cert.pem" CURL_CA_BUNDLE="$work/idp-tls-cert.pem" \
    "$real_clients_venv/bin/python" scripts/real-clients/acquire.py "https://127.0.0.1:$idp_port" "$tenant" "$client" "$work"

stop_idp
echo "real clients: every acquisition behaved as expected; log lines: $(wc -l <"$work/requests.jsonl")"
