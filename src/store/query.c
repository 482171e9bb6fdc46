/* Queries over the imported catalogue: the product lists of the browser and
 * of `aixingou list`, the counts of its filter panel, the detail of one item,
 * the enterprises, and the checks of filter values.
 *
 * A list is one SELECT made of fixed fragments: one per filter that applies
 * (each with its named parameter) and one ORDER BY from a fixed table. Search
 * runs inside that SELECT through the SQL function aix_search_match, so that
 * only the rows that match reach the sort. The counts group the same filtered
 * rows (built by the same code, less the counted dimension's own filter), so a
 * count never disagrees with the list it announces. */
#include "store/store-internal.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/searchkey.h"
#include "core/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The type tag of the compiled query handed to aix_search_match: SQLite only
 * gives a pointer back to the code that names the same tag, so SQL text can
 * never forge one. */
static const char search_query_pointer_type[] = "aixingou-search-query";

/* aix_search_match(keys, query): 1 when the item's search keys match the
 * compiled query bound as a pointer. */
static void sql_search_match(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct search_query *q = sqlite3_value_pointer(argv[1], search_query_pointer_type);
	if (q == NULL) {
		sqlite3_result_error(ctx, "aix_search_match: no search query bound", -1);
		return;
	}
	const unsigned char *keys = sqlite3_value_text(argv[0]);
	if (keys == NULL) {
		if (sqlite3_value_type(argv[0]) != SQLITE_NULL)
			sqlite3_result_error_nomem(ctx);
		else
			sqlite3_result_int(ctx, 0);
		return;
	}
	sqlite3_result_int(ctx, search_query_match(q, (const char *)keys));
}

/* aix_search_rank(keys, query): search_query_rank_joined, where the rows
 * of a search sort in catalogue order (names that match first). */
static void sql_search_rank(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const struct search_query *q = sqlite3_value_pointer(argv[1], search_query_pointer_type);
	const unsigned char *keys = sqlite3_value_text(argv[0]);
	if (q == NULL || keys == NULL) {
		sqlite3_result_int(ctx, SEARCH_RANK_OTHER);
		return;
	}
	sqlite3_result_int(ctx, (int)search_query_rank_joined(q, (const char *)keys));
}

int store_register_query_functions(struct sqlite3 *db)
{
	/* DIRECTONLY: a view or trigger in a crafted database file cannot call it. */
	int rc =
	    sqlite3_create_function_v2(db, "aix_search_match", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
	                               NULL, sql_search_match, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(db, "aix_search_rank", 2,
		                                SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
		                                sql_search_rank, NULL, NULL, NULL);
	return rc;
}

/* The columns of a list row, in the order read_product reads them. */
#define PRODUCT_COLUMNS                                                                            \
	"i.position, i.id, i.name, e.id, e.name, COALESCE(e.short_name, e.name), "                 \
	"c.id, c.name, t.code, t.name, COALESCE(i.spec, ''), i.unit, i.price, "                    \
	"COALESCE(i.net_weight_g, 0), COALESCE(i.per_500g, -1), i.min_order, "                     \
	"i.certified_832, i.selenium_rich, i.is_service"
#define PRODUCT_NCOLUMNS 19

/* Every item with what its filters test: enterprise (i, e), category (c) and
 * township (t). build_filtered_rows adds the WHERE. */
#define ITEM_ROWS                                                                                  \
	"FROM items AS i "                                                                         \
	"JOIN enterprises AS e ON e.id = i.enterprise "                                            \
	"JOIN categories AS c ON c.id = i.category "                                               \
	"JOIN townships AS t ON t.code = e.township"

static const char query_select[] = "SELECT " PRODUCT_COLUMNS;

/* ORDER BY per sort, ascending then descending. Descending flips the primary
 * key only; the catalogue position keeps equal rows in a stable order. */
static const char *const query_order[][2] = {
    [STORE_SORT_CATALOGUE] = {" ORDER BY i.position", " ORDER BY i.position DESC"},
    [STORE_SORT_NAME] = {" ORDER BY i.sort_key, i.position",
                         " ORDER BY i.sort_key DESC, i.position"},
    [STORE_SORT_PRICE] = {" ORDER BY i.price, i.position", " ORDER BY i.price DESC, i.position"},
    /* Items without a weight have no unit price: last either way. */
    [STORE_SORT_UNIT_PRICE] = {" ORDER BY i.per_500g IS NULL, i.per_500g, i.position",
                               " ORDER BY i.per_500g IS NULL, i.per_500g DESC, i.position"},
    [STORE_SORT_ENTERPRISE] = {" ORDER BY e.sort_key, i.position",
                               " ORDER BY e.sort_key DESC, i.position"},
    [STORE_SORT_CATEGORY] = {" ORDER BY c.position, i.position",
                             " ORDER BY c.position DESC, i.position"},
};

/* The ORDER BY of a list: with a search and catalogue order (no sort
 * chosen), the products whose names match first (search_query_rank). */
static void add_order(struct buf *sql, const struct store_filter *f, bool searching)
{
	size_t sort = (size_t)f->sort;
	if (sort >= sizeof query_order / sizeof query_order[0])
		sort = STORE_SORT_CATALOGUE;
	if (searching && sort == STORE_SORT_CATALOGUE && !f->descending)
		buf_adds(sql, " ORDER BY aix_search_rank(i.search_keys, :search), i.position");
	else
		buf_adds(sql, query_order[sort][f->descending ? 1 : 0]);
}

/* A township given as its statistical code: digits only, as the YAML and the
 * command line write it. */
static bool parse_township_code(const char *s, int64_t *code)
{
	size_t len = strlen(s);
	if (len == 0 || len > 18 || strspn(s, "0123456789") != len)
		return false;
	*code = strtoll(s, NULL, 10);
	return true;
}

static void bind_named_text(sqlite3_stmt *stmt, const char *name, const char *s, int *rc)
{
	if (*rc == SQLITE_OK)
		*rc = sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, name), s, -1,
		                        SQLITE_STATIC);
}

static void bind_named_int(sqlite3_stmt *stmt, const char *name, int64_t v, int *rc)
{
	if (*rc == SQLITE_OK)
		*rc = sqlite3_bind_int64(stmt, sqlite3_bind_parameter_index(stmt, name), v);
}

/* The township as a code, or NULL when the text is not one (it is then
 * matched as a name only). */
static void bind_township_code(sqlite3_stmt *stmt, const char *name, const char *township, int *rc)
{
	int64_t code;
	if (*rc != SQLITE_OK)
		return;
	int idx = sqlite3_bind_parameter_index(stmt, name);
	if (parse_township_code(township, &code))
		*rc = sqlite3_bind_int64(stmt, idx, code);
	else
		*rc = sqlite3_bind_null(stmt, idx);
}

static void build_filter_where(struct buf *sql, const struct store_filter *f, bool searching);

/* Appends the rows that pass the filter: ITEM_ROWS and a WHERE with the
 * fragment of each filter that applies. The one place that turns a filter into
 * SQL: lists and counts both come here, and bind_filter binds what it added. */
static void build_filtered_rows(struct buf *sql, const struct store_filter *f, bool searching)
{
	buf_adds(sql, " " ITEM_ROWS);
	build_filter_where(sql, f, searching);
}

/* The FROM of a list that reads no column of the enterprise, category or
 * township: only the joins the filter and the sort need. Each join costs
 * about a fifth of a scan of 200,000 items. */
static void build_positions_rows(struct buf *sql, const struct store_filter *f, bool searching)
{
	bool township = f->ntownships > 0;
	bool enterprise = township || f->kinds != 0 || f->edition > 0 || f->platforms != 0 ||
	                  f->sort == STORE_SORT_ENTERPRISE;
	buf_adds(sql, " FROM items AS i");
	if (enterprise)
		buf_adds(sql, " JOIN enterprises AS e ON e.id = i.enterprise");
	if (f->sort == STORE_SORT_CATEGORY)
		buf_adds(sql, " JOIN categories AS c ON c.id = i.category");
	if (township)
		buf_adds(sql, " JOIN townships AS t ON t.code = e.township");
	build_filter_where(sql, f, searching);
}

/* The WHERE of build_filtered_rows: the fragment of each filter that applies. */
static void build_filter_where(struct buf *sql, const struct store_filter *f, bool searching)
{
	buf_adds(sql, " WHERE 1");
	if (f->services_only)
		buf_adds(sql, " AND i.is_service = 1");
	else if (!f->with_services)
		buf_adds(sql, " AND i.is_service = 0");
	/* A set: one parameter per value (bind_filter binds them). */
	if (f->ncategories > 0) {
		buf_adds(sql, " AND i.category IN (");
		for (size_t k = 0; k < f->ncategories; k++)
			buf_addf(sql, "%s:category%zu", k ? ", " : "", k);
		buf_adds(sql, ")");
	}
	if (f->ntownships > 0) {
		buf_adds(sql, " AND (");
		for (size_t k = 0; k < f->ntownships; k++)
			buf_addf(sql, "%st.name = :township%zu OR t.code = :township_code%zu",
			         k ? " OR " : "", k, k);
		buf_adds(sql, ")");
	}
	if (f->kinds != 0)
		buf_adds(sql, " AND (e.kinds & :kinds) <> 0");
	if (f->edition > 0)
		buf_adds(sql, " AND e.edition = :edition");
	if (f->platforms != 0)
		buf_adds(sql, " AND (e.platforms & :platforms) <> 0");
	if (f->enterprise != NULL)
		buf_adds(sql, " AND i.enterprise = :enterprise");
	if (f->certified_only)
		buf_adds(sql, " AND i.certified_832 = 1");
	if (f->min_price > 0)
		buf_adds(sql, " AND i.price >= :min_price");
	if (f->max_price > 0)
		buf_adds(sql, " AND i.price <= :max_price");
	/* Last: the cheap tests above rule rows out before the search runs. */
	if (searching)
		buf_adds(sql, " AND aix_search_match(i.search_keys, :search)");
}

/* Binds the parameters of the fragments build_filtered_rows added. */
static int bind_filter(sqlite3_stmt *stmt, const struct store_filter *f, struct search_query *query)
{
	int rc = SQLITE_OK;
	char name[64];
	for (size_t k = 0; k < f->ncategories; k++) {
		snprintf(name, sizeof name, ":category%zu", k);
		bind_named_text(stmt, name, f->categories[k], &rc);
	}
	for (size_t k = 0; k < f->ntownships; k++) {
		snprintf(name, sizeof name, ":township%zu", k);
		bind_named_text(stmt, name, f->townships[k], &rc);
		snprintf(name, sizeof name, ":township_code%zu", k);
		bind_township_code(stmt, name, f->townships[k], &rc);
	}
	if (f->kinds != 0)
		bind_named_int(stmt, ":kinds", f->kinds, &rc);
	if (f->edition > 0)
		bind_named_int(stmt, ":edition", f->edition, &rc);
	if (f->platforms != 0)
		bind_named_int(stmt, ":platforms", f->platforms, &rc);
	if (f->enterprise != NULL)
		bind_named_text(stmt, ":enterprise", f->enterprise, &rc);
	if (f->min_price > 0)
		bind_named_int(stmt, ":min_price", f->min_price, &rc);
	if (f->max_price > 0)
		bind_named_int(stmt, ":max_price", f->max_price, &rc);
	if (query != NULL && rc == SQLITE_OK)
		rc = sqlite3_bind_pointer(stmt, sqlite3_bind_parameter_index(stmt, ":search"),
		                          query, search_query_pointer_type, NULL);
	return rc;
}

/* Prepares sql, which build_filtered_rows made from f, and binds f's
 * parameters; query is the compiled search, NULL when not searching. Returns
 * an SQLite result code; *stmt is for the caller to finalize either way. */
static int prepare_filtered(sqlite3 *db, const char *sql, const struct store_filter *f,
                            struct search_query *query, sqlite3_stmt **stmt)
{
	int rc = sqlite3_prepare_v2(db, sql, -1, stmt, NULL);
	if (rc == SQLITE_OK)
		rc = bind_filter(*stmt, f, query);
	return rc;
}

static char *column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	return xstrdup(text != NULL ? (const char *)text : "");
}

/* The text of an optional column: NULL when the catalogue did not give it. */
static char *column_dup_or_null(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	return text != NULL ? xstrdup((const char *)text) : NULL;
}

/* Reads the PRODUCT_COLUMNS, which come first in every row that has them. */
static void read_product(sqlite3_stmt *stmt, struct store_product *p)
{
	p->rowid = sqlite3_column_int64(stmt, 0);
	p->id = column_dup(stmt, 1);
	p->name = column_dup(stmt, 2);
	p->enterprise_id = column_dup(stmt, 3);
	p->enterprise = column_dup(stmt, 4);
	p->enterprise_short = column_dup(stmt, 5);
	p->category_id = column_dup(stmt, 6);
	p->category = column_dup(stmt, 7);
	p->township_code = sqlite3_column_int64(stmt, 8);
	p->township = column_dup(stmt, 9);
	p->spec = column_dup(stmt, 10);
	p->unit = column_dup(stmt, 11);
	p->price = sqlite3_column_int64(stmt, 12);
	p->net_weight_g = sqlite3_column_int64(stmt, 13);
	p->per_500g = sqlite3_column_int64(stmt, 14);
	p->min_order = sqlite3_column_int64(stmt, 15);
	p->certified_832 = sqlite3_column_int(stmt, 16) != 0;
	p->selenium_rich = sqlite3_column_int(stmt, 17) != 0;
	p->is_service = sqlite3_column_int(stmt, 18) != 0;
}

/* What the user can do about the error (store_explain_error: damage found
 * here is checked at the next start), else SQLite's message. */
static void query_fail(sqlite3 *db, char **cause)
{
	const char *path = sqlite3_db_filename(db, "main");
	*cause = store_explain_error(db, path != NULL ? path : "");
	if (*cause == NULL)
		*cause = xasprintf(_("cannot query the catalogue: %s"), sqlite3_errmsg(db));
}

/* Makes room for one more element in an array that doubles as it grows. */
static void *grow(void *items, size_t count, size_t *cap, size_t size)
{
	if (count < *cap)
		return items;
	*cap = *cap ? *cap * 2 : 16;
	return xreallocarray(items, *cap, size);
}

static void store_product_finish(struct store_product *p);

int store_each_product(struct store *st, const struct store_filter *filter,
                       void (*each)(struct store_product *, void *), void *arg, char **cause)
{
	sqlite3 *db = store_db(st);
	struct search_query *query = search_query_new(filter->search);
	bool searching = !search_query_empty(query);

	struct buf sql = BUF_INIT;
	buf_adds(&sql, query_select);
	build_filtered_rows(&sql, filter, searching);
	add_order(&sql, filter, searching);

	sqlite3_stmt *stmt = NULL;
	int rc = prepare_filtered(db, buf_str(&sql), filter, searching ? query : NULL, &stmt);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_product p;
		read_product(stmt, &p);
		each(&p, arg);
		store_product_finish(&p);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		query_fail(db, cause);
	sqlite3_finalize(stmt);
	buf_finish(&sql);
	search_query_free(query);
	return rc == SQLITE_DONE ? 0 : -1;
}

struct collect {
	struct store_products *out;
	size_t cap;
};

/* Keeps each row: its strings are taken, not copied again. */
static void collect_product(struct store_product *p, void *arg)
{
	struct collect *c = arg;
	c->out->items = grow(c->out->items, c->out->count, &c->cap, sizeof *c->out->items);
	c->out->items[c->out->count++] = *p;
	memset(p, 0, sizeof *p);
}

int store_query_products(struct store *st, const struct store_filter *filter,
                         struct store_products *out, char **cause)
{
	memset(out, 0, sizeof *out);
	struct collect c = {out, 0};
	if (store_each_product(st, filter, collect_product, &c, cause) != 0) {
		store_products_finish(out);
		return -1;
	}
	return 0;
}

int store_query_positions(struct store *st, const struct store_filter *filter,
                          struct store_positions *out, char **cause)
{
	sqlite3 *db = store_db(st);
	memset(out, 0, sizeof *out);

	struct search_query *query = search_query_new(filter->search);
	bool searching = !search_query_empty(query);

	struct buf sql = BUF_INIT;
	buf_adds(&sql, "SELECT i.position");
	build_positions_rows(&sql, filter, searching);
	add_order(&sql, filter, searching);

	sqlite3_stmt *stmt = NULL;
	size_t cap = 0;
	int rc = prepare_filtered(db, buf_str(&sql), filter, searching ? query : NULL, &stmt);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		out->items = grow(out->items, out->count, &cap, sizeof *out->items);
		out->items[out->count++] = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		query_fail(db, cause);
		store_positions_finish(out);
	}
	sqlite3_finalize(stmt);
	buf_finish(&sql);
	search_query_free(query);
	return rc == SQLITE_DONE ? 0 : -1;
}

int store_narrow_positions(struct store *st, const char *search,
                           const struct store_positions *within, struct store_positions *out,
                           char **cause)
{
	sqlite3 *db = store_db(st);
	memset(out, 0, sizeof *out);
	struct search_query *query = search_query_new(search);

	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT search_keys FROM items WHERE position = ?1", -1,
	                            &stmt, NULL);
	if (rc == SQLITE_OK)
		out->items =
		    xreallocarray(NULL, within->count ? within->count : 1, sizeof *out->items);
	for (size_t i = 0; rc == SQLITE_OK && i < within->count; i++) {
		rc = sqlite3_bind_int64(stmt, 1, within->items[i]);
		if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			const unsigned char *keys = sqlite3_column_text(stmt, 0);
			if (keys != NULL && search_query_match(query, (const char *)keys))
				out->items[out->count++] = within->items[i];
			rc = sqlite3_reset(stmt);
		} else if (rc == SQLITE_DONE) {
			rc = sqlite3_reset(stmt); /* gone since: not listed */
		}
	}
	if (rc != SQLITE_OK) {
		query_fail(db, cause);
		store_positions_finish(out);
	}
	sqlite3_finalize(stmt);
	search_query_free(query);
	return rc == SQLITE_OK ? 0 : -1;
}

int store_rank_positions(struct store *st, const char *search, struct store_positions *list,
                         char **cause)
{
	sqlite3 *db = store_db(st);
	struct search_query *query = search_query_new(search);
	unsigned *rank = xreallocarray(NULL, list->count ? list->count : 1, sizeof *rank);
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT search_keys FROM items WHERE position = ?1", -1,
	                            &stmt, NULL);
	for (size_t i = 0; rc == SQLITE_OK && i < list->count; i++) {
		rank[i] = SEARCH_RANK_OTHER;
		rc = sqlite3_bind_int64(stmt, 1, list->items[i]);
		if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
			const unsigned char *keys = sqlite3_column_text(stmt, 0);
			if (keys != NULL)
				rank[i] = search_query_rank_joined(query, (const char *)keys);
		}
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			rc = sqlite3_reset(stmt);
	}
	if (rc != SQLITE_OK)
		query_fail(db, cause);
	else
		store_rank_sort(rank, list);
	sqlite3_finalize(stmt);
	free(rank);
	search_query_free(query);
	return rc == SQLITE_OK ? 0 : -1;
}

void store_positions_finish(struct store_positions *list)
{
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

/* One row per position, by the primary key: a screen's worth costs a few
 * dozen microseconds whatever the size of the catalogue. */
static const char product_at_select[] =
    "SELECT " PRODUCT_COLUMNS " " ITEM_ROWS " WHERE i.position = ?1";

int store_get_products(struct store *st, const int64_t *positions, size_t count,
                       struct store_products *out, char **cause)
{
	sqlite3 *db = store_db(st);
	memset(out, 0, sizeof *out);
	if (count == 0)
		return 0;

	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, product_at_select, -1, &stmt, NULL);
	out->items = xcalloc(count, sizeof *out->items);
	for (size_t i = 0; rc == SQLITE_OK && i < count; i++) {
		rc = sqlite3_bind_int64(stmt, 1, positions[i]);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(stmt);
		if (rc == SQLITE_ROW) {
			read_product(stmt, &out->items[out->count++]);
			rc = sqlite3_reset(stmt);
		} else if (rc == SQLITE_DONE) {
			/* The import changed under the list: the position is gone. */
			rc = SQLITE_NOTFOUND;
		}
	}
	if (rc != SQLITE_OK) {
		if (rc == SQLITE_NOTFOUND)
			*cause = xasprintf(_("cannot query the catalogue: %s"),
			                   sqlite3_errstr(SQLITE_NOTFOUND));
		else
			query_fail(db, cause);
		store_products_finish(out);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_OK ? 0 : -1;
}

static void store_product_finish(struct store_product *p)
{
	free(p->id);
	free(p->name);
	free(p->enterprise_id);
	free(p->enterprise);
	free(p->enterprise_short);
	free(p->category_id);
	free(p->category);
	free(p->township);
	free(p->spec);
	free(p->unit);
}

void store_products_finish(struct store_products *list)
{
	for (size_t i = 0; i < list->count; i++)
		store_product_finish(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

/* ---- The detail of one item ---------------------------------------------- */

/* The columns after PRODUCT_COLUMNS in item_detail_select. */
enum {
	DETAIL_DESCRIPTION = PRODUCT_NCOLUMNS,
	DETAIL_SHELF_LIFE,
	DETAIL_KINDS,
	DETAIL_PLATFORMS,
	DETAIL_EDITION,
	DETAIL_EDITION_TITLE,
	DETAIL_RECUPERATION_BASE,
	DETAIL_ENTERPRISE_DESCRIPTION,
	DETAIL_CONTACT_PERSON,
	DETAIL_CONTACT_PHONE,
	DETAIL_CONTACT_ADDRESS,
	DETAIL_TAG,
};

/* One row per tag (one row with a NULL tag when there is none), all in one
 * statement: item, tags and edition always come from the same import. */
static const char item_detail_select[] =
    "SELECT " PRODUCT_COLUMNS ", i.description, COALESCE(i.shelf_life_days, 0), e.kinds, "
    "e.platforms, COALESCE(e.edition, 0), ed.title, e.recuperation_base, e.description, "
    "e.contact_person, e.contact_phone, e.contact_address, tg.tag " ITEM_ROWS " "
    "LEFT JOIN editions AS ed ON ed.no = e.edition "
    "LEFT JOIN item_tags AS tg ON tg.item = i.id "
    "WHERE i.id = ?1 ORDER BY tg.position";

static void read_item_detail(sqlite3_stmt *stmt, struct store_item_detail *d)
{
	read_product(stmt, &d->product);
	d->description = column_dup_or_null(stmt, DETAIL_DESCRIPTION);
	d->shelf_life_days = sqlite3_column_int64(stmt, DETAIL_SHELF_LIFE);
	d->kinds = (unsigned)sqlite3_column_int64(stmt, DETAIL_KINDS);
	d->platforms = (unsigned)sqlite3_column_int64(stmt, DETAIL_PLATFORMS);
	d->edition = sqlite3_column_int(stmt, DETAIL_EDITION);
	d->edition_title = column_dup_or_null(stmt, DETAIL_EDITION_TITLE);
	d->recuperation_base = sqlite3_column_int(stmt, DETAIL_RECUPERATION_BASE) != 0;
	d->enterprise_description = column_dup_or_null(stmt, DETAIL_ENTERPRISE_DESCRIPTION);
	d->contact_person = column_dup_or_null(stmt, DETAIL_CONTACT_PERSON);
	d->contact_phone = column_dup_or_null(stmt, DETAIL_CONTACT_PHONE);
	d->contact_address = column_dup_or_null(stmt, DETAIL_CONTACT_ADDRESS);
}

int store_get_item(struct store *st, const char *id, struct store_item_detail *out, char **cause)
{
	sqlite3 *db = store_db(st);
	memset(out, 0, sizeof *out);

	sqlite3_stmt *stmt = NULL;
	bool found = false;
	int rc = sqlite3_prepare_v2(db, item_detail_select, -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (!found)
			read_item_detail(stmt, out);
		found = true;
		if (sqlite3_column_type(stmt, DETAIL_TAG) != SQLITE_NULL) {
			out->tags = xreallocarray(out->tags, out->ntags + 1, sizeof *out->tags);
			out->tags[out->ntags++] = column_dup(stmt, DETAIL_TAG);
		}
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		query_fail(db, cause);
		store_item_detail_finish(out);
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	return found ? 0 : 1;
}

void store_item_detail_finish(struct store_item_detail *detail)
{
	store_product_finish(&detail->product);
	free(detail->description);
	for (size_t i = 0; i < detail->ntags; i++)
		free(detail->tags[i]);
	free(detail->tags);
	free(detail->edition_title);
	free(detail->enterprise_description);
	free(detail->contact_person);
	free(detail->contact_phone);
	free(detail->contact_address);
	memset(detail, 0, sizeof *detail);
}

/* ---- Counts for the filter panel ----------------------------------------- */

/* How store_count_by counts one group: head, the filtered rows, tail. A list
 * group (bit_name NULL) merges the grouped counts into every value of its
 * table, so its rows are (key, name, count) in catalogue order. A bit-set group
 * has no table: its rows are (bits, count) per combination of bits that
 * occurs, and each bit's count is summed from them. */
struct count_group {
	const char *head;                      /* up to the filtered rows */
	const char *tail;                      /* after them */
	const char *(*bit_name)(unsigned bit); /* names of the bits; NULL for a list */
};

static const struct count_group count_groups[] = {
    [STORE_GROUP_CATEGORY] = {"SELECT g.id, g.name, COALESCE(n.items, 0) FROM categories AS g "
                              "LEFT JOIN (SELECT i.category AS value, COUNT(*) AS items",
                              " GROUP BY i.category) AS n ON n.value = g.id "
                              "ORDER BY g.position",
                              NULL},
    [STORE_GROUP_TOWNSHIP] = {"SELECT g.code, g.name, COALESCE(n.items, 0) FROM townships AS g "
                              "LEFT JOIN (SELECT e.township AS value, COUNT(*) AS items",
                              " GROUP BY e.township) AS n ON n.value = g.code "
                              "ORDER BY g.position",
                              NULL},
    [STORE_GROUP_KIND] = {"SELECT e.kinds, COUNT(*)", " GROUP BY e.kinds", cat_kind_name},
    /* The store keeps no order of the editions' list: the number is their
     * order (第一期, 第二期...). */
    [STORE_GROUP_EDITION] = {"SELECT g.no, g.title, COALESCE(n.items, 0) FROM editions AS g "
                             "LEFT JOIN (SELECT e.edition AS value, COUNT(*) AS items",
                             " GROUP BY e.edition) AS n ON n.value = g.no ORDER BY g.no", NULL},
    [STORE_GROUP_PLATFORM] = {"SELECT e.platforms, COUNT(*)", " GROUP BY e.platforms",
                              cat_platform_name},
};

/* The filter with the counted group's own choice taken out, so that each
 * value of the group is counted as if it were the choice. */
struct store_filter store_filter_without_group(const struct store_filter *f, enum store_group group)
{
	struct store_filter others = *f;
	switch (group) {
	case STORE_GROUP_CATEGORY:
		others.categories = NULL;
		others.ncategories = 0;
		break;
	case STORE_GROUP_TOWNSHIP:
		others.townships = NULL;
		others.ntownships = 0;
		break;
	case STORE_GROUP_KIND:
		others.kinds = 0;
		break;
	case STORE_GROUP_EDITION:
		others.edition = 0;
		break;
	case STORE_GROUP_PLATFORM:
		others.platforms = 0;
		break;
	}
	return others;
}

static struct store_count *push_count(struct store_counts *out, size_t *cap)
{
	out->items = grow(out->items, out->count, cap, sizeof *out->items);
	struct store_count *c = &out->items[out->count++];
	memset(c, 0, sizeof *c);
	return c;
}

/* The values of a bit-set group, in bit order, each with a count of 0. */
static void push_bit_values(struct store_counts *out, const char *(*bit_name)(unsigned bit))
{
	size_t cap = 0;
	const char *name;
	for (unsigned bit = 1; bit != 0 && (name = bit_name(bit)) != NULL; bit <<= 1) {
		struct store_count *c = push_count(out, &cap);
		c->key = xstrdup(name);
		c->name = xstrdup(name);
	}
}

/* Steps through the rows of a bit-set group: every named bit gets an entry
 * (in bit order, from 0) and the count of the rows whose bits include it. */
static int read_bit_counts(sqlite3_stmt *stmt, const char *(*bit_name)(unsigned bit),
                           struct store_counts *out)
{
	push_bit_values(out, bit_name);
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t bits = sqlite3_column_int64(stmt, 0);
		int64_t items = sqlite3_column_int64(stmt, 1);
		for (size_t i = 0; i < out->count; i++)
			if ((bits & ((int64_t)1 << i)) != 0)
				out->items[i].count += items;
	}
	return rc;
}

/* Steps through the rows of a list group, one value each. */
static int read_list_counts(sqlite3_stmt *stmt, struct store_counts *out)
{
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_count *c = push_count(out, &cap);
		/* A township's code or an edition's number reads as its decimal text. */
		c->key = column_dup(stmt, 0);
		c->name = column_dup(stmt, 1);
		c->count = sqlite3_column_int64(stmt, 2);
	}
	return rc;
}

int store_count_by(struct store *st, const struct store_filter *filter, enum store_group group,
                   struct store_counts *out, char **cause)
{
	sqlite3 *db = store_db(st);
	memset(out, 0, sizeof *out);
	if ((size_t)group >= sizeof count_groups / sizeof count_groups[0]) {
		*cause =
		    xasprintf(_("cannot query the catalogue: %s"), sqlite3_errstr(SQLITE_MISUSE));
		return -1;
	}
	const struct count_group *how = &count_groups[group];
	struct store_filter others = store_filter_without_group(filter, group);

	struct search_query *query = search_query_new(others.search);
	bool searching = !search_query_empty(query);

	struct buf sql = BUF_INIT;
	buf_adds(&sql, how->head);
	build_filtered_rows(&sql, &others, searching);
	buf_adds(&sql, how->tail);

	sqlite3_stmt *stmt = NULL;
	int rc = prepare_filtered(db, buf_str(&sql), &others, searching ? query : NULL, &stmt);
	if (rc == SQLITE_OK) {
		if (how->bit_name != NULL)
			rc = read_bit_counts(stmt, how->bit_name, out);
		else
			rc = read_list_counts(stmt, out);
	}
	if (rc != SQLITE_DONE) {
		query_fail(db, cause);
		store_counts_finish(out);
	}
	sqlite3_finalize(stmt);
	buf_finish(&sql);
	search_query_free(query);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* The values of each group, in the order store_count_by gives them: the
 * groups with a table. */
static const char *const group_values_sql[] = {
    [STORE_GROUP_CATEGORY] = "SELECT id, name FROM categories ORDER BY position",
    [STORE_GROUP_TOWNSHIP] = "SELECT code, name FROM townships ORDER BY position",
    [STORE_GROUP_EDITION] = "SELECT no, title FROM editions ORDER BY no",
};

int store_group_values(struct store *st, enum store_group group, struct store_counts *out,
                       char **cause)
{
	sqlite3 *db = store_db(st);
	memset(out, 0, sizeof *out);
	if ((size_t)group >= sizeof count_groups / sizeof count_groups[0]) {
		*cause =
		    xasprintf(_("cannot query the catalogue: %s"), sqlite3_errstr(SQLITE_MISUSE));
		return -1;
	}
	size_t cap = 0;
	if (count_groups[group].bit_name != NULL) {
		push_bit_values(out, count_groups[group].bit_name);
		return 0;
	}
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, group_values_sql[group], -1, &stmt, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct store_count *c = push_count(out, &cap);
		c->key = column_dup(stmt, 0);
		c->name = column_dup(stmt, 1);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		query_fail(db, cause);
		store_counts_finish(out);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

void store_counts_finish(struct store_counts *counts)
{
	for (size_t i = 0; i < counts->count; i++) {
		free(counts->items[i].key);
		free(counts->items[i].name);
	}
	free(counts->items);
	counts->items = NULL;
	counts->count = 0;
}

/* ---- Enterprises ----------------------------------------------------------- */

/* The items are counted in one pass, grouped by enterprise, not once per
 * enterprise. */
static const char enterprises_select[] =
    "SELECT e.id, e.name, COALESCE(e.short_name, e.name), t.code, t.name, e.kinds, "
    "e.platforms, COALESCE(e.edition, 0), e.recuperation_base, COALESCE(n.products, 0), "
    "COALESCE(n.services, 0) "
    "FROM enterprises AS e "
    "JOIN townships AS t ON t.code = e.township "
    "LEFT JOIN (SELECT enterprise, SUM(is_service = 0) AS products, "
    "SUM(is_service <> 0) AS services FROM items GROUP BY enterprise) AS n "
    "ON n.enterprise = e.id "
    "ORDER BY e.position";

static void read_enterprise(sqlite3_stmt *stmt, struct store_enterprise *e)
{
	e->id = column_dup(stmt, 0);
	e->name = column_dup(stmt, 1);
	e->short_name = column_dup(stmt, 2);
	e->township_code = sqlite3_column_int64(stmt, 3);
	e->township = column_dup(stmt, 4);
	e->kinds = (unsigned)sqlite3_column_int64(stmt, 5);
	e->platforms = (unsigned)sqlite3_column_int64(stmt, 6);
	e->edition = sqlite3_column_int(stmt, 7);
	e->recuperation_base = sqlite3_column_int(stmt, 8) != 0;
	e->nproducts = sqlite3_column_int64(stmt, 9);
	e->nservices = sqlite3_column_int64(stmt, 10);
}

int store_query_enterprises(struct store *st, struct store_enterprises *out, char **cause)
{
	sqlite3 *db = store_db(st);
	memset(out, 0, sizeof *out);

	sqlite3_stmt *stmt = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(db, enterprises_select, -1, &stmt, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		out->items = grow(out->items, out->count, &cap, sizeof *out->items);
		read_enterprise(stmt, &out->items[out->count++]);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		query_fail(db, cause);
		store_enterprises_finish(out);
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

void store_enterprises_finish(struct store_enterprises *list)
{
	for (size_t i = 0; i < list->count; i++) {
		struct store_enterprise *e = &list->items[i];
		free(e->id);
		free(e->name);
		free(e->short_name);
		free(e->township);
	}
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

/* ---- Checks of filter values ------------------------------------------------ */

/* Runs a fixed one-row question; false when there is no row or on error
 * (these answer "is the value valid", and an unreadable store knows none). */
static bool row_exists(sqlite3_stmt *stmt, int rc)
{
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	return rc == SQLITE_ROW;
}

bool store_township_exists(struct store *st, const char *code_or_name)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(
	    store_db(st), "SELECT 1 FROM townships WHERE name = ?1 OR code = ?2", -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 1, code_or_name, -1, SQLITE_STATIC);
	int64_t code;
	if (rc == SQLITE_OK) {
		if (parse_township_code(code_or_name, &code))
			rc = sqlite3_bind_int64(stmt, 2, code);
		else
			rc = sqlite3_bind_null(stmt, 2);
	}
	return row_exists(stmt, rc);
}

bool store_category_exists(struct store *st, const char *id)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(store_db(st), "SELECT 1 FROM categories WHERE id = ?1", -1,
	                            &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 1, id, -1, SQLITE_STATIC);
	return row_exists(stmt, rc);
}
