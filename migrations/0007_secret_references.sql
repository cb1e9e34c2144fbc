-- Schema version 7: password references may also be keyring:NAME (a Linux kernel keyring
-- key) and keyvault:URL (a Key Vault secret), beside prompt, env:NAME and file:PATH
-- (docs/keyvault.md). SQLite cannot alter a CHECK constraint, so the three tables that hold
-- references are rebuilt as SQLite's ALTER TABLE procedure describes: new table, copy,
-- drop, rename, indexes again (the migrator runs this with foreign keys off and checks them
-- before commit). Columns keep their order; AUTOINCREMENT counters are carried over.

CREATE TABLE certificate_files_new (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    certificate_id      INTEGER NOT NULL REFERENCES certificates (id) ON DELETE CASCADE,
    path                TEXT NOT NULL,
    format              TEXT NOT NULL CHECK (format IN ('pem', 'der', 'pfx')),
    has_private_key     INTEGER NOT NULL CHECK (has_private_key IN (0, 1)),
    password_ref        TEXT CHECK (password_ref IS NULL OR password_ref = 'prompt'
                                    OR password_ref LIKE 'env:_%' OR password_ref LIKE 'file:_%'
                                    OR password_ref LIKE 'keyring:_%' OR password_ref LIKE 'keyvault:http%://_%'),
    first_seen_at       TEXT NOT NULL,
    last_seen_at        TEXT NOT NULL,
    file_stamp          TEXT,
    UNIQUE (certificate_id, path)
);
INSERT INTO certificate_files_new SELECT * FROM certificate_files;

CREATE TABLE profiles_new (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT NOT NULL COLLATE NOCASE CHECK (length(name) > 0),
    tenant_id           TEXT NOT NULL,
    client_id           TEXT NOT NULL,
    authority_host      TEXT NOT NULL DEFAULT 'https://login.microsoftonline.com',
    scope               TEXT NOT NULL DEFAULT 'https://graph.microsoft.com/.default',
    -- The active certificate and where tokens are signed from: a file with its private key,
    -- or keyvault:URL (read into memory; no certificate_id then).
    certificate_id      INTEGER REFERENCES certificates (id) ON DELETE RESTRICT,
    certificate_path    TEXT,
    password_ref        TEXT CHECK (password_ref IS NULL OR password_ref = 'prompt'
                                    OR password_ref LIKE 'env:_%' OR password_ref LIKE 'file:_%'
                                    OR password_ref LIKE 'keyring:_%' OR password_ref LIKE 'keyvault:http%://_%'),
    send_x5c            INTEGER NOT NULL DEFAULT 0 CHECK (send_x5c IN (0, 1)),
    assertion_algorithm TEXT NOT NULL DEFAULT 'PS256' CHECK (assertion_algorithm IN ('PS256', 'RS256')),
    -- The application's object id (not the client id): Graph addKey/removeKey proofs need it.
    app_object_id       TEXT,
    graph_endpoint      TEXT NOT NULL DEFAULT 'https://graph.microsoft.com',
    graph_scope         TEXT NOT NULL DEFAULT 'https://graph.microsoft.com/.default',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    renew_before        TEXT NOT NULL DEFAULT '66%' CHECK (length(renew_before) > 0),
    renew_register      TEXT NOT NULL DEFAULT 'guided' CHECK (renew_register IN ('graph', 'guided', 'off')),
    renew_overlap       INTEGER NOT NULL DEFAULT 86400 CHECK (renew_overlap >= 0),
    deploy_hook         TEXT,
    deploy_targets      TEXT NOT NULL DEFAULT '[]'
                        CHECK (json_valid(deploy_targets) AND json_type(deploy_targets) = 'array')
);
INSERT INTO profiles_new SELECT * FROM profiles;

CREATE TABLE rotations_new (
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
    options             TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options)),
    old_certificate_path TEXT,
    old_password_ref    TEXT
                        CHECK (old_password_ref IS NULL OR old_password_ref = 'prompt'
                               OR old_password_ref LIKE 'env:_%' OR old_password_ref LIKE 'file:_%'
                               OR old_password_ref LIKE 'keyring:_%' OR old_password_ref LIKE 'keyvault:http%://_%'),
    new_certificate_path TEXT,
    new_password_ref    TEXT
                        CHECK (new_password_ref IS NULL OR new_password_ref = 'prompt'
                               OR new_password_ref LIKE 'env:_%' OR new_password_ref LIKE 'file:_%'
                               OR new_password_ref LIKE 'keyring:_%' OR new_password_ref LIKE 'keyvault:http%://_%'),
    retire_after        TEXT,
    UNIQUE (profile_id, revision)
);
INSERT INTO rotations_new SELECT * FROM rotations;

-- The counters: ids are never reused, even those of deleted rows.
INSERT INTO sqlite_sequence (name, seq)
    SELECT old.name || '_new', old.seq FROM sqlite_sequence AS old
    WHERE old.name IN ('certificate_files', 'profiles', 'rotations')
      AND NOT EXISTS (SELECT 1 FROM sqlite_sequence AS new WHERE new.name = old.name || '_new');
UPDATE sqlite_sequence
    SET seq = max(seq, coalesce((SELECT old.seq FROM sqlite_sequence AS old WHERE old.name || '_new' = sqlite_sequence.name), 0))
    WHERE name IN ('certificate_files_new', 'profiles_new', 'rotations_new');

DROP TABLE certificate_files;
DROP TABLE profiles;
DROP TABLE rotations;
ALTER TABLE certificate_files_new RENAME TO certificate_files;
ALTER TABLE profiles_new RENAME TO profiles;
ALTER TABLE rotations_new RENAME TO rotations;

CREATE INDEX certificate_files_path ON certificate_files (path);
CREATE UNIQUE INDEX profiles_name ON profiles (name);
CREATE INDEX profiles_certificate_id ON profiles (certificate_id);
CREATE UNIQUE INDEX rotations_one_unfinished_per_profile ON rotations (profile_id)
    WHERE state NOT IN ('completed', 'rolled_back');
