#!/usr/bin/env bash
# Benchmark: `certkeeper scan` (release build).
#
# 1. Inventory: 100,000 certificates (COUNT) inserted by direct SQL into an inventory whose
#    schema certkeeper created itself, then `scan --format json` and `--format table`, RUNS
#    runs each (default 5), stdout to /dev/null. Prints the median wall time, the median CPU
#    time (user + sys: steadier than wall time on a shared machine) and the peak RSS, against
#    the targets (< 0.3 s, < 64 MiB). Peer: the sqlite3 CLI dumping the same rows as JSON in
#    the same order (`sqlite3 -json … ORDER BY not_after`), the floor for anything that reads
#    this database.
# 2. Files: FILES (default 1,000) PEM certificates in a directory, `scan DIR --no-inventory
#    --format json` against the peers a pipeline would otherwise run: a shell loop of
#    `openssl x509 -checkend` (one process per file; answers only "within 30 days?"), and a
#    Python `cryptography` loop computing the same statuses.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
runs="${RUNS:-5}"
count="${COUNT:-100000}"
file_count="${FILES:-1000}"
bench_build_release

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# measure LABEL COMMAND…: RUNS runs; sets $wall_ms, $cpu_ms (medians) and $peak_kib (max).
measure() {
    local label=$1; shift
    bench_time "$@" || true
    printf '  %-52s wall %8s ms   cpu %8s ms   peak %6.1f MiB\n' "$label" "$(ms "$wall_ns")" "$(ms "$cpu_ns")" \
        "$(awk -v k="$peak_kib" 'BEGIN { print k / 1024 }')"
}

verdict() {  # verdict WALL_NS PEAK_KIB
    local time_ok memory_ok
    time_ok=$(awk -v ns="$1" 'BEGIN { print (ns < 0.3e9) ? "met" : "MISSED" }')
    memory_ok=$(awk -v k="$2" 'BEGIN { print (k < 64 * 1024) ? "met" : "MISSED" }')
    echo "    targets: < 300 ms wall ($time_ok), < 64 MiB peak ($memory_ok)"
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

# --- 1. inventory --------------------------------------------------------------------
home="$work/home"
mkdir -m 700 "$home"
: >"$home/inventory.sqlite"
# Opening an inventory brings its schema up to date: certkeeper's own migrator creates it.
"$certkeeper" --home "$home" scan --fail-on never >/dev/null 2>&1
python3 "$here/scan-fill-inventory.py" "$home/inventory.sqlite" "$count" "$now"
echo "inventory: $count certificates ($(du -m "$home/inventory.sqlite" | cut -f1) MiB), $runs runs each"

measure "certkeeper scan --format json" "$certkeeper" --home "$home" scan --format json
json_wall=$wall_ns json_cpu=$cpu_ns json_peak=$peak_kib
verdict "$json_wall" "$json_peak"
measure "certkeeper scan --format table" "$certkeeper" --home "$home" scan --format table
verdict "$wall_ns" "$peak_kib"
measure "peer: sqlite3 -json (same rows, ORDER BY not_after)" sqlite3 -json "$home/inventory.sqlite" \
    "SELECT c.subject, c.issuer, c.serial_number, c.sha1_thumbprint, c.sha256_thumbprint, c.not_before, c.not_after,
            c.state, f.path FROM certificates c LEFT JOIN certificate_files f ON f.certificate_id = c.id
     WHERE c.state <> 'retired' ORDER BY c.not_after"
echo "  ratio (sqlite3 / certkeeper json): wall $(ratio "$wall_ns" "$json_wall"), cpu $(ratio "$cpu_ns" "$json_cpu")"
{ "$certkeeper" --home "$home" scan --format table 2>/dev/null || true; } | tail -1 | sed 's/^/  /'

# --- 2. files ------------------------------------------------------------------------
certs="$work/certs"
mkdir "$certs"
python3 "$here/scan-make-files.py" "$certs" "$file_count" "$now"
echo "files: $file_count PEM certificates, $runs runs each"
measure "certkeeper scan DIR --no-inventory --format json" "$certkeeper" scan "$certs" --no-inventory --format json
ck_wall=$wall_ns ck_cpu=$cpu_ns
cat >"$work/checkend.sh" <<'LOOP'
for file in "$1"/*.pem; do
    openssl x509 -checkend 2592000 -noout -in "$file" >/dev/null || echo "$file"
done
LOOP
measure "peer: shell loop of openssl x509 -checkend" bash "$work/checkend.sh" "$certs"
echo "  ratio (openssl loop / certkeeper): wall $(ratio "$wall_ns" "$ck_wall"), cpu $(ratio "$cpu_ns" "$ck_cpu")"
cat >"$work/statuses.py" <<'PY'
import datetime, glob, json, sys
from cryptography import x509
now = datetime.datetime.now(datetime.timezone.utc)
report = []
for path in sorted(glob.glob(sys.argv[1] + "/*.pem")):
    certificate = x509.load_pem_x509_certificate(open(path, "rb").read())
    left = certificate.not_valid_after_utc - now
    status = ("not_yet_valid" if certificate.not_valid_before_utc > now else "expired" if left.total_seconds() < 0
              else "critical" if left.days < 7 else "warning" if left.days < 30 else "ok")
    report.append({"subject": certificate.subject.rfc4514_string(), "not_after": certificate.not_valid_after_utc.isoformat(),
                   "status": status, "sources": [path]})
report.sort(key=lambda entry: entry["not_after"])
print(json.dumps(report))
PY
measure "peer: Python cryptography loop (same statuses)" python3 "$work/statuses.py" "$certs"
echo "  ratio (python / certkeeper): wall $(ratio "$wall_ns" "$ck_wall"), cpu $(ratio "$cpu_ns" "$ck_cpu")"
echo "machine load average $(cut -d' ' -f1-3 /proc/loadavg) at end (2 cores: wall times above ~1 include waiting for a CPU)"
