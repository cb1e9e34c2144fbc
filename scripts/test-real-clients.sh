#!/usr/bin/env bash
# Real clients against `certkeeper-idp serve --tls`: MSAL Python and azure-identity's
# CertificateCredential, installed from PyPI into a virtualenv (.build/real-clients-venv),
# acquire tokens with a certificate made by the openssl CLI.
#
# Usage: scripts/test-real-clients.sh [--setup-only] [PATH/TO/certkeeper-idp]
# Exit: 0 passed, 1 failed, 77 skipped because PyPI cannot be reached.
# The Swift test RealClientTests runs it; run it by hand after `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."

setup_only=false
if [ "${1:-}" = "--setup-only" ]; then setup_only=true; shift; fi
binary="${1:-.build/debug/certkeeper-idp}"
venv=".build/real-clients-venv"

if ! "$venv/bin/python" -c 'import msal, azure.identity' >/dev/null 2>&1; then
    mkdir -p .build
    python3 -m venv "$venv"
    if ! "$venv/bin/pip" install --quiet --disable-pip-version-check 'msal>=1.39,<2' 'azure-identity>=1.27,<2' >"$venv.log" 2>&1; then
        if ! timeout 60 "$venv/bin/pip" index versions msal >/dev/null 2>&1; then
            echo "SKIP: PyPI cannot be reached, so msal and azure-identity cannot be installed" >&2
            exit 77
        fi
        cat "$venv.log" >&2
        echo "could not install msal/azure-identity (PyPI is reachable): see above" >&2
        exit 1
    fi
fi
$setup_only && exit 0

[ -x "$binary" ] || { echo "no certkeeper-idp at $binary: run swift build first" >&2; exit 1; }
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid"; wait "$server_pid" || true; fi
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

"$binary" serve --state "$work/idp.sqlite" --tls --port 0 --port-file "$work/port" \
    --log-file "$work/requests.jsonl" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 1 300); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { cat "$work/serve.err" >&2; echo "certkeeper-idp did not start" >&2; exit 1; }
port=$(cat "$work/port")

# These clients only trust what REQUESTS_CA_BUNDLE names (it overrides verify=).
REQUESTS_CA_BUNDLE="$work/idp-tls-cert.pem" CURL_CA_BUNDLE="$work/idp-tls-cert.pem" \
    "$venv/bin/python" scripts/real-clients/acquire.py "https://127.0.0.1:$port" "$tenant" "$client" "$work"

kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=""
[ "$status" -eq 0 ] || { echo "certkeeper-idp exited $status after SIGTERM" >&2; exit 1; }
echo "real clients: every acquisition behaved as expected; log lines: $(wc -l <"$work/requests.jsonl")"
