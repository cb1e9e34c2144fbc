"""Acquire tokens from certkeeper-idp with MSAL Python and azure-identity, as a pipeline would.

argv: AUTHORITY_HOST TENANT CLIENT_ID WORKDIR (app.key/app.pem registered, other.* not).
Prints one line per check; exits non-zero on the first surprise.
"""
import base64
import json
import sys

import msal
from azure.core.exceptions import ClientAuthenticationError
from azure.identity import CertificateCredential
from cryptography import x509
from cryptography.hazmat.primitives import hashes

host, tenant, client_id, work = sys.argv[1:5]
authority = f"{host}/{tenant}"
scope = "https://graph.microsoft.com/.default"
key = open(f"{work}/app.key").read()
pem = open(f"{work}/app.pem").read()
thumbprint = x509.load_pem_x509_certificate(pem.encode()).fingerprint(hashes.SHA1()).hex()
with open(f"{work}/app-key-and-cert.pem", "w") as both:
    both.write(key + pem)


def claims_of(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def expect_token(name, token):
    claims = claims_of(token)
    assert claims["appid"] == client_id and claims["tid"] == tenant, claims
    assert claims["aud"] == "https://graph.microsoft.com", claims
    print(f"ok: {name}")


def msal_app(credential):
    # Never the real cloud: no instance discovery, no authority validation, no region.
    return msal.ConfidentialClientApplication(
        client_id, authority=authority, client_credential=credential,
        validate_authority=False, instance_discovery=False,
    )


# MSAL with the certificate: PS256 + x5t#S256, and x5c (public_certificate).
result = msal_app({"private_key": key, "public_certificate": pem}).acquire_token_for_client(scopes=[scope])
assert "access_token" in result, result
expect_token("msal PS256 with x5c", result["access_token"])

# MSAL with a SHA-1 thumbprint: RS256 + x5t (padded).
result = msal_app({"private_key": key, "thumbprint": thumbprint}).acquire_token_for_client(scopes=[scope])
assert "access_token" in result, result
expect_token("msal RS256 with thumbprint", result["access_token"])

# MSAL with a certificate the app does not have: AADSTS700027.
other_key = open(f"{work}/other.key").read()
other_pem = open(f"{work}/other.pem").read()
result = msal_app({"private_key": other_key, "public_certificate": other_pem}).acquire_token_for_client(scopes=[scope])
assert 700027 in result.get("error_codes", []), result
print("ok: msal unregistered certificate refused with AADSTS700027")

# azure-identity's CertificateCredential, with and without the chain.
for chain in (False, True):
    credential = CertificateCredential(
        tenant, client_id, certificate_path=f"{work}/app-key-and-cert.pem",
        authority=host, disable_instance_discovery=True, send_certificate_chain=chain,
    )
    expect_token(f"azure-identity CertificateCredential send_certificate_chain={chain}", credential.get_token(scope).token)

try:
    CertificateCredential(
        tenant, "00000000-0000-0000-0000-00000000dead", certificate_path=f"{work}/app-key-and-cert.pem",
        authority=host, disable_instance_discovery=True,
    ).get_token(scope)
    raise SystemExit("an unknown client id got a token")
except ClientAuthenticationError as error:
    assert "AADSTS700016" in str(error), error
    print("ok: azure-identity unknown client refused with AADSTS700016")
