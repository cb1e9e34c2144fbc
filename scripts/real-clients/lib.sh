# Sourced by scripts/test-real-clients.sh and scripts/test-keyvault-clients.sh: one
# virtualenv (.build/real-clients-venv) holding every Microsoft SDK the real-client checks
# use, and starting and stopping `certkeeper-idp serve --tls` (stopped by PID).

real_clients_venv=.build/real-clients-venv
real_clients_packages=(
    'msal>=1.39,<2' 'azure-identity>=1.27,<2' 'azure-keyvault-certificates>=4.8,<5' 'azure-keyvault-secrets>=4.8,<5'
    'cryptography>=42'
)

# ensure_real_clients OFFLINE_STATUS: installs the packages unless they import already. When
# pip fails because PyPI cannot be reached, exits OFFLINE_STATUS (77: skip; 1: fail); any
# other pip failure prints pip's log and exits 1.
ensure_real_clients() {
    local offline_status=$1
    "$real_clients_venv/bin/python" -c 'import msal, azure.identity, azure.keyvault.certificates, azure.keyvault.secrets, cryptography' \
        >/dev/null 2>&1 && return 0
    mkdir -p .build
    python3 -m venv "$real_clients_venv"
    if ! "$real_clients_venv/bin/pip" install --quiet --disable-pip-version-check "${real_clients_packages[@]}" >"$real_clients_venv.log" 2>&1; then
        if [ "$offline_status" -ne 1 ] && ! timeout 60 "$real_clients_venv/bin/pip" index versions msal >/dev/null 2>&1; then
            echo "SKIP: PyPI cannot be reached, so ${real_clients_packages[*]} cannot be installed" >&2
            exit "$offline_status"
        fi
        cat "$real_clients_venv.log" >&2
        echo "FAIL: could not install ${real_clients_packages[*]} from PyPI (see above)" >&2
        exit 1
    fi
}

# start_idp BINARY WORK [SERVE OPTIONS…]: serves WORK/idp.sqlite over TLS on a free loopback
# port (its certificate in WORK/idp-tls-cert.pem); sets idp_pid and idp_port.
idp_pid=""
idp_port=""
start_idp() {
    local binary=$1 work=$2
    shift 2
    "$binary" serve --state "$work/idp.sqlite" --tls --port 0 --port-file "$work/port" \
        --tls-cert-file "$work/idp-tls-cert.pem" "$@" >"$work/serve.out" 2>"$work/serve.err" &
    idp_pid=$!
    for _ in $(seq 1 300); do [ -s "$work/port" ] && break; sleep 0.1; done
    [ -s "$work/port" ] || { cat "$work/serve.err" >&2; echo "certkeeper-idp did not start" >&2; exit 1; }
    idp_port=$(cat "$work/port")
}

# stop_idp: SIGTERM; the server must exit 0 (a clean shutdown is part of the check).
stop_idp() {
    kill -TERM "$idp_pid"
    local status=0
    wait "$idp_pid" || status=$?
    idp_pid=""
    [ "$status" -eq 0 ] || { echo "certkeeper-idp exited $status after SIGTERM" >&2; exit 1; }
}

# kill_idp: for an EXIT trap; stops a server still running.
kill_idp() {
    if [ -n "$idp_pid" ] && kill -0 "$idp_pid" 2>/dev/null; then
        kill -TERM "$idp_pid"
        wait "$idp_pid" || true
    fi
}
