-- certkeeper inventory, schema version 3.
--
-- An index that answers an expiry scan on its own: in not_after order, holding every column
-- `certkeeper scan` prints. Walking 100,000 certificates then reads the index's pages in
-- sequence, instead of jumping from the plain not_after index to each row's table page (rows
-- carry their DER, so the table is several times larger, and it is in insertion order, not
-- expiry order). Its leading column makes the plain not_after index redundant.
CREATE INDEX certificates_expiry ON certificates (
    not_after, not_before, state, sha1_thumbprint, sha256_thumbprint, serial_number,
    subject, subject_cn, issuer, issuer_cn
);
DROP INDEX certificates_not_after;
