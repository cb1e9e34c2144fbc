#!/usr/bin/env bash
# Benchmark: one inventory for a team (issue 16), release build, on each store backend in
# the same run: SQLite always; PostgreSQL too when CERTKEEPER_TEST_POSTGRES holds a server
# URL and this certkeeper can use it (scripts/pg-cluster.sh starts a throwaway server).
#
# 1. Scan: COUNT (default 100,000) certificates inserted by SQL into an inventory whose
#    schema certkeeper created, then `scan --format json`, RUNS runs (default 5). Peer: the
#    store's own client printing the same rows in the same order (`sqlite3 -json`, `psql`),
#    the floor for anything reading them. Median wall and CPU time, peak RSS, rows/s, ratio.
# 2. Import: a 2000-file corpus (FILES; scripts/gen-cert-corpus.py: PEM, DER, PFX) into a
#    fresh store: median wall time, peak RSS, files/s and certificates/s.
# 3. Four runners at once: four processes with separate homes import overlapping halves of
#    the same corpus into ONE fresh store. Wall time of the whole, the largest peak RSS, and
#    checks that make it a test of the result too: every runner exits 0, and the store holds
#    each distinct certificate exactly once.
# 4. Copy (with PostgreSQL): `store copy` of the scan's inventory SQLite -> PostgreSQL and back,
#    against scripts/bench/store_copy_peer.py (sqlite3 -> psql \copy and back, the script a
#    user would write): median wall and CPU time, peak RSS, rows/s, ratio.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
runs="${RUNS:-5}"
count="${COUNT:-100000}"
files="${FILES:-2000}"
bench_build_release

work="$(mktemp -d)"
# Drops this run's PostgreSQL schemas (fresh_store names them bench_*_PID).
cleanup() {
    if [ -n "${CERTKEEPER_TEST_POSTGRES:-}" ]; then
        for schema in $(psql -X -qAt "$CERTKEEPER_TEST_POSTGRES" -c "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'bench\_%\_$$'" 2>/dev/null); do
            psql -X -q "$CERTKEEPER_TEST_POSTGRES" -c "SET client_min_messages = warning" -c "DROP SCHEMA $schema CASCADE" >/dev/null || true
        done
    fi
    rm -rf "$work"
}
trap cleanup EXIT
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
export BENCH_PFX_PASSWORD="bench-pfx-password"

# measure LABEL ROWS COMMAND…: RUNS runs (bench_time); prints medians, peak and rows/s.
measure() {
    local label=$1 rows=$2; shift 2
    bench_time "$@" || { echo "  $label failed: $(head -c 300 "$work/stderr")" >&2; exit 1; }
    printf '  %-46s wall %8s ms  cpu %8s ms  peak %6.1f MiB  %9s rows/s\n' "$label" "$(ms "$wall_ns")" "$(ms "$cpu_ns")" \
        "$(awk -v k="$peak_kib" 'BEGIN { print k / 1024 }')" "$(awk -v n="$rows" -v ns="$wall_ns" 'BEGIN { printf "%.0f", n / (ns / 1e9) }')"
}

# Whether this certkeeper selects its store with --store / CERTKEEPER_STORE (issue 16).
if "$certkeeper" --help 2>&1 | grep -q -- '--store'; then store_option=1; else store_option=0; fi

# runner HOME STORE_URL: the environment for one runner (its own home, the shared store).
# Without store selection the SQLite file is shared through a symlink in each home.
runner_env() {
    local home=$1 store=$2
    mkdir -p -m 700 "$home"
    if [ "$store_option" = 1 ]; then
        echo "CERTKEEPER_HOME=$home CERTKEEPER_STORE=$store"
    else
        ln -sf "${store#sqlite:}" "$home/inventory.sqlite"
        echo "CERTKEEPER_HOME=$home"
    fi
}

backends=("sqlite")
if [ -n "${CERTKEEPER_TEST_POSTGRES:-}" ] && [ "$store_option" = 1 ]; then
    backends+=("postgres")
elif [ -n "${CERTKEEPER_TEST_POSTGRES:-}" ]; then
    echo "note: CERTKEEPER_TEST_POSTGRES is set but this certkeeper has no --store: PostgreSQL skipped"
fi

# fresh_store BACKEND NAME: a URL for an empty store.
fresh_store() {
    case "$1" in
        sqlite) echo "sqlite:$work/$2.sqlite" ;;
        postgres)
            # A schema of its own in the server's database (as the store tests do).
            local schema="bench_$2_$$"
            psql -X "$CERTKEEPER_TEST_POSTGRES" -qc "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS $schema CASCADE" -c "CREATE SCHEMA $schema" >/dev/null
            echo "$CERTKEEPER_TEST_POSTGRES&options=-csearch_path%3D$schema" ;;
    esac
}

# pg_copy SQLITE_FILE PG_URL TABLE COLUMNS [DER_EXPRESSION]: the table's rows, CSV from sqlite3
# into psql's \copy (der as a bytea hex literal).
pg_copy() {
    local columns=$4 select=$4
    [ -n "${5:-}" ] && select=${select/der,/$5,}
    sqlite3 -csv "$1" "SELECT $select FROM $3" |
        psql -X -q "$2" -c "\\copy $3 ($columns) FROM STDIN WITH (FORMAT csv)" >/dev/null
}

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; backends: ${backends[*]}"

python3 "$root/scripts/gen-cert-corpus.py" "$work/corpus" "$files" --password-env BENCH_PFX_PASSWORD \
    --subdirs 8 --manifest "$work/manifest.json" >/dev/null
distinct=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["expected"]["distinct_certificates"])' "$work/manifest.json")

for backend in "${backends[@]}"; do
    echo "== $backend"
    # --- 1. scan ---------------------------------------------------------------------
    store=$(fresh_store "$backend" scan)
    env_line=$(runner_env "$work/scan-home-$backend" "$store")
    case "$backend" in
        sqlite)
            # Opening an inventory brings its schema up to date: certkeeper creates it.
            : >"${store#sqlite:}"
            env $env_line "$certkeeper" scan --fail-on never >/dev/null 2>&1 || true
            python3 "$here/scan-fill-inventory.py" "${store#sqlite:}" "$count" "$now"
            sqlite_scan_store=$store
            peer=(sqlite3 -json "${store#sqlite:}"
                "SELECT c.subject, c.issuer, c.serial_number, c.sha1_thumbprint, c.sha256_thumbprint, c.not_before, c.not_after,
                        c.state, f.path FROM certificates c LEFT JOIN certificate_files f ON f.certificate_id = c.id
                 WHERE c.state <> 'retired' ORDER BY c.not_after") ;;
        postgres)
            # The same rows as the SQLite run, copied table by table with the two clients
            # into a schema certkeeper created (the layouts are twins: docs/postgres.md).
            env $env_line "$certkeeper" init >/dev/null
            pg_copy "${sqlite_scan_store#sqlite:}" "$store" certificates \
                "id, sha1_thumbprint, sha256_thumbprint, subject, subject_cn, issuer, issuer_cn, serial_number, not_before,
                 not_after, key_type, key_bits, self_signed, der, state, created_at, updated_at" "'\\x' || hex(der)"
            pg_copy "${sqlite_scan_store#sqlite:}" "$store" certificate_files \
                "certificate_id, path, format, has_private_key, password_ref, first_seen_at, last_seen_at"
            pg_copy "${sqlite_scan_store#sqlite:}" "$store" profiles "name, tenant_id, client_id, certificate_id, created_at, updated_at"
            psql -X -q "$store" -c "ANALYZE" >/dev/null
            peer=(psql "$store" -qAt -c
                "SELECT json_build_object('subject', c.subject, 'issuer', c.issuer, 'serial', c.serial_number,
                        'sha1', c.sha1_thumbprint, 'sha256', c.sha256_thumbprint, 'not_before', c.not_before,
                        'not_after', c.not_after, 'state', c.state, 'path', f.path)
                 FROM certificates c LEFT JOIN certificate_files f ON f.certificate_id = c.id
                 WHERE c.state <> 'retired' ORDER BY c.not_after") ;;
    esac
    echo "scan: $count certificates, $runs runs each"
    measure "certkeeper scan --format json" "$count" env $env_line "$certkeeper" scan --format json --fail-on never
    ck_wall=$wall_ns ck_cpu=$cpu_ns
    measure "peer: ${peer[0]} (same rows, same order)" "$count" "${peer[@]}"
    echo "  ratio (peer / certkeeper): wall $(ratio "$wall_ns" "$ck_wall"), cpu $(ratio "$cpu_ns" "$ck_cpu");" \
        "target < $([ "$backend" = sqlite ] && echo 300 || echo 1000) ms wall"

    # --- 2. import -------------------------------------------------------------------
    echo "import: $files files ($distinct distinct certificates) into a fresh store, $runs runs"
    walls=(); peak=0
    for i in $(seq 1 "$runs"); do
        store=$(fresh_store "$backend" "import$i")
        env_line=$(runner_env "$work/import-home-$backend-$i" "$store")
        /usr/bin/time -o "$work/time" -f "%e %M" env $env_line "$certkeeper" inventory import "$work/corpus" --recursive \
            --password-env BENCH_PFX_PASSWORD >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }
        grep -q "^imported $distinct new, 0 known, 0 skipped" "$work/out" || { echo "unexpected: $(cat "$work/out")" >&2; exit 1; }
        read -r wall rss < <(grep -v '^Command' "$work/time")
        walls+=("$(awk -v s="$wall" 'BEGIN { printf "%.0f", s * 1e9 }')")
        [ "$rss" -gt "$peak" ] && peak=$rss
    done
    wall_ns=$(printf '%s\n' "${walls[@]}" | median)
    printf '  %-46s wall %8s ms  peak %6.1f MiB  %6.0f files/s  %6.0f certificates/s\n' "certkeeper inventory import" \
        "$(ms "$wall_ns")" "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" \
        "$(awk -v n="$files" -v ns="$wall_ns" 'BEGIN { print n / (ns / 1e9) }')" \
        "$(awk -v n="$distinct" -v ns="$wall_ns" 'BEGIN { print n / (ns / 1e9) }')"

    # --- 3. four runners at once -----------------------------------------------------
    store=$(fresh_store "$backend" runners)
    pids=()
    start=$(now_ns)
    for runner in 0 1 2 3; do
        env_line=$(runner_env "$work/runner-$backend-$runner" "$store")
        # Runner r imports d(2r)…d(2r+3) mod 8: each half of the corpus, overlapping its neighbours.
        trees=()
        for offset in 0 1 2 3; do trees+=("$work/corpus/d$(( (2 * runner + offset) % 8 ))"); done
        /usr/bin/time -o "$work/runner-$runner.time" -f "%e %M" env $env_line "$certkeeper" inventory import "${trees[@]}" \
            --recursive --password-env BENCH_PFX_PASSWORD >"$work/runner-$runner.out" 2>&1 &
        pids+=($!)
    done
    failed=0
    for runner in 0 1 2 3; do wait "${pids[$runner]}" || { failed=1; echo "  runner $runner failed: $(cat "$work/runner-$runner.out")" >&2; }; done
    wall_ns=$(( $(now_ns) - start ))
    peak=$(for runner in 0 1 2 3; do grep -v '^Command' "$work/runner-$runner.time" | cut -d' ' -f2; done | sort -n | tail -1)
    env_line=$(runner_env "$work/runner-$backend-check" "$store")
    stored=$(env $env_line "$certkeeper" inventory list --format json | python3 -c '
import json, sys
rows = json.load(sys.stdin)
rows = rows.get("certificates", rows) if isinstance(rows, dict) else rows
thumbs = [row["sha256_thumbprint"] for row in rows]
print(len(thumbs), len(set(thumbs)))')
    read -r total unique <<<"$stored"
    printf '  %-46s wall %8s ms  peak %6.1f MiB  %6.0f files/s\n' "4 runners importing at once (4 x $(( files / 2 )) files)" \
        "$(ms "$wall_ns")" "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" \
        "$(awk -v n="$(( files * 2 ))" -v ns="$wall_ns" 'BEGIN { print n / (ns / 1e9) }')"
    echo "  store holds $total certificates ($unique distinct; the corpus has $distinct)"
    if [ "$failed" = 1 ] || [ "$total" != "$distinct" ] || [ "$unique" != "$distinct" ]; then
        echo "  FAILED: a runner failed, or certificates were lost or duplicated" >&2
        exit 1
    fi
done
# --- 4. store copy ------------------------------------------------------------------
# The scan's SQLite inventory (COUNT certificates with their files and profiles) copied to
# PostgreSQL and the result back to SQLite, each into an empty store certkeeper created
# (untimed), RUNS runs per direction. certkeeper: one transaction, then every table read back
# and verified. Peer: scripts/bench/store_copy_peer.py (sqlite3 rows -> psql \copy, psql
# \copy -> executemany), no verification.
if [[ " ${backends[*]} " == *" postgres "* ]]; then
    source_file=${sqlite_scan_store#sqlite:}
    rows=$(sqlite3 "$source_file" "SELECT (SELECT count(*) FROM certificates) + (SELECT count(*) FROM certificate_files) +
        (SELECT count(*) FROM profiles) + (SELECT count(*) FROM events)")
    echo "== store copy: $rows rows (the $count-certificate scan inventory), $runs runs per direction"
    # copy_runs LABEL KIND DIRECTION: KIND certkeeper|peer; DIRECTION to-postgres|to-sqlite.
    copy_runs() {
        local label=$1 kind=$2 direction=$3 walls=() cpus=() peak=0 i from to wall user sys rss
        for i in $(seq 1 "$runs"); do
            if [ "$direction" = to-postgres ]; then
                from="sqlite:$source_file" to=$(fresh_store postgres "copy_${kind}_$i")
            else
                from=$pg_copy_source to="sqlite:$work/copy-$kind-$i.sqlite"
            fi
            "$certkeeper" --store "$to" init >/dev/null
            if [ "$kind" = certkeeper ]; then
                command=("$certkeeper" store copy --from "$from" --to "$to")
            else
                command=(python3 "$here/store_copy_peer.py" "$direction" "${from#sqlite:}" "${to#sqlite:}")
            fi
            /usr/bin/time -o "$work/time" -f "%e %U %S %M" "${command[@]}" >"$work/copy-out" 2>"$work/stderr" ||
                { echo "  $label failed: $(head -c 300 "$work/stderr")" >&2; exit 1; }
            read -r wall user sys rss < <(grep -v '^Command' "$work/time")
            walls+=("$(awk -v s="$wall" 'BEGIN { printf "%.0f", s * 1e9 }')")
            cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f", (u + s) * 1e9 }')")
            [ "$rss" -gt "$peak" ] && peak=$rss
            [ "$kind" = certkeeper ] && [ "$direction" = to-postgres ] && [ "$i" = 1 ] && pg_copy_source=$to
        done
        wall_ns=$(printf '%s\n' "${walls[@]}" | median)
        cpu_ns=$(printf '%s\n' "${cpus[@]}" | median)
        printf '  %-46s wall %8s ms  cpu %8s ms  peak %6.1f MiB  %9s rows/s\n' "$label" "$(ms "$wall_ns")" "$(ms "$cpu_ns")" \
            "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" "$(awk -v n="$rows" -v ns="$wall_ns" 'BEGIN { printf "%.0f", n / (ns / 1e9) }')"
    }
    for direction in to-postgres to-sqlite; do
        copy_runs "certkeeper store copy ($direction, verified)" certkeeper "$direction"
        ck_wall=$wall_ns ck_cpu=$cpu_ns
        copy_runs "peer: store_copy_peer.py ($direction)" peer "$direction"
        echo "  ratio (peer / certkeeper): wall $(ratio "$wall_ns" "$ck_wall"), cpu $(ratio "$cpu_ns" "$ck_cpu")"
    done
    back=$(sqlite3 "$work/copy-certkeeper-1.sqlite" "SELECT count(*) FROM certificates")
    peer_back=$(sqlite3 "$work/copy-peer-1.sqlite" "SELECT count(*) FROM certificates")
    echo "  certificates after the round trip: certkeeper $back, peer $peer_back (source $count)"
    if [ "$back" != "$count" ] || [ "$peer_back" != "$count" ]; then echo "  FAILED: rows lost" >&2; exit 1; fi
fi
echo "machine load average $(cut -d' ' -f1-3 /proc/loadavg) at end (2 cores: wall times above ~1 include waiting for a CPU)"
