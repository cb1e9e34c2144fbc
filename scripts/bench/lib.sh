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

# bench_time COMMAND…: runs it $runs times (stdout to /dev/null, stderr to $work/stderr) under
# /usr/bin/time; sets $wall_ns and $cpu_ns (medians, CPU = user + sys) and $peak_kib (max
# RSS). Returns non-zero when a run failed (callers that expect failures ignore it).
bench_time() {
    local walls=() cpus=() peak=0 status=0 wall user sys rss
    for _ in $(seq 1 "$runs"); do
        /usr/bin/time -o "$work/time" -f "%e %U %S %M" "$@" >/dev/null 2>"$work/stderr" || status=1
        read -r wall user sys rss < <(grep -v '^Command' "$work/time")
        walls+=("$(awk -v s="$wall" 'BEGIN { printf "%.0f", s * 1e9 }')")
        cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", (u + s) * 1e9 }')")
        [ "$rss" -gt "$peak" ] && peak=$rss
    done
    wall_ns=$(printf '%s\n' "${walls[@]}" | median)
    cpu_ns=$(printf '%s\n' "${cpus[@]}" | median)
    peak_kib=$peak
    return $status
}
