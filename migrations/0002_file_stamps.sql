-- certkeeper inventory, schema version 2.
--
-- Remembers what each file looked like when it was last read (device, inode, size, mtime and
-- ctime in nanoseconds, as one opaque text), so a re-import recognises an unchanged file
-- without reading it again: no PFX decryption and no password needed for files already known.
-- NULL for rows written before version 2: those files are simply read again.
ALTER TABLE certificate_files ADD COLUMN file_stamp TEXT;
