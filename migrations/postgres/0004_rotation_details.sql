-- Schema version 4 on PostgreSQL (twin of migrations/0004_rotation_details.sql): what a
-- rotation needs to resume after a crash without the command line that started it
-- (docs/rotation.md).
--   * options: the JSON of the start options, written once at start;
--   * old_*: the profile's certificate file and password reference when the rotation
--     started, so a rollback can re-point the profile exactly where it was;
--   * new_*: where the staged certificate (an encrypted PFX under the home's keys/) lives;
--   * retire_after: when the overlap ends and the old credential may be removed.
-- Password references only, never passwords.

ALTER TABLE rotations ADD COLUMN options text NOT NULL DEFAULT '{}' CHECK (options::json IS NOT NULL);
ALTER TABLE rotations ADD COLUMN old_certificate_path text;
ALTER TABLE rotations ADD COLUMN old_password_ref text
    CHECK (old_password_ref IS NULL OR old_password_ref = 'prompt'
           OR old_password_ref LIKE 'env:_%' OR old_password_ref LIKE 'file:_%');
ALTER TABLE rotations ADD COLUMN new_certificate_path text;
ALTER TABLE rotations ADD COLUMN new_password_ref text
    CHECK (new_password_ref IS NULL OR new_password_ref = 'prompt'
           OR new_password_ref LIKE 'env:_%' OR new_password_ref LIKE 'file:_%');
ALTER TABLE rotations ADD COLUMN retire_after text COLLATE "C";

CREATE INDEX events_rotation_id ON events (rotation_id, id);
