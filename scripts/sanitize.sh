#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and/or ThreadSanitizer, each in its own scratch
# folder (.build-asan/, .build-tsan/), and fails on any sanitizer report. The binaries the
# CLI tests start (certkeeper, certkeeper-idp) are the instrumented ones, so their reports
# count too: every process writes its reports to .build-SAN/reports/ (log_path), which this
# script counts, instead of trusting each test to notice a report on a child's stderr.
#
#   scripts/sanitize.sh [asan|tsan|both] [swift test options, e.g. --filter Scan]
#
# Too slow for CI (docs/testing.md has the run times); run it before a release, after
# touching C interop, threads or locks. Runs with nice -n 19: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."

which_sanitizers="${1:-both}"
case "$which_sanitizers" in
    asan) sanitizers=(address) ;;
    tsan) sanitizers=(thread) ;;
    both) sanitizers=(address thread) ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "sanitize.sh: first argument is asan, tsan or both" >&2; exit 64 ;;
esac
shift || true

./scripts/test.sh --deps-only
# The store suite's PostgreSQL half needs a server, as in scripts/test.sh: the one named by
# CERTKEEPER_TEST_POSTGRES, else a throwaway cluster stopped (by PID) at exit.
if [ -z "${CERTKEEPER_TEST_POSTGRES:-}" ]; then
    pg_env=$(./scripts/pg-cluster.sh start) || { echo "sanitize.sh: the PostgreSQL test cluster did not start" >&2; exit 1; }
    eval "$pg_env"
    trap './scripts/pg-cluster.sh stop "$CERTKEEPER_TEST_POSTGRES_DIR"' EXIT
fi
suppressions="$PWD/scripts/sanitizers"
failed=()
for sanitizer in "${sanitizers[@]}"; do
    short=$([ "$sanitizer" = address ] && echo asan || echo tsan)
    scratch="$PWD/.build-$short"
    reports="$scratch/reports"
    rm -rf "$reports"
    mkdir -p "$reports"
    flags=(--sanitize="$sanitizer" --scratch-path "$scratch")
    started=$(date +%s)
    echo "sanitize.sh: building the tests with --sanitize=$sanitizer in $scratch" >&2
    nice -n 19 swift build --build-tests "${flags[@]}"
    built=$(date +%s)
    # Reports go to files (one per process); halt_on_error stays off for TSan so one run
    # lists every race. LSan (part of ASan) checks leaks at each process's exit.
    export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:abort_on_error=0"
    export LSAN_OPTIONS="suppressions=$suppressions/lsan.supp:print_suppressions=0"
    export TSAN_OPTIONS="log_path=$reports/tsan:suppressions=$suppressions/tsan.supp:print_suppressions=0:halt_on_error=0"
    status=0
    nice -n 19 swift test --skip-build "${flags[@]}" "$@" >"$scratch/test.log" 2>&1 || status=$?
    finished=$(date +%s)
    count=$(find "$reports" -type f | wc -l)
    echo "sanitize.sh: $sanitizer: build $((built - started)) s, tests $((finished - built)) s, swift test exit $status, $count report file(s)" >&2
    tail -3 "$scratch/test.log" >&2
    if [ "$count" -gt 0 ]; then
        grep -h -E '^(SUMMARY|WARNING: ThreadSanitizer|ERROR: (Address|Leak)Sanitizer)' "$reports"/* | sort | uniq -c | sort -rn | head -20 >&2
        echo "sanitize.sh: reports in $reports" >&2
    fi
    if [ "$status" -ne 0 ] || [ "$count" -gt 0 ]; then failed+=("$sanitizer"); fi
    unset ASAN_OPTIONS LSAN_OPTIONS TSAN_OPTIONS
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "sanitize.sh: failed under ${failed[*]}" >&2
    exit 1
fi
echo "sanitize.sh: clean (${sanitizers[*]})" >&2
