-- Schema version 7 on PostgreSQL (twin of migrations/0007_secret_references.sql): password
-- references may also be keyring:NAME (a Linux kernel keyring key) and keyvault:URL (a Key
-- Vault secret), beside prompt, env:NAME and file:PATH (docs/keyvault.md). PostgreSQL
-- replaces the CHECK constraints in place (their default names: TABLE_COLUMN_check).

ALTER TABLE certificate_files DROP CONSTRAINT certificate_files_password_ref_check;
ALTER TABLE certificate_files ADD CONSTRAINT certificate_files_password_ref_check
    CHECK (password_ref IS NULL OR password_ref = 'prompt'
           OR password_ref LIKE 'env:_%' OR password_ref LIKE 'file:_%'
           OR password_ref LIKE 'keyring:_%' OR password_ref LIKE 'keyvault:http%://_%');

ALTER TABLE profiles DROP CONSTRAINT profiles_password_ref_check;
ALTER TABLE profiles ADD CONSTRAINT profiles_password_ref_check
    CHECK (password_ref IS NULL OR password_ref = 'prompt'
           OR password_ref LIKE 'env:_%' OR password_ref LIKE 'file:_%'
           OR password_ref LIKE 'keyring:_%' OR password_ref LIKE 'keyvault:http%://_%');

ALTER TABLE rotations DROP CONSTRAINT rotations_old_password_ref_check;
ALTER TABLE rotations ADD CONSTRAINT rotations_old_password_ref_check
    CHECK (old_password_ref IS NULL OR old_password_ref = 'prompt'
           OR old_password_ref LIKE 'env:_%' OR old_password_ref LIKE 'file:_%'
           OR old_password_ref LIKE 'keyring:_%' OR old_password_ref LIKE 'keyvault:http%://_%');

ALTER TABLE rotations DROP CONSTRAINT rotations_new_password_ref_check;
ALTER TABLE rotations ADD CONSTRAINT rotations_new_password_ref_check
    CHECK (new_password_ref IS NULL OR new_password_ref = 'prompt'
           OR new_password_ref LIKE 'env:_%' OR new_password_ref LIKE 'file:_%'
           OR new_password_ref LIKE 'keyring:_%' OR new_password_ref LIKE 'keyvault:http%://_%');
