-- Schema version 8 on PostgreSQL (twin of migrations/0008_event_host.sql): each audit event
-- records the host name of the machine that wrote it, beside the OS user (`actor`). Rows
-- written before this version have no host (NULL).
ALTER TABLE events ADD COLUMN host TEXT;
