#!/usr/bin/env bash
# Benchmark: RUNS × `certkeeper convert pem-to-pfx` against RUNS × `openssl pkcs12 -export`
# (same RSA-2048 key and certificate, same password, same algorithms) for both PKCS#12
# profiles, then the reverse: `certkeeper convert pfx-to-pem` against `openssl pkcs12 -nodes`
# on an RC2-40 file (OpenSSL needs -legacy for it). Runs alternate between the two tools;
# medians and the ratio are printed. Both sides pay one process start per run, as a user
# converting files in a shell loop does; a first section times process start alone.
# certkeeper also fsyncs each output and its directory (atomic write); openssl does not.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs="${RUNS:-50}"
bench_build_release

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export BENCH_PFX_PASSWORD="bench-password"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" \
    -subj "/CN=convert bench" -days 30 2>/dev/null

report() {  # report LABEL-CERTKEEPER LABEL-OPENSSL CERTKEEPER-TIMES OPENSSL-TIMES
    local ck os
    ck=$(printf '%s\n' $3 | median)
    os=$(printf '%s\n' $4 | median)
    printf '  %-58s median %8s ms\n' "$1" "$(ms "$ck")"
    printf '  %-58s median %8s ms\n' "$2" "$(ms "$os")"
    echo "  ratio (openssl / certkeeper): $(ratio "$os" "$ck")"
}

# Process start alone, so the conversion work can be told apart from it: certkeeper links
# Swift Foundation (+ libcurl for the HTTP transport), openssl only libcrypto.
ck_times=""
os_times=""
for i in $(seq 1 "$runs"); do
    start=$(now_ns); "$certkeeper" --version >/dev/null; ck_times+="$(( $(now_ns) - start )) "
    start=$(now_ns); openssl version >/dev/null; os_times+="$(( $(now_ns) - start )) "
done
echo "process start only, $runs runs each"
report "certkeeper --version" "openssl version" "$ck_times" "$os_times"

echo "convert pem-to-pfx, RSA-2048 key + certificate, $runs runs each"
for profile in modern legacy; do
    if [ "$profile" = legacy ]; then
        peer_flags=(-certpbe PBE-SHA1-3DES -keypbe PBE-SHA1-3DES -macalg sha1)
    else
        peer_flags=()  # OpenSSL 3's default is the modern profile
    fi
    ck_times=""
    os_times=""
    for i in $(seq 1 "$runs"); do
        start=$(now_ns)
        "$certkeeper" convert pem-to-pfx --cert "$work/cert.pem" --key "$work/key.pem" --out "$work/ck-$profile-$i.pfx" \
            --pkcs12-profile "$profile" --out-password-env BENCH_PFX_PASSWORD >/dev/null
        ck_times+="$(( $(now_ns) - start )) "

        start=$(now_ns)
        openssl pkcs12 -export -in "$work/cert.pem" -inkey "$work/key.pem" -out "$work/os-$profile-$i.pfx" \
            "${peer_flags[@]}" -passout env:BENCH_PFX_PASSWORD
        os_times+="$(( $(now_ns) - start )) "
    done
    echo " profile $profile"
    report "certkeeper convert pem-to-pfx --pkcs12-profile $profile" \
        "openssl pkcs12 -export ${peer_flags[*]:-(defaults)}" "$ck_times" "$os_times"
done

echo "convert pfx-to-pem, RC2-40 PFX (openssl pkcs12 -export -legacy), $runs runs each"
openssl pkcs12 -export -legacy -in "$work/cert.pem" -inkey "$work/key.pem" -out "$work/rc2.pfx" -passout env:BENCH_PFX_PASSWORD
ck_times=""
os_times=""
for i in $(seq 1 "$runs"); do
    start=$(now_ns)
    "$certkeeper" convert pfx-to-pem --in "$work/rc2.pfx" --out-cert "$work/ck-$i.cert.pem" --out-key "$work/ck-$i.key.pem" \
        --in-password-env BENCH_PFX_PASSWORD --no-key-encryption >/dev/null 2>&1
    ck_times+="$(( $(now_ns) - start )) "

    start=$(now_ns)
    openssl pkcs12 -legacy -in "$work/rc2.pfx" -passin env:BENCH_PFX_PASSWORD -nodes -out "$work/os-$i.pem"
    os_times+="$(( $(now_ns) - start )) "
done
report "certkeeper convert pfx-to-pem --no-key-encryption" "openssl pkcs12 -legacy -nodes" "$ck_times" "$os_times"
