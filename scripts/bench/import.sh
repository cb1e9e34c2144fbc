#!/usr/bin/env bash
# Benchmark: `certkeeper inventory import` of a 2000-file corpus (60% PEM — every 10th a
# bundle of three certificates —, 25% DER, 15% PFX, half modern AES/PBKDF2/SHA-256 MAC, half
# legacy 3DES/SHA-1 MAC, all password-protected), generated with Python `cryptography` by
# scripts/gen-cert-corpus.py, against what a user would otherwise run to get each file's
# subject, not-after and SHA-1 fingerprint:
#   (a) a shell loop of `openssl x509 -noout -subject -enddate -fingerprint -sha1` per file
#       (`openssl pkcs12 -nokeys | openssl x509 …` for PFX);
#   (b) one Python `cryptography` process doing the same (scripts/bench/import_peer.py;
#       pkcs12.load_key_and_certificates decrypts the key and, as cryptography does by
#       default, validates it — certkeeper reads a PFX's certificates without the key).
# certkeeper imports into a fresh --home each run (a cold inventory: every file read, every
# row written); the re-import of the unchanged corpus is shown separately. Medians of RUNS
# runs (default 5; RUNS_PEER for the peers, default 3), ratios, and peak memory (max RSS).
# Targets (issue 4): >= 40x (a), >= 10x (b), < 64 MiB.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs="${RUNS:-5}"
peer_runs="${RUNS_PEER:-3}"
files="${FILES:-2000}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
bench_build_release

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export BENCH_PFX_PASSWORD="bench-pfx-password"
python3 "$root/scripts/gen-cert-corpus.py" "$work/corpus" "$files" --password-env BENCH_PFX_PASSWORD \
    --subdirs 8 --manifest "$work/manifest.json" >/dev/null
distinct=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["expected"]["distinct_certificates"])' "$work/manifest.json")

# max RSS in KiB of a command (its children included), via getrusage.
peak_kib() {
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

openssl_loop() {
    find "$work/corpus" -type f | sort | while read -r f; do
        case "$f" in
            *.pfx) openssl pkcs12 -in "$f" -nokeys -passin env:BENCH_PFX_PASSWORD \
                       | openssl x509 -noout -subject -enddate -fingerprint -sha1 ;;
            *.cer) openssl x509 -in "$f" -inform DER -noout -subject -enddate -fingerprint -sha1 ;;
            *) openssl x509 -in "$f" -noout -subject -enddate -fingerprint -sha1 ;;
        esac
    done >/dev/null 2>&1
}

ck_times=(); warm_times=(); openssl_times=(); python_times=()
for i in $(seq 1 "$runs"); do
    rm -rf "$work/home"
    start=$(now_ns)
    summary=$("$certkeeper" --home "$work/home" inventory import "$work/corpus" --recursive --password-env BENCH_PFX_PASSWORD)
    ck_times+=($(( $(now_ns) - start )))
    [ "$summary" = "imported $distinct new, 0 known, 0 skipped" ] || { echo "unexpected: $summary (want $distinct new)" >&2; exit 1; }
    start=$(now_ns)
    again=$("$certkeeper" --home "$work/home" inventory import "$work/corpus" --recursive --password-env BENCH_PFX_PASSWORD)
    warm_times+=($(( $(now_ns) - start )))
    [ "$again" = "imported 0 new, $distinct known, 0 skipped" ] || { echo "unexpected re-import: $again" >&2; exit 1; }
done
for i in $(seq 1 "$peer_runs"); do
    start=$(now_ns); openssl_loop; openssl_times+=($(( $(now_ns) - start )))
    start=$(now_ns)
    python3 "$root/scripts/bench/import_peer.py" "$work/corpus" BENCH_PFX_PASSWORD >/dev/null
    python_times+=($(( $(now_ns) - start )))
done

rm -rf "$work/home"
ck_peak=$(peak_kib "$certkeeper" --home "$work/home" inventory import "$work/corpus" --recursive --password-env BENCH_PFX_PASSWORD)
py_peak=$(peak_kib python3 "$root/scripts/bench/import_peer.py" "$work/corpus" BENCH_PFX_PASSWORD)

ck=$(printf '%s\n' "${ck_times[@]}" | median)
warm=$(printf '%s\n' "${warm_times[@]}" | median)
os=$(printf '%s\n' "${openssl_times[@]}" | median)
py=$(printf '%s\n' "${python_times[@]}" | median)
echo "inventory import: $files files ($distinct distinct certificates), $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
printf '  %-52s median %9s ms  (%d runs)  peak %6.1f MiB\n' "certkeeper inventory import (fresh inventory)" "$(ms "$ck")" "$runs" "$(awk -v k="$ck_peak" 'BEGIN{print k/1024}')"
printf '  %-52s median %9s ms  (%d runs)\n' "certkeeper re-import (unchanged files, not re-read)" "$(ms "$warm")" "$runs"
printf '  %-52s median %9s ms  (%d runs)\n' "(a) shell loop: openssl x509 / pkcs12 per file" "$(ms "$os")" "$peer_runs"
printf '  %-52s median %9s ms  (%d runs)  peak %6.1f MiB\n' "(b) one Python cryptography process" "$(ms "$py")" "$peer_runs" "$(awk -v k="$py_peak" 'BEGIN{print k/1024}')"
echo "  ratio (a) / certkeeper: $(ratio "$os" "$ck")   (target >= 40x)"
echo "  ratio (b) / certkeeper: $(ratio "$py" "$ck")   (target >= 10x)"
echo "  certkeeper peak memory: $(awk -v k="$ck_peak" 'BEGIN{printf "%.1f MiB", k/1024}')   (target < 64 MiB)"
