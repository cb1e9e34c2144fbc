"""Microsoft's Key Vault SDKs against certkeeper-idp's emulated vaults, as an app would use them.

argv: AUTHORITY_HOST TENANT CLIENT_ID WORKDIR VAULT_URL DENIED_VAULT_URL
WORKDIR holds app.pem (key + certificate of the registered app), import.pfx (password in
import.pwd) and import.pem (its certificate). Prints one line per check; exits non-zero on
the first surprise.
"""
import base64
import sys

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.identity import CertificateCredential
from azure.keyvault.certificates import CertificateClient, CertificateContentType, CertificatePolicy
from azure.keyvault.secrets import SecretClient
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, load_pem_private_key, pkcs12

host, tenant, client_id, work, vault_url, denied_url = sys.argv[1:7]
credential = CertificateCredential(
    tenant, client_id, certificate_path=f"{work}/app.pem", authority=host, disable_instance_discovery=True,
)
expected = x509.load_pem_x509_certificate(open(f"{work}/import.pem", "rb").read())
pfx = open(f"{work}/import.pfx", "rb").read()
password = open(f"{work}/import.pwd").read().strip()
# The emulator's vaults live on loopback, not under .vault.azure.net: the SDKs' challenge
# check must be switched off explicitly (first proving that it is on and fires).
certificates = CertificateClient(vault_url, credential, verify_challenge_resource=False)
secrets = SecretClient(vault_url, credential, verify_challenge_resource=False)

try:
    CertificateClient(vault_url, credential).get_certificate("anything")
    raise SystemExit("the SDK sent a token although the challenge's resource does not match the vault host")
except ValueError as error:
    assert "does not match the requested domain" in str(error), error
    print("ok: challenge names resource https://vault.azure.net (the SDK refuses it for a loopback host by default)")

policy = CertificatePolicy(issuer_name="Unknown", content_type=CertificateContentType.pkcs12, exportable=True)
imported = certificates.import_certificate("sdk-imported", pfx, password=password, policy=policy, tags={"by": "sdk"})
assert imported.properties.x509_thumbprint == expected.fingerprint(hashes.SHA1()), imported.properties.x509_thumbprint
assert bytes(imported.cer) == expected.public_bytes(Encoding.DER)
assert imported.properties.expires_on.timestamp() == int(expected.not_valid_after_utc.timestamp())
print(f"ok: import_certificate x5t {imported.properties.x509_thumbprint.hex()} version {imported.properties.version}")

fetched = certificates.get_certificate("sdk-imported")
assert fetched.properties.x509_thumbprint == imported.properties.x509_thumbprint
assert fetched.properties.version == imported.properties.version and fetched.properties.enabled
assert fetched.policy.content_type == CertificateContentType.pkcs12, fetched.policy.content_type
assert fetched.properties.vault_url == vault_url.rstrip("/"), fetched.properties.vault_url
print("ok: get_certificate returns the imported version (x5t equal, policy pkcs12)")

second = certificates.import_certificate("sdk-imported", pfx, password=password)
versions = [v.version for v in certificates.list_properties_of_certificate_versions("sdk-imported", max_page_size=1)]
assert sorted(versions) == sorted([imported.properties.version, second.properties.version]), versions
assert certificates.get_certificate("sdk-imported").properties.version == second.properties.version
print("ok: a second import is a new version; versions listed one per page")

for index in range(3):
    certificates.import_certificate(f"page-{index}", pfx, password=password)
names = [c.name for c in certificates.list_properties_of_certificates(max_page_size=2)]
assert sorted(names) == ["page-0", "page-1", "page-2", "sdk-imported"], names
print(f"ok: list_properties_of_certificates follows nextLink across pages ({len(names)} certificates)")

secret = secrets.get_secret("sdk-imported")
assert secret.properties.content_type == "application/x-pkcs12", secret.properties.content_type
assert secret.properties.managed
key, leaf, _ = pkcs12.load_key_and_certificates(base64.b64decode(secret.value), None)
assert leaf.fingerprint(hashes.SHA1()) == expected.fingerprint(hashes.SHA1())
assert key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo) == \
    leaf.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
print("ok: get_secret returns the backing PFX (no password) and cryptography opens key + certificate")

listed = {item.name: item for item in secrets.list_properties_of_secrets(max_page_size=2)}
assert sorted(listed) == ["page-0", "page-1", "page-2", "sdk-imported"], sorted(listed)
assert listed["sdk-imported"].managed and listed["sdk-imported"].content_type == "application/x-pkcs12"
print(f"ok: list_properties_of_secrets follows nextLink and lists certificates' secrets as managed ({len(listed)} secrets)")

pem_policy = CertificatePolicy(issuer_name="Unknown", content_type=CertificateContentType.pem, exportable=True)
app_pem = open(f"{work}/app.pem", "rb").read()
app_certificate = x509.load_pem_x509_certificate(app_pem)
pem_imported = certificates.import_certificate("sdk-pem", app_pem, policy=pem_policy)
assert pem_imported.properties.x509_thumbprint == app_certificate.fingerprint(hashes.SHA1())
pem_secret = secrets.get_secret("sdk-pem")
assert pem_secret.properties.content_type == "application/x-pem-file", pem_secret.properties.content_type
pem_key = load_pem_private_key(pem_secret.value.encode(), None)
assert pem_key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo) == \
    app_certificate.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
assert x509.load_pem_x509_certificate(pem_secret.value.encode()) == app_certificate or \
    app_certificate in x509.load_pem_x509_certificates(pem_secret.value.encode())
print("ok: import_certificate of a PEM (application/x-pem-file) keeps a PEM secret with key and certificate")

certificates.update_certificate_properties("sdk-imported", second.properties.version, enabled=False)
assert not certificates.get_certificate("sdk-imported").properties.enabled
try:
    secrets.get_secret("sdk-imported")
    raise SystemExit("a disabled version's secret was served")
except HttpResponseError as error:
    assert error.status_code == 403 and "SecretDisabled" in error.response.text(), error
certificates.update_certificate_properties("sdk-imported", second.properties.version, enabled=True)
assert secrets.get_secret("sdk-imported").properties.enabled
print("ok: update_certificate_properties disables and re-enables a version (its secret follows)")

try:
    certificates.import_certificate("wrong-password", pfx, password=password + "x")
    raise SystemExit("a PFX with the wrong password was imported")
except HttpResponseError as error:
    assert error.status_code == 400 and "PKCS#12" in error.message, error
print("ok: wrong PFX password refused with 400 BadParameter")

try:
    certificates.get_certificate("does-not-exist")
    raise SystemExit("a missing certificate was found")
except ResourceNotFoundError as error:
    assert "CertificateNotFound" in error.response.text(), error
print("ok: missing certificate is 404 CertificateNotFound")

try:
    CertificateClient(denied_url, credential, verify_challenge_resource=False).import_certificate("x", pfx, password=password)
    raise SystemExit("a vault without a role assignment accepted an import")
except HttpResponseError as error:
    body = error.response.text()
    assert error.status_code == 403 and "ForbiddenByRbac" in body and "certificates/import/action" in body, body
print("ok: a vault where the app has no role answers 403 ForbiddenByRbac naming the action")
