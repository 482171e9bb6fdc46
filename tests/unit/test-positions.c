/* Tests of the browser's way of listing: store_query_positions gives the same
 * products in the same order as store_query_products for every kind of filter
 * and sort, store_get_products gives back their rows, and
 * store_narrow_positions over the list of a shorter search gives the list of
 * the longer one; the search index in memory gives what the queries give.
 * Runs on the shipped catalogue, imported into a fresh database. */
#include "check.h"
#include "testlib.h"

#include "core/buf.h"
#include "core/diag.h"
#include "core/searchkey.h"
#include "core/xalloc.h"
#include "store/store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A filter's set of one category or township (designated initialisers). */
#define CATEGORY(id) .categories = (const char *const[]){id}, .ncategories = 1
#define TOWNSHIP(t)  .townships = (const char *const[]){t}, .ntownships = 1

static struct store *open_shipped(char **dir)
{
	*dir = scratch_make("positions");
	char *db = xasprintf("%s/aixingou.db", *dir);
	char *cause = NULL;
	struct store *st = store_open(db, &cause);
	free(db);
	if (st == NULL) {
		fprintf(stderr, "store_open: %s\n", cause);
		exit(2);
	}
	const char *root = getenv("AIX_SOURCE_ROOT");
	char *cat = xasprintf("%s/catalogue", root != NULL ? root : ".");
	struct diag_list diags = {0};
	if (store_sync(st, cat, &diags, &cause) != STORE_SYNC_IMPORTED) {
		fprintf(stderr, "store_sync %s: %s\n", cat, cause ? cause : "(diagnostics)");
		exit(2);
	}
	diag_list_finish(&diags);
	free(cat);
	return st;
}

/* The positions and the rows of filter f agree with store_query_products. */
static void check_same_list(struct store *st, const struct store_filter *f, const char *what)
{
	struct store_products rows;
	struct store_positions pos;
	char *cause = NULL;
	CHECK(store_query_products(st, f, &rows, &cause) == 0);
	CHECK(store_query_positions(st, f, &pos, &cause) == 0);
	CHECK_INT(pos.count, rows.count);
	size_t n = pos.count < rows.count ? pos.count : rows.count;
	size_t same = 0;
	for (size_t i = 0; i < n; i++)
		same += pos.items[i] == rows.items[i].rowid;
	if (same != n)
		fprintf(stderr, "%s: %zu of %zu positions differ\n", what, n - same, n);
	CHECK_INT(same, n);

	struct store_products fetched;
	CHECK(store_get_products(st, pos.items, pos.count, &fetched, &cause) == 0);
	CHECK_INT(fetched.count, rows.count);
	for (size_t i = 0; i < n && i < fetched.count; i++) {
		CHECK_STR(fetched.items[i].id, rows.items[i].id);
		CHECK_STR(fetched.items[i].enterprise_short, rows.items[i].enterprise_short);
		CHECK_INT(fetched.items[i].price, rows.items[i].price);
		CHECK_INT(fetched.items[i].per_500g, rows.items[i].per_500g);
	}
	store_products_finish(&fetched);
	store_positions_finish(&pos);
	store_products_finish(&rows);
}

static void test_same_lists(struct store *st)
{
	struct store_filter f = {0};
	check_same_list(st, &f, "everything");

	static const char *const searches[] = {"zyfxc", "cuifeng", "紫陽", "茶", "zy 礼盒"};
	for (size_t i = 0; i < sizeof searches / sizeof searches[0]; i++) {
		struct store_filter s = {.search = searches[i], .sort = STORE_SORT_NAME};
		check_same_list(st, &s, searches[i]);
	}
	for (int sort = STORE_SORT_CATALOGUE; sort <= STORE_SORT_CATEGORY; sort++) {
		for (int desc = 0; desc < 2; desc++) {
			struct store_filter s = {.sort = (enum store_sort)sort,
			                         .descending = desc != 0};
			check_same_list(st, &s, "sort");
		}
	}
	struct store_filter tea = {CATEGORY("tea"), .sort = STORE_SORT_UNIT_PRICE,
	                           .descending = true};
	check_same_list(st, &tea, "tea by unit price");
	struct store_filter town = {TOWNSHIP("毛坝镇"), .certified_only = true};
	check_same_list(st, &town, "township");
	struct store_filter kinds = {.kinds = 1, .edition = 1, .platforms = 1, .min_price = 5000};
	check_same_list(st, &kinds, "kinds, edition, platforms");
	struct store_filter services = {.services_only = true, .sort = STORE_SORT_ENTERPRISE};
	check_same_list(st, &services, "services");
}

/* Narrowing the list of "zy" by "zyfxc" gives the list of "zyfxc". */
static void test_narrow(struct store *st)
{
	struct store_filter shorter = {.search = "zy", .sort = STORE_SORT_PRICE};
	struct store_filter longer = {.search = "zyfxc", .sort = STORE_SORT_PRICE};
	struct store_positions within, narrowed, direct;
	char *cause = NULL;
	CHECK(store_query_positions(st, &shorter, &within, &cause) == 0);
	CHECK(store_query_positions(st, &longer, &direct, &cause) == 0);
	CHECK(store_narrow_positions(st, "zyfxc", &within, &narrowed, &cause) == 0);
	CHECK(direct.count > 0);
	CHECK(direct.count < within.count);
	CHECK_INT(narrowed.count, direct.count);
	for (size_t i = 0; i < narrowed.count && i < direct.count; i++)
		CHECK_INT(narrowed.items[i], direct.items[i]);
	store_positions_finish(&within);
	store_positions_finish(&narrowed);
	store_positions_finish(&direct);
}

/* A position that is not in the store is an error, not a blank row. */
static void test_missing_position(struct store *st)
{
	int64_t gone[] = {1, 99999999};
	struct store_products out;
	char *cause = NULL;
	CHECK(store_get_products(st, gone, 2, &out, &cause) == -1);
	CHECK(cause != NULL);
	CHECK_INT(out.count, 0);
	free(cause);
	CHECK(store_get_products(st, gone, 1, &out, &cause) == 0);
	CHECK_INT(out.count, 1);
	store_products_finish(&out);
}

/* ---- The search index ---------------------------------------------------- */

struct texts {
	char **items;
	size_t count;
};

static void add_text(struct texts *t, char *s)
{
	for (size_t i = 0; i < t->count; i++)
		if (strcmp(t->items[i], s) == 0) {
			free(s);
			return;
		}
	t->items = xreallocarray(t->items, t->count + 1, sizeof *t->items);
	t->items[t->count++] = s;
}

/* The first n UTF-8 characters of s from byte at, or NULL past the end. */
static char *utf8_slice(const char *s, size_t at, size_t n)
{
	size_t end = at;
	for (size_t c = 0; c < n; c++) {
		if (s[end] == '\0')
			return NULL;
		end++;
		while ((s[end] & 0xc0) == 0x80)
			end++;
	}
	return xstrndup(s + at, end - at);
}

/* Search texts a clerk would type for the products of the catalogue: every
 * one and two characters of each name; the pinyin of the name by syllables,
 * pairs of syllables, runs of initials and their prefixes, in upper case too;
 * a word of the spec; two terms together; and some that must find nothing. */
static struct texts clerk_searches(const struct store_products *all)
{
	struct texts t = {0};
	static const char *const fixed[] = {"uifeng",  "xyzzy", "500",      "12",
	                                    "g",       "SE",    "紫陽 ml",  "科宏 银针",
	                                    "zy 礼盒", "ｚｙ",  "茶 zy 500"};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		add_text(&t, xstrdup(fixed[i]));
	for (size_t i = 0; i < all->count; i++) {
		const struct store_product *p = &all->items[i];
		for (size_t at = 0; p->name[at] != '\0'; at++) {
			if ((p->name[at] & 0xc0) == 0x80)
				continue;
			for (size_t n = 1; n <= 2; n++) {
				char *s = utf8_slice(p->name, at, n);
				if (s != NULL)
					add_text(&t, s);
			}
		}
		/* "zi yang mao jian " */
		char *sort = search_sort_key(p->name);
		char *syll[32];
		size_t ns = 0;
		char *save = NULL;
		for (char *w = strtok_r(sort, " ", &save); w != NULL && ns < 32;
		     w = strtok_r(NULL, " ", &save))
			if (w[0] >= 'a' && w[0] <= 'z')
				syll[ns++] = w;
		struct buf initials = BUF_INIT;
		for (size_t k = 0; k < ns; k++) {
			buf_addc(&initials, syll[k][0]);
			add_text(&t, xstrdup(syll[k]));
			if (k + 1 < ns)
				add_text(&t, xasprintf("%s%s", syll[k], syll[k + 1]));
			if (k + 1 < ns && i % 3 == 0) /* a syllable typed half way on */
				add_text(&t, xasprintf("%s%.1s", syll[k], syll[k + 1]));
		}
		for (size_t len = 1; len <= initials.len; len++)
			add_text(&t, xstrndup(buf_str(&initials), len));
		if (initials.len > 0) {
			char *upper = xstrdup(buf_str(&initials));
			for (char *c = upper; *c; c++)
				*c = (char)(*c - ('a' - 'A'));
			add_text(&t, upper);
			add_text(&t, xasprintf("%s %s", buf_str(&initials),
			                       p->enterprise_short[0] ? p->enterprise_short : "x"));
		}
		buf_finish(&initials);
		free(sort);
		char *spec = utf8_slice(p->spec, 0, 3);
		if (spec != NULL)
			add_text(&t, spec);
	}
	return t;
}

static void texts_free(struct texts *t)
{
	for (size_t i = 0; i < t->count; i++)
		free(t->items[i]);
	free(t->items);
}

/* The index's answer to text within the list of filter f without a search
 * equals the query's answer with it; and typing on from that answer too. */
static bool index_agrees(struct store *st, const struct store_search_index *idx,
                         const struct store_filter *f, const struct store_positions *base,
                         const char *text, const char *longer)
{
	struct store_filter with = *f;
	with.search = text;
	struct store_positions direct, narrowed;
	char *cause = NULL;
	if (store_query_positions(st, &with, &direct, &cause) != 0) {
		fprintf(stderr, "query %s: %s\n", text, cause);
		free(cause);
		return false;
	}
	store_search_index_narrow(idx, text, base, &narrowed);
	/* With no sort chosen, a search lists the names that match first: the
	 * browser orders what the index found as the query does. */
	bool ranked = f->sort == STORE_SORT_CATALOGUE && !f->descending;
	if (ranked)
		store_search_index_rank(idx, text, &narrowed);
	bool same = narrowed.count == direct.count &&
	            (direct.count == 0 || memcmp(narrowed.items, direct.items,
	                                         direct.count * sizeof *direct.items) == 0);
	if (!same)
		fprintf(stderr, "search \"%s\": the index finds %zu, the query %zu\n", text,
		        narrowed.count, direct.count);
	if (same && longer != NULL) {
		struct store_positions on;
		store_search_index_narrow(idx, longer, &narrowed, &on);
		if (ranked)
			store_search_index_rank(idx, longer, &on);
		with.search = longer;
		store_positions_finish(&direct);
		if (store_query_positions(st, &with, &direct, &cause) != 0) {
			free(cause);
			direct.count = SIZE_MAX;
		}
		same = on.count == direct.count &&
		       (on.count == 0 ||
		        memcmp(on.items, direct.items, on.count * sizeof *on.items) == 0);
		if (!same)
			fprintf(stderr, "search \"%s\" typed on from \"%s\": they differ\n", longer,
			        text);
		/* The same without the index (store_narrow_positions). */
		struct store_positions sql_on;
		if (same && store_narrow_positions(st, longer, &narrowed, &sql_on, &cause) == 0) {
			if (ranked && store_rank_positions(st, longer, &sql_on, &cause) != 0)
				sql_on.count = SIZE_MAX;
			same = sql_on.count == on.count &&
			       (on.count == 0 ||
			        memcmp(on.items, sql_on.items, on.count * sizeof *on.items) == 0);
			if (!same)
				fprintf(stderr, "search \"%s\": store_narrow_positions differs\n",
				        longer);
			store_positions_finish(&sql_on);
		}
		store_positions_finish(&on);
	}
	store_positions_finish(&direct);
	store_positions_finish(&narrowed);
	return same;
}

static void test_index_agrees(struct store *st)
{
	struct store_search_index *idx = NULL;
	char *cause = NULL;
	CHECK_INT(store_search_index_load(st, &idx, &cause), 0);
	CHECK(idx != NULL);
	if (idx == NULL)
		return;
	struct store_filter everything = {.with_services = true};
	struct store_products all;
	CHECK(store_query_products(st, &everything, &all, &cause) == 0);
	CHECK_INT(store_search_index_size(idx), all.count);
	struct texts searches = clerk_searches(&all);
	CHECK(searches.count > 500);

	const struct store_filter filters[] = {
	    everything,
	    {.sort = STORE_SORT_PRICE, .descending = true},
	    {CATEGORY("tea"), .sort = STORE_SORT_NAME},
	    {.services_only = true, .sort = STORE_SORT_ENTERPRISE},
	    {TOWNSHIP("毛坝镇"), .certified_only = true},
	    /* Several categories and townships at once. */
	    {.categories = (const char *const[]){"tea", "konjac", "honey"},
	     .ncategories = 3,
	     .sort = STORE_SORT_PRICE},
	    {.townships = (const char *const[]){"毛坝镇", "610924112"},
	     .ntownships = 2,
	     .categories = (const char *const[]){"tea", "fungi"},
	     .ncategories = 2},
	};
	size_t agree = 0, tried = 0, found = 0;
	for (size_t fi = 0; fi < sizeof filters / sizeof filters[0]; fi++) {
		struct store_positions base;
		CHECK(store_query_positions(st, &filters[fi], &base, &cause) == 0);
		/* Every text with everything; a share of them with the filters. */
		for (size_t i = fi; i < searches.count; i += fi == 0 ? 1 : 5) {
			const char *next = searches.items[(i + 1) % searches.count];
			char *longer =
			    strncmp(next, searches.items[i], strlen(searches.items[i])) == 0
			        ? xstrdup(next)
			        : xasprintf("%s %s", searches.items[i], next);
			tried++;
			agree +=
			    index_agrees(st, idx, &filters[fi], &base, searches.items[i], longer);
			free(longer);
		}
		found += base.count;
		store_positions_finish(&base);
	}
	CHECK_INT(agree, tried);
	CHECK(found > 0);
	texts_free(&searches);
	store_products_finish(&all);
	store_search_index_free(idx);
}

/* The list of filter f as the browser makes it with the index: the query
 * without the search, narrowed in memory. */
static void positions_in_memory(struct store *st, const struct store_search_index *idx,
                                const struct store_filter *f, struct store_positions *out)
{
	struct store_filter plain = *f;
	plain.search = NULL;
	struct store_positions base;
	char *cause = NULL;
	CHECK(store_query_positions(st, &plain, &base, &cause) == 0);
	store_search_index_narrow(idx, f->search, &base, out);
	store_positions_finish(&base);
}

/* The filter panel's counts from memory equal store_count_by's, for every
 * group under filters with and without a search. */
static void test_index_counts(struct store *st)
{
	struct store_search_index *idx = NULL;
	char *cause = NULL;
	CHECK_INT(store_search_index_load(st, &idx, &cause), 0);
	if (idx == NULL)
		return;
	const struct store_filter filters[] = {
	    {0},
	    {.with_services = true},
	    {.services_only = true},
	    {.search = "zy"},
	    {.search = "茶 紫阳", CATEGORY("tea")},
	    {CATEGORY("tea"), TOWNSHIP("毛坝镇")},
	    {TOWNSHIP("610924112"), .kinds = 1, .search = "g"},
	    {.categories = (const char *const[]){"tea", "konjac"}, .ncategories = 2},
	    {.categories = (const char *const[]){"tea", "konjac"},
	     .ncategories = 2,
	     .townships = (const char *const[]){"毛坝镇", "610924112", "610924100"},
	     .ntownships = 3,
	     .search = "z"},
	    {.edition = 1, .platforms = 2, .certified_only = true},
	    {.kinds = 2, .with_services = true, .min_price = 3000, .max_price = 20000},
	    {.search = "xyzzy"},
	};
	size_t agree = 0, tried = 0, nonzero = 0;
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		for (int g = STORE_GROUP_CATEGORY; g <= STORE_GROUP_PLATFORM; g++) {
			struct store_counts sql, mem;
			struct store_positions within;
			struct store_filter others =
			    store_filter_without_group(&filters[i], (enum store_group)g);
			CHECK(store_count_by(st, &filters[i], (enum store_group)g, &sql, &cause) ==
			      0);
			positions_in_memory(st, idx, &others, &within);
			CHECK(store_search_index_count(st, idx, &within, (enum store_group)g, &mem,
			                               &cause) == 0);
			bool same = sql.count == mem.count;
			for (size_t k = 0; same && k < sql.count; k++) {
				same = strcmp(sql.items[k].key, mem.items[k].key) == 0 &&
				       strcmp(sql.items[k].name, mem.items[k].name) == 0 &&
				       sql.items[k].count == mem.items[k].count;
				nonzero += sql.items[k].count > 0;
			}
			if (!same)
				fprintf(stderr, "counts of group %d under filter %zu differ\n", g,
				        i);
			tried++;
			agree += same;
			store_counts_finish(&sql);
			store_counts_finish(&mem);
			store_positions_finish(&within);
		}
	}
	CHECK_INT(agree, tried);
	CHECK(nonzero > 50);
	store_search_index_free(idx);
}

/* The index in parts is read whole. An index that is not what the import
 * writes (a damaged or altered file): refused, never read past its end; the
 * browser then searches with the queries. No row at all: no index, no
 * error. */
static void test_index_refused(const char *dir, const char *db_path)
{
	static const struct {
		const char *sql;
		const char *what;
		bool taken;
	} alter[] = {
	    /* As the import writes a big catalogue's: the same bytes in parts. */
	    {"CREATE TEMP TABLE whole AS SELECT data FROM search_index;"
	     "DELETE FROM search_index;"
	     "INSERT INTO search_index SELECT 1, substr(data, 1, 1000) FROM whole;"
	     "INSERT INTO search_index SELECT 2, substr(data, 1001, 7) FROM whole;"
	     "INSERT INTO search_index SELECT 3, substr(data, 1008) FROM whole;",
	     "in three parts", true},
	    {"UPDATE search_index SET data = substr(data, 1, length(data) - 1)", "cut short",
	     false},
	    {"UPDATE search_index SET data = data || x'00'", "a byte too many", false},
	    {"INSERT INTO search_index (part, data) VALUES (3, x'00')", "a part missing", false},
	    {"UPDATE search_index SET part = 0", "parts not from 1", false},
	    /* "aixidx2", 1 category, 1 enterprise, 1 item, and no more. */
	    {"UPDATE search_index SET data = x'6169786964783200010000000100000001000000'",
	     "counts lie", false},
	    /* ... then the category "c", the enterprise (five numbers, keys
	     * "a") and the item (enterprise, category, keys "b"). */
	    {"UPDATE search_index SET data = x'6169786964783200010000000100000001000000'"
	     "|| x'6300' || zeroblob(20) || x'6100' || x'05000000' || x'00000000' || x'6200'",
	     "an enterprise out of range", false},
	    {"UPDATE search_index SET data = x'6169786964783200010000000100000001000000'"
	     "|| x'6300' || zeroblob(20) || x'6100' || x'00000000' || x'07000000' || x'6200'",
	     "a category out of range", false},
	    {"UPDATE search_index SET data = x'6169786964783200010000000100000001000000'"
	     "|| x'6300' || zeroblob(20) || x'6100' || x'00000000' || x'00000000' || x'62'",
	     "a key not ended", false},
	    {"UPDATE search_index SET data = x'0000'", "no header", false},
	    {"UPDATE search_index SET data = x'6169786964783300000000000000000000000000'",
	     "another version", false},
	    {"DELETE FROM search_index", "no row", false},
	};
	for (size_t i = 0; i < sizeof alter / sizeof alter[0]; i++) {
		char *copy = xasprintf("%s/copy-%zu.db", dir, i);
		char *sql = xasprintf("VACUUM INTO '%s'", copy);
		raw_exec(db_path, sql);
		free(sql);
		raw_exec(copy, alter[i].sql);

		char *cause = NULL;
		struct store *st = store_open(copy, &cause);
		CHECK(st != NULL);
		struct store_search_index *idx = NULL;
		bool loaded = st != NULL && store_search_index_load(st, &idx, &cause) == 0;
		CHECK(loaded);
		if ((idx != NULL) != alter[i].taken)
			fprintf(stderr, "index %s: %s\n", alter[i].what,
			        idx != NULL ? "taken" : "refused");
		CHECK((idx != NULL) == alter[i].taken);
		if (idx != NULL) {
			struct store_filter f = {.with_services = true};
			struct store_positions base;
			CHECK(store_query_positions(st, &f, &base, &cause) == 0);
			CHECK(index_agrees(st, idx, &f, &base, "zyfxc", "zyfxc 紫阳"));
			CHECK(index_agrees(st, idx, &f, &base, "茶", NULL));
			store_positions_finish(&base);
		}
		store_search_index_free(idx);
		store_close(st);
		free(copy);
	}
}

int main(void)
{
	char *dir;
	struct store *st = open_shipped(&dir);
	test_same_lists(st);
	test_narrow(st);
	test_missing_position(st);
	test_index_agrees(st);
	test_index_counts(st);
	store_close(st);
	char *db = xasprintf("%s/aixingou.db", dir);
	test_index_refused(dir, db);
	free(db);
	scratch_remove(dir);
	return check_done();
}
