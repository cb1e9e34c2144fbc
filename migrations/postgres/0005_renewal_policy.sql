-- Schema version 5 on PostgreSQL (twin of migrations/0005_renewal_policy.sql): each
-- profile's renewal policy, read by `certkeeper rotate due`.
--   * renew_before: when the active certificate is due ('30d' before notAfter, or '66%' of
--     the lifetime elapsed);
--   * renew_register: 'graph', 'guided' or 'off';
--   * renew_overlap: seconds the old credential stays registered after promotion;
--   * deploy_hook: shell command run after promotion;
--   * deploy_targets: a JSON array of 'KIND:LOCATION' strings handed to the deploy hook.
-- Existing profiles get the defaults: due at 66% of the lifetime, guided, 24 h overlap.

ALTER TABLE profiles ADD COLUMN renew_before text NOT NULL DEFAULT '66%' CHECK (length(renew_before) > 0);
ALTER TABLE profiles ADD COLUMN renew_register text NOT NULL DEFAULT 'guided'
    CHECK (renew_register IN ('graph', 'guided', 'off'));
ALTER TABLE profiles ADD COLUMN renew_overlap bigint NOT NULL DEFAULT 86400 CHECK (renew_overlap >= 0);
ALTER TABLE profiles ADD COLUMN deploy_hook text;
ALTER TABLE profiles ADD COLUMN deploy_targets text NOT NULL DEFAULT '[]'
    CHECK (json_typeof(deploy_targets::json) = 'array');
