-- certkeeper inventory on PostgreSQL, schema version 2 (twin of migrations/0002_file_stamps.sql).
--
-- Remembers what each file looked like when it was last read (device, inode, size, mtime and
-- ctime in nanoseconds, as one opaque text), so a re-import recognises an unchanged file
-- without reading it again. NULL for rows written before version 2: those files are read again.
ALTER TABLE certificate_files ADD COLUMN file_stamp text;
