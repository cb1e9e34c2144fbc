#!/usr/bin/env bash
# Runs certkeeper's whole test suite: installs what is missing, then `swift test`.
# Tests cross-check our output with the openssl CLI and Python `cryptography`.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-deps.sh --test
python3 -c 'import cryptography' 2>/dev/null || python3 -m pip install --quiet cryptography
# The renewal docs test parses the CI examples of docs/renewal.md with PyYAML.
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml
# profile export tests parse the Terraform output with an independent HCL parser.
python3 -c 'import hcl2' 2>/dev/null || python3 -m pip install --quiet python-hcl2
# The scan tests parse --format prometheus with the reference client's text parser.
python3 -c 'import prometheus_client' 2>/dev/null || python3 -m pip install --quiet prometheus_client \
    || echo "test.sh: PyPI unreachable: the Prometheus format test will be skipped" >&2

# The HTML report tests drive Chromium over the DevTools protocol (websocket-client) and
# validate the markup with html5lib. No fallback: without them those tests fail, loudly.
python3 -c 'import websocket' 2>/dev/null || python3 -m pip install --quiet websocket-client
python3 -c 'import html5lib' 2>/dev/null || python3 -m pip install --quiet html5lib
# Microsoft's SDKs (msal, azure-identity, azure-keyvault-certificates/-secrets) in the real
# clients' virtualenv (scripts/real-clients/lib.sh); LiveKeyVaultClientTests fails (never
# skips) when they cannot be installed.
./scripts/test-keyvault-clients.sh --setup-only \
    || echo "test.sh: the Key Vault SDKs could not be installed: LiveKeyVaultClientTests will fail" >&2

# scripts/sanitize.sh installs the same and builds its own way.
[ "${1:-}" = --deps-only ] && exit 0

# Formatting is part of the build: .swift-format is the team's configuration and the
# generated embedded migrations opt out with swift-format-ignore-file.
swift format lint --strict -r Sources Tests Package.swift Fuzz/Sources Fuzz/Package.swift
swift build --build-tests --explicit-target-dependency-import-check error

# A throwaway PostgreSQL cluster for the store suite's PostgreSQL half, stopped (by PID) at
# exit. No server, no run: the tests that need it would fail anyway (they never skip in CI).
pg_env=$(./scripts/pg-cluster.sh start) || { echo "test.sh: the PostgreSQL test cluster did not start" >&2; exit 1; }
eval "$pg_env"
trap './scripts/pg-cluster.sh stop "$CERTKEEPER_TEST_POSTGRES_DIR"' EXIT
swift test --skip-build "$@"
