# Shared helpers for the benchmarks in scripts/bench/ (sourced, not run).
# Each benchmark runs certkeeper and the peer a user would otherwise use in the same run,
# on the same machine, and prints medians and the ratio.

# Builds the release CLI once and sets $certkeeper to its path.
bench_build_release() {
    local root
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    "$root/scripts/ensure-deps.sh"
    (cd "$root" && swift build -c release --product certkeeper >&2)
    certkeeper="$(cd "$root" && swift build -c release --show-bin-path)/certkeeper"
}

# now_ns: monotonic-enough wall clock in nanoseconds.
now_ns() { date +%s%N; }

# median of the numbers on stdin (one per line).
median() {
    sort -n | awk '{ values[NR] = $1 } END { if (NR == 0) { print 0; exit }
        if (NR % 2) print values[(NR + 1) / 2]; else print (values[NR / 2] + values[NR / 2 + 1]) / 2 }'
}

# ms NANOSECONDS -> milliseconds with one decimal.
ms() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'; }

# ratio SLOW FAST -> "N.NNx"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2fx", a / b }'; }
