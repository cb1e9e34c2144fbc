-- Schema version 9: the new key of an unfinished rotation lives in the inventory too, so a
-- rotation staged on one runner can be resumed on another (docs/postgres.md, "Rotations
-- across runners"). One row per rotation between `staged` and its end:
--   * pfx: the staged PKCS#12 exactly as written under the staging runner's keys/
--     (PBES2: AES-256-CBC, PBKDF2-SHA-256), written in the started → staged transaction and
--     deleted in the transaction that completes or rolls the rotation back;
--   * password_ref: the reference its password comes from — never the password;
--   * staged_by, staged_host: the OS user and host that staged it, named by a runner that
--     cannot open it.
CREATE TABLE rotation_staged_keys (
    rotation_id         INTEGER PRIMARY KEY REFERENCES rotations (id) ON DELETE CASCADE,
    pfx                 BLOB NOT NULL CHECK (length(pfx) > 0),
    password_ref        TEXT NOT NULL
                        CHECK (password_ref = 'prompt'
                               OR password_ref LIKE 'env:_%' OR password_ref LIKE 'file:_%'
                               OR password_ref LIKE 'keyring:_%' OR password_ref LIKE 'keyvault:http%://_%'),
    staged_by           TEXT,
    staged_host         TEXT,
    staged_at           TEXT NOT NULL
);
