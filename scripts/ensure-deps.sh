#!/usr/bin/env bash
# Installs the system libraries certkeeper builds against when they are missing:
# libcrypto (libssl-dev), SQLite (libsqlite3-dev), libcurl built on OpenSSL
# (libcurl4-openssl-dev: the HTTP transport), libpq (libpq-dev: the PostgreSQL inventory) and
# pkg-config, and headless Chromium, which
# the HTML report tests, its benchmark and the demo's screenshot open reports in, and
# squid, the forward proxy the proxy tests go through.
# Idempotent; used by demo.sh, test.sh and CI.
#   --test   also the independent tools the tests check against: keytool (a headless JDK)
#            reads our PFX files; strace observes how files are written; setpriv (util-linux)
#            runs permission cases as an unprivileged user when the tests run as root;
#            the PostgreSQL server (postgresql) the store suite's second backend runs on;
#            keyctl (keyutils) fills the kernel keyring for keyring: password references.
set -euo pipefail

missing=()
pkg-config --exists openssl 2>/dev/null || missing+=(libssl-dev)
pkg-config --exists sqlite3 2>/dev/null || missing+=(libsqlite3-dev)
pkg-config --exists libcurl 2>/dev/null || missing+=(libcurl4-openssl-dev)
# libpq: the PostgreSQL inventory's client (docs/postgres.md).
pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The proxy tests start a real forward proxy.
[ -x /usr/sbin/squid ] || missing+=(squid)
if [ "${1:-}" = --test ]; then
    command -v keytool >/dev/null 2>&1 || missing+=(default-jdk-headless)
    command -v strace >/dev/null 2>&1 || missing+=(strace)
    command -v setpriv >/dev/null 2>&1 || missing+=(util-linux)
    # The store suite's PostgreSQL half runs against a throwaway cluster (scripts/pg-cluster.sh).
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
    # sqlite3 and psql dump tables independently of certkeeper (store copy round trips).
    command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
    # keyctl puts passwords into a session keyring for the keyring: reference tests.
    command -v keyctl >/dev/null 2>&1 || missing+=(keyutils)
fi

if [ ${#missing[@]} -gt 0 ]; then
    echo "certkeeper: installing ${missing[*]}" >&2
    sudo_cmd=()
    [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi
