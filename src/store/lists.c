/* Saved purchase lists and the order history (see lists.h): the tables
 * purchase_lists, purchase_lines, list_history and orders of store.c's schema.
 *
 * Every edit runs in one BEGIN IMMEDIATE transaction that also stores the
 * list's new state in list_history, so an edit and its undo step are saved
 * together or not at all. Undo and redo restore a stored state as a whole;
 * a state is a private text serialisation of the list's settings and lines
 * (see "Snapshots" below), read back only by this file. */
#include "store/lists.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/store-internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* States kept per list: 99 steps of undo. */
#define PLIST_HISTORY_MAX 100

/* ---- Holidays -------------------------------------------------------- */

static const char *const holiday_keys[] = {
    "new-year",    "spring-festival", "qingming",     "labour-day",
    "dragon-boat", "mid-autumn",      "national-day", NULL,
};

/* In the order of holiday_keys. */
static const char *const holiday_labels[] = {
    /* TRANSLATORS: statutory holiday 元旦 (1 January). */
    N_("New Year's Day"),
    /* TRANSLATORS: statutory holiday 春节. */
    N_("Spring Festival"),
    /* TRANSLATORS: statutory holiday 清明节. */
    N_("Qingming Festival"),
    /* TRANSLATORS: statutory holiday 劳动节 (1 May). */
    N_("Labour Day"),
    /* TRANSLATORS: statutory holiday 端午节. */
    N_("Dragon Boat Festival"),
    /* TRANSLATORS: statutory holiday 中秋节. */
    N_("Mid-Autumn Festival"),
    /* TRANSLATORS: statutory holiday 国庆节 (1 October). */
    N_("National Day"),
};

const char *const *plist_holidays(void)
{
	return holiday_keys;
}

const char *plist_holiday_label(const char *key)
{
	if (key == NULL)
		return NULL;
	for (size_t i = 0; holiday_keys[i] != NULL; i++) {
		if (strcmp(holiday_keys[i], key) == 0)
			return _(holiday_labels[i]);
	}
	return NULL;
}

/* ---- Amounts --------------------------------------------------------- */

bool plist_line_order_quantity(const struct plist *l, const struct plist_line *line, int64_t *out)
{
	if (!l->info.pack) {
		*out = line->quantity;
		return true;
	}
	int64_t quantity;
	if (__builtin_mul_overflow(line->quantity, l->info.headcount, &quantity))
		return false;
	*out = quantity;
	return true;
}

bool plist_line_amount(const struct plist *l, const struct plist_line *line, money_t *out)
{
	int64_t quantity;
	return plist_line_order_quantity(l, line, &quantity) &&
	       money_mul(line->unit_price, quantity, out);
}

bool plist_total(const struct plist *l, money_t *out)
{
	money_t total = 0;
	for (size_t i = 0; i < l->nlines; i++) {
		money_t amount;
		if (!plist_line_amount(l, &l->lines[i], &amount) ||
		    !money_add(total, amount, &total))
			return false;
	}
	*out = total;
	return true;
}

/* ---- Freeing and copying --------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void plist_info_finish(struct plist_info *info)
{
	free(info->name);
	free(info->union_name);
	free(info->handler);
	free(info->purpose);
	memset(info, 0, sizeof *info);
}

void plist_info_copy(struct plist_info *dst, const struct plist_info *src)
{
	dst->name = dup_or_null(src->name);
	dst->union_name = dup_or_null(src->union_name);
	dst->handler = dup_or_null(src->handler);
	dst->purpose = dup_or_null(src->purpose);
	dst->headcount = src->headcount;
	dst->pack = src->pack;
	dst->rules = src->rules;
}

void plist_line_finish(struct plist_line *line)
{
	free(line->product_id);
	free(line->supplier_id);
	free(line->supplier);
	free(line->name);
	free(line->spec);
	free(line->unit);
}

void plist_finish(struct plist *l)
{
	plist_info_finish(&l->info);
	for (size_t i = 0; i < l->nlines; i++)
		plist_line_finish(&l->lines[i]);
	free(l->lines);
	free(l->updated_at);
	memset(l, 0, sizeof *l);
}

void plist_summaries_free(struct plist_summary *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(list[i].name);
		free(list[i].purpose);
		free(list[i].updated_at);
	}
	free(list);
}

void order_records_free(struct order_record *list, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(list[i].list_name);
		free(list[i].number);
		free(list[i].written_at);
		free(list[i].files);
	}
	free(list);
}

/* ---- SQL helpers ------------------------------------------------------ */

/* Sets *cause to what the user can do about the error (a full disk, a lock
 * held by another program...), else to "database PATH: SQLite's message". */
static void db_cause(struct store *st, char **cause)
{
	sqlite3 *db = store_db(st);
	const char *path = sqlite3_db_filename(db, "main");
	*cause = store_explain_error(db, path != NULL ? path : "");
	if (*cause != NULL)
		return;
	char *what = xasprintf(_("database %s"), path != NULL ? path : "");
	*cause = xasprintf("%s: %s", what, sqlite3_errmsg(db));
	free(what);
}

/* Binds the arguments to stmt, one per letter of types: 'i' an int64_t, 'I'
 * an int64_t that binds NULL when 0, 't' a string (NULL binds NULL), 'b' a
 * const struct buf * bound as a blob. */
static int bind_args(sqlite3_stmt *stmt, const char *types, va_list ap)
{
	/* A mistake in types would bind garbage: at least the count must agree. */
	if (sqlite3_bind_parameter_count(stmt) != (int)strlen(types))
		return SQLITE_MISUSE;
	int rc = SQLITE_OK;
	for (int i = 0; types[i] != '\0' && rc == SQLITE_OK; i++) {
		int idx = i + 1;
		switch (types[i]) {
		case 'i':
			rc = sqlite3_bind_int64(stmt, idx, va_arg(ap, int64_t));
			break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);
			rc = v == 0 ? sqlite3_bind_null(stmt, idx)
			            : sqlite3_bind_int64(stmt, idx, v);
			break;
		}
		case 't': {
			const char *s = va_arg(ap, const char *);
			rc = s == NULL ? sqlite3_bind_null(stmt, idx)
			               : sqlite3_bind_text(stmt, idx, s, -1, SQLITE_STATIC);
			break;
		}
		case 'b': {
			const struct buf *b = va_arg(ap, const struct buf *);
			rc = sqlite3_bind_blob(stmt, idx, buf_str(b), (int)b->len, SQLITE_STATIC);
			break;
		}
		default:
			rc = SQLITE_MISUSE;
			break;
		}
	}
	return rc;
}

static sqlite3_stmt *prepare_bound(struct store *st, char **cause, const char *sql,
                                   const char *types, va_list ap)
{
	sqlite3_stmt *stmt = NULL;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &stmt, NULL) != SQLITE_OK) {
		db_cause(st, cause);
		sqlite3_finalize(stmt);
		return NULL;
	}
	int rc = bind_args(stmt, types, ap);
	if (rc != SQLITE_OK) {
		/* The connection's message need not be about the bind. */
		const char *path = sqlite3_db_filename(store_db(st), "main");
		char *what = xasprintf(_("database %s"), path != NULL ? path : "");
		*cause = xasprintf("%s: %s", what, sqlite3_errstr(rc));
		free(what);
		sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

/* A prepared statement with its parameters bound (see bind_args), or NULL
 * with *cause. Caller finalizes. */
static sqlite3_stmt *sql_query(struct store *st, char **cause, const char *sql, const char *types,
                               ...)
{
	va_list ap;
	va_start(ap, types);
	sqlite3_stmt *stmt = prepare_bound(st, cause, sql, types, ap);
	va_end(ap);
	return stmt;
}

/* Runs a statement that returns no rows. */
static int sql_run(struct store *st, char **cause, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	sqlite3_stmt *stmt = prepare_bound(st, cause, sql, types, ap);
	va_end(ap);
	if (stmt == NULL)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE)
		db_cause(st, cause);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The first column of the first row as a number: 0 when there is a row, 1
 * when there is none (*value untouched), -1 on error. */
static int sql_int(struct store *st, char **cause, int64_t *value, const char *sql,
                   const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	sqlite3_stmt *stmt = prepare_bound(st, cause, sql, types, ap);
	va_end(ap);
	if (stmt == NULL)
		return -1;
	int result;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int64(stmt, 0);
		result = 0;
	} else if (rc == SQLITE_DONE) {
		result = 1;
	} else {
		db_cause(st, cause);
		result = -1;
	}
	sqlite3_finalize(stmt);
	return result;
}

/* A text column; "" for NULL. */
static char *column_text(sqlite3_stmt *stmt, int col)
{
	const unsigned char *s = sqlite3_column_text(stmt, col);
	return xstrdup(s != NULL ? (const char *)s : "");
}

static char *column_text_or_null(sqlite3_stmt *stmt, int col)
{
	if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
		return NULL;
	return column_text(stmt, col);
}

/* Undoes the open transaction, if SQLite has not done so already. The
 * caller has set *cause; a failing ROLLBACK adds nothing it could act on. */
static void rollback(struct store *st)
{
	sqlite3 *db = store_db(st);
	if (!sqlite3_get_autocommit(db))
		(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

static int begin_read(struct store *st, char **cause)
{
	if (sqlite3_exec(store_db(st), "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		db_cause(st, cause);
		return -1;
	}
	return 0;
}

/* Starts the transaction of an edit: writers wait for each other here, not
 * halfway through. */
static int begin_edit(struct store *st, char **cause)
{
	sqlite3 *db = store_db(st);
	/* store_open sets synchronous=FULL, so the COMMIT of an edit is on disk
	 * when the edit returns. */
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		db_cause(st, cause);
		return -1;
	}
	return 0;
}

static int commit(struct store *st, char **cause)
{
	if (sqlite3_exec(store_db(st), "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_cause(st, cause);
		rollback(st);
		return -1;
	}
	return 0;
}

/* Ends a failed edit or read: *cause is set already. */
static int fail(struct store *st)
{
	rollback(st);
	return -1;
}

/* ---- Validation ------------------------------------------------------ */

static const char *or_empty(const char *s)
{
	return s != NULL ? s : "";
}

/* True when s has a character other than spaces. */
static bool has_text(const char *s)
{
	if (s == NULL)
		return false;
	for (; *s != '\0'; s++) {
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return true;
	}
	return false;
}

static bool money_ok(money_t v)
{
	return v >= 0 && v <= MONEY_MAX;
}

static int check_info(const struct plist_info *info, char **cause)
{
	if (!has_text(info->name)) {
		*cause = xstrdup(_("the list needs a name"));
		return -1;
	}
	if (strlen(info->name) > PLIST_NAME_MAX) {
		*cause =
		    xasprintf(_("the list's name is too long (at most %d bytes)"), PLIST_NAME_MAX);
		return -1;
	}
	if (info->headcount < 1) {
		*cause = xstrdup(_("the headcount must be at least 1"));
		return -1;
	}
	const struct cat_rules *r = &info->rules;
	if (!money_ok(r->per_member_budget) || !money_ok(r->yearly_gift_cap_per_member) ||
	    !money_ok(r->contract_threshold)) {
		*cause = xstrdup(_("a budget or threshold of the list is out of range"));
		return -1;
	}
	if (r->poverty_share_min_percent < 0 || r->poverty_share_min_percent > 100) {
		*cause = xstrdup(_("the minimum share of poverty-area products must be between 0 "
		                   "and 100 percent"));
		return -1;
	}
	return 0;
}

static int check_quantity(int64_t quantity, char **cause)
{
	if (quantity < 1) {
		*cause = xstrdup(_("the quantity must be at least 1"));
		return -1;
	}
	if (quantity > PLIST_QUANTITY_MAX) {
		*cause = xasprintf(_("the quantity must be at most %d"), PLIST_QUANTITY_MAX);
		return -1;
	}
	return 0;
}

/* Fails unless the list exists (inside the edit's transaction). */
static int require_list(struct store *st, int64_t list_id, char **cause)
{
	int64_t found;
	int rc =
	    sql_int(st, cause, &found, "SELECT 1 FROM purchase_lists WHERE id = ?1", "i", list_id);
	if (rc == 1)
		*cause = xstrdup(
		    _("the list is no longer there: it was deleted, perhaps in another aixingou"));
	return rc == 0 ? 0 : -1;
}

/* Fails unless the line belongs to the list. */
static int require_line(struct store *st, int64_t list_id, int64_t line_id, char **cause)
{
	int64_t found;
	int rc = sql_int(st, cause, &found,
	                 "SELECT 1 FROM purchase_lines WHERE id = ?1 AND list_id = ?2", "ii",
	                 line_id, list_id);
	/* No id in the message: the clerk never sees ids, and the usual cause
	 * is another aixingou (or window) that removed the line. */
	if (rc == 1)
		*cause = xstrdup(_("the line is no longer in the list: it was removed, perhaps in "
		                   "another aixingou"));
	return rc == 0 ? 0 : -1;
}

/* Fails when another list than except_id is called name, or a name that is
 * the same after text_name (one with U+200B in it, or a space at its end,
 * made before names were normalised or by hand). */
static int require_free_name(struct store *st, const char *name, int64_t except_id, char **cause)
{
	sqlite3_stmt *stmt =
	    sql_query(st, cause, "SELECT name FROM purchase_lists WHERE id <> ?1", "i", except_id);
	if (stmt == NULL)
		return -1;
	char *wanted = text_name(name);
	int rc;
	bool taken = false;
	while (!taken && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const unsigned char *other = sqlite3_column_text(stmt, 0);
		char *norm = text_name(other != NULL ? (const char *)other : "");
		taken = strcmp(norm, wanted) == 0;
		free(norm);
	}
	if (!taken && rc != SQLITE_DONE)
		db_cause(st, cause);
	sqlite3_finalize(stmt);
	if (taken)
		*cause = xasprintf(_("a list named \"%s\" already exists"), wanted);
	free(wanted);
	return taken || rc != SQLITE_DONE ? -1 : 0;
}

/* info with its texts as they are stored and compared (text_name). */
static void normalized_info(struct plist_info *dst, const struct plist_info *src)
{
	*dst = *src;
	dst->name = text_name(src->name != NULL ? src->name : "");
	dst->union_name = text_name(or_empty(src->union_name));
	dst->handler = text_name(or_empty(src->handler));
	dst->purpose = text_name(or_empty(src->purpose));
}

/* ---- Reading a list ---------------------------------------------------- */

#define LIST_SELECT                                                                                \
	"SELECT id, name, union_name, handler, purpose, headcount, pack, per_member_budget, "      \
	"yearly_gift_cap_per_member, poverty_share_min_percent, contract_threshold, updated_at, "  \
	"history_pos, edit_order FROM purchase_lists "

static void read_list_row(sqlite3_stmt *stmt, struct plist *out, int64_t *pos)
{
	out->id = sqlite3_column_int64(stmt, 0);
	out->info.name = column_text(stmt, 1);
	out->info.union_name = column_text(stmt, 2);
	out->info.handler = column_text(stmt, 3);
	out->info.purpose = column_text(stmt, 4);
	out->info.headcount = sqlite3_column_int64(stmt, 5);
	out->info.pack = sqlite3_column_int64(stmt, 6) != 0;
	out->info.rules.per_member_budget = sqlite3_column_int64(stmt, 7);
	out->info.rules.yearly_gift_cap_per_member = sqlite3_column_int64(stmt, 8);
	out->info.rules.poverty_share_min_percent = sqlite3_column_int(stmt, 9);
	out->info.rules.contract_threshold = sqlite3_column_int64(stmt, 10);
	out->updated_at = column_text(stmt, 11);
	*pos = sqlite3_column_int64(stmt, 12);
	out->edit_order = sqlite3_column_int64(stmt, 13);
}

/* A line as stored, with how it compares to the catalogue now imported
 * (columns 10 and 11: the catalogue's price and min_order, NULL when gone). */
static void read_line_row(sqlite3_stmt *stmt, struct plist_line *line)
{
	memset(line, 0, sizeof *line);
	line->id = sqlite3_column_int64(stmt, 0);
	line->product_id = column_text_or_null(stmt, 1);
	line->supplier_id = column_text_or_null(stmt, 2);
	line->supplier = column_text(stmt, 3);
	line->name = column_text(stmt, 4);
	line->spec = column_text(stmt, 5);
	line->unit = column_text(stmt, 6);
	line->unit_price = sqlite3_column_int64(stmt, 7);
	line->quantity = sqlite3_column_int64(stmt, 8);
	line->is_service = sqlite3_column_int64(stmt, 9) != 0;
	line->min_order = 1;
	if (line->product_id == NULL) {
		line->status = PLIST_LINE_CUSTOM;
	} else if (sqlite3_column_type(stmt, 10) == SQLITE_NULL) {
		line->status = PLIST_LINE_GONE;
	} else {
		line->catalogue_price = sqlite3_column_int64(stmt, 10);
		line->status = line->catalogue_price == line->unit_price ? PLIST_LINE_OK
		                                                         : PLIST_LINE_PRICE_CHANGED;
		if (sqlite3_column_int64(stmt, 11) > 1)
			line->min_order = sqlite3_column_int64(stmt, 11);
	}
}

static int read_lines(struct store *st, struct plist *out, char **cause)
{
	sqlite3_stmt *stmt = sql_query(
	    st, cause,
	    "SELECT l.id, l.product_id, l.supplier_id, l.supplier, l.name, l.spec, l.unit, "
	    "l.unit_price, l.quantity, l.is_service, i.price, i.min_order "
	    "FROM purchase_lines l LEFT JOIN items i ON i.id = l.product_id "
	    "WHERE l.list_id = ?1 ORDER BY l.position, l.id",
	    "i", out->id);
	if (stmt == NULL)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->nlines == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			out->lines = xreallocarray(out->lines, cap, sizeof *out->lines);
		}
		read_line_row(stmt, &out->lines[out->nlines++]);
	}
	if (rc != SQLITE_DONE)
		db_cause(st, cause);
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int history_has(struct store *st, int64_t list_id, int64_t seq, bool *has, char **cause)
{
	int64_t found;
	int rc =
	    sql_int(st, cause, &found, "SELECT 1 FROM list_history WHERE list_id = ?1 AND seq = ?2",
	            "ii", list_id, seq);
	*has = rc == 0;
	return rc < 0 ? -1 : 0;
}

/* Reads a list by id (or by name when id is 0) inside the caller's
 * transaction; *pos gets its history position. Returns 1 when there is no
 * such list. */
static int read_list(struct store *st, int64_t id, const char *name, struct plist *out,
                     int64_t *pos, char **cause)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt;
	if (id != 0)
		stmt = sql_query(st, cause, LIST_SELECT "WHERE id = ?1", "i", id);
	else if (name != NULL)
		stmt = sql_query(st, cause, LIST_SELECT "WHERE name = ?1", "t", name);
	else
		return 1;
	if (stmt == NULL)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		read_list_row(stmt, out, pos);
	else if (rc != SQLITE_DONE)
		db_cause(st, cause);
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE)
		return 1;
	if (rc != SQLITE_ROW || read_lines(st, out, cause) != 0 ||
	    history_has(st, out->id, *pos - 1, &out->can_undo, cause) != 0 ||
	    history_has(st, out->id, *pos + 1, &out->can_redo, cause) != 0) {
		plist_finish(out);
		return -1;
	}
	return 0;
}

/* Checks the values of a list read from the database, which may have been
 * edited outside aixingou: a negative quantity or price would print an order
 * with negative amounts. 0, or -1 with *cause naming the list and the line. */
static int check_loaded(const struct plist *l, char **cause)
{
	const struct plist_info *info = &l->info;
	const char *what = NULL;
	if (info->headcount < 1 || info->headcount > INT64_MAX / 2)
		what = _("its headcount is out of range");
	else if (!money_ok(info->rules.per_member_budget) ||
	         !money_ok(info->rules.yearly_gift_cap_per_member) ||
	         !money_ok(info->rules.contract_threshold) ||
	         info->rules.poverty_share_min_percent < 0 ||
	         info->rules.poverty_share_min_percent > 100)
		what = _("a budget or threshold is out of range");
	if (what != NULL) {
		*cause = xasprintf(_("the list \"%s\" in the database is damaged: %s; it was "
		                     "changed outside aixingou. Correct it, or delete the list"),
		                   info->name, what);
		return -1;
	}
	for (size_t i = 0; i < l->nlines; i++) {
		const struct plist_line *line = &l->lines[i];
		if (line->quantity >= 1 && line->quantity <= PLIST_QUANTITY_MAX &&
		    money_ok(line->unit_price) && has_text(line->name))
			continue;
		*cause =
		    xasprintf(_("the list \"%s\" in the database is damaged: line %zu "
		                "(\"%s\") has quantity %lld at unit price %lld fen; it was "
		                "changed outside aixingou. Correct the line, or delete the list"),
		              info->name, i + 1, line->name, (long long)line->quantity,
		              (long long)line->unit_price);
		return -1;
	}
	return 0;
}

int store_list_load(struct store *st, int64_t id, const char *name, struct plist *out, char **cause)
{
	memset(out, 0, sizeof *out);
	if (begin_read(st, cause) != 0)
		return -1;
	int64_t pos;
	int rc = read_list(st, id, name, out, &pos, cause);
	if (rc == 1 && id == 0 && name != NULL) {
		/* As stored: without invisible characters and outer spaces. */
		char *normal = text_name(name);
		if (strcmp(normal, name) != 0)
			rc = read_list(st, 0, normal, out, &pos, cause);
		free(normal);
	}
	if (rc < 0)
		return fail(st);
	if (rc == 0 && check_loaded(out, cause) != 0) {
		plist_finish(out);
		return fail(st);
	}
	if (commit(st, cause) != 0) {
		plist_finish(out);
		return -1;
	}
	return rc;
}

/* ---- Snapshots ----------------------------------------------------------
 *
 * A state is records ended by RS (0x1e) of fields separated by US (0x1f).
 * The first record is the format "1" and the settings: name, union_name,
 * handler, purpose, headcount, pack, per_member_budget,
 * yearly_gift_cap_per_member, poverty_share_min_percent, contract_threshold.
 * Each further record is a line in order: id, product_id, supplier_id,
 * supplier, name, spec, unit, unit_price, quantity, is_service. In a field a
 * backslash is written "\\", 0x1f "\F" and 0x1e "\R"; a field that is just
 * "\N" is NULL. So any text comes back byte for byte. */

#define SNAP_FIELD       '\x1f'
#define SNAP_RECORD      '\x1e'
#define SNAP_FORMAT      "1"
#define SNAP_INFO_FIELDS 11
#define SNAP_LINE_FIELDS 10

static void snap_text(struct buf *b, const char *s)
{
	if (s == NULL) {
		buf_adds(b, "\\N");
	} else {
		const char *run = s;
		for (const char *p = s; *p != '\0'; p++) {
			const char *escaped;
			switch (*p) {
			case '\\':
				escaped = "\\\\";
				break;
			case SNAP_FIELD:
				escaped = "\\F";
				break;
			case SNAP_RECORD:
				escaped = "\\R";
				break;
			default:
				continue;
			}
			buf_add(b, run, (size_t)(p - run));
			buf_adds(b, escaped);
			run = p + 1;
		}
		buf_adds(b, run);
	}
	buf_addc(b, SNAP_FIELD);
}

/* As "%lld" writes it (printf was a tenth of an import of 100,000 lines). */
static void snap_int(struct buf *b, int64_t v)
{
	char digits[24];
	size_t n = sizeof digits;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		digits[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		digits[--n] = '-';
	buf_add(b, digits + n, sizeof digits - n);
	buf_addc(b, SNAP_FIELD);
}

/* Every field ends with a separator; the record's last one becomes RS. */
static void snap_end_record(struct buf *b)
{
	b->data[b->len - 1] = SNAP_RECORD;
}

static void snap_write_line(const struct plist_line *line, struct buf *b)
{
	snap_int(b, line->id);
	snap_text(b, line->product_id);
	snap_text(b, line->supplier_id);
	snap_text(b, line->supplier);
	snap_text(b, line->name);
	snap_text(b, line->spec);
	snap_text(b, line->unit);
	snap_int(b, line->unit_price);
	snap_int(b, line->quantity);
	snap_int(b, line->is_service);
	snap_end_record(b);
}

static void snap_write(const struct plist *l, struct buf *b)
{
	const struct plist_info *info = &l->info;
	snap_text(b, SNAP_FORMAT);
	snap_text(b, info->name);
	snap_text(b, info->union_name);
	snap_text(b, info->handler);
	snap_text(b, info->purpose);
	snap_int(b, info->headcount);
	snap_int(b, info->pack);
	snap_int(b, info->rules.per_member_budget);
	snap_int(b, info->rules.yearly_gift_cap_per_member);
	snap_int(b, info->rules.poverty_share_min_percent);
	snap_int(b, info->rules.contract_threshold);
	snap_end_record(b);
	for (size_t i = 0; i < l->nlines; i++)
		snap_write_line(&l->lines[i], b);
}

struct snap_record {
	char **fields; /* NULL for a NULL field */
	size_t nfields;
};

static void snap_records_free(struct snap_record *records, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		for (size_t j = 0; j < records[i].nfields; j++)
			free(records[i].fields[j]);
		free(records[i].fields);
	}
	free(records);
}

/* Splits a state into records of fields. False when it is not what
 * snap_write makes. */
static bool snap_split(const char *data, size_t len, struct snap_record **out, size_t *count)
{
	struct snap_record *records = NULL;
	size_t nrecords = 0;
	struct snap_record record = {NULL, 0};
	struct buf field = BUF_INIT;
	bool is_null = false;
	bool ok = true;
	for (size_t i = 0; i < len && ok; i++) {
		char c = data[i];
		if (c == SNAP_FIELD || c == SNAP_RECORD) {
			record.fields =
			    xreallocarray(record.fields, record.nfields + 1, sizeof *record.fields);
			record.fields[record.nfields++] = is_null ? NULL : buf_steal(&field);
			is_null = false;
			if (c == SNAP_RECORD) {
				records = xreallocarray(records, nrecords + 1, sizeof *records);
				records[nrecords++] = record;
				record = (struct snap_record){NULL, 0};
			}
		} else if (is_null || c == '\0') {
			ok = false;
		} else if (c != '\\') {
			buf_addc(&field, c);
		} else if (i + 1 == len) {
			ok = false;
		} else {
			char e = data[++i];
			if (e == '\\')
				buf_addc(&field, '\\');
			else if (e == 'F')
				buf_addc(&field, SNAP_FIELD);
			else if (e == 'R')
				buf_addc(&field, SNAP_RECORD);
			else if (e == 'N' && field.len == 0)
				is_null = true;
			else
				ok = false;
		}
	}
	if (field.len > 0 || is_null || record.nfields > 0)
		ok = false;
	buf_finish(&field);
	for (size_t j = 0; j < record.nfields; j++)
		free(record.fields[j]);
	free(record.fields);
	if (!ok) {
		snap_records_free(records, nrecords);
		return false;
	}
	*out = records;
	*count = nrecords;
	return true;
}

static bool parse_int64(const char *s, int64_t *out)
{
	if (s == NULL || *s == '\0')
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return false;
	*out = v;
	return true;
}

/* Moves a field out of its record; false when it is NULL and must not be. */
static bool take_text(struct snap_record *r, size_t i, char **out, bool may_be_null)
{
	*out = r->fields[i];
	r->fields[i] = NULL;
	return *out != NULL || may_be_null;
}

static bool snap_info(struct snap_record *r, struct plist_info *info)
{
	int64_t pack, percent;
	if (r->nfields != SNAP_INFO_FIELDS || r->fields[0] == NULL ||
	    strcmp(r->fields[0], SNAP_FORMAT) != 0)
		return false;
	if (!take_text(r, 1, &info->name, false) || !take_text(r, 2, &info->union_name, false) ||
	    !take_text(r, 3, &info->handler, false) || !take_text(r, 4, &info->purpose, false) ||
	    !parse_int64(r->fields[5], &info->headcount) || !parse_int64(r->fields[6], &pack) ||
	    !parse_int64(r->fields[7], &info->rules.per_member_budget) ||
	    !parse_int64(r->fields[8], &info->rules.yearly_gift_cap_per_member) ||
	    !parse_int64(r->fields[9], &percent) ||
	    !parse_int64(r->fields[10], &info->rules.contract_threshold))
		return false;
	info->pack = pack != 0;
	info->rules.poverty_share_min_percent = (int)percent;
	return true;
}

static bool snap_line(struct snap_record *r, struct plist_line *line)
{
	int64_t is_service;
	memset(line, 0, sizeof *line);
	if (r->nfields != SNAP_LINE_FIELDS)
		return false;
	bool ok =
	    parse_int64(r->fields[0], &line->id) && take_text(r, 1, &line->product_id, true) &&
	    take_text(r, 2, &line->supplier_id, true) && take_text(r, 3, &line->supplier, false) &&
	    take_text(r, 4, &line->name, false) && take_text(r, 5, &line->spec, false) &&
	    take_text(r, 6, &line->unit, false) && parse_int64(r->fields[7], &line->unit_price) &&
	    parse_int64(r->fields[8], &line->quantity) && parse_int64(r->fields[9], &is_service);
	line->is_service = ok && is_service != 0;
	return ok;
}

/* Reads a state back into l (settings and lines only). False when it is
 * damaged; l then holds nothing. */
static bool snap_read(const char *data, size_t len, struct plist *l)
{
	memset(l, 0, sizeof *l);
	struct snap_record *records;
	size_t count;
	if (!snap_split(data, len, &records, &count))
		return false;
	bool ok = count >= 1 && snap_info(&records[0], &l->info);
	if (ok && count > 1)
		l->lines = xcalloc(count - 1, sizeof *l->lines);
	for (size_t i = 1; ok && i < count; i++) {
		ok = snap_line(&records[i], &l->lines[l->nlines]);
		/* A half-read line is freed with the others. */
		l->nlines++;
	}
	snap_records_free(records, count);
	if (!ok)
		plist_finish(l);
	return ok;
}

/* The stored state seq of a list into *out: 0, 1 when there is none, -1. */
static int history_state(struct store *st, int64_t list_id, int64_t seq, struct buf *out,
                         char **cause)
{
	sqlite3_stmt *stmt =
	    sql_query(st, cause, "SELECT state FROM list_history WHERE list_id = ?1 AND seq = ?2",
	              "ii", list_id, seq);
	if (stmt == NULL)
		return -1;
	int result;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const void *data = sqlite3_column_blob(stmt, 0);
		int len = sqlite3_column_bytes(stmt, 0);
		if (len > 0)
			buf_add(out, data, (size_t)len);
		result = 0;
	} else if (rc == SQLITE_DONE) {
		result = 1;
	} else {
		db_cause(st, cause);
		result = -1;
	}
	sqlite3_finalize(stmt);
	return result;
}

/* Marks the list edited now, at history position pos. */
static int touch_list(struct store *st, int64_t list_id, int64_t pos, char **cause)
{
	return sql_run(st, cause,
	               "UPDATE purchase_lists SET history_pos = ?2, updated_at = datetime('now'), "
	               "edit_order = (SELECT COALESCE(MAX(edit_order), 0) + 1 FROM purchase_lists) "
	               "WHERE id = ?1",
	               "ii", list_id, pos);
}

/* Ends an edit whose changes are made: records the list's new state after
 * the current one (dropping the redo states and the oldest beyond
 * PLIST_HISTORY_MAX) and commits. An edit that changed nothing is rolled
 * back and leaves no undo step. */
/* Fails unless the list can be ordered: each line's quantity in the order
 * (× headcount in a pack) at most PLIST_QUANTITY_MAX, as the browser allows
 * for a line, and a total that can be computed. */
static int check_orderable(const struct plist *l, char **cause)
{
	for (size_t i = 0; i < l->nlines; i++) {
		int64_t quantity;
		if (!plist_line_order_quantity(l, &l->lines[i], &quantity) ||
		    quantity > PLIST_QUANTITY_MAX) {
			*cause = xasprintf(
			    /* TRANSLATORS: a quantity per member times the headcount
			     * passes the limit of a line in the order */
			    _("“%s” would be more than %d in the order (its quantity × %lld "
			      "members): "
			      "the list is left as it was"),
			    l->lines[i].name, PLIST_QUANTITY_MAX, (long long)l->info.headcount);
			return -1;
		}
	}
	money_t total;
	if (!plist_total(l, &total)) {
		*cause = xstrdup(_("the order's total would be too large to compute: the list is "
		                   "left as it was"));
		return -1;
	}
	return 0;
}

/* Ends an edit: records the list's new state for undo and commits. An edit
 * that adds or raises (growing) must leave a list that can be ordered; one
 * that removes, undoes or takes a new price never fails on that, so a list
 * over the limits (from an older aixingou) can always be brought back under
 * them. */
static int end_edit(struct store *st, int64_t list_id, bool growing, char **cause)
{
	struct plist now;
	int64_t pos;
	struct buf state = BUF_INIT, before = BUF_INIT;
	int rc = read_list(st, list_id, NULL, &now, &pos, cause);
	if (rc != 0) {
		if (rc == 1)
			*cause = xstrdup(_("the list is no longer there: it was deleted, perhaps "
			                   "in another aixingou"));
		return fail(st);
	}
	if (growing && check_orderable(&now, cause) != 0) {
		plist_finish(&now);
		return fail(st);
	}
	snap_write(&now, &state);
	plist_finish(&now);
	rc = history_state(st, list_id, pos, &before, cause);
	if (rc < 0)
		goto error;
	if (rc == 0 && before.len == state.len &&
	    memcmp(buf_str(&before), buf_str(&state), state.len) == 0) {
		rollback(st);
		buf_finish(&state);
		buf_finish(&before);
		return 0;
	}
	if (sql_run(st, cause, "DELETE FROM list_history WHERE list_id = ?1 AND seq > ?2", "ii",
	            list_id, pos) != 0 ||
	    sql_run(st, cause, "INSERT INTO list_history (list_id, seq, state) VALUES (?1, ?2, ?3)",
	            "iib", list_id, pos + 1, &state) != 0 ||
	    sql_run(st, cause, "DELETE FROM list_history WHERE list_id = ?1 AND seq <= ?2", "ii",
	            list_id, pos + 1 - PLIST_HISTORY_MAX) != 0 ||
	    touch_list(st, list_id, pos + 1, cause) != 0 || commit(st, cause) != 0)
		goto error;
	buf_finish(&state);
	buf_finish(&before);
	return 0;
error:
	buf_finish(&state);
	buf_finish(&before);
	return fail(st);
}

static int finish_edit(struct store *st, int64_t list_id, char **cause)
{
	return end_edit(st, list_id, false, cause);
}

static int finish_growing_edit(struct store *st, int64_t list_id, char **cause)
{
	return end_edit(st, list_id, true, cause);
}

int store_list_seed_history(struct store *st, int64_t list_id, char **cause)
{
	struct plist l;
	int64_t pos;
	int rc = read_list(st, list_id, NULL, &l, &pos, cause);
	if (rc != 0) {
		if (rc == 1)
			*cause = xstrdup(_("the list is no longer there: it was deleted, perhaps "
			                   "in another aixingou"));
		return -1;
	}
	struct buf state = BUF_INIT;
	snap_write(&l, &state);
	plist_finish(&l);
	rc =
	    sql_run(st, cause,
	            "INSERT OR REPLACE INTO list_history (list_id, seq, state) VALUES (?1, ?2, ?3)",
	            "iib", list_id, pos, &state);
	buf_finish(&state);
	return rc;
}

/* ---- Writing lines ----------------------------------------------------- */

/* Inserts a line: under its own id when line->id is not 0 (undo), and at
 * position (or after the list's last line when position is 0). */
static int insert_line(struct store *st, int64_t list_id, const struct plist_line *line,
                       int64_t position, char **cause)
{
	return sql_run(
	    st, cause,
	    "INSERT INTO purchase_lines (id, list_id, position, product_id, supplier_id, "
	    "supplier, name, spec, unit, unit_price, quantity, is_service) VALUES (?1, ?2, "
	    "COALESCE(?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM purchase_lines "
	    "WHERE list_id = ?2)), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	    "IiIttttttiii", line->id, list_id, position, line->product_id, line->supplier_id,
	    line->supplier != NULL ? line->supplier : "", line->name,
	    line->spec != NULL ? line->spec : "", line->unit, line->unit_price, line->quantity,
	    (int64_t)line->is_service);
}

/* Puts the list back in a stored state: its settings, and its lines under
 * their old ids. */
static int restore_state(struct store *st, int64_t list_id, const struct plist *state, char **cause)
{
	const struct plist_info *info = &state->info;
	if (require_free_name(st, info->name, list_id, cause) != 0)
		return -1;
	if (sql_run(st, cause,
	            "UPDATE purchase_lists SET name = ?2, union_name = ?3, handler = ?4, "
	            "purpose = ?5, headcount = ?6, pack = ?7, per_member_budget = ?8, "
	            "yearly_gift_cap_per_member = ?9, poverty_share_min_percent = ?10, "
	            "contract_threshold = ?11 WHERE id = ?1",
	            "ittttiiiiii", list_id, info->name, info->union_name, info->handler,
	            info->purpose, info->headcount, (int64_t)info->pack,
	            info->rules.per_member_budget, info->rules.yearly_gift_cap_per_member,
	            (int64_t)info->rules.poverty_share_min_percent,
	            info->rules.contract_threshold) != 0 ||
	    sql_run(st, cause, "DELETE FROM purchase_lines WHERE list_id = ?1", "i", list_id) != 0)
		return -1;
	for (size_t i = 0; i < state->nlines; i++) {
		if (insert_line(st, list_id, &state->lines[i], (int64_t)i + 1, cause) != 0)
			return -1;
	}
	return 0;
}

/* ---- The lists ---------------------------------------------------------- */

int store_lists(struct store *st, struct plist_summary **out, size_t *count, char **cause)
{
	*out = NULL;
	*count = 0;
	if (begin_read(st, cause) != 0)
		return -1;
	sqlite3_stmt *lists = sql_query(st, cause,
	                                "SELECT id, name, purpose, headcount, pack, updated_at "
	                                "FROM purchase_lists ORDER BY edit_order DESC, id DESC",
	                                "");
	/* Bound to each list in turn below. */
	sqlite3_stmt *lines = NULL;
	if (lists != NULL &&
	    sqlite3_prepare_v2(store_db(st),
	                       "SELECT unit_price, quantity FROM purchase_lines WHERE list_id = ?1",
	                       -1, &lines, NULL) != SQLITE_OK)
		db_cause(st, cause);
	if (lines == NULL) {
		sqlite3_finalize(lists);
		return fail(st);
	}
	struct plist_summary *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(lists)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			rows = xreallocarray(rows, cap, sizeof *rows);
		}
		struct plist_summary *row = &rows[n++];
		memset(row, 0, sizeof *row);
		row->id = sqlite3_column_int64(lists, 0);
		row->name = column_text(lists, 1);
		row->purpose = column_text(lists, 2);
		row->headcount = sqlite3_column_int64(lists, 3);
		row->pack = sqlite3_column_int64(lists, 4) != 0;
		row->updated_at = column_text(lists, 5);

		/* The same sums as plist_total, line by line. */
		struct plist sums = {.info = {.headcount = row->headcount, .pack = row->pack}};
		bool overflow = false;
		rc = sqlite3_bind_int64(lines, 1, row->id);
		while (rc == SQLITE_OK && (rc = sqlite3_step(lines)) == SQLITE_ROW) {
			struct plist_line line = {.unit_price = sqlite3_column_int64(lines, 0),
			                          .quantity = sqlite3_column_int64(lines, 1)};
			money_t amount;
			row->nlines++;
			/* A value changed outside aixingou has no total (see
			 * check_loaded). */
			if (line.quantity < 1 || line.quantity > PLIST_QUANTITY_MAX ||
			    !money_ok(line.unit_price) || row->headcount < 1 ||
			    !plist_line_amount(&sums, &line, &amount) ||
			    !money_add(row->total, amount, &row->total))
				overflow = true;
			rc = SQLITE_OK;
		}
		if (rc == SQLITE_DONE)
			rc = sqlite3_reset(lines);
		if (rc != SQLITE_OK)
			break;
		if (overflow)
			row->total = -1;
	}
	if (rc != SQLITE_DONE)
		db_cause(st, cause);
	sqlite3_finalize(lists);
	sqlite3_finalize(lines);
	if (rc != SQLITE_DONE || commit(st, cause) != 0) {
		plist_summaries_free(rows, n);
		return fail(st);
	}
	*out = rows;
	*count = n;
	return 0;
}

/* The catalogue's rules from the last import (0 for a rule not there). */
static int catalogue_rules(struct store *st, struct cat_rules *rules, char **cause)
{
	static const char sql[] = "SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?1";
	int64_t percent = 0;
	memset(rules, 0, sizeof *rules);
	if (sql_int(st, cause, &rules->per_member_budget, sql, "t", "rule_per_member_budget") < 0 ||
	    sql_int(st, cause, &rules->yearly_gift_cap_per_member, sql, "t",
	            "rule_yearly_gift_cap_per_member") < 0 ||
	    sql_int(st, cause, &percent, sql, "t", "rule_poverty_share_min_percent") < 0 ||
	    sql_int(st, cause, &rules->contract_threshold, sql, "t", "rule_contract_threshold") < 0)
		return -1;
	rules->poverty_share_min_percent = (int)percent;
	return 0;
}

static bool rules_unset(const struct cat_rules *r)
{
	return r->per_member_budget == 0 && r->yearly_gift_cap_per_member == 0 &&
	       r->poverty_share_min_percent == 0 && r->contract_threshold == 0;
}

/* Creates the list inside the caller's transaction, with its state 0 (what
 * undo comes back to at the end). */
static int create_list(struct store *st, const struct plist_info *info, int64_t *id, char **cause)
{
	struct cat_rules rules = info->rules;
	if (require_free_name(st, info->name, 0, cause) != 0 ||
	    (rules_unset(&rules) && catalogue_rules(st, &rules, cause) != 0))
		return -1;
	if (sql_run(st, cause,
	            "INSERT INTO purchase_lists (name, union_name, handler, purpose, headcount, "
	            "pack, per_member_budget, yearly_gift_cap_per_member, "
	            "poverty_share_min_percent, contract_threshold, created_at, updated_at, "
	            "edit_order, history_pos) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	            "datetime('now'), datetime('now'), "
	            "(SELECT COALESCE(MAX(edit_order), 0) + 1 FROM purchase_lists), 0)",
	            "ttttiiiiii", info->name, or_empty(info->union_name), or_empty(info->handler),
	            or_empty(info->purpose), info->headcount, (int64_t)info->pack,
	            rules.per_member_budget, rules.yearly_gift_cap_per_member,
	            (int64_t)rules.poverty_share_min_percent, rules.contract_threshold) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(store_db(st));
	return store_list_seed_history(st, *id, cause);
}

int store_list_create(struct store *st, const struct plist_info *given, int64_t *id, char **cause)
{
	int64_t new_id;
	struct plist_info info;
	normalized_info(&info, given);
	int rc = -1;
	if (check_info(&info, cause) != 0 || begin_edit(st, cause) != 0)
		goto done;
	if (create_list(st, &info, &new_id, cause) != 0) {
		fail(st);
		goto done;
	}
	if (commit(st, cause) != 0)
		goto done;
	*id = new_id;
	rc = 0;
done:
	plist_info_finish(&info);
	return rc;
}

/* ---- Import ------------------------------------------------------------ */

#define IMPORT_BATCH 50

struct plist_import {
	struct store *st;
	int64_t list_id;
	int64_t position;     /* of the last line added */
	sqlite3_stmt *find;   /* an item of the catalogue by id */
	sqlite3_stmt *insert; /* a line */
	struct buf state;     /* the list's first state, line by line as added */
	/* Lines are inserted IMPORT_BATCH at a time, by one statement: one
	 * statement per line was half of an import of 100,000 lines. */
	sqlite3_stmt *insert_batch;
	struct plist_line pending[IMPORT_BATCH]; /* copies, not inserted yet */
	size_t npending;
	/* The catalogue's items in memory (store_list_import_expect), found
	 * through slots by open addressing; NULL when not read. */
	struct import_item *items;
	size_t nitems;
	size_t *slots; /* indexes into items, SIZE_MAX when empty */
	size_t nslots; /* a power of two */
};

/* A catalogue item as import_fill_line makes a line of it. */
struct import_item {
	struct plist_line line;
	char *short_name;
};

#define IMPORT_ITEMS_SQL                                                                           \
	"SELECT i.name, COALESCE(i.spec, ''), i.unit, i.price, i.is_service, i.min_order, e.id, "  \
	"e.name, COALESCE(NULLIF(e.short_name, ''), e.name), i.id "                                \
	"FROM items i JOIN enterprises e ON e.id = i.enterprise"
#define IMPORT_FIND_SQL IMPORT_ITEMS_SQL " WHERE i.id = ?1"
#define IMPORT_INSERT_HEAD                                                                         \
	"INSERT INTO purchase_lines (list_id, position, product_id, supplier_id, supplier, name, " \
	"spec, unit, unit_price, quantity, is_service) VALUES "
#define IMPORT_INSERT_SQL                                                                          \
	"INSERT INTO purchase_lines (list_id, position, product_id, supplier_id, supplier, name, " \
	"spec, unit, unit_price, quantity, is_service) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "   \
	"?9, "                                                                                     \
	"?10, ?11)"

/* The page cache of an import: as the catalogue's import (store.c), up to
 * 16 MiB while it runs, grown only as used; the default after. */
static void import_cache(struct store *st, bool large)
{
	(void)sqlite3_exec(store_db(st),
	                   large ? "PRAGMA cache_size = -16384" : "PRAGMA cache_size = -2000", NULL,
	                   NULL, NULL);
}

static void import_items_free(struct plist_import *im)
{
	for (size_t i = 0; i < im->nitems; i++) {
		plist_line_finish(&im->items[i].line);
		free(im->items[i].short_name);
	}
	free(im->items);
	free(im->slots);
	im->items = NULL;
	im->slots = NULL;
	im->nitems = im->nslots = 0;
}

/* The line an item makes, from a row of IMPORT_ITEMS_SQL. */
static void import_item_read(sqlite3_stmt *stmt, struct import_item *item)
{
	struct plist_line *line = &item->line;
	memset(item, 0, sizeof *item);
	line->name = column_text(stmt, 0);
	line->spec = column_text(stmt, 1);
	line->unit = column_text(stmt, 2);
	line->unit_price = sqlite3_column_int64(stmt, 3);
	line->is_service = sqlite3_column_int64(stmt, 4) != 0;
	line->min_order = sqlite3_column_int64(stmt, 5);
	if (line->min_order < 1)
		line->min_order = 1;
	line->supplier_id = column_text(stmt, 6);
	line->supplier = column_text(stmt, 7);
	item->short_name = column_text(stmt, 8);
	line->product_id = column_text(stmt, 9);
	line->status = PLIST_LINE_OK;
	line->catalogue_price = line->unit_price;
}

static uint64_t import_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

/* The slot of id: where its item is, or the empty slot where it would go. */
static size_t import_slot(const struct plist_import *im, const char *id)
{
	size_t i = (size_t)import_hash(id) & (im->nslots - 1);
	while (im->slots[i] != SIZE_MAX && strcmp(im->items[im->slots[i]].line.product_id, id) != 0)
		i = (i + 1) & (im->nslots - 1);
	return i;
}

int store_list_import_expect(struct plist_import *im, size_t lookups, char **cause)
{
	int64_t count = 0;
	if (im->items != NULL || lookups < 1000)
		return 0;
	if (sql_int(im->st, cause, &count, "SELECT COUNT(*) FROM items", "") != 0)
		return -1;
	/* A few rows of a big catalogue are looked up one by one. */
	if ((int64_t)lookups * 8 < count)
		return 0;
	sqlite3_stmt *stmt = sql_query(im->st, cause, IMPORT_ITEMS_SQL, "");
	if (stmt == NULL)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (im->nitems == cap) {
			cap = cap ? cap * 2 : 1024;
			im->items = xreallocarray(im->items, cap, sizeof *im->items);
		}
		import_item_read(stmt, &im->items[im->nitems++]);
	}
	if (rc != SQLITE_DONE)
		db_cause(im->st, cause);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		import_items_free(im);
		return -1;
	}
	im->nslots = 64;
	while (im->nslots < 2 * im->nitems)
		im->nslots *= 2;
	im->slots = xreallocarray(NULL, im->nslots, sizeof *im->slots);
	for (size_t i = 0; i < im->nslots; i++)
		im->slots[i] = SIZE_MAX;
	for (size_t i = 0; i < im->nitems; i++)
		im->slots[import_slot(im, im->items[i].line.product_id)] = i;
	return 0;
}

void store_list_import_abort(struct plist_import *im)
{
	if (im == NULL)
		return;
	sqlite3_finalize(im->find);
	sqlite3_finalize(im->insert);
	sqlite3_finalize(im->insert_batch);
	for (size_t i = 0; i < im->npending; i++)
		plist_line_finish(&im->pending[i]);
	rollback(im->st);
	import_cache(im->st, false);
	import_items_free(im);
	buf_finish(&im->state);
	free(im);
}

int store_list_import_begin(struct store *st, const struct plist_info *given,
                            struct plist_import **out, char **cause)
{
	*out = NULL;
	struct plist_info normal;
	normalized_info(&normal, given);
	const struct plist_info *info = &normal;
	if (check_info(info, cause) != 0 || begin_edit(st, cause) != 0) {
		plist_info_finish(&normal);
		return -1;
	}
	struct plist_import *im = xcalloc(1, sizeof *im);
	im->st = st;
	sqlite3 *db = store_db(st);
	import_cache(st, true);
	int created = create_list(st, info, &im->list_id, cause);
	plist_info_finish(&normal);
	/* State 0 as create_list stored it (the settings), to which each line
	 * is added as it is inserted: reading 100,000 lines back for it cost a
	 * fifth of the import. */
	if (created != 0 || history_state(st, im->list_id, 0, &im->state, cause) != 0)
		goto error;
	if (sqlite3_prepare_v2(db, IMPORT_FIND_SQL, -1, &im->find, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, IMPORT_INSERT_SQL, -1, &im->insert, NULL) != SQLITE_OK) {
		db_cause(st, cause);
		goto error;
	}
	*out = im;
	return 0;
error:
	store_list_import_abort(im);
	return -1;
}

int store_list_import_find(struct plist_import *im, const char *product_id, struct plist_line *line,
                           int64_t *min_order, char **supplier_short, char **cause)
{
	memset(line, 0, sizeof *line);
	if (im->items != NULL) {
		size_t slot = import_slot(im, product_id);
		if (im->slots[slot] == SIZE_MAX)
			return 1;
		const struct import_item *item = &im->items[im->slots[slot]];
		*line = item->line;
		line->product_id = xstrdup(item->line.product_id);
		line->name = xstrdup(item->line.name);
		line->spec = xstrdup(item->line.spec);
		line->unit = xstrdup(item->line.unit);
		line->supplier_id = xstrdup(item->line.supplier_id);
		line->supplier = xstrdup(item->line.supplier);
		*supplier_short = xstrdup(item->short_name);
		*min_order = line->min_order;
		return 0;
	}
	sqlite3_stmt *stmt = im->find;
	int rc = sqlite3_bind_text(stmt, 1, product_id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		struct import_item item;
		import_item_read(stmt, &item);
		*line = item.line;
		*supplier_short = item.short_name;
		*min_order = line->min_order;
	} else if (rc != SQLITE_DONE) {
		db_cause(im->st, cause);
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : -1;
}

/* Binds a line to the 11 parameters after first. */
static int bind_line(sqlite3_stmt *stmt, int first, int64_t list_id, int64_t position,
                     const struct plist_line *line)
{
	const char *texts[] = {line->product_id, line->supplier_id, line->supplier,
	                       line->name,       line->spec,        line->unit};
	int rc = sqlite3_bind_int64(stmt, first + 1, list_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, first + 2, position);
	for (int i = 0; i < 6 && rc == SQLITE_OK; i++)
		rc = texts[i] == NULL
		         ? sqlite3_bind_null(stmt, first + 3 + i)
		         : sqlite3_bind_text(stmt, first + 3 + i, texts[i], -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, first + 9, line->unit_price);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, first + 10, line->quantity);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(stmt, first + 11, line->is_service);
	return rc;
}

/* Inserts the pending lines and adds them to the first state. Their ids are
 * consecutive (AUTOINCREMENT in one transaction): the last one's and before. */
static int import_flush(struct plist_import *im, char **cause)
{
	size_t n = im->npending;
	if (n == 0)
		return 0;
	sqlite3 *db = store_db(im->st);
	int rc = SQLITE_OK;
	if (n == IMPORT_BATCH && im->insert_batch == NULL) {
		struct buf sql = BUF_INIT;
		buf_adds(&sql, IMPORT_INSERT_HEAD);
		for (size_t i = 0; i < IMPORT_BATCH; i++)
			buf_adds(&sql,
			         i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?)");
		rc = sqlite3_prepare_v2(db, buf_str(&sql), -1, &im->insert_batch, NULL);
		buf_finish(&sql);
	}
	if (rc == SQLITE_OK && n == IMPORT_BATCH) {
		for (size_t i = 0; i < n && rc == SQLITE_OK; i++)
			rc = bind_line(im->insert_batch, (int)i * 11, im->list_id,
			               im->position + 1 + (int64_t)i, &im->pending[i]);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(im->insert_batch);
		sqlite3_reset(im->insert_batch);
	} else {
		for (size_t i = 0; i < n && (rc == SQLITE_OK || rc == SQLITE_DONE); i++) {
			rc = bind_line(im->insert, 0, im->list_id, im->position + 1 + (int64_t)i,
			               &im->pending[i]);
			if (rc == SQLITE_OK)
				rc = sqlite3_step(im->insert);
			sqlite3_reset(im->insert);
		}
	}
	if (rc != SQLITE_DONE) {
		db_cause(im->st, cause);
		return -1;
	}
	int64_t last = sqlite3_last_insert_rowid(db);
	for (size_t i = 0; i < n; i++) {
		im->pending[i].id = last - (int64_t)(n - 1 - i);
		snap_write_line(&im->pending[i], &im->state);
		plist_line_finish(&im->pending[i]);
	}
	im->position += (int64_t)n;
	im->npending = 0;
	return 0;
}

int store_list_import_add(struct plist_import *im, const struct plist_line *line, char **cause)
{
	if (check_quantity(line->quantity, cause) != 0)
		return -1;
	if (line->unit_price < 0 || line->unit_price > MONEY_MAX) {
		*cause = xstrdup(_("the price is out of range"));
		return -1;
	}
	/* As stored: NULL supplier and spec are "". */
	im->pending[im->npending++] = (struct plist_line){
	    .product_id = dup_or_null(line->product_id),
	    .supplier_id = dup_or_null(line->supplier_id),
	    .supplier = xstrdup(or_empty(line->supplier)),
	    .name = xstrdup(line->name),
	    .spec = xstrdup(or_empty(line->spec)),
	    .unit = xstrdup(line->unit),
	    .unit_price = line->unit_price,
	    .quantity = line->quantity,
	    .is_service = line->is_service,
	};
	return im->npending == IMPORT_BATCH ? import_flush(im, cause) : 0;
}

int store_list_import_commit(struct plist_import *im, int64_t *id, char **cause)
{
	if (import_flush(im, cause) != 0) {
		store_list_import_abort(im);
		return -1;
	}
	sqlite3_finalize(im->find);
	sqlite3_finalize(im->insert);
	sqlite3_finalize(im->insert_batch);
	im->find = im->insert = im->insert_batch = NULL;
	struct store *st = im->st;
	int64_t list_id = im->list_id;
	import_items_free(im);
	/* The list as imported is its first state: undo does not take it apart
	 * line by line. */
	int rc =
	    sql_run(st, cause, "UPDATE list_history SET state = ?2 WHERE list_id = ?1 AND seq = 0",
	            "ib", list_id, &im->state) != 0
	        ? fail(st)
	        : commit(st, cause);
	buf_finish(&im->state);
	free(im);
	import_cache(st, false);
	if (rc != 0)
		return -1;
	*id = list_id;
	return 0;
}

static int set_info(struct store *st, int64_t list_id, const struct plist_info *info, char **cause)
{
	if (check_info(info, cause) != 0 || begin_edit(st, cause) != 0)
		return -1;
	if (require_list(st, list_id, cause) != 0 ||
	    require_free_name(st, info->name, list_id, cause) != 0 ||
	    sql_run(st, cause,
	            "UPDATE purchase_lists SET name = ?2, union_name = ?3, handler = ?4, "
	            "purpose = ?5, headcount = ?6, pack = ?7, per_member_budget = ?8, "
	            "yearly_gift_cap_per_member = ?9, poverty_share_min_percent = ?10, "
	            "contract_threshold = ?11 WHERE id = ?1",
	            "ittttiiiiii", list_id, info->name, or_empty(info->union_name),
	            or_empty(info->handler), or_empty(info->purpose), info->headcount,
	            (int64_t)info->pack, info->rules.per_member_budget,
	            info->rules.yearly_gift_cap_per_member,
	            (int64_t)info->rules.poverty_share_min_percent,
	            info->rules.contract_threshold) != 0)
		return fail(st);
	return finish_growing_edit(st, list_id, cause);
}

int store_list_set_info(struct store *st, int64_t list_id, const struct plist_info *given,
                        char **cause)
{
	struct plist_info normal;
	normalized_info(&normal, given);
	int rc = set_info(st, list_id, &normal, cause);
	plist_info_finish(&normal);
	return rc;
}

/* What the catalogue says of an item now, for a new line. */
struct catalogue_item {
	struct plist_line line; /* name, spec, unit, price, supplier, is_service */
	int64_t min_order;
};

/* Looks the item up in the imported catalogue: 0, 1 when it is not there. */
static int find_catalogue_item(struct store *st, const char *product_id, struct catalogue_item *out,
                               char **cause)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *stmt = sql_query(st, cause,
	                               "SELECT i.name, COALESCE(i.spec, ''), i.unit, i.price, "
	                               "i.is_service, i.min_order, e.id, e.name "
	                               "FROM items i JOIN enterprises e ON e.id = i.enterprise "
	                               "WHERE i.id = ?1",
	                               "t", product_id);
	if (stmt == NULL)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		struct plist_line *line = &out->line;
		line->product_id = xstrdup(product_id);
		line->name = column_text(stmt, 0);
		line->spec = column_text(stmt, 1);
		line->unit = column_text(stmt, 2);
		line->unit_price = sqlite3_column_int64(stmt, 3);
		line->is_service = sqlite3_column_int64(stmt, 4) != 0;
		out->min_order = sqlite3_column_int64(stmt, 5);
		if (out->min_order < 1)
			out->min_order = 1;
		line->supplier_id = column_text(stmt, 6);
		line->supplier = column_text(stmt, 7);
	} else if (rc != SQLITE_DONE) {
		db_cause(st, cause);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : -1;
}

/* The line of the list with this product, if any: 0 and its id and
 * quantity, 1 when there is none. */
static int find_product_line(struct store *st, int64_t list_id, const char *product_id,
                             int64_t *line_id, int64_t *quantity, char **cause)
{
	sqlite3_stmt *stmt = sql_query(st, cause,
	                               "SELECT id, quantity FROM purchase_lines "
	                               "WHERE list_id = ?1 AND product_id = ?2 "
	                               "ORDER BY position, id LIMIT 1",
	                               "it", list_id, product_id);
	if (stmt == NULL)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*line_id = sqlite3_column_int64(stmt, 0);
		*quantity = sqlite3_column_int64(stmt, 1);
	} else if (rc != SQLITE_DONE) {
		db_cause(st, cause);
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : -1;
}

/* The merge keeps the line's own name and price: a price that changed since
 * is shown by store_list_load and taken only by store_list_update_price. */
int store_list_add_item(struct store *st, int64_t list_id, const char *product_id, int64_t quantity,
                        int64_t *raised_to, char **cause)
{
	if (raised_to != NULL)
		*raised_to = 0;
	if (product_id == NULL || product_id[0] == '\0') {
		*cause = xstrdup(_("no product was given"));
		return -1;
	}
	if (quantity != 0 && check_quantity(quantity, cause) != 0)
		return -1;
	if (begin_edit(st, cause) != 0)
		return -1;
	if (require_list(st, list_id, cause) != 0)
		return fail(st);
	struct catalogue_item item;
	int rc = find_catalogue_item(st, product_id, &item, cause);
	if (rc != 0) {
		if (rc == 1)
			*cause =
			    xasprintf(_("there is no product or service \"%s\" in the catalogue"),
			              product_id);
		return fail(st);
	}
	/* In a pack the quantity is per member: the product's minimum order
	 * applies to quantity × headcount, so each member needs only their share
	 * of it. */
	int64_t per_member_pack = 0, headcount = 1;
	if (sql_int(st, cause, &per_member_pack, "SELECT pack FROM purchase_lists WHERE id = ?1",
	            "i", list_id) != 0 ||
	    sql_int(st, cause, &headcount, "SELECT headcount FROM purchase_lists WHERE id = ?1",
	            "i", list_id) != 0) {
		plist_line_finish(&item.line);
		return fail(st);
	}
	int64_t minimum = item.min_order;
	if (per_member_pack && headcount > 1)
		minimum = (item.min_order + headcount - 1) / headcount;
	int64_t wanted = quantity != 0 ? quantity : minimum;
	int64_t line_id = 0, old = 0, used;
	rc = find_product_line(st, list_id, product_id, &line_id, &old, cause);
	if (rc < 0)
		goto error;
	if (rc == 0 && __builtin_add_overflow(old, wanted, &used)) {
		*cause = xstrdup(_("the quantity is too large"));
		goto error;
	}
	if (rc == 1)
		used = wanted;
	bool raised = used < minimum;
	if (raised)
		used = minimum;
	if (check_quantity(used, cause) != 0)
		goto error;
	if (rc == 0) {
		if (sql_run(st, cause, "UPDATE purchase_lines SET quantity = ?2 WHERE id = ?1",
		            "ii", line_id, used) != 0)
			goto error;
	} else {
		item.line.quantity = used;
		if (insert_line(st, list_id, &item.line, 0, cause) != 0)
			goto error;
	}
	plist_line_finish(&item.line);
	if (finish_growing_edit(st, list_id, cause) != 0)
		return -1;
	if (raised && raised_to != NULL)
		*raised_to = used;
	return 0;
error:
	plist_line_finish(&item.line);
	return fail(st);
}

int store_list_add_custom(struct store *st, int64_t list_id, const char *supplier, const char *name,
                          const char *spec, const char *unit, money_t price, int64_t quantity,
                          char **cause)
{
	if (!has_text(name)) {
		*cause = xstrdup(_("the line needs a name"));
		return -1;
	}
	if (!has_text(unit)) {
		*cause = xstrdup(_("the line needs a unit"));
		return -1;
	}
	if (price <= 0 || price > MONEY_MAX) {
		*cause = xstrdup(_("the price must be more than 0"));
		return -1;
	}
	if (check_quantity(quantity, cause) != 0 || begin_edit(st, cause) != 0)
		return -1;
	struct plist_line line = {
	    .supplier = (char *)or_empty(supplier),
	    .name = (char *)name,
	    .spec = (char *)or_empty(spec),
	    .unit = (char *)unit,
	    .unit_price = price,
	    .quantity = quantity,
	};
	if (require_list(st, list_id, cause) != 0 || insert_line(st, list_id, &line, 0, cause) != 0)
		return fail(st);
	return finish_growing_edit(st, list_id, cause);
}

int store_list_set_quantity(struct store *st, int64_t list_id, int64_t line_id, int64_t quantity,
                            char **cause)
{
	if (check_quantity(quantity, cause) != 0 || begin_edit(st, cause) != 0)
		return -1;
	if (require_line(st, list_id, line_id, cause) != 0 ||
	    sql_run(st, cause, "UPDATE purchase_lines SET quantity = ?2 WHERE id = ?1", "ii",
	            line_id, quantity) != 0)
		return fail(st);
	return finish_growing_edit(st, list_id, cause);
}

int store_list_change_quantity(struct store *st, int64_t list_id, int64_t line_id, int64_t delta,
                               int64_t max, int64_t *quantity, char **cause)
{
	if (begin_edit(st, cause) != 0)
		return -1;
	/* Read inside the edit's transaction, which holds the write lock: no
	 * other program changes the row between this read and the update. */
	int64_t now;
	if (require_line(st, list_id, line_id, cause) != 0 ||
	    sql_int(st, cause, &now, "SELECT quantity FROM purchase_lines WHERE id = ?1", "i",
	            line_id) != 0)
		return fail(st);
	int64_t want;
	if (__builtin_add_overflow(now, delta, &want) || want < 1 || (delta > 0 && want > max)) {
		rollback(st);
		if (quantity)
			*quantity = now;
		return 1;
	}
	if (sql_run(st, cause, "UPDATE purchase_lines SET quantity = ?2 WHERE id = ?1", "ii",
	            line_id, want) != 0)
		return fail(st);
	if (quantity)
		*quantity = want;
	return delta > 0 ? finish_growing_edit(st, list_id, cause)
	                 : finish_edit(st, list_id, cause);
}

int store_list_stamp(struct store *st, int64_t list_id, int64_t *stamp, char **cause)
{
	return sql_int(st, cause, stamp, "SELECT edit_order FROM purchase_lists WHERE id = ?1", "i",
	               list_id);
}

int store_list_remove_line(struct store *st, int64_t list_id, int64_t line_id, char **cause)
{
	if (begin_edit(st, cause) != 0)
		return -1;
	if (require_line(st, list_id, line_id, cause) != 0 ||
	    sql_run(st, cause, "DELETE FROM purchase_lines WHERE id = ?1", "i", line_id) != 0)
		return fail(st);
	return finish_edit(st, list_id, cause);
}

int store_list_update_price(struct store *st, int64_t list_id, int64_t line_id, char **cause)
{
	if (begin_edit(st, cause) != 0)
		return -1;
	if (require_line(st, list_id, line_id, cause) != 0)
		return fail(st);
	sqlite3_stmt *stmt = sql_query(st, cause,
	                               "SELECT l.product_id, l.name, i.price FROM purchase_lines l "
	                               "LEFT JOIN items i ON i.id = l.product_id WHERE l.id = ?1",
	                               "i", line_id);
	if (stmt == NULL)
		return fail(st);
	int rc = sqlite3_step(stmt);
	int64_t price = 0;
	if (rc != SQLITE_ROW) {
		db_cause(st, cause);
	} else if (sqlite3_column_type(stmt, 0) == SQLITE_NULL) {
		*cause = xstrdup(_("a line added by hand has no catalogue price"));
		rc = SQLITE_ERROR;
	} else if (sqlite3_column_type(stmt, 2) == SQLITE_NULL) {
		*cause = xasprintf(_("\"%s\" is no longer in the catalogue"),
		                   (const char *)sqlite3_column_text(stmt, 1));
		rc = SQLITE_ERROR;
	} else {
		price = sqlite3_column_int64(stmt, 2);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW ||
	    sql_run(st, cause, "UPDATE purchase_lines SET unit_price = ?2 WHERE id = ?1", "ii",
	            line_id, price) != 0)
		return fail(st);
	return finish_edit(st, list_id, cause);
}

/* Moves the list's history position by step (-1 undo, +1 redo) and puts the
 * list in the state stored there. */
static int step_history(struct store *st, int64_t list_id, int64_t step, char **cause)
{
	if (begin_edit(st, cause) != 0)
		return -1;
	int64_t pos;
	int rc = sql_int(st, cause, &pos, "SELECT history_pos FROM purchase_lists WHERE id = ?1",
	                 "i", list_id);
	if (rc != 0) {
		if (rc == 1)
			*cause = xstrdup(_("the list is no longer there: it was deleted, perhaps "
			                   "in another aixingou"));
		return fail(st);
	}
	struct buf data = BUF_INIT;
	rc = history_state(st, list_id, pos + step, &data, cause);
	if (rc != 0) {
		buf_finish(&data);
		if (rc == 1) {
			rollback(st);
			return 1;
		}
		return fail(st);
	}
	struct plist state;
	bool readable = snap_read(buf_str(&data), data.len, &state);
	buf_finish(&data);
	if (!readable) {
		*cause = xstrdup(_("the undo history of this list is damaged"));
		return fail(st);
	}
	rc = restore_state(st, list_id, &state, cause);
	plist_finish(&state);
	if (rc != 0 || touch_list(st, list_id, pos + step, cause) != 0)
		return fail(st);
	return commit(st, cause);
}

int store_list_undo(struct store *st, int64_t list_id, char **cause)
{
	return step_history(st, list_id, -1, cause);
}

int store_list_redo(struct store *st, int64_t list_id, char **cause)
{
	return step_history(st, list_id, 1, cause);
}

int store_list_delete(struct store *st, int64_t list_id, char **cause)
{
	if (begin_edit(st, cause) != 0)
		return -1;
	/* The lines and the history go with the list (ON DELETE CASCADE); the
	 * orders stay, their list_id set to NULL. */
	if (require_list(st, list_id, cause) != 0 ||
	    sql_run(st, cause, "DELETE FROM purchase_lists WHERE id = ?1", "i", list_id) != 0)
		return fail(st);
	return commit(st, cause);
}

/* ---- Orders ------------------------------------------------------------ */

static bool is_yyyymmdd(const char *s)
{
	if (s == NULL || strlen(s) != 8)
		return false;
	for (int i = 0; i < 8; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
	}
	return true;
}

/* The next free number for the date, within the caller's transaction. */
static int next_number(struct store *st, const char *yyyymmdd, char **number, char **cause)
{
	char *pattern = xasprintf("AXG-%s-*", yyyymmdd);
	int64_t count = 0;
	int rc = sql_int(st, cause, &count, "SELECT COUNT(*) FROM orders WHERE number GLOB ?1", "t",
	                 pattern);
	free(pattern);
	char *candidate = NULL;
	/* Numbers recorded by hand could already hold the next one: skip them. */
	for (int64_t n = count + 1; rc >= 0; n++) {
		free(candidate);
		candidate = xasprintf("AXG-%s-%03lld", yyyymmdd, (long long)n);
		int64_t found;
		rc = sql_int(st, cause, &found, "SELECT 1 FROM orders WHERE number = ?1", "t",
		             candidate);
		if (rc == 1)
			break;
	}
	if (rc < 0) {
		free(candidate);
		return -1;
	}
	*number = candidate;
	return 0;
}

int store_next_order_number(struct store *st, const char *yyyymmdd, char **number, char **cause)
{
	*number = NULL;
	if (!is_yyyymmdd(yyyymmdd)) {
		*cause = xasprintf(_("\"%s\" is not a date written YYYYMMDD"),
		                   yyyymmdd != NULL ? yyyymmdd : "");
		return -1;
	}
	if (begin_read(st, cause) != 0)
		return -1;
	if (next_number(st, yyyymmdd, number, cause) != 0 || commit(st, cause) != 0) {
		free(*number);
		*number = NULL;
		return fail(st);
	}
	return 0;
}

char *store_content_digest(const char *data, size_t len)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)data[i];
		h *= UINT64_C(1099511628211);
	}
	return xasprintf("%016" PRIx64 ":%zu", h, len);
}

/* The date of an order, "YYYY-MM-DD": the one in its number
 * ("AXG-YYYYMMDD-NNN"), else yyyymmdd's. */
static void order_date(const char *number, const char *yyyymmdd, char date[11])
{
	const char *d = yyyymmdd;
	if (number != NULL && strncmp(number, "AXG-", 4) == 0 && strlen(number) >= 12) {
		char *digits = xstrndup(number + 4, 8);
		if (is_yyyymmdd(digits))
			d = number + 4;
		free(digits);
	}
	snprintf(date, 11, "%.4s-%.2s-%.2s", d, d + 4, d + 6);
}

/* Adds path to the order's files unless it is there already. */
static int add_order_file(struct store *st, int64_t order_id, const char *path, char **cause)
{
	return sql_run(st, cause,
	               "UPDATE orders SET files = CASE WHEN files = '' THEN ?2 "
	               "ELSE files || char(10) || ?2 END WHERE id = ?1 AND "
	               "instr(char(10) || files || char(10), char(10) || ?2 || char(10)) = 0",
	               "it", order_id, path);
}

/* Removes an order that has no file in place and none being written: its
 * number was never on paper. */
static int drop_if_unwritten(struct store *st, int64_t order_id, char **cause)
{
	return sql_run(st, cause,
	               "DELETE FROM orders WHERE id = ?1 AND files = '' AND NOT EXISTS "
	               "(SELECT 1 FROM order_files_pending WHERE order_id = ?1)",
	               "i", order_id);
}

/* The list's last order when its digest is digest: 0 with *id and *number,
 * 1 when there is none such, -1 on error. */
static int last_order_if_same(struct store *st, int64_t list_id, const char *digest, int64_t *id,
                              char **number, char **cause)
{
	if (list_id <= 0 || !has_text(digest))
		return 1;
	sqlite3_stmt *stmt = sql_query(st, cause,
	                               "SELECT o.id, o.number, t.digest FROM orders AS o "
	                               "JOIN order_texts AS t ON t.order_id = o.id "
	                               "WHERE o.list_id = ?1 ORDER BY o.id DESC LIMIT 1",
	                               "i", list_id);
	if (stmt == NULL)
		return -1;
	int result = 1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(stmt, 2);
		if (d != NULL && strcmp(d, digest) == 0) {
			*id = sqlite3_column_int64(stmt, 0);
			*number = column_text(stmt, 1);
			result = 0;
		}
	} else if (rc != SQLITE_DONE) {
		db_cause(st, cause);
		result = -1;
	}
	sqlite3_finalize(stmt);
	return result;
}

int store_order_provisional(struct store *st, int64_t list_id, const char *digest,
                            const char *yyyymmdd, char **number, bool *reused, char **cause)
{
	*number = NULL;
	*reused = false;
	if (!is_yyyymmdd(yyyymmdd)) {
		*cause = xasprintf(_("\"%s\" is not a date written YYYYMMDD"),
		                   yyyymmdd != NULL ? yyyymmdd : "");
		return -1;
	}
	if (begin_read(st, cause) != 0)
		return -1;
	int64_t id = 0;
	int rc = last_order_if_same(st, list_id, digest, &id, number, cause);
	if (rc == 0)
		*reused = true;
	else if (rc == 1)
		rc = next_number(st, yyyymmdd, number, cause);
	if (rc != 0 || commit(st, cause) != 0) {
		free(*number);
		*number = NULL;
		*reused = false;
		return fail(st);
	}
	return 0;
}

int store_order_reserve(struct store *st, struct store_order_plan *p, char **cause)
{
	p->order_id = 0;
	p->number = NULL;
	p->reused = false;
	if (!is_yyyymmdd(p->yyyymmdd)) {
		*cause = xasprintf(_("\"%s\" is not a date written YYYYMMDD"),
		                   p->yyyymmdd != NULL ? p->yyyymmdd : "");
		return -1;
	}
	if (p->total < 0 || p->total > MONEY_MAX) {
		*cause = xstrdup(_("the order's total is out of range"));
		return -1;
	}
	if (begin_edit(st, cause) != 0)
		return -1;
	if (p->list_id > 0 && require_list(st, p->list_id, cause) != 0)
		return fail(st);
	/* The list's last order: its number again when nothing changed. */
	int same = last_order_if_same(st, p->list_id, p->digest, &p->order_id, &p->number, cause);
	if (same < 0)
		return fail(st);
	p->reused = same == 0;
	if (!p->reused) {
		if (next_number(st, p->yyyymmdd, &p->number, cause) != 0 ||
		    sql_run(st, cause,
		            "INSERT INTO orders (list_id, list_name, number, written_at, files, "
		            "total) VALUES (?1, ?2, ?3, datetime('now'), '', ?4)",
		            "Itti", p->list_id > 0 ? p->list_id : 0, or_empty(p->list_name),
		            p->number, p->total) != 0)
			goto error;
		p->order_id = sqlite3_last_insert_rowid(store_db(st));
	}
	char date[11];
	order_date(p->number, p->yyyymmdd, date);
	char *text = NULL;
	if (p->render(p->ctx, p->number, date, p, &text, cause) != 0)
		goto error;
	int rc = 0;
	if (!p->reused)
		rc = sql_run(st, cause,
		             "INSERT OR REPLACE INTO order_texts (order_id, digest, text) "
		             "VALUES (?1, ?2, ?3)",
		             "itt", p->order_id, or_empty(p->digest), or_empty(text));
	free(text);
	for (size_t i = 0; rc == 0 && i < p->nfiles; i++) {
		char *content =
		    store_content_digest(p->files[i].data ? p->files[i].data : "", p->files[i].len);
		rc = sql_run(st, cause,
		             "INSERT INTO order_files_pending (order_id, path, content, pid, "
		             "started_at) VALUES (?1, ?2, ?3, ?4, ?5)",
		             "ittii", p->order_id, p->files[i].path, content, (int64_t)getpid(),
		             (int64_t)time(NULL));
		free(content);
	}
	if (rc != 0 || commit(st, cause) != 0)
		goto error;
	return 0;
error:
	rollback(st);
	free(p->number);
	p->number = NULL;
	p->order_id = 0;
	p->reused = false;
	return -1;
}

int store_order_finish(struct store *st, const struct store_order_plan *p, const bool *written,
                       char **cause)
{
	if (begin_edit(st, cause) != 0)
		return -1;
	for (size_t i = 0; i < p->nfiles; i++) {
		if (sql_run(st, cause,
		            "DELETE FROM order_files_pending WHERE order_id = ?1 AND path = ?2 "
		            "AND pid = ?3",
		            "iti", p->order_id, p->files[i].path, (int64_t)getpid()) != 0 ||
		    (written[i] && add_order_file(st, p->order_id, p->files[i].path, cause) != 0))
			return fail(st);
	}
	if (drop_if_unwritten(st, p->order_id, cause) != 0)
		return fail(st);
	return commit(st, cause);
}

/* True when the process pid is gone, or the row is so old that pid must
 * have been reused. */
static bool writer_gone(int64_t pid, int64_t started_at)
{
	if (pid <= 0 || pid > INT32_MAX || pid == (int64_t)getpid())
		return pid != (int64_t)getpid();
	if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		return true;
	return (int64_t)time(NULL) - started_at > 24 * 60 * 60;
}

/* The digest of the plain file at path, NULL when there is none (or it is
 * not a plain file, or larger than an order can be). */
static char *file_digest(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > (64 << 20))
		return NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	char *digest = n == 0 ? store_content_digest(buf_str(&b), b.len) : NULL;
	buf_finish(&b);
	return digest;
}

/* Removes the temporary files a writer with pid left beside path. */
static void remove_temporaries(const char *path, int64_t pid)
{
	const char *slash = strrchr(path, '/');
	char *folder = slash == NULL   ? xstrdup(".")
	               : slash == path ? xstrdup("/")
	                               : xstrndup(path, (size_t)(slash - path));
	char *prefix = xasprintf(ORDER_TMP_PREFIX "%lld-", (long long)pid);
	DIR *dir = opendir(folder);
	if (dir != NULL) {
		struct dirent *e;
		while ((e = readdir(dir)) != NULL) {
			if (strncmp(e->d_name, prefix, strlen(prefix)) != 0)
				continue;
			char *full = xasprintf("%s/%s", folder, e->d_name);
			struct stat sb;
			if (lstat(full, &sb) == 0 && S_ISREG(sb.st_mode))
				(void)unlink(full);
			free(full);
		}
		closedir(dir);
	}
	free(prefix);
	free(folder);
}

int store_orders_reconcile(struct store *st, size_t *settled, char **cause)
{
	if (settled != NULL)
		*settled = 0;
	int64_t pending = 0;
	if (sql_int(st, cause, &pending, "SELECT count(*) FROM order_files_pending", "") < 0)
		return -1;
	if (pending == 0)
		return 0;
	if (begin_edit(st, cause) != 0)
		return -1;
	sqlite3_stmt *stmt = sql_query(st, cause,
	                               "SELECT rowid, order_id, path, content, pid, started_at "
	                               "FROM order_files_pending ORDER BY rowid",
	                               "");
	if (stmt == NULL)
		return fail(st);
	struct row {
		int64_t rowid, order_id, pid;
		char *path, *content;
	} *rows = NULL;
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (!writer_gone(sqlite3_column_int64(stmt, 4), sqlite3_column_int64(stmt, 5)))
			continue;
		rows = xreallocarray(rows, n + 1, sizeof *rows);
		rows[n].rowid = sqlite3_column_int64(stmt, 0);
		rows[n].order_id = sqlite3_column_int64(stmt, 1);
		rows[n].path = column_text(stmt, 2);
		rows[n].content = column_text(stmt, 3);
		rows[n].pid = sqlite3_column_int64(stmt, 4);
		n++;
	}
	if (rc != SQLITE_DONE)
		db_cause(st, cause);
	sqlite3_finalize(stmt);
	int result = rc == SQLITE_DONE ? 0 : -1;
	for (size_t i = 0; result == 0 && i < n; i++) {
		char *digest = file_digest(rows[i].path);
		bool in_place = digest != NULL && strcmp(digest, rows[i].content) == 0;
		free(digest);
		if (sql_run(st, cause, "DELETE FROM order_files_pending WHERE rowid = ?1", "i",
		            rows[i].rowid) != 0 ||
		    (in_place && add_order_file(st, rows[i].order_id, rows[i].path, cause) != 0) ||
		    drop_if_unwritten(st, rows[i].order_id, cause) != 0)
			result = -1;
	}
	/* Their writers are gone: what they left is garbage. Removed before
	 * the commit, so that a start killed here finds the rows again. */
	for (size_t i = 0; result == 0 && i < n; i++)
		remove_temporaries(rows[i].path, rows[i].pid);
	if (result == 0 && commit(st, cause) == 0) {
		if (settled != NULL)
			*settled = n;
	} else if (result != 0) {
		rollback(st);
	} else {
		result = -1;
	}
	for (size_t i = 0; i < n; i++) {
		free(rows[i].path);
		free(rows[i].content);
	}
	free(rows);
	return result;
}

int store_order_text(struct store *st, int64_t order_id, char **text, char **cause)
{
	*text = NULL;
	sqlite3_stmt *stmt =
	    sql_query(st, cause, "SELECT text FROM order_texts WHERE order_id = ?1", "i", order_id);
	if (stmt == NULL)
		return -1;
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*text = column_text(stmt, 0);
	else if (rc != SQLITE_DONE)
		db_cause(st, cause);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int store_record_order(struct store *st, int64_t list_id, const char *list_name, const char *number,
                       const char *files, money_t total, char **cause)
{
	if (!has_text(number)) {
		*cause = xstrdup(_("the order has no number"));
		return -1;
	}
	if (total < 0 || total > MONEY_MAX) {
		*cause = xstrdup(_("the order's total is out of range"));
		return -1;
	}
	if (begin_edit(st, cause) != 0)
		return -1;
	int64_t found;
	int rc = sql_int(st, cause, &found, "SELECT 1 FROM orders WHERE number = ?1", "t", number);
	if (rc == 0)
		*cause = xasprintf(_("the order number %s is already recorded"), number);
	if (rc != 1 || (list_id > 0 && require_list(st, list_id, cause) != 0) ||
	    sql_run(st, cause,
	            "INSERT INTO orders (list_id, list_name, number, written_at, files, total) "
	            "VALUES (?1, ?2, ?3, datetime('now'), ?4, ?5)",
	            "Ittti", list_id > 0 ? list_id : 0, or_empty(list_name), number,
	            or_empty(files), total) != 0)
		return fail(st);
	return commit(st, cause);
}

int store_orders(struct store *st, int64_t list_id, struct order_record **out, size_t *count,
                 char **cause)
{
	*out = NULL;
	*count = 0;
	sqlite3_stmt *stmt = sql_query(st, cause,
	                               "SELECT id, COALESCE(list_id, 0), list_name, number, "
	                               "written_at, files, total FROM orders "
	                               "WHERE files != '' AND (?1 = 0 OR list_id = ?1) "
	                               "ORDER BY id DESC",
	                               "i", list_id > 0 ? list_id : 0);
	if (stmt == NULL)
		return -1;
	struct order_record *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			rows = xreallocarray(rows, cap, sizeof *rows);
		}
		struct order_record *row = &rows[n++];
		row->id = sqlite3_column_int64(stmt, 0);
		row->list_id = sqlite3_column_int64(stmt, 1);
		row->list_name = column_text(stmt, 2);
		row->number = column_text(stmt, 3);
		row->written_at = column_text(stmt, 4);
		row->files = column_text(stmt, 5);
		row->total = sqlite3_column_int64(stmt, 6);
	}
	if (rc != SQLITE_DONE)
		db_cause(st, cause);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		order_records_free(rows, n);
		return -1;
	}
	*out = rows;
	*count = n;
	return 0;
}

int store_order_contacts(struct store *st, const struct plist *l, struct order_contact **out,
                         size_t *count, char **cause)
{
	*out = NULL;
	*count = 0;
	struct order_contact *c = NULL;
	size_t n = 0;
	for (size_t i = 0; i < l->nlines; i++) {
		const char *id = l->lines[i].supplier_id;
		bool seen = id == NULL || id[0] == '\0';
		for (size_t k = 0; !seen && k < n; k++)
			seen = strcmp(c[k].supplier_id, id) == 0;
		if (seen)
			continue;
		sqlite3_stmt *stmt = sql_query(st, cause,
		                               "SELECT contact_person, contact_phone, "
		                               "contact_address FROM enterprises WHERE id = ?1",
		                               "t", id);
		if (stmt == NULL) {
			order_contacts_free(c, n);
			return -1;
		}
		int rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			c = xreallocarray(c, n + 1, sizeof *c);
			c[n].supplier_id = xstrdup(id);
			c[n].person = column_text_or_null(stmt, 0);
			c[n].phone = column_text_or_null(stmt, 1);
			c[n].address = column_text_or_null(stmt, 2);
			n++;
		} else if (rc != SQLITE_DONE) {
			db_cause(st, cause);
		}
		sqlite3_finalize(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			order_contacts_free(c, n);
			return -1;
		}
	}
	*out = c;
	*count = n;
	return 0;
}

void order_contacts_free(struct order_contact *c, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(c[i].supplier_id);
		free(c[i].person);
		free(c[i].phone);
		free(c[i].address);
	}
	free(c);
}
