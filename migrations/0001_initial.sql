-- certkeeper inventory, schema version 1 (docs/ARCHITECTURE.md, "Data model").
--
-- Conventions, so a second implementation (PostgreSQL) can follow the same contract:
--   * dates are UTC text 'YYYY-MM-DD HH:MM:SS.SSS', which sorts and compares as text;
--   * thumbprints are uppercase hex without separators;
--   * booleans are 0/1;
--   * a password is never stored: only a reference (env:NAME, file:PATH or prompt).
-- Never edit this file once released: add NNNN_*.sql instead.

CREATE TABLE certificates (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    sha1_thumbprint     TEXT NOT NULL CHECK (length(sha1_thumbprint) = 40),
    sha256_thumbprint   TEXT NOT NULL CHECK (length(sha256_thumbprint) = 64),
    subject             TEXT NOT NULL,
    subject_cn          TEXT,
    issuer              TEXT NOT NULL,
    issuer_cn           TEXT,
    serial_number       TEXT NOT NULL,
    not_before          TEXT NOT NULL,
    not_after           TEXT NOT NULL,
    key_type            TEXT NOT NULL,
    key_bits            INTEGER NOT NULL,
    self_signed         INTEGER NOT NULL CHECK (self_signed IN (0, 1)),
    der                 BLOB NOT NULL,
    state               TEXT NOT NULL DEFAULT 'discovered'
                        CHECK (state IN ('discovered', 'staged', 'active', 'retired')),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX certificates_sha1_thumbprint ON certificates (sha1_thumbprint);
CREATE UNIQUE INDEX certificates_sha256_thumbprint ON certificates (sha256_thumbprint);
CREATE INDEX certificates_not_after ON certificates (not_after);

-- Where a certificate lives on disk. One certificate, many files; one file (a PEM bundle),
-- many certificates.
CREATE TABLE certificate_files (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    certificate_id      INTEGER NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
    path                TEXT NOT NULL,
    format              TEXT NOT NULL CHECK (format IN ('pem', 'der', 'pfx')),
    has_private_key     INTEGER NOT NULL CHECK (has_private_key IN (0, 1)),
    password_ref        TEXT CHECK (password_ref IS NULL OR password_ref = 'prompt'
                                    OR password_ref LIKE 'env:_%' OR password_ref LIKE 'file:_%'),
    first_seen_at       TEXT NOT NULL,
    last_seen_at        TEXT NOT NULL,
    UNIQUE (certificate_id, path)
);
CREATE INDEX certificate_files_path ON certificate_files (path);

CREATE TABLE profiles (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT NOT NULL COLLATE NOCASE CHECK (length(name) > 0),
    tenant_id           TEXT NOT NULL,
    client_id           TEXT NOT NULL,
    authority_host      TEXT NOT NULL DEFAULT 'https://login.microsoftonline.com',
    scope               TEXT NOT NULL DEFAULT 'https://graph.microsoft.com/.default',
    -- The active certificate and the file (with its private key) tokens are signed from.
    certificate_id      INTEGER REFERENCES certificates (id) ON DELETE RESTRICT,
    certificate_path    TEXT,
    password_ref        TEXT CHECK (password_ref IS NULL OR password_ref = 'prompt'
                                    OR password_ref LIKE 'env:_%' OR password_ref LIKE 'file:_%'),
    send_x5c            INTEGER NOT NULL DEFAULT 0 CHECK (send_x5c IN (0, 1)),
    assertion_algorithm TEXT NOT NULL DEFAULT 'PS256' CHECK (assertion_algorithm IN ('PS256', 'RS256')),
    -- The application's object id (not the client id): Graph addKey/removeKey proofs need it.
    app_object_id       TEXT,
    graph_endpoint      TEXT NOT NULL DEFAULT 'https://graph.microsoft.com',
    graph_scope         TEXT NOT NULL DEFAULT 'https://graph.microsoft.com/.default',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE UNIQUE INDEX profiles_name ON profiles (name);
CREATE INDEX profiles_certificate_id ON profiles (certificate_id);

-- One row per rotation of a profile's certificate (docs/rotation.md):
-- started → staged → registered → verified → promoted → retired → completed,
-- or rolled_back from staged/registered/verified.
CREATE TABLE rotations (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    profile_id          INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    -- 1 for a profile's first rotation, 2 for its second, …
    revision            INTEGER NOT NULL CHECK (revision > 0),
    state               TEXT NOT NULL DEFAULT 'started'
                        CHECK (state IN ('started', 'staged', 'registered', 'verified',
                                         'promoted', 'retired', 'completed', 'rolled_back')),
    old_certificate_id  INTEGER REFERENCES certificates (id) ON DELETE RESTRICT,
    new_certificate_id  INTEGER REFERENCES certificates (id) ON DELETE RESTRICT,
    -- How the new certificate reaches the app registration: 'guided' (portal) or 'graph' (addKey).
    registration        TEXT CHECK (registration IS NULL OR registration IN ('guided', 'graph')),
    -- keyId Graph returned for the added credential, and the old credential's keyId to remove.
    graph_key_id        TEXT,
    old_graph_key_id    TEXT,
    -- Tries of the current step (reset on each transition) and the last failure, for resume.
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error          TEXT,
    started_at          TEXT NOT NULL,
    state_entered_at    TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    finished_at         TEXT,
    UNIQUE (profile_id, revision)
);
-- At most one unfinished rotation per profile.
CREATE UNIQUE INDEX rotations_one_unfinished_per_profile ON rotations (profile_id)
    WHERE state NOT IN ('completed', 'rolled_back');

-- Append-only audit log. No foreign keys: history outlives what it mentions.
CREATE TABLE events (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at         TEXT NOT NULL,
    action              TEXT NOT NULL,
    actor               TEXT,
    profile_id          INTEGER,
    profile_name        TEXT COLLATE NOCASE,
    certificate_id      INTEGER,
    rotation_id         INTEGER,
    detail              TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
);
CREATE INDEX events_profile_name ON events (profile_name, id);
CREATE INDEX events_certificate_id ON events (certificate_id, id);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
