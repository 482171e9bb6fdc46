/* Between store.c and query.c only; the rest of the program never needs it. */
#ifndef AIX_STORE_INTERNAL_H
#define AIX_STORE_INTERNAL_H

#include "store.h"

struct sqlite3;
/* The connection behind st. */
struct sqlite3 *store_db(const struct store *st);
/* Registers on a new connection the SQL functions the queries use. Returns an
 * SQLite result code. */
int store_register_query_functions(struct sqlite3 *db);

#endif
