#!/usr/bin/env bash
# Benchmark: a tenant-wide credential inventory. certkeeper-idp --tls is seeded with APPS
# app registrations (default 10,000, each with its service principal: about 20,000 objects
# and 60,000 certificates and secrets); then, in the same run:
#   certkeeper directory sync -p reader  +  certkeeper directory list --format json
#   (then, timed on its own, certkeeper scan --directory --format json of the result)
# against scripts/bench/directory_peer.py (requests paging the same two collections with
# $select/$top=999/@odata.nextLink into SQLite in one transaction, then the same JSON).
# Prints wall time, peak RSS (GNU time) and the ratio. The peer gets its token from
# certkeeper beforehand (outside its timing); certkeeper's time includes its own token.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
apps="${APPS:-10000}"
bench_build_release
root="$(cd "$(dirname "$0")/../.." && pwd)"
(cd "$root" && swift build -c release --product certkeeper-idp >&2)
idp="$(cd "$root" && swift build -c release --show-bin-path)/certkeeper-idp"
python3 -c 'import requests' 2>/dev/null || python3 -m pip install --quiet requests
[ -x /usr/bin/time ] || { apt-get install -y -q time >/dev/null 2>&1 || true; }

work="$(mktemp -d)"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -subj "/CN=directory bench" -days 30 2>/dev/null
cat "$work/cert.pem" "$work/key.pem" > "$work/both.pem"
tenant=72f988bf-0000-4000-8000-00000000d1e0
client=aaaaaaaa-1111-4000-8000-00000000d1e0
"$idp" app create --state "$work/idp.sqlite" --tenant "$tenant" --client-id "$client" \
    --object-id bbbbbbbb-2222-4000-8000-00000000d1e0 --cert "$work/cert.pem" --role Application.Read.All >/dev/null
"$idp" directory seed --state "$work/idp.sqlite" --tenant "$tenant" --apps "$apps" --seed 42 >&2
"$idp" serve --state "$work/idp.sqlite" --tls --tls-cert-file "$work/tls.pem" --port 0 --port-file "$work/port" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 1 200); do [ -s "$work/port" ] && break; sleep 0.05; done
base="https://127.0.0.1:$(cat "$work/port")"
export CERTKEEPER_HOME="$work/home" CERTKEEPER_CA_BUNDLE="$work/tls.pem"
"$certkeeper" profile create --name reader --tenant "$tenant" --client-id "$client" --cert "$work/both.pem" \
    --authority-host "$base" --graph-endpoint "$base" >/dev/null

measure() { # LABEL OUTPUT COMMAND... -> "seconds kilobytes"
    local label="$1" output="$2"; shift 2
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$output"
    read -r seconds kilobytes < "$work/time"
    printf '  %-52s %7.2f s  peak %6.1f MiB\n' "$label" "$seconds" "$(awk -v k="$kilobytes" 'BEGIN { print k / 1024 }')"
    echo "$seconds $kilobytes" > "$work/last"
}

echo "tenant of $apps applications + $apps service principals from certkeeper-idp over https"
measure "certkeeper directory sync" "$work/sync.out" "$certkeeper" directory sync -p reader
read -r ck_sync ck_sync_kb < "$work/last"
measure "certkeeper directory list --format json" "$work/ck.json" "$certkeeper" directory list --format json
read -r ck_list ck_list_kb < "$work/last"
measure "certkeeper scan --directory --format json" "$work/scan.json" \
    "$certkeeper" scan --directory --format json --fail-on never
read -r ck_scan ck_scan_kb < "$work/last"
GRAPH_TOKEN="$("$certkeeper" token get -p reader --no-cache)" \
    measure "python3 directory_peer.py (requests + sqlite3)" "$work/py.json" \
    python3 "$(dirname "$0")/directory_peer.py" "$base" "$work/tls.pem" "$work/peer.sqlite"
read -r py_total py_kb < "$work/last"
ck_total=$(awk -v a="$ck_sync" -v b="$ck_list" 'BEGIN { print a + b }')
ck_count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["credentials"]))' "$work/ck.json")
py_count=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["credentials"]))' "$work/py.json")
scan_count=$(python3 -c 'import json,sys; print(sum(1 for c in json.load(open(sys.argv[1]))["certificates"] if c.get("app_id")))' "$work/scan.json")
echo "  credentials: certkeeper $ck_count (scan: $scan_count), peer $py_count"
echo "  certkeeper sync + list: ${ck_total} s (peak $(awk -v k="$ck_sync_kb" 'BEGIN { printf "%.1f", k / 1024 }') MiB in sync, $(awk -v k="$ck_scan_kb" 'BEGIN { printf "%.1f", k / 1024 }') MiB in scan)"
echo "  ratio (python / certkeeper, wall): $(ratio "$py_total" "$ck_total")"
