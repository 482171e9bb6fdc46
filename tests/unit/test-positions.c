/* Tests of the browser's way of listing: store_query_positions gives the same
 * products in the same order as store_query_products for every kind of filter
 * and sort, store_get_products gives back their rows, and
 * store_narrow_positions over the list of a shorter search gives the list of
 * the longer one. Runs on the shipped catalogue, imported into a fresh
 * database. */
#include "check.h"

#include "core/diag.h"
#include "core/xalloc.h"
#include "store/store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct store *open_shipped(char **dir)
{
	const char *tmp = getenv("TMPDIR");
	*dir = xasprintf("%s/aix-positions-XXXXXX", tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
	if (mkdtemp(*dir) == NULL) {
		fprintf(stderr, "mkdtemp %s: %s\n", *dir, strerror(errno));
		exit(2);
	}
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
	struct store_filter tea = {
	    .category = "tea", .sort = STORE_SORT_UNIT_PRICE, .descending = true};
	check_same_list(st, &tea, "tea by unit price");
	struct store_filter town = {.township = "毛坝镇", .certified_only = true};
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

int main(void)
{
	char *dir;
	struct store *st = open_shipped(&dir);
	test_same_lists(st);
	test_narrow(st);
	test_missing_position(st);
	store_close(st);
	char *db = xasprintf("%s/aixingou.db", dir);
	for (const char *suffix = ""; suffix != NULL; suffix = *suffix == '\0' ? "-wal"
	                                                       : strcmp(suffix, "-wal") == 0
	                                                           ? "-shm"
	                                                           : NULL) {
		char *p = xasprintf("%s%s", db, suffix);
		unlink(p);
		free(p);
	}
	free(db);
	rmdir(dir);
	free(dir);
	return check_done();
}
