/* Between store.c, query.c and lists.c only; the rest of the program never needs it. */
#ifndef AIX_STORE_INTERNAL_H
#define AIX_STORE_INTERNAL_H

#include "store.h"

#include <stdint.h>

struct sqlite3;
/* The connection behind st. */
struct sqlite3 *store_db(const struct store *st);
/* When the last error on db is one the user can act on (a full disk, a lock
 * held by another program, a read-only file or folder, a damaged file, a
 * failing disk), a translated message naming path and what to do; otherwise
 * NULL. Caller frees. */
char *store_explain_error(struct sqlite3 *db, const char *path);
/* Stores a list's present state at its history position, inside the
 * caller's transaction (lists.c): a list recovered without its undo history
 * can then undo its next edit. */
int store_list_seed_history(struct store *st, int64_t list_id, char **cause);
/* Registers on a new connection the SQL functions the queries use. Returns an
 * SQLite result code. */
int store_register_query_functions(struct sqlite3 *db);

/* Writing the search index's blob (search-index.c) at import: begin, then
 * each enterprise's key string, then each item's, in position order. */
struct buf;
void search_index_begin(struct buf *b, size_t nent, size_t nitems);
void search_index_add_enterprise(struct buf *b, const char *keys);
void search_index_add_item(struct buf *b, size_t ent, const char *keys);

#endif
