/* The store: opening the database, its schema, importing a catalogue and
 * keeping the import in step with the YAML. The queries are in query.c.
 *
 * Products and services share one table, `items` (is_service tells them
 * apart), with the views `products` and `services` over it: every list can
 * show both, and one ORDER BY sorts them together.
 *
 * The catalogue tables (editions, categories, townships, enterprises, items,
 * item_tags and the catalogue keys of meta) are replaced as a whole by each
 * import. Tables added later (saved purchase lists, order history) refer to
 * products by their text id, never by a foreign key, so an import never
 * touches them. */
#include "store/store-internal.h"

#include "core/i18n.h"
#include "core/searchkey.h"
#include "core/xalloc.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* PRAGMA user_version of the schema this program creates. A database with a
 * higher one was made by a newer program and is left alone. */
#define STORE_SCHEMA_VERSION 1
#define STORE_STRINGIFY_(x)  #x
#define STORE_STRINGIFY(x)   STORE_STRINGIFY_(x)

/* What the import derives from the catalogue (search keys, sort keys, the price
 * per 500 g) is stored, not recomputed. Bump STORE_DERIVED_VERSION whenever the
 * import's own derivations change (searchkey.h has its own number): a store
 * imported with another value is re-imported even though the YAML did not
 * change. */
#define STORE_DERIVED_VERSION 1
#define STORE_KEYS_VERSION                                                                         \
	STORE_STRINGIFY(STORE_DERIVED_VERSION) "." STORE_STRINGIFY(SEARCH_KEYS_VERSION)

/* How long a statement waits for another aixingou holding the database. */
#define STORE_BUSY_TIMEOUT_MS 3000

struct store {
	sqlite3 *db; /* the connection */
	char *path;  /* as given to store_open, for messages */
	bool wal;    /* write-ahead logging is on (false on file systems without it) */
};

static const char store_schema[] =
    "CREATE TABLE IF NOT EXISTS meta (\n"
    "	key TEXT PRIMARY KEY NOT NULL,\n"
    "	value\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS editions (\n"
    "	no INTEGER PRIMARY KEY,\n"
    "	title TEXT NOT NULL,\n"
    "	published TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS categories (\n"
    "	id TEXT PRIMARY KEY NOT NULL,\n"
    "	name TEXT NOT NULL,\n"
    "	position INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS townships (\n"
    "	code INTEGER PRIMARY KEY,\n"
    "	name TEXT NOT NULL UNIQUE,\n"
    "	position INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS enterprises (\n"
    "	id TEXT PRIMARY KEY NOT NULL,\n"
    "	name TEXT NOT NULL,\n"
    "	short_name TEXT,\n"
    "	sort_key TEXT NOT NULL,\n"
    "	kinds INTEGER NOT NULL,\n"
    "	township INTEGER NOT NULL REFERENCES townships(code),\n"
    "	edition INTEGER REFERENCES editions(no),\n"
    "	platforms INTEGER NOT NULL,\n"
    "	recuperation_base INTEGER NOT NULL,\n"
    "	contact_person TEXT,\n"
    "	contact_phone TEXT,\n"
    "	contact_address TEXT,\n"
    "	description TEXT,\n"
    "	file TEXT,\n"
    "	position INTEGER NOT NULL\n"
    ");\n"
    /* Indexes serve the filters and the foreign keys (whose checks on
     * delete would otherwise scan). None serves a sort: with 200,000 items,
     * SQLite would walk a sort index and fetch every row to run the search
     * on it, three to five times slower than scanning and then sorting the
     * matches, and hardly faster for a whole unfiltered list. */
    "CREATE INDEX IF NOT EXISTS enterprises_township ON enterprises(township);\n"
    "CREATE INDEX IF NOT EXISTS enterprises_edition ON enterprises(edition);\n"
    /* position is the catalogue order from 1 and the rowid: the tie-break of
     * every sort costs nothing. */
    "CREATE TABLE IF NOT EXISTS items (\n"
    "	position INTEGER PRIMARY KEY,\n"
    "	id TEXT NOT NULL UNIQUE,\n"
    "	enterprise TEXT NOT NULL REFERENCES enterprises(id),\n"
    "	is_service INTEGER NOT NULL,\n"
    "	name TEXT NOT NULL,\n"
    "	category TEXT NOT NULL REFERENCES categories(id),\n"
    "	spec TEXT,\n"
    "	unit TEXT NOT NULL,\n"
    "	price INTEGER NOT NULL,\n"
    "	net_weight_g INTEGER,\n"
    "	per_500g INTEGER,\n"
    "	min_order INTEGER NOT NULL,\n"
    "	certified_832 INTEGER NOT NULL,\n"
    "	selenium_rich INTEGER NOT NULL,\n"
    "	shelf_life_days INTEGER,\n"
    "	description TEXT,\n"
    "	search_keys TEXT NOT NULL,\n"
    "	sort_key TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS items_enterprise ON items(enterprise);\n"
    "CREATE INDEX IF NOT EXISTS items_category ON items(category);\n"
    "CREATE TABLE IF NOT EXISTS item_tags (\n"
    "	item TEXT NOT NULL REFERENCES items(id),\n"
    "	position INTEGER NOT NULL,\n"
    "	tag TEXT NOT NULL,\n"
    "	PRIMARY KEY (item, position)\n"
    ");\n"
    "CREATE VIEW IF NOT EXISTS products AS SELECT * FROM items WHERE is_service = 0;\n"
    "CREATE VIEW IF NOT EXISTS services AS SELECT * FROM items WHERE is_service = 1;\n"
    /* Saved purchase lists (lists.c). A line names its product by the text id
     * alone: the import replaces the catalogue tables and must never reach
     * these. AUTOINCREMENT keeps ids from being reused, so that undo can put
     * a removed line back under its old id. The four rule numbers are fen,
     * except the percent. edit_order orders the lists by their last edit,
     * finer than updated_at's seconds. */
    "CREATE TABLE IF NOT EXISTS purchase_lists (\n"
    "	id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "	name TEXT NOT NULL UNIQUE,\n"
    "	union_name TEXT NOT NULL,\n"
    "	handler TEXT NOT NULL,\n"
    "	purpose TEXT NOT NULL,\n"
    "	headcount INTEGER NOT NULL,\n"
    "	pack INTEGER NOT NULL,\n"
    "	per_member_budget INTEGER NOT NULL,\n"
    "	yearly_gift_cap_per_member INTEGER NOT NULL,\n"
    "	poverty_share_min_percent INTEGER NOT NULL,\n"
    "	contract_threshold INTEGER NOT NULL,\n"
    "	created_at TEXT NOT NULL,\n"
    "	updated_at TEXT NOT NULL,\n"
    "	edit_order INTEGER NOT NULL,\n"
    "	history_pos INTEGER NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS purchase_lines (\n"
    "	id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "	list_id INTEGER NOT NULL REFERENCES purchase_lists(id) ON DELETE CASCADE,\n"
    "	position INTEGER NOT NULL,\n"
    "	product_id TEXT,\n"
    "	supplier_id TEXT,\n"
    "	supplier TEXT NOT NULL,\n"
    "	name TEXT NOT NULL,\n"
    "	spec TEXT NOT NULL,\n"
    "	unit TEXT NOT NULL,\n"
    "	unit_price INTEGER NOT NULL,\n"
    "	quantity INTEGER NOT NULL,\n"
    "	is_service INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS purchase_lines_list ON purchase_lines(list_id, position);\n"
    /* One snapshot of a list (its settings and lines) per edit, for undo and
     * redo; purchase_lists.history_pos is the seq of the state now shown. */
    "CREATE TABLE IF NOT EXISTS list_history (\n"
    "	list_id INTEGER NOT NULL REFERENCES purchase_lists(id) ON DELETE CASCADE,\n"
    "	seq INTEGER NOT NULL,\n"
    "	state BLOB NOT NULL,\n"
    "	PRIMARY KEY (list_id, seq)\n"
    ");\n"
    /* Orders outlive their list: list_name keeps what it was called. */
    "CREATE TABLE IF NOT EXISTS orders (\n"
    "	id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "	list_id INTEGER REFERENCES purchase_lists(id) ON DELETE SET NULL,\n"
    "	list_name TEXT NOT NULL,\n"
    "	number TEXT NOT NULL UNIQUE,\n"
    "	written_at TEXT NOT NULL,\n"
    "	files TEXT NOT NULL,\n"
    "	total INTEGER NOT NULL\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS orders_list ON orders(list_id);\n";

/* Children before parents, so that the foreign keys hold at every step. */
static const char store_delete_catalogue[] = "DELETE FROM item_tags;\n"
                                             "DELETE FROM items;\n"
                                             "DELETE FROM enterprises;\n"
                                             "DELETE FROM townships;\n"
                                             "DELETE FROM categories;\n"
                                             "DELETE FROM editions;\n";

struct sqlite3 *store_db(const struct store *st)
{
	return st->db;
}

/* Sets *cause to "what: SQLite's message". */
static void store_fail(struct store *st, const char *what, char **cause)
{
	*cause = xasprintf("%s: %s", what, sqlite3_errmsg(st->db));
}

static void store_fail_import(struct store *st, char **cause)
{
	char *what = xasprintf(_("cannot import the catalogue into %s"), st->path);
	store_fail(st, what, cause);
	free(what);
}

/* Runs fixed SQL (never text built from data). */
static int store_exec(struct store *st, const char *sql, char **cause)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		char *what = xasprintf(_("database %s"), st->path);
		store_fail(st, what, cause);
		free(what);
		return -1;
	}
	return 0;
}

/* Undoes the open transaction, if SQLite has not already done so. The caller
 * has set *cause already; a failing ROLLBACK adds nothing it could act on. */
static void store_rollback(struct store *st)
{
	if (sqlite3_get_autocommit(st->db))
		return;
	/* Should it fail, the transaction ends at the latest with the
	 * connection, uncommitted: the previous data stays either way. */
	(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static sqlite3_stmt *store_prepare(struct store *st, const char *sql, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		char *what = xasprintf(_("database %s"), st->path);
		store_fail(st, what, cause);
		free(what);
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

/* The bind helpers do nothing once *rc holds an error, so that a row's binds
 * read as a list and are checked once. NULL text binds NULL. */
static void bind_text(sqlite3_stmt *stmt, int idx, const char *s, int *rc)
{
	if (*rc != SQLITE_OK)
		return;
	if (s == NULL)
		*rc = sqlite3_bind_null(stmt, idx);
	else
		*rc = sqlite3_bind_text(stmt, idx, s, -1, SQLITE_STATIC);
}

static void bind_int(sqlite3_stmt *stmt, int idx, int64_t v, int *rc)
{
	if (*rc == SQLITE_OK)
		*rc = sqlite3_bind_int64(stmt, idx, v);
}

/* Binds v, or NULL when v is 0 (the model's "not given"). */
static void bind_int_or_null(sqlite3_stmt *stmt, int idx, int64_t v, int *rc)
{
	if (*rc != SQLITE_OK)
		return;
	if (v == 0)
		*rc = sqlite3_bind_null(stmt, idx);
	else
		*rc = sqlite3_bind_int64(stmt, idx, v);
}

/* Runs a bound statement that returns no rows, then makes it ready for the
 * next row. */
static int step_done(sqlite3_stmt *stmt, int rc)
{
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	int reset = sqlite3_reset(stmt);
	if (rc == SQLITE_OK)
		rc = reset;
	if (rc == SQLITE_OK)
		rc = sqlite3_clear_bindings(stmt);
	return rc;
}

/* Creates the folders above path that do not exist yet (mode 0700: the
 * database is the user's own). */
static int make_parent_folders(const char *path, char **cause)
{
	char *folder = xstrdup(path);
	char *slash = strrchr(folder, '/');
	if (slash == NULL || slash == folder) {
		free(folder);
		return 0;
	}
	*slash = '\0';

	/* Walk down from the top so that each mkdir finds its parent. */
	for (char *p = folder + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		struct stat sb;
		if (mkdir(folder, 0700) != 0 &&
		    (errno != EEXIST || stat(folder, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
			if (errno == EEXIST)
				errno = ENOTDIR;
			*cause = xasprintf(_("cannot create the folder %s: %s"), folder,
			                   strerror(errno));
			free(folder);
			return -1;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	free(folder);
	return 0;
}

/* Reads PRAGMA user_version: the first read of the file, so it is also where
 * a file that is not a database shows. */
static int read_user_version(struct store *st, int *version, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			*version = sqlite3_column_int(stmt, 0);
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_NOTADB)
			*cause = xasprintf(_("%s is not an aixingou database (%s)"), st->path,
			                   sqlite3_errmsg(st->db));
		else
			*cause = xasprintf(_("cannot read the database %s: %s"), st->path,
			                   sqlite3_errmsg(st->db));
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : -1;
}

static int check_user_version(struct store *st, int version, char **cause)
{
	if (version > STORE_SCHEMA_VERSION) {
		*cause = xasprintf(_("the database %s was made by a newer aixingou (schema %d; "
		                     "this version knows up to %d)"),
		                   st->path, version, STORE_SCHEMA_VERSION);
		return -1;
	}
	return 0;
}

/* Asks for write-ahead logging, so that a reader never blocks the import. Some
 * file systems (network shares) cannot do it; SQLite then keeps its default
 * journal, which is slower with two programs open but correct. */
static int enable_wal(struct store *st, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(stmt);
		/* The row names the mode now in force; not "wal" is not an error. */
		if (rc == SQLITE_ROW) {
			const unsigned char *mode = sqlite3_column_text(stmt, 0);
			st->wal = mode != NULL && strcmp((const char *)mode, "wal") == 0;
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK) {
		char *what = xasprintf(_("cannot set up the database %s"), st->path);
		store_fail(st, what, cause);
		free(what);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Creates what is missing of the schema and stamps the version, in one
 * transaction that also re-checks the version (another program may have
 * upgraded the file since the first look). */
static int create_schema(struct store *st, char **cause)
{
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	int version = 0;
	if (read_user_version(st, &version, cause) != 0 ||
	    check_user_version(st, version, cause) != 0)
		goto error;
	if (store_exec(st, store_schema, cause) != 0)
		goto error;
	if (version < STORE_SCHEMA_VERSION) {
		/* PRAGMA takes no bound parameters; the text is a constant. */
		static const char stamp[] =
		    "PRAGMA user_version = " STORE_STRINGIFY(STORE_SCHEMA_VERSION);
		if (store_exec(st, stamp, cause) != 0)
			goto error;
	}
	if (store_exec(st, "COMMIT", cause) != 0)
		goto error;
	return 0;
error:
	store_rollback(st);
	return -1;
}

struct store *store_open(const char *path, char **cause)
{
	if (make_parent_folders(path, cause) != 0)
		return NULL;

	struct store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	int rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		if (st->db == NULL)
			*cause = xasprintf(_("cannot open the database %s: %s"), path,
			                   sqlite3_errstr(rc));
		else
			*cause = xasprintf(_("cannot open the database %s: %s"), path,
			                   sqlite3_errmsg(st->db));
		goto error;
	}
	if (sqlite3_extended_result_codes(st->db, 1) != SQLITE_OK ||
	    sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS) != SQLITE_OK) {
		char *what = xasprintf(_("cannot set up the database %s"), path);
		store_fail(st, what, cause);
		free(what);
		goto error;
	}

	int version = 0;
	if (read_user_version(st, &version, cause) != 0 ||
	    check_user_version(st, version, cause) != 0)
		goto error;
	if (enable_wal(st, cause) != 0)
		goto error;
	/* A page cache of up to 16 MiB (grown only as used): with the default
	 * 2 MiB an import of 200,000 items rereads its own index pages. */
	if (store_exec(st, "PRAGMA foreign_keys = ON", cause) != 0 ||
	    /* FULL: a purchase-list edit that returned must survive a power
	     * cut too; in WAL mode NORMAL could take back the last commits. */
	    store_exec(st, "PRAGMA synchronous = FULL", cause) != 0 ||
	    store_exec(st, "PRAGMA cache_size = -16384", cause) != 0)
		goto error;
	if (create_schema(st, cause) != 0)
		goto error;

	rc = store_register_query_functions(st->db);
	if (rc != SQLITE_OK) {
		char *what = xasprintf(_("cannot set up the database %s"), path);
		store_fail(st, what, cause);
		free(what);
		goto error;
	}
	return st;
error:
	store_close(st);
	return NULL;
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	/* Every statement is finalised where it was prepared, so close cannot
	 * be refused; sqlite3_close_v2 would only defer it if one leaked. */
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

/* The catalogue's categories are few: a linear search per item is cheap. */
static const char *category_name(const struct catalogue *cat, const char *id)
{
	for (size_t i = 0; i < cat->ncategories; i++)
		if (strcmp(cat->categories[i].id, id) == 0)
			return cat->categories[i].name;
	return NULL;
}

/* The search keys of one item: its name, its enterprise's names, its spec,
 * its category's name and its tags. */
static char *item_search_keys(const struct catalogue *cat, const struct cat_item *item,
                              const struct cat_enterprise *ent)
{
	const char **texts = xreallocarray(NULL, item->ntags + 6, sizeof *texts);
	size_t n = 0;
	/* search_keys_build stops at the first NULL: leave out the texts that
	 * are not given. */
	const char *fixed[] = {item->name, ent->name, ent->short_name, item->spec,
	                       category_name(cat, item->category)};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (fixed[i] != NULL)
			texts[n++] = fixed[i];
	for (size_t i = 0; i < item->ntags; i++)
		if (item->tags[i] != NULL)
			texts[n++] = item->tags[i];
	texts[n] = NULL;
	char *keys = search_keys_build(texts);
	free(texts);
	return keys;
}

static int import_editions(struct store *st, const struct catalogue *cat)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(
	    st->db, "INSERT INTO editions (no, title, published) VALUES (?1, ?2, ?3)", -1, &stmt,
	    NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < cat->neditions; i++) {
		const struct cat_edition *ed = &cat->editions[i];
		bind_int(stmt, 1, ed->no, &rc);
		bind_text(stmt, 2, ed->title, &rc);
		bind_text(stmt, 3, ed->published, &rc);
		rc = step_done(stmt, rc);
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int import_categories(struct store *st, const struct catalogue *cat)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(
	    st->db, "INSERT INTO categories (id, name, position) VALUES (?1, ?2, ?3)", -1, &stmt,
	    NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < cat->ncategories; i++) {
		bind_text(stmt, 1, cat->categories[i].id, &rc);
		bind_text(stmt, 2, cat->categories[i].name, &rc);
		bind_int(stmt, 3, (int64_t)i + 1, &rc);
		rc = step_done(stmt, rc);
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int import_townships(struct store *st, const struct catalogue *cat)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(
	    st->db, "INSERT INTO townships (code, name, position) VALUES (?1, ?2, ?3)", -1, &stmt,
	    NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < cat->ntownships; i++) {
		bind_int(stmt, 1, cat->townships[i].code, &rc);
		bind_text(stmt, 2, cat->townships[i].name, &rc);
		bind_int(stmt, 3, (int64_t)i + 1, &rc);
		rc = step_done(stmt, rc);
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int import_enterprises(struct store *st, const struct catalogue *cat)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(st->db,
	                            "INSERT INTO enterprises (id, name, short_name, sort_key, "
	                            "kinds, township, edition, platforms, recuperation_base, "
	                            "contact_person, contact_phone, contact_address, description, "
	                            "file, position) "
	                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	                            "?13, ?14, ?15)",
	                            -1, &stmt, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < cat->nenterprises; i++) {
		const struct cat_enterprise *ent = &cat->enterprises[i];
		/* Lists show the short name: sort by what they show. */
		char *sort_key =
		    search_sort_key(ent->short_name != NULL ? ent->short_name : ent->name);
		bind_text(stmt, 1, ent->id, &rc);
		bind_text(stmt, 2, ent->name, &rc);
		bind_text(stmt, 3, ent->short_name, &rc);
		bind_text(stmt, 4, sort_key, &rc);
		bind_int(stmt, 5, ent->kinds, &rc);
		bind_int(stmt, 6, ent->township, &rc);
		bind_int_or_null(stmt, 7, ent->edition, &rc);
		bind_int(stmt, 8, ent->platforms, &rc);
		bind_int(stmt, 9, ent->recuperation_base, &rc);
		bind_text(stmt, 10, ent->contact_person, &rc);
		bind_text(stmt, 11, ent->contact_phone, &rc);
		bind_text(stmt, 12, ent->contact_address, &rc);
		bind_text(stmt, 13, ent->description, &rc);
		bind_text(stmt, 14, ent->file, &rc);
		bind_int(stmt, 15, (int64_t)i + 1, &rc);
		rc = step_done(stmt, rc);
		free(sort_key);
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int import_item_tags(sqlite3_stmt *stmt, const struct cat_item *item)
{
	int rc = SQLITE_OK;
	for (size_t t = 0; rc == SQLITE_OK && t < item->ntags; t++) {
		bind_text(stmt, 1, item->id, &rc);
		bind_int(stmt, 2, (int64_t)t + 1, &rc);
		bind_text(stmt, 3, item->tags[t], &rc);
		rc = step_done(stmt, rc);
	}
	return rc;
}

static int import_items(struct store *st, const struct catalogue *cat, char **cause)
{
	sqlite3_stmt *stmt = NULL, *tag_stmt = NULL;
	int rc = sqlite3_prepare_v2(st->db,
	                            "INSERT INTO items (position, id, enterprise, is_service, "
	                            "name, category, spec, unit, price, net_weight_g, per_500g, "
	                            "min_order, certified_832, selenium_rich, shelf_life_days, "
	                            "description, search_keys, sort_key) "
	                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
	                            "?13, ?14, ?15, ?16, ?17, ?18)",
	                            -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db,
		                        "INSERT INTO item_tags (item, position, tag) "
		                        "VALUES (?1, ?2, ?3)",
		                        -1, &tag_stmt, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < cat->nitems; i++) {
		const struct cat_item *item = &cat->items[i];
		if (item->enterprise >= cat->nenterprises) {
			*cause = xasprintf(_("cannot import the catalogue into %s: item %s "
			                     "names no enterprise"),
			                   st->path, item->id);
			rc = SQLITE_ERROR;
			break;
		}
		const struct cat_enterprise *ent = &cat->enterprises[item->enterprise];
		money_t per_500g = money_per_500g(item->price, item->net_weight_g);
		char *keys = item_search_keys(cat, item, ent);
		char *sort_key = search_sort_key(item->name);
		bind_int(stmt, 1, (int64_t)i + 1, &rc);
		bind_text(stmt, 2, item->id, &rc);
		bind_text(stmt, 3, ent->id, &rc);
		bind_int(stmt, 4, item->is_service, &rc);
		bind_text(stmt, 5, item->name, &rc);
		bind_text(stmt, 6, item->category, &rc);
		bind_text(stmt, 7, item->spec, &rc);
		bind_text(stmt, 8, item->unit, &rc);
		bind_int(stmt, 9, item->price, &rc);
		bind_int_or_null(stmt, 10, item->net_weight_g, &rc);
		if (per_500g < 0)
			bind_int_or_null(stmt, 11, 0, &rc);
		else
			bind_int(stmt, 11, per_500g, &rc);
		bind_int(stmt, 12, item->min_order, &rc);
		bind_int(stmt, 13, item->certified_832, &rc);
		bind_int(stmt, 14, item->selenium_rich, &rc);
		bind_int_or_null(stmt, 15, item->shelf_life_days, &rc);
		bind_text(stmt, 16, item->description, &rc);
		bind_text(stmt, 17, keys, &rc);
		bind_text(stmt, 18, sort_key, &rc);
		rc = step_done(stmt, rc);
		free(keys);
		free(sort_key);
		if (rc == SQLITE_OK)
			rc = import_item_tags(tag_stmt, item);
	}
	sqlite3_finalize(stmt);
	sqlite3_finalize(tag_stmt);
	return rc;
}

/* One row of meta; NULL text stores NULL. */
static int put_meta_text(sqlite3_stmt *stmt, const char *key, const char *value)
{
	int rc = SQLITE_OK;
	bind_text(stmt, 1, key, &rc);
	bind_text(stmt, 2, value, &rc);
	return step_done(stmt, rc);
}

static int put_meta_int(sqlite3_stmt *stmt, const char *key, int64_t value)
{
	int rc = SQLITE_OK;
	bind_text(stmt, 1, key, &rc);
	bind_int(stmt, 2, value, &rc);
	return step_done(stmt, rc);
}

static int import_meta(struct store *st, const struct catalogue *cat, const char *catalogue_dir)
{
	char imported_at[32];
	time_t now = time(NULL);
	struct tm tm;
	if (gmtime_r(&now, &tm) == NULL ||
	    strftime(imported_at, sizeof imported_at, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		strcpy(imported_at, "1970-01-01 00:00:00");

	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(
	    st->db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = put_meta_text(stmt, "catalogue_hash", cat->hash);
	if (rc == SQLITE_OK)
		rc = put_meta_text(stmt, "keys_version", STORE_KEYS_VERSION);
	if (rc == SQLITE_OK)
		rc = put_meta_text(stmt, "catalogue_dir", catalogue_dir);
	if (rc == SQLITE_OK)
		rc = put_meta_text(stmt, "imported_at", imported_at);
	if (rc == SQLITE_OK)
		rc = put_meta_int(stmt, "catalogue_schema", cat->schema);
	if (rc == SQLITE_OK)
		rc = put_meta_text(stmt, "title", cat->title);
	if (rc == SQLITE_OK)
		rc = put_meta_text(stmt, "publisher", cat->publisher);
	if (rc == SQLITE_OK)
		rc = put_meta_text(stmt, "region_code", cat->region_code);
	if (rc == SQLITE_OK)
		rc = put_meta_text(stmt, "region_name", cat->region_name);
	if (rc == SQLITE_OK)
		rc = put_meta_int(stmt, "sample", cat->sample);
	if (rc == SQLITE_OK)
		rc = put_meta_int(stmt, "rule_per_member_budget", cat->rules.per_member_budget);
	if (rc == SQLITE_OK)
		rc = put_meta_int(stmt, "rule_yearly_gift_cap_per_member",
		                  cat->rules.yearly_gift_cap_per_member);
	if (rc == SQLITE_OK)
		rc = put_meta_int(stmt, "rule_poverty_share_min_percent",
		                  cat->rules.poverty_share_min_percent);
	if (rc == SQLITE_OK)
		rc = put_meta_int(stmt, "rule_contract_threshold", cat->rules.contract_threshold);
	sqlite3_finalize(stmt);
	return rc;
}

int store_import(struct store *st, const struct catalogue *cat, const char *catalogue_dir,
                 char **cause)
{
	char *local_cause = NULL;
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		store_fail_import(st, cause);
		return -1;
	}
	int rc = sqlite3_exec(st->db, store_delete_catalogue, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = import_editions(st, cat);
	if (rc == SQLITE_OK)
		rc = import_categories(st, cat);
	if (rc == SQLITE_OK)
		rc = import_townships(st, cat);
	if (rc == SQLITE_OK)
		rc = import_enterprises(st, cat);
	if (rc == SQLITE_OK)
		rc = import_items(st, cat, &local_cause);
	if (rc == SQLITE_OK)
		rc = import_meta(st, cat, catalogue_dir);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		if (local_cause != NULL)
			*cause = local_cause;
		else
			store_fail_import(st, cause);
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* A meta value as text, or NULL (in *value) when the key is not there. */
static int get_meta(struct store *st, const char *key, char **value, char **cause)
{
	*value = NULL;
	sqlite3_stmt *stmt = store_prepare(st, "SELECT value FROM meta WHERE key = ?1", cause);
	if (stmt == NULL)
		return -1;
	int rc = SQLITE_OK;
	bind_text(stmt, 1, key, &rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const unsigned char *text = sqlite3_column_text(stmt, 0);
		if (text != NULL)
			*value = xstrdup((const char *)text);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		char *what = xasprintf(_("cannot read the database %s"), st->path);
		store_fail(st, what, cause);
		free(what);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : -1;
}

/* What the last import recorded to recognise its catalogue again. */
struct import_stamp {
	char *hash;         /* NULL when nothing was imported yet */
	char *keys_version; /* STORE_KEYS_VERSION of the program that imported */
	char *dir;          /* the folder imported */
};

static void import_stamp_finish(struct import_stamp *stamp)
{
	free(stamp->hash);
	free(stamp->keys_version);
	free(stamp->dir);
}

static int get_import_stamp(struct store *st, struct import_stamp *stamp, char **cause)
{
	memset(stamp, 0, sizeof *stamp);
	/* One read transaction: all three from the same import. */
	if (store_exec(st, "BEGIN", cause) != 0)
		return -1;
	if (get_meta(st, "catalogue_hash", &stamp->hash, cause) != 0 ||
	    get_meta(st, "keys_version", &stamp->keys_version, cause) != 0 ||
	    get_meta(st, "catalogue_dir", &stamp->dir, cause) != 0 ||
	    store_exec(st, "COMMIT", cause) != 0) {
		store_rollback(st);
		import_stamp_finish(stamp);
		return -1;
	}
	return 0;
}

static bool same_text(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

enum store_sync_result store_sync(struct store *st, const char *catalogue_dir,
                                  struct diag_list *diags, char **cause)
{
	struct import_stamp stamp;
	if (get_import_stamp(st, &stamp, cause) != 0)
		return STORE_SYNC_ERROR;
	bool have_import = stamp.hash != NULL;

	/* The same folder named another way is the same catalogue: the stamp
	 * holds the canonical path. The files are read by the name the user
	 * gave, so that the errors name them as the user would. */
	char *dir = realpath(catalogue_dir, NULL);
	if (dir == NULL)
		dir = xstrdup(catalogue_dir);

	enum store_sync_result result;
	char hash[17];
	char *hash_cause = NULL;
	if (catalogue_hash(catalogue_dir, hash, &hash_cause) != 0) {
		if (have_import) {
			/* The cause names the file already. */
			diag_add(diags, NULL, 0, 0, "%s", hash_cause);
			free(hash_cause);
			result = STORE_SYNC_KEPT_OLD;
		} else {
			*cause = hash_cause;
			result = STORE_SYNC_ERROR;
		}
		goto out;
	}
	if (have_import && same_text(stamp.hash, hash) &&
	    same_text(stamp.keys_version, STORE_KEYS_VERSION) && same_text(stamp.dir, dir)) {
		result = STORE_SYNC_UNCHANGED;
		goto out;
	}

	size_t before = diag_total(diags);
	struct catalogue *cat = catalogue_load(catalogue_dir, diags);
	if (cat == NULL) {
		if (diag_total(diags) == before)
			diag_add(diags, catalogue_dir, 0, 0, "%s",
			         _("the catalogue could not be loaded"));
		if (have_import) {
			result = STORE_SYNC_KEPT_OLD;
		} else {
			size_t n = diag_total(diags) - before;
			*cause = xasprintf(P_("the catalogue in %s has %zu error",
			                      "the catalogue in %s has %zu errors", n),
			                   catalogue_dir, n);
			result = STORE_SYNC_ERROR;
		}
		goto out;
	}
	if (store_import(st, cat, dir, cause) != 0)
		result = STORE_SYNC_ERROR;
	else
		result = STORE_SYNC_IMPORTED;
	catalogue_free(cat);
out:
	free(dir);
	import_stamp_finish(&stamp);
	return result;
}

static int get_meta_int(struct store *st, const char *key, int64_t *value, char **cause)
{
	char *text = NULL;
	if (get_meta(st, key, &text, cause) != 0)
		return -1;
	*value = text != NULL ? strtoll(text, NULL, 10) : 0;
	free(text);
	return 0;
}

/* One number from fixed SQL that returns one row. */
static int select_int(struct store *st, const char *sql, int64_t *value, char **cause)
{
	sqlite3_stmt *stmt = store_prepare(st, sql, cause);
	if (stmt == NULL)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	} else {
		char *what = xasprintf(_("cannot read the database %s"), st->path);
		store_fail(st, what, cause);
		free(what);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : -1;
}

static int read_info(struct store *st, struct store_info *info, char **cause)
{
	int64_t sample = 0, percent = 0, latest = 0;
	if (get_meta(st, "title", &info->title, cause) != 0)
		return -1;
	if (info->title == NULL) {
		*cause = xasprintf(_("no catalogue has been imported into %s yet"), st->path);
		return -1;
	}
	if (get_meta(st, "publisher", &info->publisher, cause) != 0 ||
	    get_meta(st, "region_name", &info->region_name, cause) != 0 ||
	    get_meta(st, "imported_at", &info->imported_at, cause) != 0 ||
	    get_meta(st, "catalogue_dir", &info->catalogue_dir, cause) != 0 ||
	    get_meta_int(st, "sample", &sample, cause) != 0 ||
	    get_meta_int(st, "rule_per_member_budget", &info->rules.per_member_budget, cause) !=
	        0 ||
	    get_meta_int(st, "rule_yearly_gift_cap_per_member",
	                 &info->rules.yearly_gift_cap_per_member, cause) != 0 ||
	    get_meta_int(st, "rule_poverty_share_min_percent", &percent, cause) != 0 ||
	    get_meta_int(st, "rule_contract_threshold", &info->rules.contract_threshold, cause) !=
	        0 ||
	    select_int(st, "SELECT COALESCE(MAX(no), 0) FROM editions", &latest, cause) != 0 ||
	    select_int(st, "SELECT COUNT(*) FROM enterprises", &info->nenterprises, cause) != 0 ||
	    select_int(st, "SELECT COUNT(*) FROM items WHERE is_service = 0", &info->nproducts,
	               cause) != 0 ||
	    select_int(st, "SELECT COUNT(*) FROM items WHERE is_service = 1", &info->nservices,
	               cause) != 0)
		return -1;
	if (info->publisher == NULL)
		info->publisher = xstrdup("");
	if (info->imported_at == NULL)
		info->imported_at = xstrdup("");
	if (info->catalogue_dir == NULL)
		info->catalogue_dir = xstrdup("");
	info->sample = sample != 0;
	info->rules.poverty_share_min_percent = (int)percent;
	info->latest_edition = (int)latest;
	return 0;
}

int store_get_info(struct store *st, struct store_info *info, char **cause)
{
	memset(info, 0, sizeof *info);
	/* One read transaction: the header never mixes two imports. */
	if (store_exec(st, "BEGIN", cause) != 0)
		return -1;
	if (read_info(st, info, cause) != 0 || store_exec(st, "COMMIT", cause) != 0) {
		store_rollback(st);
		store_info_finish(info);
		return -1;
	}
	return 0;
}

void store_info_finish(struct store_info *info)
{
	free(info->title);
	free(info->publisher);
	free(info->region_name);
	free(info->imported_at);
	free(info->catalogue_dir);
	memset(info, 0, sizeof *info);
}

char *store_default_path(void)
{
	const char *data_home = getenv("XDG_DATA_HOME");
	/* The XDG rules say a relative XDG_DATA_HOME is to be ignored. */
	if (data_home != NULL && data_home[0] == '/')
		return xasprintf("%s/aixingou/aixingou.db", data_home);
	const char *home = getenv("HOME");
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.local/share/aixingou/aixingou.db", home);
	return NULL;
}
