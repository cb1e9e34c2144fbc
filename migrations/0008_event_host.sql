-- Schema version 8: each audit event records the host name of the machine that wrote it,
-- beside the OS user (`actor`), so a team's shared inventory says which runner or operator
-- did what. Rows written before this version have no host (NULL).
ALTER TABLE events ADD COLUMN host TEXT;
