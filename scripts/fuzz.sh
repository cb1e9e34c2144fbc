#!/usr/bin/env bash
# Builds certkeeper's libFuzzer targets (the package in Fuzz/, never part of the main build)
# with -sanitize=fuzzer,address into .build-fuzz/ and runs them. docs/testing.md explains
# the targets, the seed corpus and what to do with a crash.
#
#   scripts/fuzz.sh [TARGET] [--runs N] [--debug] [--build-only|--skip-build] [-- LIBFUZZER_OPTION...]
#
#   TARGET        one target (fuzz-document, fuzz-pkcs12, ...), or all of them (default)
#   --runs N      executions per target (default: 190000 for each text parser, 5 x 190000
#                 = 950000; the OpenSSL-bound document, pkcs12 and idp-assertion targets
#                 run 125000 or 4 minutes each, whichever ends first; 1,000,000+ in all)
#   --debug       debug build (default: release, still with ASan; see docs/testing.md)
#   --build-only  build, do not run
#   --skip-build  run the targets as last built
#
# Each run starts from the committed seeds (Fuzz/corpus/TARGET) and earlier crash inputs
# (Fuzz/regressions/TARGET); inputs libFuzzer finds interesting go to .build-fuzz/corpus/,
# a crashing input to .build-fuzz/crashes/TARGET/. Runs with nice -n 19: the machine is
# shared. Exit status 1 when a target crashed (or leaked, or timed out).
set -euo pipefail
cd "$(dirname "$0")/.."

targets_all=(fuzz-document fuzz-pkcs12 fuzz-dn fuzz-duration fuzz-profile-import fuzz-idp-assertion fuzz-idp-form fuzz-idp-json)
targets=()
runs=""
build_only=0
skip_build=0
configuration=release
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --build-only) build_only=1; shift ;;
        --debug) configuration=debug; shift ;;
        --skip-build) skip_build=1; shift ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        fuzz-*) targets+=("$1"); shift ;;
        *) echo "fuzz.sh: unknown argument $1 (targets: ${targets_all[*]})" >&2; exit 64 ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${targets_all[@]}")
for target in "${targets[@]}"; do
    [[ " ${targets_all[*]} " == *" $target "* ]] || { echo "fuzz.sh: no target $target (targets: ${targets_all[*]})" >&2; exit 64; }
done

./scripts/ensure-deps.sh
scratch="$PWD/.build-fuzz"
# A crash is reported by libFuzzer (stack, input); the Swift runtime's own backtracer would
# take minutes on an ASan binary.
export SWIFT_BACKTRACE=enable=no
# Leaks are checked per input (libFuzzer's -detect_leaks). The check at exit is off: it
# reports OpenSSL's process-wide provider and name tables (about 6.5 KB in 117 allocations,
# the same after 3,000 runs as after one), which OpenSSL frees only in OPENSSL_cleanup.
export ASAN_OPTIONS="leak_check_at_exit=0:${ASAN_OPTIONS:-}"
# Release by default: the targets that reach OpenSSL (PKCS#12 key derivation, signatures)
# and SQLite run several times faster optimized, and ASan instruments both builds alike.
# -enable-testing: the emulator targets reach internals through @testable import.
build=(swift build -c "$configuration" --package-path Fuzz --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing)
echo "fuzz.sh: building ${targets[*]} ($configuration, scratch $scratch)" >&2
if [ "$skip_build" = 1 ]; then
    echo "fuzz.sh: --skip-build: running the targets as last built" >&2
elif [ ${#targets[@]} -eq ${#targets_all[@]} ]; then
    nice -n 10 "${build[@]}"
else
    for target in "${targets[@]}"; do nice -n 10 "${build[@]}" --product "$target"; done
fi
[ "$build_only" = 1 ] && exit 0
bin="$("${build[@]}" --show-bin-path)"

total=0
failed=()
summary=()
for target in "${targets[@]}"; do
    work="$scratch/corpus/$target"
    crashes="$scratch/crashes/$target"
    mkdir -p "$work" "$crashes"
    seeds=("Fuzz/corpus/$target")
    [ -d "Fuzz/regressions/$target" ] && seeds+=("Fuzz/regressions/$target")
    log="$scratch/logs/$target.log"
    mkdir -p "$(dirname "$log")"
    started=$(date +%s)
    status=0
    target_runs="$runs"
    limits=()
    if [ -z "$target_runs" ]; then
        case "$target" in
            fuzz-document|fuzz-pkcs12|fuzz-idp-assertion) target_runs=125000; limits=(-max_total_time=240) ;;
            *) target_runs=190000 ;;
        esac
    fi
    # -timeout: an input taking 10 s is a finding (hostile files must not hang a scan).
    nice -n 19 "$bin/$target" "$work" "${seeds[@]}" -runs="$target_runs" "${limits[@]}" -max_len=16384 -timeout=10 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "${extra[@]}" >"$log" 2>&1 || status=$?
    seconds=$(( $(date +%s) - started ))
    done_runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | tail -1 | grep -Eo '[0-9]+' || echo 0)
    total=$((total + done_runs))
    if [ "$status" -ne 0 ]; then
        failed+=("$target")
        summary+=("$(printf '%-22s FAILED after %s runs (%ss): %s' "$target" "$done_runs" "$seconds" \
            "$(grep -E 'ERROR: |Fatal error|SUMMARY' "$log" | head -1)")")
        summary+=("$(printf '%-22s   input: %s; log: %s' '' "$(ls -t "$crashes" | head -1)" "$log")")
    else
        summary+=("$(printf '%-22s %10s runs  %5ss  0 crashes' "$target" "$done_runs" "$seconds")")
    fi
done
printf '%s\n' "${summary[@]}"
printf '%-22s %10s runs\n' total "$total"
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: crashes in ${failed[*]}: add the input to Fuzz/regressions/TARGET/, a regression test, and the fix" >&2
    exit 1
fi
