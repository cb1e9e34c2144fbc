-- Schema version 5: each profile's renewal policy, read by `certkeeper rotate due`.
--   * renew_before: when the active certificate is due, in scan-threshold notation: a time
--     left before notAfter ('30d') or a share of the lifetime elapsed ('66%');
--   * renew_register: how an unattended renewal registers the new certificate: 'graph'
--     (addKey, completes alone), 'guided' (staged; an operator uploads it) or 'off'
--     (rotate due leaves the profile alone);
--   * renew_overlap: seconds the old credential stays registered after promotion;
--   * deploy_hook: shell command run after promotion (as rotate start --deploy-hook);
--   * deploy_targets: a JSON array of 'KIND:LOCATION' strings handed to the deploy hook.
-- Existing profiles get the defaults: due at 66% of the lifetime, guided, 24 h overlap.

ALTER TABLE profiles ADD COLUMN renew_before TEXT NOT NULL DEFAULT '66%' CHECK (length(renew_before) > 0);
ALTER TABLE profiles ADD COLUMN renew_register TEXT NOT NULL DEFAULT 'guided'
    CHECK (renew_register IN ('graph', 'guided', 'off'));
ALTER TABLE profiles ADD COLUMN renew_overlap INTEGER NOT NULL DEFAULT 86400 CHECK (renew_overlap >= 0);
ALTER TABLE profiles ADD COLUMN deploy_hook TEXT;
ALTER TABLE profiles ADD COLUMN deploy_targets TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(deploy_targets) AND json_type(deploy_targets) = 'array');
