#!/usr/bin/env bash
# certkeeper's main job, end to end: builds the CLI, creates an upload-ready self-signed
# certificate in a temporary directory and inspects it.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/ensure-deps.sh
swift build --product certkeeper >&2
bin="$(swift build --show-bin-path)/certkeeper"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "== certkeeper cert create (in $work)"
"$bin" cert create --subject "CN=certkeeper-demo,O=Contoso" --days 365 --out-dir "$work" --name demo
echo
echo "== certkeeper inspect demo.cer"
"$bin" inspect "$work/demo.cer"
echo
echo "== cross-check with openssl"
openssl x509 -in "$work/demo.cer" -inform DER -noout -fingerprint -sha1
openssl x509 -in "$work/demo.cer" -inform DER -noout -fingerprint -sha256
