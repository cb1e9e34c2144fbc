#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, benchmarks and trying the team set-up locally.
#
#   scripts/pg-cluster.sh start [DIR]   initdb into DIR (default: a new temp dir), start it,
#                                       print its environment (eval-able `export` lines)
#   scripts/pg-cluster.sh env DIR       print the environment of a running cluster again
#   scripts/pg-cluster.sh stop DIR      stop it (by the PID in postmaster.pid) and delete DIR
#
# The server runs as an unprivileged user (PostgreSQL refuses to run as root): as root, the
# system user certkeeper-pg (created on first use); otherwise the current user. It listens on
# a free 127.0.0.1 port only (and a Unix socket inside DIR), with password authentication
# (scram-sha-256) for role `certkeeper` and a generated password, and TLS on with a server
# certificate for 127.0.0.1/localhost signed by a throwaway CA (ca.pem): sslmode=verify-full
# works against it. other-ca.pem is a second CA that did NOT sign it (untrusted-server tests).
#
# Printed variables:
#   CERTKEEPER_TEST_POSTGRES      postgres://certkeeper@127.0.0.1:PORT/certkeeper?sslmode=verify-full&sslrootcert=DIR/ca.pem
#   CERTKEEPER_TEST_POSTGRES_DIR  DIR (ca.pem, other-ca.pem, password)
#   PGPASSFILE                    DIR/pgpass (libpq reads the password from it)
# The password itself is never printed: it is in DIR/password and DIR/pgpass (0600).
set -euo pipefail

pg_bin=${PG_BIN:-}
if [ -z "$pg_bin" ]; then
    for candidate in /usr/lib/postgresql/*/bin; do
        [ -x "$candidate/initdb" ] && pg_bin=$candidate
    done
fi
server_user=certkeeper-pg

die() {
    echo "pg-cluster: $*" >&2
    exit 1
}

# Runs a command as the server's user.
as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid="$server_user" --regid="$server_user" --init-groups --reset-env -- "$@"
    else
        "$@"
    fi
}

ensure_server_user() {
    [ "$(id -u)" -eq 0 ] || return 0
    id -u "$server_user" >/dev/null 2>&1 && return 0
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$server_user"
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

make_certificates() {
    local dir=$1
    (
        cd "$dir"
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=certkeeper test CA" \
            -keyout ca.key -out ca.pem 2>/dev/null
        openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=certkeeper untrusted CA" \
            -keyout other-ca.key -out other-ca.pem 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout server.key -out server.csr 2>/dev/null
        printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >server.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
            -extfile server.ext -out server.pem 2>/dev/null
        rm -f server.csr server.ext ca.key other-ca.key ca.srl
        chmod 0600 server.key
    )
}

print_env() {
    local dir=$1 port
    [ -f "$dir/port" ] || die "$dir is not a cluster made by this script"
    port=$(cat "$dir/port")
    echo "export CERTKEEPER_TEST_POSTGRES='postgres://certkeeper@127.0.0.1:$port/certkeeper?sslmode=verify-full&sslrootcert=$dir/ca.pem'"
    echo "export CERTKEEPER_TEST_POSTGRES_DIR='$dir'"
    echo "export PGPASSFILE='$dir/pgpass'"
}

start() {
    [ -n "$pg_bin" ] || die "PostgreSQL's server binaries are missing: apt-get install postgresql (scripts/ensure-deps.sh --test)"
    local dir=${1:-}
    if [ -z "$dir" ]; then
        dir=$(mktemp -d "${TMPDIR:-/tmp}/certkeeper-pg.XXXXXX")
    else
        mkdir -p "$dir"
    fi
    dir=$(cd "$dir" && pwd)
    [ -e "$dir/data" ] && die "$dir already holds a cluster: stop it first"
    # A failed start leaves nothing running and nothing behind.
    trap 'stop "$dir" >/dev/null 2>&1 || true' EXIT
    ensure_server_user
    # The server's user must reach DIR (and the CA and key in it); others may only traverse.
    chmod 0711 "$dir"
    local parent=$dir
    while parent=$(dirname "$parent") && [ "$parent" != / ]; do
        [ -x "$parent" ] || die "$parent is not traversable by the server's user"
    done

    local password port
    password=$(openssl rand -hex 24)
    port=$(free_port)
    (umask 077 && printf '%s\n' "$password" >"$dir/password")
    (umask 077 && printf '127.0.0.1:%s:*:certkeeper:%s\nlocalhost:%s:*:certkeeper:%s\n' \
        "$port" "$password" "$port" "$password" >"$dir/pgpass")
    echo "$port" >"$dir/port"
    make_certificates "$dir"

    mkdir "$dir/data" "$dir/socket" "$dir/log"
    local pwfile=$dir/data.pw
    (umask 077 && printf '%s\n' "$password" >"$pwfile")
    if [ "$(id -u)" -eq 0 ]; then
        chown "$server_user:$server_user" "$dir/data" "$dir/socket" "$dir/log" "$pwfile" "$dir/server.key" "$dir/server.pem"
    fi
    as_server "$pg_bin/initdb" --pgdata="$dir/data" --username=certkeeper --pwfile="$pwfile" \
        --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    rm -f "$pwfile"
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/socket'
ssl = on
ssl_cert_file = '$dir/server.pem'
ssl_key_file = '$dir/server.key'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    as_server "$pg_bin/pg_ctl" --pgdata="$dir/data" --log="$dir/log/server.log" --wait --timeout=60 start >/dev/null \
        || { cat "$dir/log/server.log" >&2; die "the server did not start (log above)"; }
    PGPASSFILE=$dir/pgpass "$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 \
        "postgres://certkeeper@127.0.0.1:$port/postgres?sslmode=verify-full&sslrootcert=$dir/ca.pem" \
        -c 'CREATE DATABASE certkeeper' >/dev/null \
        || die "the server started but does not accept the generated password over TLS"
    trap - EXIT
    print_env "$dir"
}

stop() {
    local dir=${1:?usage: pg-cluster.sh stop DIR}
    [ -f "$dir/port" ] || [ -d "$dir/data" ] || die "$dir is not a cluster made by this script"
    if [ -f "$dir/data/postmaster.pid" ]; then
        local pid
        pid=$(head -n 1 "$dir/data/postmaster.pid")
        # Fast shutdown (SIGINT): roll back open transactions, disconnect clients.
        if kill -INT "$pid" 2>/dev/null; then
            for _ in $(seq 1 300); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
        fi
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start "${2:-}" ;;
    env) print_env "${2:?usage: pg-cluster.sh env DIR}" ;;
    stop) stop "${2:-}" ;;
    *) die "usage: pg-cluster.sh start [DIR] | env DIR | stop DIR" ;;
esac
