#!/usr/bin/env bash
# Benchmark: RUNS × `certkeeper token get --no-cache` against RUNS × a Python `cryptography`
# script doing the same (scripts/bench/token_peer.py: PS256 assertion with x5t#S256, form
# POST over https, token printed), both against one certkeeper-idp --tls on loopback that verifies every
# assertion for real. Runs alternate; medians and the ratio are printed. Each run is one
# process start on both sides, as in a shell loop; the emulator's share is the same for both.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs="${RUNS:-20}"
bench_build_release
root="$(cd "$(dirname "$0")/../.." && pwd)"
(cd "$root" && swift build --product certkeeper-idp >&2)
idp="$(cd "$root" && swift build --show-bin-path)/certkeeper-idp"
python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet cryptography

work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -subj "/CN=token bench" -days 30 2>/dev/null
cat "$work/cert.pem" "$work/key.pem" > "$work/both.pem"
tenant=72f988bf-0000-4000-8000-00000000beef
client=aaaaaaaa-1111-4000-8000-00000000beef
"$idp" app create --state "$work/idp.sqlite" --tenant "$tenant" --client-id "$client" \
    --object-id bbbbbbbb-2222-4000-8000-00000000beef --cert "$work/cert.pem" >/dev/null
# Over https, as against Entra: both clients trust the emulator's certificate and nothing else.
"$idp" serve --state "$work/idp.sqlite" --tls --tls-cert-file "$work/tls.pem" --port 0 --port-file "$work/port" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.05; done
authority="https://127.0.0.1:$(cat "$work/port")"

ck_times=""
py_times=""
for i in $(seq 1 "$runs"); do
    start=$(now_ns)
    CERTKEEPER_HOME="$work/home" CERTKEEPER_CA_BUNDLE="$work/tls.pem" "$certkeeper" token get --no-cache --tenant "$tenant" --client-id "$client" \
        --cert "$work/both.pem" --authority-host "$authority" >/dev/null
    ck_times+="$(( $(now_ns) - start )) "
    start=$(now_ns)
    python3 "$(dirname "$0")/token_peer.py" "$authority" "$tenant" "$client" "$work/both.pem" "$work/tls.pem" >/dev/null
    py_times+="$(( $(now_ns) - start )) "
done
ck=$(printf '%s\n' $ck_times | median)
py=$(printf '%s\n' $py_times | median)
echo "token acquisition against certkeeper-idp over https (PS256, RSA-2048), $runs runs each"
printf '  %-58s median %8s ms\n' "certkeeper token get --no-cache" "$(ms "$ck")"
printf '  %-58s median %8s ms\n' "python3 token_peer.py (cryptography + urllib)" "$(ms "$py")"
echo "  ratio (python / certkeeper): $(ratio "$py" "$ck")"
