/* Queries over the imported catalogue: the product lists of the browser and
 * of `aixingou list`, and the checks of filter values.
 *
 * A list is one SELECT made of fixed fragments: one per filter that applies
 * (each with its named parameter) and one ORDER BY from a fixed table. Search
 * runs inside that SELECT through the SQL function aix_search_match, so that
 * only the rows that match reach the sort. */
#include "store/store-internal.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/searchkey.h"
#include "core/xalloc.h"

#include <sqlite3.h>
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

int store_register_query_functions(struct sqlite3 *db)
{
	/* DIRECTONLY: a view or trigger in a crafted database file cannot call it. */
	return sqlite3_create_function_v2(db, "aix_search_match", 2,
	                                  SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, sql_search_match,
	                                  NULL, NULL, NULL);
}

/* The columns in the order read_product reads them. */
static const char query_select[] =
    "SELECT i.position, i.id, i.name, e.id, e.name, COALESCE(e.short_name, e.name), "
    "c.id, c.name, t.code, t.name, COALESCE(i.spec, ''), i.unit, i.price, "
    "COALESCE(i.net_weight_g, 0), COALESCE(i.per_500g, -1), i.min_order, "
    "i.certified_832, i.selenium_rich, i.is_service "
    "FROM items AS i "
    "JOIN enterprises AS e ON e.id = i.enterprise "
    "JOIN categories AS c ON c.id = i.category "
    "JOIN townships AS t ON t.code = e.township "
    "WHERE 1";

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

/* Appends the WHERE fragments of the filters that apply. */
static void build_where(struct buf *sql, const struct store_filter *f, bool searching)
{
	if (f->services_only)
		buf_adds(sql, " AND i.is_service = 1");
	else if (!f->with_services)
		buf_adds(sql, " AND i.is_service = 0");
	if (f->category != NULL)
		buf_adds(sql, " AND i.category = :category");
	if (f->township != NULL)
		buf_adds(sql, " AND (t.name = :township OR t.code = :township_code)");
	if (f->kinds != 0)
		buf_adds(sql, " AND (e.kinds & :kinds) <> 0");
	if (f->edition > 0)
		buf_adds(sql, " AND e.edition = :edition");
	if (f->platforms != 0)
		buf_adds(sql, " AND (e.platforms & :platforms) <> 0");
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

/* Binds the parameters of the fragments build_where added. */
static int bind_filter(sqlite3_stmt *stmt, const struct store_filter *f, struct search_query *query)
{
	int rc = SQLITE_OK;
	if (f->category != NULL)
		bind_named_text(stmt, ":category", f->category, &rc);
	if (f->township != NULL) {
		bind_named_text(stmt, ":township", f->township, &rc);
		bind_township_code(stmt, ":township_code", f->township, &rc);
	}
	if (f->kinds != 0)
		bind_named_int(stmt, ":kinds", f->kinds, &rc);
	if (f->edition > 0)
		bind_named_int(stmt, ":edition", f->edition, &rc);
	if (f->platforms != 0)
		bind_named_int(stmt, ":platforms", f->platforms, &rc);
	if (f->min_price > 0)
		bind_named_int(stmt, ":min_price", f->min_price, &rc);
	if (f->max_price > 0)
		bind_named_int(stmt, ":max_price", f->max_price, &rc);
	if (query != NULL && rc == SQLITE_OK)
		rc = sqlite3_bind_pointer(stmt, sqlite3_bind_parameter_index(stmt, ":search"),
		                          query, search_query_pointer_type, NULL);
	return rc;
}

static char *column_dup(sqlite3_stmt *stmt, int col)
{
	const unsigned char *text = sqlite3_column_text(stmt, col);
	return xstrdup(text != NULL ? (const char *)text : "");
}

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

static void query_fail(sqlite3 *db, char **cause)
{
	*cause = xasprintf(_("cannot query the catalogue: %s"), sqlite3_errmsg(db));
}

int store_query_products(struct store *st, const struct store_filter *filter,
                         struct store_products *out, char **cause)
{
	sqlite3 *db = store_db(st);
	memset(out, 0, sizeof *out);

	struct search_query *query = search_query_new(filter->search);
	bool searching = !search_query_empty(query);

	struct buf sql = BUF_INIT;
	buf_adds(&sql, query_select);
	build_where(&sql, filter, searching);
	size_t sort = (size_t)filter->sort;
	if (sort >= sizeof query_order / sizeof query_order[0])
		sort = STORE_SORT_CATALOGUE;
	buf_adds(&sql, query_order[sort][filter->descending ? 1 : 0]);

	sqlite3_stmt *stmt = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(db, buf_str(&sql), -1, &stmt, NULL);
	if (rc == SQLITE_OK)
		rc = bind_filter(stmt, filter, searching ? query : NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (out->count == cap) {
			cap = cap ? cap * 2 : 64;
			out->items = xreallocarray(out->items, cap, sizeof *out->items);
		}
		read_product(stmt, &out->items[out->count++]);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		query_fail(db, cause);
		store_products_finish(out);
	}
	sqlite3_finalize(stmt);
	buf_finish(&sql);
	search_query_free(query);
	return rc == SQLITE_DONE ? 0 : -1;
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
