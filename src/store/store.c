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

#include "core/buf.h"
#include "core/i18n.h"
#include "core/searchkey.h"
#include "core/xalloc.h"
#include "store/lists.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

/* PRAGMA user_version of the schema this program creates. A database with a
 * higher one was made by a newer program and is left alone. */
#define STORE_SCHEMA_VERSION 1
#define STORE_STRINGIFY_(x)  #x
#define STORE_STRINGIFY(x)   STORE_STRINGIFY_(x)

/* What the import derives from the catalogue (search keys, sort keys, the price
 * per 500 g) is stored, not recomputed. Bump STORE_DERIVED_VERSION whenever the
 * import's own derivations change (searchkey.h has its own number), the
 * search index's layout (search-index.c) included: a store imported with
 * another value is re-imported even though the YAML did not change.
 * 2: the search index. */
#define STORE_DERIVED_VERSION 2
#define STORE_KEYS_VERSION                                                                         \
	STORE_STRINGIFY(STORE_DERIVED_VERSION) "." STORE_STRINGIFY(SEARCH_KEYS_VERSION)

/* How long a statement waits for another aixingou holding the database. */
#define STORE_BUSY_TIMEOUT_MS 3000

struct store {
	sqlite3 *db; /* the connection */
	char *path;  /* as given to store_open, for messages */
	bool wal;    /* write-ahead logging is on (false on file systems without it) */
	int busy_ms; /* how long a statement waits for another program */
	/* For store_reimported: the import seen last ("HASH AT"), and SQLite's
	 * count of other connections' commits then. */
	char *seen_import;
	int64_t data_version;
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
    /* A category's products without reading them: the browser's filter by
     * category lists 44,000 of 200,000 in 3 ms, not 42 (the first
     * versions had items_category on the category alone). */
    "DROP INDEX IF EXISTS items_category;\n"
    "CREATE INDEX IF NOT EXISTS items_category_service ON items(category, is_service);\n"
    /* The header's counts, without reading every item. */
    "CREATE INDEX IF NOT EXISTS items_service ON items(is_service);\n"
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
    "CREATE INDEX IF NOT EXISTS orders_list ON orders(list_id);\n"
    /* The text of each order as it was written (the history reopens and
     * prints it) and the digest of the list it was made from without its
     * number and date (an unchanged list written again keeps its number). */
    "CREATE TABLE IF NOT EXISTS order_texts (\n"
    "	order_id INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,\n"
    "	digest TEXT NOT NULL,\n"
    "	text TEXT NOT NULL\n"
    ");\n"
    /* A file being written under a reserved number, recorded before its
     * rename: the path, the digest of its bytes and the writing process.
     * store_orders_reconcile settles what a killed writer left. */
    "CREATE TABLE IF NOT EXISTS order_files_pending (\n"
    "	order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,\n"
    "	path TEXT NOT NULL,\n"
    "	content TEXT NOT NULL,\n"
    "	pid INTEGER NOT NULL,\n"
    "	started_at INTEGER NOT NULL\n"
    ");\n"
    /* The search keys as one blob for the browser (search-index.c). */
    "CREATE TABLE IF NOT EXISTS search_index (\n"
    "	part INTEGER PRIMARY KEY,\n"
    "	data BLOB NOT NULL\n"
    ");\n";

/* Children before parents, so that the foreign keys hold at every step. */
static const char store_delete_catalogue[] = "DELETE FROM search_index;\n"
                                             "DELETE FROM item_tags;\n"
                                             "DELETE FROM items;\n"
                                             "DELETE FROM enterprises;\n"
                                             "DELETE FROM townships;\n"
                                             "DELETE FROM categories;\n"
                                             "DELETE FROM editions;\n";

struct sqlite3 *store_db(const struct store *st)
{
	return st->db;
}

/* Sets *cause to what the user can do about the error (see
 * store_explain_error), else to "what: SQLite's message". */
static void store_fail(struct store *st, const char *what, char **cause)
{
	*cause = store_explain_error(st->db, st->path);
	if (*cause == NULL)
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

/* ---- Errors people can act on ------------------------------------------- */

static char *disk_full(const char *path)
{
	return xasprintf(_("the disk holding the database %s is full: free some space and try "
	                   "again; nothing was changed"),
	                 path);
}

static char *read_only(const char *path)
{
	return xasprintf(_("the database %s cannot be written: the file or its folder is "
	                   "read-only; make them writable, or use --db with a file in a writable "
	                   "folder; nothing was changed"),
	                 path);
}

/* The folder path is in. Caller frees. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Why a write to the database failed, when SQLite could not keep the
 * system's reason (it reads errno after the failure, when later calls may
 * have changed it): a file system with no room left, or a file at the size
 * limit of the session (ulimit -f). 0 when neither. */
static int guess_write_error(const char *path)
{
	/* Less than this left is full: SQLite writes pages of 4 KiB and more,
	 * and a transaction writes several. */
	const uint64_t room = 64 * 1024;
	char *folder = folder_of(path);
	struct statvfs vfs;
	int err = 0;
	if (statvfs(folder, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < room)
		err = ENOSPC;
	free(folder);
	struct rlimit limit;
	if (err == 0 && getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
		static const char *const suffixes[] = {"", "-wal", "-journal"};
		for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
			char *file = xasprintf("%s%s", path, suffixes[i]);
			struct stat sb;
			if (stat(file, &sb) == 0 && (uint64_t)sb.st_size + room > limit.rlim_cur)
				err = EFBIG;
			free(file);
		}
	}
	return err;
}

/* The mark a session leaves when SQLite found the file damaged while
 * working: the next start checks the whole file (open_checked), which the
 * message of store_explain_error promises. Caller frees. */
static char *damage_mark_path(const char *path)
{
	return xasprintf("%s-damaged", path);
}

/* Leaves the mark beside path and keeps db from merging its write-ahead log
 * into the damaged file on close: the repair moves both aside as they are. */
static void mark_damaged(struct sqlite3 *db, const char *path)
{
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (path == NULL || path[0] == '\0')
		return;
	char *mark = damage_mark_path(path);
	int fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0)
		close(fd);
	free(mark);
}

char *store_explain_error(struct sqlite3 *db, const char *path)
{
	int code = sqlite3_extended_errcode(db);
	/* Only meaningful after an I/O failure: other errors leave an old
	 * errno there. */
	int err = sqlite3_system_errno(db);
	if ((code & 0xff) == SQLITE_IOERR && err != ENOSPC && err != EDQUOT && err != EFBIG) {
		int guess = guess_write_error(path);
		if (guess != 0)
			err = guess;
	}
	/* A new file in a folder that cannot take one: SQLite reports the
	 * last of its attempts (opening it read-only: no such file). */
	if ((code & 0xff) == SQLITE_CANTOPEN && err == ENOENT) {
		char *folder = folder_of(path);
		if (access(folder, W_OK) != 0 &&
		    (errno == EROFS || errno == EACCES || errno == EPERM))
			err = errno;
		free(folder);
	}

	switch (code & 0xff) {
	case SQLITE_FULL:
		return disk_full(path);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return xasprintf(_("the database %s is locked by another running aixingou (or "
		                   "another program): close it or let it finish, then try again; "
		                   "nothing was changed"),
		                 path);
	case SQLITE_READONLY:
		return read_only(path);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		mark_damaged(db, path);
		/* TRANSLATORS: found while working, after the checks at start. */
		return xasprintf(_("the database %s is damaged: quit aixingou and start it again "
		                   "to have the file checked, moved aside if need be and the saved "
		                   "lists recovered; nothing was changed"),
		                 path);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		if (err == ENOSPC || err == EDQUOT)
			return disk_full(path);
		if (err == EFBIG)
			return xasprintf(_("the database %s cannot grow: the file has reached the "
			                   "largest size allowed here (%s); nothing was changed"),
			                 path, strerror(err));
		if (err == EROFS || err == EACCES || err == EPERM)
			return read_only(path);
		if ((code & 0xff) == SQLITE_IOERR)
			return xasprintf(
			    _("cannot read or write the database %s (%s): check the "
			      "disk or USB stick it is on, then try again; nothing was "
			      "changed"),
			    path, err != 0 ? strerror(err) : sqlite3_errstr(code));
		return NULL;
	default:
		return NULL;
	}
}

/* ---- Opening ------------------------------------------------------------ */

/* The busy timeout: AIXINGOU_BUSY_TIMEOUT_MS when it is a number from 0 to
 * 600000 (the tests shorten the wait; a slow network share may want a longer
 * one), else STORE_BUSY_TIMEOUT_MS. */
static int busy_timeout_ms(void)
{
	const char *text = getenv("AIXINGOU_BUSY_TIMEOUT_MS");
	if (text == NULL || *text == '\0')
		return STORE_BUSY_TIMEOUT_MS;
	char *end;
	errno = 0;
	long ms = strtol(text, &end, 10);
	if (errno != 0 || *end != '\0' || ms < 0 || ms > 600000)
		return STORE_BUSY_TIMEOUT_MS;
	return (int)ms;
}

/* Why the folder for the database cannot be made, and what to do. */
static char *folder_error(const char *folder, int err)
{
	switch (err) {
	case ENOTDIR:
		return xasprintf(
		    _("cannot create the folder %s for the database: a file of that "
		      "name is in the way; move it, or use --db PATH (or XDG_DATA_HOME) "
		      "to keep the database elsewhere"),
		    folder);
	case EROFS:
	case EACCES:
	case EPERM:
		return xasprintf(_("cannot create the folder %s for the database (%s): use --db "
		                   "PATH (or XDG_DATA_HOME) to keep the database in a writable "
		                   "place"),
		                 folder, strerror(err));
	case ENOSPC:
	case EDQUOT:
		return xasprintf(_("cannot create the folder %s for the database: the disk is "
		                   "full; free some space and try again"),
		                 folder);
	default:
		return xasprintf(_("cannot create the folder %s: %s"), folder, strerror(err));
	}
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
			*cause = folder_error(folder, errno);
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

/* True for the result codes that mean the file itself is broken (or is no
 * database at all), as opposed to locked, unreadable or full. */
static bool is_damage(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* Sets *damage (or *cause, when damage is NULL) when the last error on st
 * says the file is broken; otherwise *cause: what people can act on, else
 * "cannot read the database PATH: SQLite's message". */
static void read_failed(struct store *st, int rc, char **damage, char **cause)
{
	char **out = damage != NULL ? damage : cause;
	if ((rc & 0xff) == SQLITE_NOTADB)
		*out = xasprintf(_("%s is not an aixingou database (%s)"), st->path,
		                 sqlite3_errmsg(st->db));
	else if (is_damage(rc))
		*out = xasprintf(_("the database %s is damaged (%s)"), st->path,
		                 sqlite3_errmsg(st->db));
	else if ((*cause = store_explain_error(st->db, st->path)) == NULL)
		*cause = xasprintf(_("cannot read the database %s: %s"), st->path,
		                   sqlite3_errmsg(st->db));
}

/* Reads PRAGMA user_version: the first read of the file, so it is also where
 * a file that is not a database shows (in *damage, see read_failed). */
static int read_user_version(struct store *st, int *version, char **damage, char **cause)
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
	if (rc != SQLITE_OK)
		read_failed(st, sqlite3_extended_errcode(st->db), damage, cause);
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

/* The tables that hold what only this file has: the purchase lists, their
 * history and orders, and the import stamp. The rest, the catalogue, is
 * imported again from its YAML at any time. */
static const char *const precious_tables[] = {
    "meta",   "purchase_lists", "purchase_lines",     "list_history",
    "orders", "order_texts",    "order_files_pending"};

/* One PRAGMA quick_check; a problem found goes to *damage. */
static int run_quick_check(struct store *st, const char *sql, char **damage, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const char *verdict = (const char *)sqlite3_column_text(stmt, 0);
		/* "*** in database main ***\n" comes before the problem. */
		if (verdict != NULL && strncmp(verdict, "***", 3) == 0 && strchr(verdict, '\n'))
			verdict = strchr(verdict, '\n') + 1;
		if (verdict == NULL || strcmp(verdict, "ok") != 0)
			*damage = xasprintf(_("the database %s is damaged (%s)"), st->path,
			                    verdict != NULL ? verdict : "?");
		rc = SQLITE_OK;
	} else {
		read_failed(st, sqlite3_extended_errcode(st->db), damage, cause);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK && *damage == NULL ? 0 : -1;
}

/* SQLite's quick check: every page readable and well formed, every record
 * sound (not the indexes' agreement with their tables, which would read the
 * file several times over). Of the whole file when a session left the damage
 * mark; else of the precious tables only: the whole file of 200,000 products
 * took 60% of a start (bench/README.md), and damage in the catalogue's
 * tables shows when SQLite reads them, which leaves the mark (see
 * store_explain_error). A problem found goes to *damage. */
static int quick_check(struct store *st, char **damage, char **cause)
{
	char *mark = damage_mark_path(st->path);
	bool whole = access(mark, F_OK) == 0;
	int rc = 0;
	if (whole) {
		rc = run_quick_check(st, "PRAGMA quick_check(1)", damage, cause);
		if (rc == 0)
			(void)unlink(mark);
	}
	for (size_t i = 0;
	     !whole && rc == 0 && i < sizeof precious_tables / sizeof precious_tables[0]; i++) {
		/* A PRAGMA takes no parameters; the names are ours, never data.
		 * A table not made yet (a new file) has nothing to check. */
		char *sql = sqlite3_mprintf("SELECT 1 FROM sqlite_schema WHERE type = 'table' "
		                            "AND name = %Q",
		                            precious_tables[i]);
		int64_t exists = 0;
		sqlite3_stmt *stmt = NULL;
		int src = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
		if (src == SQLITE_OK && (src = sqlite3_step(stmt)) == SQLITE_ROW)
			exists = 1;
		sqlite3_finalize(stmt);
		sqlite3_free(sql);
		if (src != SQLITE_ROW && src != SQLITE_DONE) {
			read_failed(st, sqlite3_extended_errcode(st->db), damage, cause);
			rc = -1;
		} else if (exists) {
			sql = sqlite3_mprintf("PRAGMA quick_check(%Q)", precious_tables[i]);
			rc = run_quick_check(st, sql, damage, cause);
			sqlite3_free(sql);
		}
	}
	free(mark);
	return rc;
}

/* The tables and their columns, as "table\tcolumn" texts in order. */
struct table_columns {
	char **names;
	size_t count;
};

static void table_columns_finish(struct table_columns *tc)
{
	for (size_t i = 0; i < tc->count; i++)
		free(tc->names[i]);
	free(tc->names);
}

static int list_table_columns(sqlite3 *db, struct table_columns *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db,
	                            "SELECT m.name || char(9) || p.name "
	                            "FROM sqlite_schema AS m, pragma_table_info(m.name) AS p "
	                            "WHERE m.type = 'table' ORDER BY 1",
	                            -1, &stmt, NULL);
	size_t cap = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *text = sqlite3_column_text(stmt, 0);
		if (out->count == cap)
			out->names =
			    xreallocarray(out->names, cap = cap * 2 + 64, sizeof *out->names);
		out->names[out->count++] = xstrdup(text != NULL ? (const char *)text : "");
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static bool has_name(const struct table_columns *tc, const char *name, size_t len)
{
	for (size_t i = 0; i < tc->count; i++)
		if (strncmp(tc->names[i], name, len) == 0 && tc->names[i][len] == '\0')
			return true;
	return false;
}

/* True when the file has the table (some column of it). */
static bool has_table(const struct table_columns *tc, const char *table)
{
	size_t len = strlen(table);
	for (size_t i = 0; i < tc->count; i++)
		if (strncmp(tc->names[i], table, len) == 0 && tc->names[i][len] == '\t')
			return true;
	return false;
}

/* What the schema of the file says, the thorough way: nothing yet (a new
 * file), ours, or not. Ours has the tables meta and items (every import made them together, from
 * the first version on); each table of ours that it has must have every
 * column this program's schema gives it, since the queries name them. The
 * reference is the schema itself, made in a database in memory. */
static int check_schema_columns(struct store *st, char **damage, char **cause)
{
	struct table_columns want = {0}, have = {0};
	sqlite3 *ref = NULL;
	int rc = sqlite3_open_v2(":memory:", &ref, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(ref, store_schema, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = list_table_columns(ref, &want);
	if (rc != SQLITE_OK) {
		*cause = xasprintf(_("cannot set up the database %s: %s"), st->path,
		                   ref != NULL ? sqlite3_errmsg(ref) : sqlite3_errstr(rc));
		goto out;
	}
	rc = list_table_columns(st->db, &have);
	if (rc != SQLITE_OK) {
		read_failed(st, sqlite3_extended_errcode(st->db), damage, cause);
		goto out;
	}
	int64_t objects = 0;
	sqlite3_stmt *stmt = NULL;
	rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		objects = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_OK) {
		read_failed(st, sqlite3_extended_errcode(st->db), damage, cause);
		goto out;
	}
	if (objects == 0)
		goto out;
	if (!has_table(&have, "meta") || !has_table(&have, "items")) {
		*damage = xasprintf(_("%s is not an aixingou database (it holds the tables of "
		                      "another program)"),
		                    st->path);
		goto out;
	}
	for (size_t i = 0; i < want.count && *damage == NULL; i++) {
		const char *tab = strchr(want.names[i], '\t');
		size_t table_len = (size_t)(tab - want.names[i]);
		char *table = xstrndup(want.names[i], table_len);
		if (has_table(&have, table) &&
		    !has_name(&have, want.names[i], strlen(want.names[i])))
			*damage = xasprintf(_("the database %s is damaged (its table %s lacks the "
			                      "column %s)"),
			                    st->path, table, tab + 1);
		free(table);
	}
out:
	sqlite3_close(ref);
	table_columns_finish(&want);
	table_columns_finish(&have);
	return *damage == NULL && rc == SQLITE_OK ? 0 : -1;
}

/* True when every table of the file is one this program makes, exactly as
 * it makes it (SQLite keeps each CREATE TABLE as written, less its "IF NOT
 * EXISTS"), and meta and items are among them: the usual case, found without
 * building the reference schema. */
static bool schema_is_ours_exactly(struct store *st)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT name, sql FROM sqlite_schema "
	                       "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
	                       -1, &stmt, NULL) != SQLITE_OK)
		return false;
	static const char create[] = "CREATE TABLE ";
	bool exact = true, meta = false, items = false;
	while (exact && sqlite3_step(stmt) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(stmt, 0);
		const char *sql = (const char *)sqlite3_column_text(stmt, 1);
		if (name == NULL || sql == NULL || strncmp(sql, create, strlen(create)) != 0) {
			exact = false;
			break;
		}
		char *ours = xasprintf("CREATE TABLE IF NOT EXISTS %s;\n", sql + strlen(create));
		exact = strstr(store_schema, ours) != NULL;
		free(ours);
		meta = meta || strcmp(name, "meta") == 0;
		items = items || strcmp(name, "items") == 0;
	}
	sqlite3_finalize(stmt);
	return exact && meta && items;
}

/* What the schema of the file says: see check_schema_columns. */
static int check_schema(struct store *st, char **damage, char **cause)
{
	if (schema_is_ours_exactly(st))
		return 0;
	return check_schema_columns(st, damage, cause);
}

/* Asks for write-ahead logging, so that a reader never blocks the import. Some
 * file systems (network shares) cannot do it; SQLite then keeps its default
 * journal, which is slower with two programs open but correct. */
static int enable_wal(struct store *st, char **cause)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=WAL", -1, &stmt, NULL);
	/* Switching a new file over needs it to itself, and SQLite does not
	 * wait for that: two programs starting on a new database at once would
	 * fail. Wait here, as the busy timeout says. */
	for (int waited = 0; rc == SQLITE_OK;) {
		rc = sqlite3_step(stmt);
		if ((rc & 0xff) != SQLITE_BUSY || waited >= st->busy_ms)
			break;
		sqlite3_reset(stmt);
		waited += sqlite3_sleep(10);
		rc = SQLITE_OK;
	}
	/* The row names the mode now in force; not "wal" is not an error. */
	if (rc == SQLITE_ROW) {
		const unsigned char *mode = sqlite3_column_text(stmt, 0);
		st->wal = mode != NULL && strcmp((const char *)mode, "wal") == 0;
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK) {
		char *what = xasprintf(_("cannot set up the database %s"), st->path);
		store_fail(st, what, cause);
		free(what);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : -1;
}

/* True when the schema is complete and current, found in a read transaction:
 * the usual case, which then never waits for another program writing. Every
 * CREATE ... IF NOT EXISTS of an object that exists is a no-op that leaves the
 * transaction a reader. */
static bool schema_is_current(struct store *st)
{
	if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return false;
	char *cause = NULL;
	int version = 0;
	bool current = read_user_version(st, &version, NULL, &cause) == 0 &&
	               version == STORE_SCHEMA_VERSION &&
	               sqlite3_exec(st->db, store_schema, NULL, NULL, NULL) == SQLITE_OK &&
	               sqlite3_txn_state(st->db, "main") != SQLITE_TXN_WRITE;
	free(cause);
	if (current)
		current = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
	store_rollback(st);
	return current;
}

/* Creates what is missing of the schema and stamps the version, in one
 * transaction that also re-checks the version (another program may have
 * upgraded the file since the first look). */
static int create_schema(struct store *st, char **cause)
{
	if (schema_is_current(st))
		return 0;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	int version = 0;
	if (read_user_version(st, &version, NULL, cause) != 0 ||
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

/* Closes a connection to a file found damaged without the checkpoint SQLite
 * runs on the last close in WAL mode: the file and its write-ahead log are
 * moved aside as they are, not merged. */
static void close_damaged(struct store *st)
{
	if (st->db != NULL)
		sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	store_close(st);
}

/* Opens path and checks that it is a sound aixingou database. NULL with
 * *damage (a translated reason naming the file; caller frees) when the file
 * is damaged or another program's database, and then *found says which file
 * that was (looked at before opening it, so that it is never a newer one
 * that another aixingou made meanwhile). NULL with *cause on any other
 * failure (locked, read-only, a full disk, a newer aixingou's database),
 * which is never a reason to move the file. */
/* The name to give SQLite for the file path: SQLite reads "file:..." as a URI
 * when it was built to, which can name another file or a database in
 * memory; "./" in front makes it the file of that name. Caller frees. */
static char *sqlite_file_name(const char *path)
{
	if (strncmp(path, "file:", 5) == 0)
		return xasprintf("./%s", path);
	return xstrdup(path);
}

static struct store *open_checked(const char *path, struct stat *found, char **damage, char **cause)
{
	*damage = NULL;
	if (stat(path, found) != 0)
		memset(found, 0, sizeof *found);
	struct store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	/* NOMUTEX: one thread uses a connection; SQLite's per-call locking cost
	 * a third of a search over 200,000 products (bench/README.md). */
	char *file = sqlite_file_name(path);
	int rc = sqlite3_open_v2(
	    file, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	free(file);
	if (rc != SQLITE_OK) {
		if (st->db != NULL)
			*cause = store_explain_error(st->db, path);
		if (*cause == NULL)
			*cause =
			    xasprintf(_("cannot open the database %s: %s"), path,
			              st->db != NULL ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto error;
	}
	st->busy_ms = busy_timeout_ms();
	if (sqlite3_extended_result_codes(st->db, 1) != SQLITE_OK ||
	    sqlite3_busy_timeout(st->db, st->busy_ms) != SQLITE_OK) {
		char *what = xasprintf(_("cannot set up the database %s"), path);
		store_fail(st, what, cause);
		free(what);
		goto error;
	}
	/* SQLite quietly opens a file it may not write read-only: every edit
	 * would fail later. Say so now. */
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		*cause = read_only(path);
		goto error;
	}

	int version = 0;
	if (read_user_version(st, &version, damage, cause) != 0 ||
	    check_user_version(st, version, cause) != 0 || quick_check(st, damage, cause) != 0 ||
	    check_schema(st, damage, cause) != 0)
		goto error;
	if (enable_wal(st, cause) != 0)
		goto error;
	if (store_exec(st, "PRAGMA foreign_keys = ON", cause) != 0 ||
	    /* FULL: a purchase-list edit that returned must survive a power
	     * cut too; in WAL mode NORMAL could take back the last commits. */
	    store_exec(st, "PRAGMA synchronous = FULL", cause) != 0)
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
	if (*damage != NULL)
		close_damaged(st);
	else
		store_close(st);
	return NULL;
}

/* ---- Moving a damaged database aside ------------------------------------ */

/* rename() that never replaces an existing file: EEXIST instead (as far as
 * the file system allows). */
static int rename_noreplace(const char *from, const char *to)
{
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP && errno != EOPNOTSUPP)
		return -1;
#endif
	struct stat sb;
	if (lstat(to, &sb) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

/* Moves the damaged file at path to path.corrupt-YYYYMMDD-HHMMSS (local time;
 * -2, -3... added when that is taken), with its -wal, -shm and -journal files,
 * which belong to it. Only the file found damaged (damaged) is moved: when
 * another aixingou has moved it and made a new one meanwhile, returns 1 and
 * moves nothing. *aside gets the new name (caller frees). */
static int move_aside(const char *path, const struct stat *damaged, char **aside, char **cause)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return 1;
	/* Two programs repairing at once take turns here; the second then
	 * finds the file changed. SQLite's own locks are of another kind
	 * (fcntl), and its connection to the file is closed by now. */
	if (fd >= 0)
		while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
			;
	struct stat now, named;
	if (fd >= 0 && (fstat(fd, &now) != 0 || stat(path, &named) != 0 ||
	                now.st_dev != damaged->st_dev || now.st_ino != damaged->st_ino ||
	                named.st_dev != now.st_dev || named.st_ino != now.st_ino)) {
		close(fd);
		return 1;
	}

	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm) == 0)
		strcpy(stamp, "19700101-000000");
	char *name = NULL;
	int err = 0;
	for (int n = 1; n <= 100; n++) {
		name = n == 1 ? xasprintf("%s.corrupt-%s", path, stamp)
		              : xasprintf("%s.corrupt-%s-%d", path, stamp, n);
		if (rename_noreplace(path, name) == 0)
			break;
		err = errno;
		free(name);
		name = NULL;
		if (err != EEXIST)
			break;
	}
	if (name == NULL) {
		if (fd >= 0)
			close(fd);
		*cause = xasprintf(_("the database %s is damaged, and it cannot be moved aside "
		                     "(%s): make its folder writable, or move the file away "
		                     "yourself, then start aixingou again; nothing was changed"),
		                   path, strerror(err));
		return -1;
	}
	/* The log and journal hold committed pages of this file: they go with it
	 * (SQLite finds them by the name), never to the new file. */
	static const char *const companions[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof companions / sizeof companions[0]; i++) {
		char *from = xasprintf("%s%s", path, companions[i]);
		char *to = xasprintf("%s%s", name, companions[i]);
		(void)rename(from, to);
		free(from);
		free(to);
	}
	if (fd >= 0)
		close(fd);
	*aside = name;
	return 0;
}

/* ---- Recovering the saved lists ----------------------------------------- */

/* Rows read from one table are at most this many; scans that meet a damaged
 * page start again past it at most this many times. */
#define SALVAGE_MAX_ROWS     1000000
#define SALVAGE_MAX_RESTARTS 2000

/* The tables of the saved lists in the order they are recovered (lists before
 * their lines and orders), what is read from the damaged file and how it goes
 * into the new one. types says what each column read must hold: 'i' an
 * integer, 'I' an integer or NULL, 't' text, 'T' text or NULL. The INSERT's
 * WHERE refuses values the program never writes (?98 is PLIST_NAME_MAX, ?99
 * MONEY_MAX); the new database's constraints refuse the rest (a line of a list
 * not recovered, a name or a number twice). The undo history is not
 * recovered: a recovered list starts with nothing to undo. */
static const struct salvage_table {
	const char *name;
	const char *select; /* ?1 is the rowid */
	const char *types;
	const char *insert;
} salvage_tables[] = {
    {
        "purchase_lists",
        "SELECT id, name, union_name, handler, purpose, headcount, pack, per_member_budget, "
        "yearly_gift_cap_per_member, poverty_share_min_percent, contract_threshold, "
        "created_at, updated_at, edit_order FROM purchase_lists WHERE rowid = ?1",
        "ittttiiiiiitti",
        "INSERT INTO purchase_lists (id, name, union_name, handler, purpose, headcount, pack, "
        "per_member_budget, yearly_gift_cap_per_member, poverty_share_min_percent, "
        "contract_threshold, created_at, updated_at, edit_order, history_pos) "
        "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 0 "
        "WHERE length(CAST(?2 AS BLOB)) BETWEEN 1 AND ?98 AND ?6 >= 1 AND ?7 IN (0, 1) "
        "AND ?8 BETWEEN 0 AND ?99 AND ?9 BETWEEN 0 AND ?99 AND ?10 BETWEEN 0 AND 100 "
        "AND ?11 BETWEEN 0 AND ?99",
    },
    {
        "purchase_lines",
        "SELECT id, list_id, position, product_id, supplier_id, supplier, name, spec, unit, "
        "unit_price, quantity, is_service FROM purchase_lines WHERE rowid = ?1",
        "iiiTTttttiii",
        "INSERT INTO purchase_lines (id, list_id, position, product_id, supplier_id, "
        "supplier, name, spec, unit, unit_price, quantity, is_service) "
        "SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 "
        "WHERE ?10 BETWEEN 0 AND ?99 AND ?11 >= 1 AND ?12 IN (0, 1)",
    },
    {
        "orders",
        "SELECT id, list_id, list_name, number, written_at, files, total FROM orders "
        "WHERE rowid = ?1",
        "iIttttI",
        "INSERT INTO orders (id, list_id, list_name, number, written_at, files, total) "
        "SELECT ?1, (SELECT id FROM purchase_lists WHERE id = ?2), ?3, ?4, ?5, ?6, ?7 "
        "WHERE ?7 BETWEEN 0 AND ?99",
    },
};

struct salvage_counts {
	size_t lists;  /* purchase lists recovered */
	size_t lines;  /* their lines */
	size_t orders; /* recorded orders */
};

struct rowids {
	int64_t *ids;
	size_t count;
	size_t cap;
};

static int compare_rowids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* Runs stmt (rowids from ?1 on, in one direction) and collects what it reads
 * until its end or a damaged page. True at the end; *last gets the last rowid
 * read, *any whether there was one. */
static bool scan_rowids(sqlite3_stmt *stmt, int64_t from, struct rowids *r, int64_t *last,
                        bool *any)
{
	*any = false;
	int rc = sqlite3_bind_int64(stmt, 1, from);
	while (rc == SQLITE_OK && r->count < SALVAGE_MAX_ROWS &&
	       (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (r->count == r->cap)
			r->ids = xreallocarray(r->ids, r->cap = r->cap * 2 + 256, sizeof *r->ids);
		*last = r->ids[r->count++] = sqlite3_column_int64(stmt, 0);
		*any = true;
		rc = SQLITE_OK;
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE || r->count >= SALVAGE_MAX_ROWS;
}

/* The rowids of table that can still be reached, ascending and each once. A
 * damaged page ends a scan; the scan starts again past it, further each time
 * it finds nothing, and a second scan runs down from the top, so that the rows
 * after a damaged page are found too. Table is one of salvage_tables. */
static void salvage_rowids(sqlite3 *old, const char *table, struct rowids *r)
{
	for (int down = 0; down < 2; down++) {
		char *sql = xasprintf(down ? "SELECT rowid FROM \"%s\" WHERE rowid < ?1 "
		                             "ORDER BY rowid DESC"
		                           : "SELECT rowid FROM \"%s\" WHERE rowid > ?1 "
		                             "ORDER BY rowid",
		                      table);
		sqlite3_stmt *stmt = NULL;
		int rc = sqlite3_prepare_v2(old, sql, -1, &stmt, NULL);
		free(sql);
		int64_t from = down ? INT64_MAX : INT64_MIN;
		int64_t jump = 1;
		for (int restart = 0; rc == SQLITE_OK && restart <= SALVAGE_MAX_RESTARTS;
		     restart++) {
			int64_t last = from;
			bool any;
			if (scan_rowids(stmt, from, r, &last, &any))
				break;
			jump = any ? 1 : (jump < INT64_MAX / 2 ? jump * 2 : jump);
			if (down ? last < INT64_MIN + jump : last > INT64_MAX - jump)
				break;
			from = down ? last - jump : last + jump;
		}
		sqlite3_finalize(stmt);
	}
	if (r->count > 0)
		qsort(r->ids, r->count, sizeof *r->ids, compare_rowids);
	size_t n = 0;
	for (size_t i = 0; i < r->count; i++)
		if (n == 0 || r->ids[n - 1] != r->ids[i])
			r->ids[n++] = r->ids[i];
	r->count = n;
}

static bool salvage_types_ok(sqlite3_stmt *stmt, const char *types)
{
	for (int i = 0; types[i] != '\0'; i++) {
		int type = sqlite3_column_type(stmt, i);
		bool ok;
		switch (types[i]) {
		case 'i':
			ok = type == SQLITE_INTEGER;
			break;
		case 'I':
			ok = type == SQLITE_INTEGER || type == SQLITE_NULL;
			break;
		case 't':
			ok = type == SQLITE_TEXT;
			break;
		default: /* 'T' */
			ok = type == SQLITE_TEXT || type == SQLITE_NULL;
			break;
		}
		if (!ok)
			return false;
	}
	return true;
}

/* True when old has a table of that name (not a view or anything else that
 * would run code of the damaged file's choosing). */
static bool salvage_has_table(sqlite3 *old, const char *table)
{
	sqlite3_stmt *stmt = NULL;
	bool found = sqlite3_prepare_v2(old,
	                                "SELECT 1 FROM sqlite_schema "
	                                "WHERE type = 'table' AND name = ?1",
	                                -1, &stmt, NULL) == SQLITE_OK &&
	             sqlite3_bind_text(stmt, 1, table, -1, SQLITE_STATIC) == SQLITE_OK &&
	             sqlite3_step(stmt) == SQLITE_ROW;
	sqlite3_finalize(stmt);
	return found;
}

/* Copies the rows of one table that can still be read, one by one, from old
 * into db (inside db's open transaction). Returns how many went in; stops
 * when db's transaction ends (a full disk). */
static size_t salvage_table(sqlite3 *old, sqlite3 *db, const struct salvage_table *t)
{
	if (!salvage_has_table(old, t->name))
		return 0;
	sqlite3_stmt *select = NULL, *insert = NULL;
	size_t ncolumns = strlen(t->types), copied = 0;
	if (sqlite3_prepare_v2(old, t->select, -1, &select, NULL) != SQLITE_OK ||
	    sqlite3_column_count(select) != (int)ncolumns ||
	    sqlite3_prepare_v2(db, t->insert, -1, &insert, NULL) != SQLITE_OK)
		goto out;
	/* Every insert names ?99, so ?98 is in range even where unused. */
	if (sqlite3_bind_int64(insert, 98, PLIST_NAME_MAX) != SQLITE_OK ||
	    sqlite3_bind_int64(insert, 99, MONEY_MAX) != SQLITE_OK)
		goto out;

	struct rowids r = {0};
	salvage_rowids(old, t->name, &r);
	for (size_t i = 0; i < r.count && !sqlite3_get_autocommit(db); i++) {
		if (sqlite3_bind_int64(select, 1, r.ids[i]) == SQLITE_OK &&
		    sqlite3_step(select) == SQLITE_ROW && salvage_types_ok(select, t->types)) {
			int rc = SQLITE_OK;
			for (size_t c = 0; c < ncolumns && rc == SQLITE_OK; c++)
				rc = sqlite3_bind_value(insert, (int)c + 1,
				                        sqlite3_column_value(select, (int)c));
			if (rc == SQLITE_OK && sqlite3_step(insert) == SQLITE_DONE &&
			    sqlite3_changes(db) == 1)
				copied++;
			sqlite3_reset(insert);
		}
		sqlite3_reset(select);
	}
	free(r.ids);
out:
	sqlite3_finalize(select);
	sqlite3_finalize(insert);
	return copied;
}

/* Gives each recovered list its present state as the start of a new undo
 * history. A list left without one only loses the undo of its next edit. */
static void seed_histories(struct store *st)
{
	sqlite3_stmt *stmt = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT id FROM purchase_lists", -1, &stmt, NULL) ==
	    SQLITE_OK)
		while (sqlite3_step(stmt) == SQLITE_ROW) {
			ids = xreallocarray(ids, n + 1, sizeof *ids);
			ids[n++] = sqlite3_column_int64(stmt, 0);
		}
	sqlite3_finalize(stmt);
	for (size_t i = 0; i < n && !sqlite3_get_autocommit(st->db); i++) {
		char *cause = NULL;
		(void)store_list_seed_history(st, ids[i], &cause);
		free(cause);
	}
	free(ids);
}

/* Recovers the saved lists, their lines and the order history from the
 * damaged file at aside into st, as far as the file allows, in one
 * transaction of st (all or nothing: a disk that fills up recovers nothing,
 * and the lists stay in the file aside). The file is read through a
 * connection of its own, read-only, that trusts nothing in it. */
static void salvage(struct store *st, const char *aside, struct salvage_counts *got)
{
	memset(got, 0, sizeof *got);
	sqlite3 *old = NULL;
	char *file = sqlite_file_name(aside);
	int rc = sqlite3_open_v2(file, &old, SQLITE_OPEN_READONLY, NULL);
	free(file);
	if (rc != SQLITE_OK) {
		sqlite3_close(old);
		return;
	}
	sqlite3_busy_timeout(old, busy_timeout_ms());
	sqlite3_db_config(old, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(old, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(old, SQLITE_DBCONFIG_WRITABLE_SCHEMA, 0, NULL);
	/* Errors are expected here and handled row by row. */
	(void)sqlite3_exec(old,
	                   "PRAGMA writable_schema = OFF; PRAGMA query_only = ON; "
	                   "PRAGMA cell_size_check = ON",
	                   NULL, NULL, NULL);

	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK) {
		size_t n[3] = {0};
		for (size_t i = 0; i < 3; i++)
			n[i] = salvage_table(old, st->db, &salvage_tables[i]);
		seed_histories(st);
		if (!sqlite3_get_autocommit(st->db) &&
		    sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
			got->lists = n[0];
			got->lines = n[1];
			got->orders = n[2];
		}
		store_rollback(st);
	}
	sqlite3_close(old);
}

/* What the user is told after a repair. Caller frees. */
static char *repair_notice(const char *damage, const char *aside, const struct salvage_counts *got)
{
	char *recovered;
	if (got->lists == 0 && got->orders == 0) {
		recovered = xstrdup(_("no saved purchase list could be recovered from it"));
	} else {
		char *lists = xasprintf(P_("%zu purchase list", "%zu purchase lists", got->lists),
		                        got->lists);
		char *lines = xasprintf(P_("%zu line", "%zu lines", got->lines), got->lines);
		char *orders = xasprintf(
		    P_("%zu recorded order", "%zu recorded orders", got->orders), got->orders);
		/* TRANSLATORS: e.g. "2 purchase lists", "10 lines", "1 recorded order". */
		recovered =
		    xasprintf(_("recovered from it: %s with %s, and %s"), lists, lines, orders);
		free(lists);
		free(lines);
		free(orders);
	}
	/* TRANSLATORS: the first %s says what is wrong with the database and
	 * names it; the second is the name it was moved to; the last says what
	 * was recovered from it. */
	char *notice = xasprintf(_("%s; it was moved to %s (kept, not deleted) and a new "
	                           "database was made; %s"),
	                         damage, aside, recovered);
	free(recovered);
	return notice;
}

struct store *store_open_ex(const char *path, unsigned flags, char **notice, char **cause)
{
	if (notice != NULL)
		*notice = NULL;
	if (make_parent_folders(path, cause) != 0)
		return NULL;
	/* A second look after another aixingou repaired the file meanwhile. */
	for (int attempt = 0;; attempt++) {
		struct stat found;
		char *damage = NULL, *aside = NULL;
		struct store *st = open_checked(path, &found, &damage, cause);
		if (st != NULL || damage == NULL)
			return st;
		if (!(flags & STORE_OPEN_REPAIR) || attempt == 3) {
			*cause = damage;
			return NULL;
		}
		int moved = move_aside(path, &found, &aside, cause);
		if (moved != 0) {
			free(damage);
			if (moved < 0)
				return NULL;
			continue;
		}
		char *new_damage = NULL;
		st = open_checked(path, &found, &new_damage, cause);
		if (st == NULL) {
			if (new_damage != NULL)
				*cause = new_damage;
			free(damage);
			free(aside);
			return NULL;
		}
		struct salvage_counts got;
		salvage(st, aside, &got);
		char *message = repair_notice(damage, aside, &got);
		if (notice != NULL)
			*notice = message;
		else
			free(message);
		free(damage);
		free(aside);
		return st;
	}
}

struct store *store_open(const char *path, char **cause)
{
	return store_open_ex(path, 0, NULL, cause);
}

void store_close(struct store *st)
{
	if (st == NULL)
		return;
	/* Every statement is finalised where it was prepared, so close cannot
	 * be refused; sqlite3_close_v2 would only defer it if one leaked. */
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st->seen_import);
	free(st);
}

static int compare_category_ptrs(const void *a, const void *b)
{
	return strcmp((*(const struct cat_category *const *)a)->id,
	              (*(const struct cat_category *const *)b)->id);
}

/* The catalogue's categories sorted by id, for category_of. Caller frees. */
static const struct cat_category **categories_by_id(const struct catalogue *cat)
{
	const struct cat_category **sorted =
	    xreallocarray(NULL, cat->ncategories + 1, sizeof *sorted);
	for (size_t i = 0; i < cat->ncategories; i++)
		sorted[i] = &cat->categories[i];
	qsort(sorted, cat->ncategories, sizeof *sorted, compare_category_ptrs);
	return sorted;
}

/* The category with this id, NULL when none: a lookup per item, in a
 * catalogue that may list thousands of categories. */
static const struct cat_category *category_of(const struct catalogue *cat,
                                              const struct cat_category **sorted, const char *id)
{
	struct cat_category key = {.id = (char *)id};
	const struct cat_category *k = &key;
	const struct cat_category **hit =
	    bsearch(&k, sorted, cat->ncategories, sizeof *sorted, compare_category_ptrs);
	return hit != NULL ? *hit : NULL;
}

/* The search keys of an item's own texts: its name, spec, category's name
 * and tags; its enterprise's names are in enterprise_search_keys. The
 * item's full keys join the two (search_keys_join). */
static char *item_own_search_keys(const struct cat_item *item, const struct cat_category *category)
{
	const char **texts = xreallocarray(NULL, item->ntags + 4, sizeof *texts);
	size_t n = 0;
	/* The first three always, "" for one not given: search_query_rank
	 * finds the name and the category by their place. */
	texts[n++] = item->name != NULL ? item->name : "";
	texts[n++] = item->spec != NULL ? item->spec : "";
	texts[n++] = category != NULL && category->name != NULL ? category->name : "";
	/* search_keys_build stops at the first NULL: leave out the tags that
	 * are not given. */
	for (size_t i = 0; i < item->ntags; i++)
		if (item->tags[i] != NULL)
			texts[n++] = item->tags[i];
	texts[n] = NULL;
	char *keys = search_keys_build(texts);
	free(texts);
	return keys;
}

static char *enterprise_search_keys(const struct cat_enterprise *ent)
{
	const char *texts[3] = {ent->name, NULL, NULL};
	if (ent->short_name != NULL)
		texts[1] = ent->short_name;
	return search_keys_build(texts);
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
	/* Each enterprise's keys once: an item's keys are its own and these. */
	char **ent_keys = xreallocarray(NULL, cat->nenterprises + 1, sizeof *ent_keys);
	struct search_index_writer index;
	int index_rc =
	    search_index_begin(&index, st->db, cat->ncategories, cat->nenterprises, cat->nitems);
	const struct cat_category **categories = categories_by_id(cat);
	for (size_t c = 0; c < cat->ncategories; c++)
		search_index_add_category(&index, cat->categories[c].id);
	if (rc == SQLITE_OK)
		rc = index_rc;
	for (size_t e = 0; e < cat->nenterprises; e++) {
		ent_keys[e] = enterprise_search_keys(&cat->enterprises[e]);
		search_index_add_enterprise(&index, &cat->enterprises[e], ent_keys[e]);
	}
	for (size_t i = 0; rc == SQLITE_OK && index.rc == SQLITE_OK && i < cat->nitems; i++) {
		const struct cat_item *item = &cat->items[i];
		if (item->enterprise >= cat->nenterprises) {
			*cause = xasprintf(_("cannot import the catalogue into %s: item %s "
			                     "names no enterprise"),
			                   st->path, item->id);
			rc = SQLITE_ERROR;
			break;
		}
		const struct cat_category *category = category_of(cat, categories, item->category);
		if (category == NULL) {
			*cause = xasprintf(_("cannot import the catalogue into %s: item %s "
			                     "names no category"),
			                   st->path, item->id);
			rc = SQLITE_ERROR;
			break;
		}
		const struct cat_enterprise *ent = &cat->enterprises[item->enterprise];
		money_t per_500g = money_per_500g(item->price, item->net_weight_g);
		char *own = item_own_search_keys(item, category);
		char *keys = search_keys_join(own, ent_keys[item->enterprise]);
		search_index_add_item(&index, item->enterprise,
		                      (size_t)(category - cat->categories), own);
		free(own);
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
	for (size_t e = 0; e < cat->nenterprises; e++)
		free(ent_keys[e]);
	free(ent_keys);
	free(categories);
	index_rc = search_index_finish(&index);
	return rc == SQLITE_OK ? index_rc : rc;
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

/* The import proper, in one transaction: all or nothing. */
static int import_transaction(struct store *st, const struct catalogue *cat,
                              const char *catalogue_dir, char **cause)
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

int store_import(struct store *st, const struct catalogue *cat, const char *catalogue_dir,
                 char **cause)
{
	/* The catalogue can always be imported again from its YAML, so its
	 * import need not wait for the disk at every commit (NORMAL keeps the
	 * file safe from corruption in WAL mode). The purchase lists' edits keep
	 * synchronous=FULL, restored right after. */
	(void)sqlite3_exec(st->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	/* A page cache of up to 16 MiB (grown only as used) for the import:
	 * with the default 2 MiB an import of 200,000 items rereads its own
	 * index pages. The browser keeps the default: the cache filled by the
	 * search index's blob would stay as its memory. */
	(void)sqlite3_exec(st->db, "PRAGMA cache_size = -16384", NULL, NULL, NULL);
	int rc = import_transaction(st, cat, catalogue_dir, cause);
	(void)sqlite3_exec(st->db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
	if (sqlite3_exec(st->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK &&
	    rc == 0) {
		store_fail_import(st, cause);
		return -1;
	}
	return rc;
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
	return store_sync_ex(st, catalogue_dir, diags, cause, NULL, NULL);
}

enum store_sync_result store_sync_ex(struct store *st, const char *catalogue_dir,
                                     struct diag_list *diags, char **cause,
                                     void (*reading)(void *arg), void *arg)
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

	if (reading != NULL)
		reading(arg);
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
	if (store_import(st, cat, dir, cause) == 0)
		result = STORE_SYNC_IMPORTED;
	else if (have_import)
		/* The store could not take it (a full disk, a lock): the import
		 * there still serves. */
		result = STORE_SYNC_NOT_IMPORTED;
	else
		result = STORE_SYNC_ERROR;
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

int64_t store_data_version(struct store *st)
{
	int64_t version = 0;
	char *ignored = NULL;
	if (select_int(st, "PRAGMA data_version", &version, &ignored) != 0) {
		free(ignored);
		return -1;
	}
	return version;
}

bool store_reimported(struct store *st)
{
	int64_t version = 0;
	char *ignored = NULL;
	/* PRAGMA data_version moves only when another connection commits: for
	 * every key of the browser it costs a look at shared memory. */
	if (select_int(st, "PRAGMA data_version", &version, &ignored) != 0) {
		free(ignored);
		return false;
	}
	if (st->seen_import != NULL && version == st->data_version)
		return false;
	st->data_version = version;
	char *hash = NULL, *at = NULL;
	if (get_meta(st, "catalogue_hash", &hash, &ignored) != 0 ||
	    get_meta(st, "imported_at", &at, &ignored) != 0) {
		free(ignored);
		free(hash);
		free(at);
		return false;
	}
	char *now = xasprintf("%s %s", hash ? hash : "-", at ? at : "-");
	free(hash);
	free(at);
	bool changed = st->seen_import != NULL && strcmp(now, st->seen_import) != 0;
	free(st->seen_import);
	st->seen_import = now;
	return changed;
}
