-- Schema version 6: the tenant-wide credential inventory read from Microsoft Graph
-- (`certkeeper directory sync`): per tenant, its applications and service principals and
-- their certificates and client secrets. Metadata only: a secret's text and hint never
-- reach the inventory.
--
-- A sync streams pages into directory_staged_* under a directory_syncs row, each page in
-- its own short transaction; only a complete sync replaces the tenant's snapshot
-- (directory_objects / directory_credentials), in one transaction that also writes the
-- audit events of what appeared and vanished. An interrupted sync leaves its staged rows
-- behind (state 'running'); the next sync of the tenant discards them.

CREATE TABLE directory_tenants (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    graph_endpoint      TEXT NOT NULL,
    -- The profile whose token read it, for the next sync and the scan's default source.
    profile_name        TEXT COLLATE NOCASE,
    last_synced_at      TEXT
);

CREATE TABLE directory_syncs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_ref          INTEGER NOT NULL REFERENCES directory_tenants (id) ON DELETE CASCADE,
    state               TEXT NOT NULL DEFAULT 'running'
                        CHECK (state IN ('running', 'completed', 'abandoned')),
    started_at          TEXT NOT NULL,
    finished_at         TEXT,
    pages               INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE directory_objects (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_ref          INTEGER NOT NULL REFERENCES directory_tenants (id) ON DELETE CASCADE,
    object_type         TEXT NOT NULL CHECK (object_type IN ('application', 'servicePrincipal')),
    object_id           TEXT NOT NULL,
    app_id              TEXT NOT NULL,
    display_name        TEXT NOT NULL,
    service_principal_type TEXT,
    preferred_signing_thumbprint TEXT,
    UNIQUE (tenant_ref, object_type, object_id)
);
CREATE INDEX directory_objects_app_id ON directory_objects (app_id);

-- kind: 'certificate' (a keyCredential) or 'secret' (a passwordCredential).
-- usage: Verify or Sign for certificates. sha1_thumbprint: from customKeyIdentifier when it
-- holds a SHA-1 thumbprint (Graph's default), uppercase hex like certificates.sha1_thumbprint.
CREATE TABLE directory_credentials (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    object_ref          INTEGER NOT NULL REFERENCES directory_objects (id) ON DELETE CASCADE,
    key_id              TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('certificate', 'secret')),
    usage               TEXT,
    sha1_thumbprint     TEXT CHECK (sha1_thumbprint IS NULL OR length(sha1_thumbprint) = 40),
    display_name        TEXT,
    not_before          TEXT,
    not_after           TEXT NOT NULL,
    UNIQUE (object_ref, key_id)
);
CREATE INDEX directory_credentials_thumbprint ON directory_credentials (sha1_thumbprint);
CREATE INDEX directory_credentials_not_after ON directory_credentials (not_after);

CREATE TABLE directory_staged_objects (
    sync_ref            INTEGER NOT NULL REFERENCES directory_syncs (id) ON DELETE CASCADE,
    object_type         TEXT NOT NULL CHECK (object_type IN ('application', 'servicePrincipal')),
    object_id           TEXT NOT NULL,
    app_id              TEXT NOT NULL,
    display_name        TEXT NOT NULL,
    service_principal_type TEXT,
    preferred_signing_thumbprint TEXT,
    PRIMARY KEY (sync_ref, object_type, object_id)
) WITHOUT ROWID;

CREATE TABLE directory_staged_credentials (
    sync_ref            INTEGER NOT NULL REFERENCES directory_syncs (id) ON DELETE CASCADE,
    object_type         TEXT NOT NULL,
    object_id           TEXT NOT NULL,
    key_id              TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('certificate', 'secret')),
    usage               TEXT,
    sha1_thumbprint     TEXT CHECK (sha1_thumbprint IS NULL OR length(sha1_thumbprint) = 40),
    display_name        TEXT,
    not_before          TEXT,
    not_after           TEXT NOT NULL,
    PRIMARY KEY (sync_ref, object_type, object_id, key_id)
) WITHOUT ROWID;
