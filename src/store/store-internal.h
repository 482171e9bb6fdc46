/* Between store.c, query.c and lists.c only; the rest of the program never needs it. */
#ifndef AIX_STORE_INTERNAL_H
#define AIX_STORE_INTERNAL_H

#include "store.h"

#include "core/buf.h"

#include <stdint.h>

struct sqlite3;
struct cat_enterprise;
struct sqlite3_stmt;
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

/* Writing the search index (search-index.c) at import, inside the import's
 * transaction: begin, then each category's id, each enterprise with its key
 * string, each item's in position order, then finish. The adds keep the first error for finish;
 * begin and finish return an SQLite result code. */
struct search_index_writer {
	struct buf pending; /* bytes not written yet */
	struct sqlite3_stmt *insert;
	int64_t part; /* parts written */
	int rc;       /* the first error */
};
int search_index_begin(struct search_index_writer *w, struct sqlite3 *db, size_t ncat, size_t nent,
                       size_t nitems);
void search_index_add_category(struct search_index_writer *w, const char *id);
void search_index_add_enterprise(struct search_index_writer *w, const struct cat_enterprise *ent,
                                 const char *keys);
void search_index_add_item(struct search_index_writer *w, size_t ent, size_t category,
                           const char *keys);
int search_index_finish(struct search_index_writer *w);

/* The search index from the bytes of its blob (the parts one after the
 * other), as store_search_index_load reads it: NULL when they are not an
 * index. For the fuzz target. */
struct store_search_index *search_index_from_bytes(const void *data, size_t len);

#endif
