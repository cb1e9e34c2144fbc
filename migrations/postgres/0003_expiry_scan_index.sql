-- certkeeper inventory on PostgreSQL, schema version 3 (twin of
-- migrations/0003_expiry_scan_index.sql): the index an expiry scan walks, in not_after order.
--
-- Not SQLite's covering index over every printed column: PostgreSQL refuses a B-tree entry
-- above about 2.7 kB, and subjects and issuers come from certificates anyone can craft, so an
-- import would fail on a long DN. The scan reads the table in index order instead.
CREATE INDEX certificates_expiry ON certificates (not_after, id);
DROP INDEX certificates_not_after;
