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
# The password that protects demo.key.pem and demo.pfx; a real run reads it from a secret store.
export CERTKEEPER_DEMO_PASSWORD="demo-$(openssl rand -hex 12)"
echo "== certkeeper cert create (in $work)"
"$bin" cert create --subject "CN=certkeeper-demo,O=Contoso" --days 365 --out-dir "$work" --name demo \
    --password-env CERTKEEPER_DEMO_PASSWORD
echo
echo "== certkeeper inspect demo.cer"
"$bin" inspect "$work/demo.cer"
echo
echo "== certkeeper inspect demo.pfx"
"$bin" inspect "$work/demo.pfx" --password-env CERTKEEPER_DEMO_PASSWORD
echo
echo "== certkeeper convert pem-to-pfx --pkcs12-profile legacy (for Windows Server 2016, App Service, Go)"
"$bin" convert pem-to-pfx --cert "$work/demo.cert.pem" --key "$work/demo.key.pem" --out "$work/demo-legacy.pfx" \
    --pkcs12-profile legacy --in-password-env CERTKEEPER_DEMO_PASSWORD --out-password-env CERTKEEPER_DEMO_PASSWORD
echo
echo "== cross-check with openssl"
openssl x509 -in "$work/demo.cer" -inform DER -noout -fingerprint -sha1
openssl x509 -in "$work/demo.cer" -inform DER -noout -fingerprint -sha256
openssl pkcs12 -info -noout -in "$work/demo-legacy.pfx" -passin env:CERTKEEPER_DEMO_PASSWORD
