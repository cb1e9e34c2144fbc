#!/usr/bin/env bash
# Benchmark: certkeeper-idp's token endpoint under load on loopback.
#   wrk (Debian package) POSTs pre-signed, never-replayed PS256 client assertions to a
#   release `certkeeper-idp serve` for DURATION seconds (default 10) over CONNECTIONS
#   keep-alive connections (default 32); every request is verified for real (thumbprint
#   lookup, PS256 signature, claims, jti recorded in SQLite) and answered with an RS256
#   access token. Prints verified assertions/s, req/s and p50/p99, over http and https.
#   Target: >= 2,000 verified assertions/s on 2 cores.
# Peer: the same per-assertion work in Python `cryptography` (verify PS256 + sign RS256, no
#   HTTP at all) on 2 processes; the ratio is certkeeper-idp / peer.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"
duration="${DURATION:-10}"
connections="${CONNECTIONS:-32}"
wrk_threads="${WRK_THREADS:-1}"

"$root/scripts/ensure-deps.sh"
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }
python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet cryptography
(cd "$root" && swift build -c release --product certkeeper-idp >&2)
idp="$(cd "$root" && swift build -c release --show-bin-path)/certkeeper-idp"

work="$(mktemp -d)"
server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid"; wait "$server_pid" || true; fi
    server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

tenant=bench-tenant
client=bench-client
openssl req -x509 -newkey rsa:2048 -sha256 -nodes -days 2 -subj "/CN=bench" -keyout "$work/app.key" -out "$work/app.pem" 2>/dev/null
"$idp" app create --state "$work/idp.sqlite" --tenant "$tenant" --client-id "$client" --object-id bench-object --cert "$work/app.pem" >/dev/null

# Enough fresh assertions for the run at ~6,000/s; leftovers are fine, replays are not.
count=$(( duration * 6000 ))

# run SCHEME [serve flags…]: one load run; sets $result to wrk's BENCH line and $rps.
run() {
    local scheme="$1"; shift
    rm -f "$work/port"
    "$idp" serve --state "$work/idp.sqlite" --port 0 --port-file "$work/port" "$@" >/dev/null 2>"$work/serve.err" &
    server_pid=$!
    for _ in $(seq 1 300); do [ -s "$work/port" ] && break; sleep 0.1; done
    [ -s "$work/port" ] || { cat "$work/serve.err" >&2; exit 1; }
    local port endpoint
    port=$(cat "$work/port")
    endpoint="$scheme://127.0.0.1:$port/$tenant/oauth2/v2.0/token"
    echo "signing $count assertions for $scheme…" >&2
    python3 "$root/scripts/bench/idp/make_assertions.py" "$endpoint" "$client" "$work/app.key" "$work/app.pem" "$count" "$work/bodies-$scheme.txt"
    wrk -t "$wrk_threads" -c "$connections" -d "${duration}s" --latency -s "$root/scripts/bench/idp/token_load.lua" \
        "$endpoint" -- "$work/bodies-$scheme.txt" "$wrk_threads" >"$work/wrk-$scheme.txt"
    # CPU seconds the server used (utime + stime): other work on a shared machine takes cores away.
    server_cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$server_pid/stat")
    stop_server
    result=$(grep '^BENCH' "$work/wrk-$scheme.txt")
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk-$scheme.txt")
}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$result"; }
report() {
    local label="$1" ok seconds
    ok=$(field ok); seconds=$(field seconds)
    verified=$(awk -v n="$ok" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }')
    per_cpu=$(awk -v n="$ok" -v c="$server_cpu" 'BEGIN { printf "%.0f", (c > 0 ? n / c : 0) }')
    printf '%-28s %8s verified/s  %8.0f req/s  p50 %6s ms  p99 %6s ms  %6s per server CPU-second  (ok %s, refused %s, wrapped %s)\n' \
        "$label" "$verified" "$rps" "$(field p50_ms)" "$(field p99_ms)" "$per_cpu" "$ok" "$(field refused)" "$(field wrapped)"
}

echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other processes share the $(nproc) cores)"
run http
report "certkeeper-idp http"
http_verified=$verified
run https --tls
report "certkeeper-idp https (libssl)"

peer_count=6000
peer=$(python3 "$root/scripts/bench/idp/peer_verify.py" "$work/bodies-http.txt" "$work/app.pem" "$peer_count")
printf '%-28s %8.0f assertions/s (verify PS256 + sign RS256, no HTTP, 2 processes)\n' "peer: Python cryptography" "$peer"
echo "ratio certkeeper-idp http / peer: $(ratio "$http_verified" "$peer")"
awk -v v="$http_verified" 'BEGIN { exit !(v >= 2000) }' && echo "target >= 2,000 verified assertions/s: met" \
    || echo "target >= 2,000 verified assertions/s: NOT met"
