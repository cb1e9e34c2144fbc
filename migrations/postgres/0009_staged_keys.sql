-- Schema version 9 on PostgreSQL (twin of migrations/0009_staged_keys.sql): the new key of an
-- unfinished rotation lives in the inventory too, so a rotation staged on one runner can be
-- resumed on another. One row per rotation between `staged` and its end: the staged
-- PKCS#12 (PBES2, AES-256-CBC, PBKDF2-SHA-256) as written under the staging runner's keys/,
-- the reference its password comes from (never the password), and who staged it where.
-- Written in the started → staged transaction, deleted in the one that ends the rotation.
CREATE TABLE rotation_staged_keys (
    rotation_id         bigint PRIMARY KEY REFERENCES rotations (id) ON DELETE CASCADE,
    pfx                 bytea NOT NULL CHECK (length(pfx) > 0),
    password_ref        text NOT NULL
                        CHECK (password_ref = 'prompt'
                               OR password_ref LIKE 'env:_%' OR password_ref LIKE 'file:_%'
                               OR password_ref LIKE 'keyring:_%' OR password_ref LIKE 'keyvault:http%://_%'),
    staged_by           text,
    staged_host         text,
    staged_at           text COLLATE "C" NOT NULL
);
