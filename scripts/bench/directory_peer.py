#!/usr/bin/env python3
"""The peer of scripts/bench/directory.sh: what a user writes without certkeeper.

Pages through GET /v1.0/applications and /v1.0/servicePrincipals with `requests`
($select, $top=999, @odata.nextLink), writes every object and credential to SQLite in
one transaction (thumbprint from customKeyIdentifier), then dumps the credentials as
JSON sorted by expiry, as `certkeeper directory list --format json` does.

usage: directory_peer.py GRAPH_BASE_URL CA_BUNDLE DATABASE  (token in $GRAPH_TOKEN)
"""
import base64
import datetime
import json
import os
import sqlite3
import sys

import ssl

import requests
import requests.adapters

SELECT = {
    "applications": "id,appId,displayName,keyCredentials,passwordCredentials",
    "servicePrincipals": "id,appId,displayName,servicePrincipalType,preferredTokenSigningKeyThumbprint,keyCredentials,passwordCredentials",
}


def thumbprint(identifier):
    if not identifier:
        return None
    raw = base64.b64decode(identifier)
    return raw.hex().upper() if len(raw) == 20 else None


def parse(text):
    # Graph sends up to seven fractional digits; Python's fromisoformat takes six.
    head, _, rest = text.rstrip("Z").partition(".")
    stamp = datetime.datetime.fromisoformat(head).replace(tzinfo=datetime.timezone.utc)
    return stamp.timestamp() + (float("0." + rest) if rest else 0.0)


class TrustBundle(requests.adapters.HTTPAdapter):
    """Trusts the emulator's self-signed server certificate (CA:FALSE) as an anchor."""

    def __init__(self, bundle):
        self.bundle = bundle
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        context = ssl.create_default_context(cafile=self.bundle)
        context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN
        kwargs["ssl_context"] = context
        return super().init_poolmanager(*args, **kwargs)


def main():
    base, bundle, database = sys.argv[1:4]
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + os.environ["GRAPH_TOKEN"]
    session.mount("https://", TrustBundle(bundle))
    db = sqlite3.connect(database)
    db.executescript("""
        CREATE TABLE IF NOT EXISTS objects (id TEXT, type TEXT, app_id TEXT, name TEXT, PRIMARY KEY (type, id));
        CREATE TABLE IF NOT EXISTS credentials (object_id TEXT, key_id TEXT, kind TEXT, sha1 TEXT, name TEXT,
            not_before REAL, not_after REAL, PRIMARY KEY (object_id, key_id));
        DELETE FROM objects; DELETE FROM credentials;
    """)
    with db:
        for collection, select in SELECT.items():
            url = f"{base}/v1.0/{collection}?$select={select}&$top=999"
            while url:
                answer = session.get(url, timeout=60)
                answer.raise_for_status()
                page = answer.json()
                for item in page["value"]:
                    db.execute("INSERT INTO objects VALUES (?, ?, ?, ?)", (item["id"], collection, item["appId"], item["displayName"]))
                    for kind, key in (("certificate", "keyCredentials"), ("secret", "passwordCredentials")):
                        for credential in item.get(key) or []:
                            start = credential.get("startDateTime")
                            db.execute("INSERT OR REPLACE INTO credentials VALUES (?, ?, ?, ?, ?, ?, ?)", (
                                item["id"], credential["keyId"], kind, thumbprint(credential.get("customKeyIdentifier")),
                                credential.get("displayName"), parse(start) if start else None, parse(credential["endDateTime"]),
                            ))
                url = page.get("@odata.nextLink")
    now = datetime.datetime.now(datetime.timezone.utc).timestamp()
    rows = db.execute("""SELECT o.app_id, o.name, o.type, c.kind, c.key_id, c.sha1, c.not_after FROM credentials c
                         JOIN objects o ON o.id = c.object_id ORDER BY c.not_after""")
    json.dump({"credentials": [
        {"appId": r[0], "appName": r[1], "objectType": r[2], "kind": r[3], "keyId": r[4], "sha1Thumbprint": r[5],
         "daysLeft": int((r[6] - now) // 86400)} for r in rows
    ]}, sys.stdout)


if __name__ == "__main__":
    main()
