#!/bin/sh
# Makes the certificates whose SubjectPublicKeyInfo algorithm certkeeper (and OpenSSL without
# an engine) cannot decode, with the openssl CLI only: the TBSCertificate is generated from
# an ASN.1 description (`openssl asn1parse -genconf`), signed with a throw-away RSA key
# (`openssl dgst -sign`), and wrapped into the Certificate the same way.
#   gost.pem     key algorithm GOST R 34.10-2012 256-bit (1.2.643.7.1.1.1.1): OpenSSL knows
#                its name but has no implementation without the GOST engine
#   unknown.pem  key algorithm 1.3.6.1.4.1.55555.1.1, an OID nobody knows
# Run from this directory: sh make.sh
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/ca.key" 2>/dev/null

make() { # NAME SERIAL KEYOID PARAMS-SECTION-OR-EMPTY
    name=$1 serial=$2 oid=$3 params=$4
    cat >"$work/tbs.cnf" <<CNF
asn1=SEQUENCE:tbs
[tbs]
version=EXPLICIT:0,INTEGER:2
serial=INTEGER:$serial
signature=SEQUENCE:sigalg
issuer=SEQUENCE:issuer
validity=SEQUENCE:validity
subject=SEQUENCE:subject
spki=SEQUENCE:spki
[sigalg]
oid=OID:sha256WithRSAEncryption
null=NULL
[issuer]
cn=SET:issuer_cn
[issuer_cn]
attr=SEQUENCE:issuer_cn_attr
[issuer_cn_attr]
type=OID:commonName
value=UTF8:certkeeper fixture CA
[subject]
o=SET:subject_o
cn=SET:subject_cn
[subject_o]
attr=SEQUENCE:subject_o_attr
[subject_o_attr]
type=OID:organizationName
value=UTF8:certkeeper fixtures
[subject_cn]
attr=SEQUENCE:subject_cn_attr
[subject_cn_attr]
type=OID:commonName
value=UTF8:$name key fixture
[validity]
notBefore=UTCTIME:260101000000Z
notAfter=UTCTIME:460101000000Z
[spki]
algorithm=SEQUENCE:keyalg
key=FORMAT:HEX,BITSTRING:0440$(printf '%064d' 0 | tr 0 a)$(printf '%064d' 0 | tr 0 5)
[keyalg]
oid=OID:$oid
$params
[gost_params]
paramset=OID:1.2.643.7.1.2.1.1.1
CNF
    openssl asn1parse -genconf "$work/tbs.cnf" -noout -out "$work/tbs.der" >/dev/null
    openssl dgst -sha256 -sign "$work/ca.key" -out "$work/sig.bin" "$work/tbs.der"
    signature=$(od -An -v -tx1 "$work/sig.bin" | tr -d ' \n')
    sed 's/^asn1=SEQUENCE:tbs$/asn1=SEQUENCE:certificate/' "$work/tbs.cnf" >"$work/cert.cnf"
    cat >>"$work/cert.cnf" <<CNF
[certificate]
tbs=SEQUENCE:tbs
signatureAlgorithm=SEQUENCE:sigalg
signature=FORMAT:HEX,BITSTRING:$signature
CNF
    openssl asn1parse -genconf "$work/cert.cnf" -noout -out "$work/$name.der" >/dev/null
    openssl x509 -inform DER -in "$work/$name.der" -out "$name.pem"
}

make gost 0x4F5354 1.2.643.7.1.1.1.1 "params=SEQUENCE:gost_params"
make unknown 0x554E4B 1.3.6.1.4.1.55555.1.1 ""
