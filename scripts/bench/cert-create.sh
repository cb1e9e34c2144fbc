#!/usr/bin/env bash
# Benchmark: `certkeeper cert create` (RSA-2048) against the seeds' openssl chain
#   openssl genrsa → openssl req -new → openssl x509 -req -signkey (→ openssl pkcs12 -export
#   when certkeeper also writes a PFX), RUNS runs each (default 20), medians and the ratio.
# RSA key generation dominates both and its time varies run to run (prime search), hence
# medians over many runs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs="${RUNS:-20}"
bench_build_release

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export BENCH_PFX_PASSWORD="bench-password"

# Does this certkeeper write a PFX too? Then the peer chain must include pkcs12 -export.
"$certkeeper" cert create --subject CN=probe --out-dir "$work" --name probe --password-env BENCH_PFX_PASSWORD >/dev/null 2>&1 || true
with_pfx=0
[ -f "$work/probe.pfx" ] && with_pfx=1

certkeeper_times=()
openssl_times=()
for i in $(seq 1 "$runs"); do
    start=$(now_ns)
    "$certkeeper" cert create --subject "CN=bench-$i,O=Contoso" --days 365 --out-dir "$work" --name "ck-$i" \
        --password-env BENCH_PFX_PASSWORD >/dev/null
    certkeeper_times+=($(( $(now_ns) - start )))

    start=$(now_ns)
    openssl genrsa -out "$work/os-$i.key.pem" 2048 2>/dev/null
    openssl req -new -key "$work/os-$i.key.pem" -subj "/CN=bench-$i/O=Contoso" -out "$work/os-$i.csr"
    openssl x509 -req -days 365 -in "$work/os-$i.csr" -signkey "$work/os-$i.key.pem" -out "$work/os-$i.cert.pem" 2>/dev/null
    if [ "$with_pfx" = 1 ]; then
        openssl pkcs12 -export -out "$work/os-$i.pfx" -inkey "$work/os-$i.key.pem" -in "$work/os-$i.cert.pem" \
            -passout env:BENCH_PFX_PASSWORD
    fi
    openssl_times+=($(( $(now_ns) - start )))
done

ck=$(printf '%s\n' "${certkeeper_times[@]}" | median)
os=$(printf '%s\n' "${openssl_times[@]}" | median)
echo "cert create, RSA-2048, $runs runs each ($([ "$with_pfx" = 1 ] && echo 'key + cert + .cer + PFX' || echo 'key + cert + .cer'))"
printf '  %-44s median %8s ms\n' "certkeeper cert create" "$(ms "$ck")"
printf '  %-44s median %8s ms\n' "openssl genrsa | req | x509$([ "$with_pfx" = 1 ] && echo ' | pkcs12')" "$(ms "$os")"
echo "  ratio (openssl chain / certkeeper): $(ratio "$os" "$ck")"
