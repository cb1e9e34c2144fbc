#ifndef CERTKEEPER_CPOSTGRES_H
#define CERTKEEPER_CPOSTGRES_H

// libpq (the system's, linked with the system's OpenSSL) for the PostgreSQL inventory in
// CertKeeperStore. libpq's API imports into Swift as it is; nothing in this header adds
// behaviour.

#include <libpq-fe.h>

#endif
