/* Tests of the SQLite store: open and schema, import of a catalogue built by
 * hand, every filter and sort of the product query, search through the store,
 * the filter panel's counts, the detail of one item, the enterprises,
 * store_sync against real YAML, and the errors of files that are not ours.
 * Each test works on a fresh database in its own mkdtemp folder. */
#include "check.h"
#include "testlib.h"

#include "catalogue/catalogue.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A filter's set of one category or township (designated initialisers). */
#define CATEGORY(id) .categories = (const char *const[]){id}, .ncategories = 1
#define TOWNSHIP(t)  .townships = (const char *const[]){t}, .ntownships = 1

/* ---- Scratch folders and files ---------------------------------------- */

/* Copies the folder src (files and sub-folders) to dst, which must not exist. */
static void copy_tree(const char *src, const char *dst)
{
	if (mkdir(dst, 0700) != 0) {
		fprintf(stderr, "mkdir %s: %s\n", dst, strerror(errno));
		exit(2);
	}
	DIR *d = opendir(src);
	if (d == NULL) {
		fprintf(stderr, "opendir %s: %s\n", src, strerror(errno));
		exit(2);
	}
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *from = xasprintf("%s/%s", src, de->d_name);
		char *to = xasprintf("%s/%s", dst, de->d_name);
		struct stat sb;
		if (stat(from, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			copy_tree(from, to);
		} else {
			size_t len;
			char *text = file_read(from, &len);
			if (text == NULL) {
				fprintf(stderr, "cannot read %s\n", from);
				exit(2);
			}
			file_write(to, text, len);
			free(text);
		}
		free(from);
		free(to);
	}
	closedir(d);
}

/* ---- Direct access to the database file, behind the store's back ------- */

/* ---- A catalogue built by hand ------------------------------------------
 *
 * Prices, weights and names are chosen so that every sort has a known order:
 *
 *   pos id       name               ent     category price  g     per 500 g
 *   1   cuifeng  紫阳富硒茶·翠峰    kehong  tea      168.00 500   168.00
 *   2   yinzhen  紫阳银针           kehong  tea       98.00 100   490.00
 *   3   hongcha  红茶               kehong  tea       50.00 -     -
 *   4   moyu     富硒魔芋粉         huahui  konjac    30.00 1000  15.00
 *   5   aicao    艾草枕             huahui  health    98.00 -     -
 *   6   chayuan  茶园一日游 (svc)   yuelong tourism  198.00
 *   7   zhusu    茶山酒店住宿 (svc) yuelong tourism  388.00
 */

static char *cuifeng_tags[] = {"送礼", "明前茶"};

static struct cat_edition test_editions[] = {
    {1, "第一期", "2020-05-20"},
    {2, "第二期", "2020-09-01"},
};

/* Not in item order, so that the category sort differs from the catalogue's. */
static struct cat_category test_categories[] = {
    {"konjac", "魔芋制品"},
    {"tea", "茶叶"},
    {"health", "艾草制品"},
    {"tourism", "疗休养服务"},
};

static struct cat_township test_townships[] = {
    {610924100, "城关镇"},
    {610924103, "焕古镇"},
    {610924112, "毛坝镇"},
};

static struct cat_enterprise test_enterprises[] = {
    /* The contact is a placeholder: a real company's people are not known here. */
    {.id = "kehong",
     .name = "紫阳县科宏茶业有限公司",
     .short_name = "科宏茶业",
     .kinds = CAT_KIND_FARM,
     .township = 610924100,
     .edition = 1,
     .platforms = CAT_PLATFORM_832 | CAT_PLATFORM_SHAANXI_UNION,
     .contact_person = "示例联系人",
     .contact_phone = "000-00000000",
     .contact_address = "示例地址",
     .file = "01-kehong.yaml"},
    {.id = "huahui",
     .name = "紫阳县华会实业有限公司",
     .short_name = "华会实业",
     .kinds = CAT_KIND_FARM | CAT_KIND_HARDSHIP,
     .township = 610924112,
     .edition = 2,
     .platforms = CAT_PLATFORM_832,
     .description = "艾草制品",
     .file = "02-huahui.yaml"},
    {.id = "yuelong",
     .name = "紫阳玥珑茶山酒店",
     .kinds = CAT_KIND_TOURISM,
     .township = 610924103,
     .edition = 2,
     .recuperation_base = true,
     .file = "03-yuelong.yaml"},
};

static struct cat_item test_items[] = {
    {.id = "cuifeng",
     .enterprise = 0,
     .name = "紫阳富硒茶·翠峰",
     .category = "tea",
     .spec = "250克×2罐",
     .unit = "盒",
     .price = 16800,
     .net_weight_g = 500,
     .min_order = 1,
     .certified_832 = true,
     .selenium_rich = true,
     .shelf_life_days = 540,
     .tags = cuifeng_tags,
     .ntags = 2,
     .description = "明前采摘。\n冷藏保存。"},
    {.id = "yinzhen",
     .enterprise = 0,
     .name = "紫阳银针",
     .category = "tea",
     .spec = "100克",
     .unit = "盒",
     .price = 9800,
     .net_weight_g = 100,
     .min_order = 2,
     .certified_832 = true},
    {.id = "hongcha",
     .enterprise = 0,
     .name = "红茶",
     .category = "tea",
     .unit = "袋",
     .price = 5000,
     .min_order = 1},
    {.id = "moyu",
     .enterprise = 1,
     .name = "富硒魔芋粉",
     .category = "konjac",
     .spec = "500克×2袋",
     .unit = "袋",
     .price = 3000,
     .net_weight_g = 1000,
     .min_order = 1,
     .selenium_rich = true},
    {.id = "aicao",
     .enterprise = 1,
     .name = "艾草枕",
     .category = "health",
     .unit = "个",
     .price = 9800,
     .min_order = 1},
    {.id = "chayuan",
     .enterprise = 2,
     .is_service = true,
     .name = "茶园一日游",
     .category = "tourism",
     .unit = "人",
     .price = 19800,
     .min_order = 10},
    {.id = "zhusu",
     .enterprise = 2,
     .is_service = true,
     .name = "茶山酒店住宿",
     .category = "tourism",
     .unit = "天",
     .price = 38800,
     .min_order = 1},
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Fills cat with the table above. Nothing is allocated: the structs point at
 * static data and are never freed. */
static void build_catalogue(struct catalogue *cat, struct cat_item *items)
{
	memset(cat, 0, sizeof *cat);
	cat->schema = 1;
	cat->title = "测试县消费扶贫建议目录";
	cat->publisher = "测试县总工会";
	cat->region_code = "610924";
	cat->region_name = "紫阳县";
	cat->sample = true;
	cat->rules.per_member_budget = 10000;
	cat->rules.yearly_gift_cap_per_member = 220000;
	cat->rules.poverty_share_min_percent = 30;
	cat->rules.contract_threshold = 1000000;
	cat->editions = test_editions;
	cat->neditions = NELEMS(test_editions);
	cat->categories = test_categories;
	cat->ncategories = NELEMS(test_categories);
	cat->townships = test_townships;
	cat->ntownships = NELEMS(test_townships);
	cat->enterprises = test_enterprises;
	cat->nenterprises = NELEMS(test_enterprises);
	cat->items = items;
	cat->nitems = NELEMS(test_items);
	cat->nproducts = 5;
	cat->nservices = 2;
	strcpy(cat->hash, "0123456789abcdef");
}

/* A fresh scratch folder with a store holding the hand-built catalogue. */
struct fixture {
	char *dir;
	char *db_path;
	struct store *st;
};

static bool fixture_open(struct fixture *fx, bool import)
{
	fx->dir = scratch_make("store");
	fx->db_path = xasprintf("%s/aixingou.db", fx->dir);
	char *cause = NULL;
	fx->st = store_open(fx->db_path, &cause);
	CHECK(fx->st != NULL);
	if (fx->st == NULL) {
		fprintf(stderr, "store_open: %s\n", cause);
		free(cause);
		return false;
	}
	if (import) {
		struct catalogue cat;
		build_catalogue(&cat, test_items);
		int rc = store_import(fx->st, &cat, "/srv/catalogue", &cause);
		CHECK_INT(rc, 0);
		if (rc != 0) {
			fprintf(stderr, "store_import: %s\n", cause);
			free(cause);
			return false;
		}
	}
	return true;
}

static void fixture_close(struct fixture *fx)
{
	store_close(fx->st);
	free(fx->db_path);
	scratch_remove(fx->dir);
}

/* The ids of a query's rows, space-separated, or "ERROR: cause". Caller frees. */
static char *query_ids(struct store *st, const struct store_filter *f)
{
	struct store_products list;
	char *cause = NULL;
	if (store_query_products(st, f, &list, &cause) != 0) {
		char *out = xasprintf("ERROR: %s", cause);
		free(cause);
		return out;
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < list.count; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, list.items[i].id);
	}
	store_products_finish(&list);
	return buf_steal(&b);
}

#define CHECK_IDS(st, filter, want)                                                                \
	do {                                                                                       \
		char *ids_ = query_ids((st), (filter));                                            \
		CHECK_STR(ids_, (want));                                                           \
		free(ids_);                                                                        \
	} while (0)

/* ---- Open, schema, WAL ------------------------------------------------- */

static void test_open_creates_schema(void)
{
	char *dir = scratch_make("store");
	/* Two folders that do not exist yet. */
	char *path = xasprintf("%s/data/aixingou/aixingou.db", dir);
	char *cause = NULL;
	struct store *st = store_open(path, &cause);
	CHECK(st != NULL);
	if (st == NULL) {
		fprintf(stderr, "store_open: %s\n", cause);
		free(cause);
		free(path);
		scratch_remove(dir);
		return;
	}
	CHECK(access(path, F_OK) == 0);

	char *folder = xasprintf("%s/data", dir);
	struct stat sb;
	CHECK(stat(folder, &sb) == 0 && S_ISDIR(sb.st_mode));
	CHECK_INT(sb.st_mode & 0777, 0700);
	free(folder);
	folder = xasprintf("%s/data/aixingou", dir);
	CHECK(stat(folder, &sb) == 0 && S_ISDIR(sb.st_mode));
	CHECK_INT(sb.st_mode & 0777, 0700);
	free(folder);

	char *text = raw_text(path, "PRAGMA user_version");
	CHECK_STR(text, "1");
	free(text);
	/* WAL is a property of the file: another connection sees it. */
	text = raw_text(path, "PRAGMA journal_mode");
	CHECK_STR(text, "wal");
	free(text);
	text = raw_text(path, "SELECT group_concat(name, ' ') FROM (SELECT name FROM "
	                      "sqlite_master WHERE type IN ('table', 'view') ORDER BY name)");
	CHECK_STR(text, "categories editions enterprises item_tags items list_history meta "
	                "order_files_pending order_texts orders "
	                "products purchase_lines purchase_lists search_index services "
	                "sqlite_sequence townships");
	free(text);

	/* Nothing imported yet: an empty list, and info says why it has nothing. */
	struct store_filter f = {0};
	CHECK_IDS(st, &f, "");
	struct store_info info;
	CHECK_INT(store_get_info(st, &info, &cause), -1);
	CHECK(contains(cause, "no catalogue has been imported"));
	free(cause);
	cause = NULL;

	store_close(st);
	free(path);
	scratch_remove(dir);
}

/* A folder in the way of the database's parent is an error naming it. */
static void test_open_parent_not_folder(void)
{
	char *dir = scratch_make("store");
	char *blocker = xasprintf("%s/file", dir);
	file_write(blocker, "not a folder\n", 13);
	char *path = xasprintf("%s/file/aixingou.db", dir);
	char *cause = NULL;
	struct store *st = store_open(path, &cause);
	CHECK(st == NULL);
	CHECK(contains(cause, blocker));
	free(cause);
	store_close(st);
	free(path);
	free(blocker);
	scratch_remove(dir);
}

static void test_not_a_database(void)
{
	char *dir = scratch_make("store");
	char *path = xasprintf("%s/notes.db", dir);
	struct buf text = BUF_INIT;
	for (int i = 0; i < 200; i++)
		buf_adds(&text, "这不是数据库 - this is not a database file\n");
	file_write(path, buf_str(&text), text.len);
	buf_finish(&text);

	char *cause = NULL;
	struct store *st = store_open(path, &cause);
	CHECK(st == NULL);
	CHECK(contains(cause, path));
	CHECK(contains(cause, "not an aixingou database"));
	free(cause);
	store_close(st);

	/* The file is left as it was. */
	char *after = file_read(path, NULL);
	CHECK(after != NULL && strncmp(after, "这不是数据库", strlen("这不是数据库")) == 0);
	free(after);
	free(path);
	scratch_remove(dir);
}

static void test_newer_database(void)
{
	char *dir = scratch_make("store");
	char *path = xasprintf("%s/aixingou.db", dir);
	raw_exec(path, "CREATE TABLE future (x); PRAGMA user_version = 2;");
	char *cause = NULL;
	struct store *st = store_open(path, &cause);
	CHECK(st == NULL);
	CHECK(contains(cause, "was made by a newer aixingou"));
	CHECK(contains(cause, path));
	free(cause);
	store_close(st);

	/* Untouched: no tables of ours were added. */
	char *text = raw_text(path, "SELECT count(*) FROM sqlite_master WHERE name = 'items'");
	CHECK_STR(text, "0");
	free(text);
	free(path);
	scratch_remove(dir);
}

/* ---- Import and info ----------------------------------------------------- */

static void check_info(struct store *st)
{
	struct store_info info;
	char *cause = NULL;
	int rc = store_get_info(st, &info, &cause);
	CHECK_INT(rc, 0);
	if (rc != 0) {
		fprintf(stderr, "store_get_info: %s\n", cause);
		free(cause);
		return;
	}
	CHECK_STR(info.title, "测试县消费扶贫建议目录");
	CHECK_STR(info.publisher, "测试县总工会");
	CHECK_STR(info.region_name, "紫阳县");
	CHECK(info.sample);
	CHECK_INT(info.latest_edition, 2);
	CHECK_INT(strlen(info.imported_at), 19);
	CHECK(info.imported_at[4] == '-' && info.imported_at[10] == ' ' &&
	      info.imported_at[13] == ':');
	CHECK_STR(info.catalogue_dir, "/srv/catalogue");
	CHECK_INT(info.rules.per_member_budget, 10000);
	CHECK_INT(info.rules.yearly_gift_cap_per_member, 220000);
	CHECK_INT(info.rules.poverty_share_min_percent, 30);
	CHECK_INT(info.rules.contract_threshold, 1000000);
	CHECK_INT(info.nenterprises, 3);
	CHECK_INT(info.nproducts, 5);
	CHECK_INT(info.nservices, 2);
	store_info_finish(&info);
}

static void test_import_and_info(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	check_info(fx.st);

	char *text = raw_text(fx.db_path, "SELECT value FROM meta WHERE key = 'catalogue_hash'");
	CHECK_STR(text, "0123456789abcdef");
	free(text);
	text = raw_text(fx.db_path, "SELECT count(*) FROM products");
	CHECK_STR(text, "5");
	free(text);
	text = raw_text(fx.db_path, "SELECT group_concat(id, ' ') FROM services");
	CHECK_STR(text, "chayuan zhusu");
	free(text);
	text = raw_text(fx.db_path,
	                "SELECT group_concat(tag, ' ') FROM "
	                "(SELECT tag FROM item_tags WHERE item = 'cuifeng' ORDER BY position)");
	CHECK_STR(text, "送礼 明前茶");
	free(text);
	/* An enterprise without an edition... none here; one without a weight: */
	text = raw_text(fx.db_path, "SELECT quote(per_500g) FROM items WHERE id = 'hongcha'");
	CHECK_STR(text, "NULL");
	free(text);

	/* Re-importing replaces, never duplicates. */
	struct catalogue cat;
	build_catalogue(&cat, test_items);
	char *cause = NULL;
	CHECK_INT(store_import(fx.st, &cat, "/srv/catalogue", &cause), 0);
	free(cause);
	check_info(fx.st);
	fixture_close(&fx);
}

/* Where WAL cannot be had (here an in-memory database, whose journal mode stays
 * "memory"; in life some network file systems), the store goes on with
 * SQLite's default journal. */
static void test_open_without_wal(void)
{
	char *cause = NULL;
	struct store *st = store_open(":memory:", &cause);
	CHECK(st != NULL);
	if (st == NULL) {
		fprintf(stderr, "store_open: %s\n", cause);
		free(cause);
		return;
	}
	struct catalogue cat;
	build_catalogue(&cat, test_items);
	CHECK_INT(store_import(st, &cat, "/srv/catalogue", &cause), 0);
	free(cause);
	check_info(st);
	store_close(st);
}

/* A failing import leaves the previous one whole; tables that are not the
 * catalogue's survive every import. */
static void test_import_all_or_nothing(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	/* A later table, as saved purchase lists will be. */
	raw_exec(fx.db_path, "CREATE TABLE saved_lines (product TEXT, qty INTEGER);"
	                     "INSERT INTO saved_lines VALUES ('cuifeng', 3);");

	struct cat_item items[NELEMS(test_items)];
	memcpy(items, test_items, sizeof items);
	items[0].price = 1;
	items[4].category = "no-such-category"; /* breaks a foreign key late */
	struct catalogue cat;
	build_catalogue(&cat, items);
	strcpy(cat.hash, "fedcba9876543210");
	char *cause = NULL;
	CHECK_INT(store_import(fx.st, &cat, "/elsewhere", &cause), -1);
	CHECK(contains(cause, "cannot import the catalogue"));
	CHECK(contains(cause, fx.db_path));
	free(cause);
	cause = NULL;

	struct store_products list;
	struct store_filter f = {0};
	CHECK_INT(store_query_products(fx.st, &f, &list, &cause), 0);
	CHECK_INT(list.count, 5);
	if (list.count > 0)
		CHECK_INT(list.items[0].price, 16800);
	store_products_finish(&list);
	check_info(fx.st);

	/* An item pointing past the enterprises is refused, not read out of bounds. */
	memcpy(items, test_items, sizeof items);
	items[6].enterprise = 3;
	build_catalogue(&cat, items);
	CHECK_INT(store_import(fx.st, &cat, "/elsewhere", &cause), -1);
	CHECK(contains(cause, "zhusu"));
	free(cause);
	cause = NULL;
	check_info(fx.st);

	/* A good import with a new price, and the saved lines are still there. */
	memcpy(items, test_items, sizeof items);
	items[0].price = 17000;
	build_catalogue(&cat, items);
	CHECK_INT(store_import(fx.st, &cat, "/srv/catalogue", &cause), 0);
	free(cause);
	cause = NULL;
	CHECK_INT(store_query_products(fx.st, &f, &list, &cause), 0);
	CHECK_INT(list.count, 5);
	if (list.count > 0)
		CHECK_INT(list.items[0].price, 17000);
	store_products_finish(&list);
	char *text = raw_text(fx.db_path, "SELECT product || ' ' || qty FROM saved_lines");
	CHECK_STR(text, "cuifeng 3");
	free(text);
	fixture_close(&fx);
}

static void test_reopen(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	store_close(fx.st);
	char *cause = NULL;
	fx.st = store_open(fx.db_path, &cause);
	CHECK(fx.st != NULL);
	if (fx.st == NULL) {
		fprintf(stderr, "reopen: %s\n", cause);
		free(cause);
		fixture_close(&fx);
		return;
	}
	check_info(fx.st);
	struct store_filter f = {0};
	CHECK_IDS(fx.st, &f, "cuifeng yinzhen hongcha moyu aicao");

	/* Two connections at once, as two aixingou windows would have. */
	struct store *second = store_open(fx.db_path, &cause);
	CHECK(second != NULL);
	if (second != NULL) {
		CHECK_IDS(second, &f, "cuifeng yinzhen hongcha moyu aicao");
		store_close(second);
	} else {
		free(cause);
	}
	fixture_close(&fx);
}

/* ---- Queries ------------------------------------------------------------ */

static void test_product_fields(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	struct store_filter f = {.with_services = true};
	struct store_products list;
	char *cause = NULL;
	CHECK_INT(store_query_products(fx.st, &f, &list, &cause), 0);
	CHECK_INT(list.count, 7);
	if (list.count == 7) {
		const struct store_product *p = &list.items[0];
		CHECK_INT(p->rowid, 1);
		CHECK_STR(p->id, "cuifeng");
		CHECK_STR(p->name, "紫阳富硒茶·翠峰");
		CHECK_STR(p->enterprise_id, "kehong");
		CHECK_STR(p->enterprise, "紫阳县科宏茶业有限公司");
		CHECK_STR(p->enterprise_short, "科宏茶业");
		CHECK_STR(p->category_id, "tea");
		CHECK_STR(p->category, "茶叶");
		CHECK_INT(p->township_code, 610924100);
		CHECK_STR(p->township, "城关镇");
		CHECK_STR(p->spec, "250克×2罐");
		CHECK_STR(p->unit, "盒");
		CHECK_INT(p->price, 16800);
		CHECK_INT(p->net_weight_g, 500);
		CHECK_INT(p->per_500g, 16800);
		CHECK_INT(p->min_order, 1);
		CHECK(p->certified_832);
		CHECK(p->selenium_rich);
		CHECK(!p->is_service);

		p = &list.items[1]; /* 98.00 for 100 g */
		CHECK_INT(p->per_500g, 49000);
		CHECK_INT(p->min_order, 2);
		CHECK(!p->selenium_rich);

		p = &list.items[2]; /* no spec, no weight */
		CHECK_STR(p->spec, "");
		CHECK_INT(p->net_weight_g, 0);
		CHECK_INT(p->per_500g, -1);
		CHECK(!p->certified_832);

		p = &list.items[3];
		CHECK_INT(p->per_500g, 1500);
		CHECK_STR(p->township, "毛坝镇");

		p = &list.items[6];
		CHECK_STR(p->id, "zhusu");
		CHECK(p->is_service);
		/* No short name: the registered one. */
		CHECK_STR(p->enterprise_short, "紫阳玥珑茶山酒店");
		CHECK_STR(p->unit, "天");
		CHECK_INT(p->rowid, 7);
	}
	store_products_finish(&list);
	fixture_close(&fx);
}

static void test_filters(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	struct store *st = fx.st;

	struct store_filter f = {0};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha moyu aicao");
	f = (struct store_filter){.with_services = true};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha moyu aicao chayuan zhusu");
	f = (struct store_filter){.services_only = true};
	CHECK_IDS(st, &f, "chayuan zhusu");
	f = (struct store_filter){.services_only = true, .with_services = true};
	CHECK_IDS(st, &f, "chayuan zhusu");

	f = (struct store_filter){CATEGORY("tea")};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha");
	f = (struct store_filter){CATEGORY("konjac")};
	CHECK_IDS(st, &f, "moyu");
	f = (struct store_filter){CATEGORY("no-such")};
	CHECK_IDS(st, &f, "");
	f = (struct store_filter){CATEGORY("tourism")};
	CHECK_IDS(st, &f, ""); /* services are not listed unless asked */
	f.with_services = true;
	CHECK_IDS(st, &f, "chayuan zhusu");

	f = (struct store_filter){TOWNSHIP("毛坝镇")};
	CHECK_IDS(st, &f, "moyu aicao");
	f = (struct store_filter){TOWNSHIP("610924100")};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha");
	f = (struct store_filter){TOWNSHIP("610924107")};
	CHECK_IDS(st, &f, "");
	f = (struct store_filter){TOWNSHIP("北京")};
	CHECK_IDS(st, &f, "");
	f = (struct store_filter){TOWNSHIP("焕古镇"), .with_services = true};
	CHECK_IDS(st, &f, "chayuan zhusu");

	/* Several categories or townships: any of them. */
	f = (struct store_filter){.categories = (const char *const[]){"tea", "konjac"},
	                          .ncategories = 2};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha moyu");
	f = (struct store_filter){.categories = (const char *const[]){"konjac", "no-such"},
	                          .ncategories = 2};
	CHECK_IDS(st, &f, "moyu");
	f = (struct store_filter){.townships = (const char *const[]){"毛坝镇", "610924100"},
	                          .ntownships = 2};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha moyu aicao");
	f = (struct store_filter){.categories = (const char *const[]){"tea", "konjac"},
	                          .ncategories = 2,
	                          .townships = (const char *const[]){"毛坝镇", "北京"},
	                          .ntownships = 2};
	CHECK_IDS(st, &f, "moyu");

	f = (struct store_filter){.kinds = CAT_KIND_HARDSHIP};
	CHECK_IDS(st, &f, "moyu aicao");
	f = (struct store_filter){.kinds = CAT_KIND_TOURISM};
	CHECK_IDS(st, &f, "");
	f = (struct store_filter){.kinds = CAT_KIND_TOURISM | CAT_KIND_HARDSHIP,
	                          .with_services = true};
	CHECK_IDS(st, &f, "moyu aicao chayuan zhusu");

	f = (struct store_filter){.edition = 1};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha");
	f = (struct store_filter){.edition = 2, .with_services = true};
	CHECK_IDS(st, &f, "moyu aicao chayuan zhusu");
	f = (struct store_filter){.edition = 3};
	CHECK_IDS(st, &f, "");

	f = (struct store_filter){.platforms = CAT_PLATFORM_SHAANXI_UNION};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha");
	f = (struct store_filter){.platforms = CAT_PLATFORM_832, .with_services = true};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha moyu aicao");

	f = (struct store_filter){.certified_only = true};
	CHECK_IDS(st, &f, "cuifeng yinzhen");

	f = (struct store_filter){.min_price = 9800};
	CHECK_IDS(st, &f, "cuifeng yinzhen aicao");
	f = (struct store_filter){.max_price = 9800};
	CHECK_IDS(st, &f, "yinzhen hongcha moyu aicao");
	f = (struct store_filter){.min_price = 5000, .max_price = 9800};
	CHECK_IDS(st, &f, "yinzhen hongcha aicao");
	f = (struct store_filter){.min_price = 20000, .with_services = true};
	CHECK_IDS(st, &f, "zhusu");

	/* All together, AND-ed. */
	f = (struct store_filter){CATEGORY("tea"),
	                          TOWNSHIP("城关镇"),
	                          .kinds = CAT_KIND_FARM,
	                          .edition = 1,
	                          .platforms = CAT_PLATFORM_832,
	                          .certified_only = true,
	                          .max_price = 10000};
	CHECK_IDS(st, &f, "yinzhen");
	f.min_price = 9801;
	CHECK_IDS(st, &f, "");

	CHECK(store_township_exists(st, "毛坝镇"));
	CHECK(store_township_exists(st, "610924112"));
	CHECK(!store_township_exists(st, "610924107"));
	CHECK(!store_township_exists(st, "北京"));
	CHECK(!store_township_exists(st, ""));
	CHECK(!store_township_exists(st, "610924112x"));
	CHECK(store_category_exists(st, "tea"));
	CHECK(store_category_exists(st, "tourism"));
	CHECK(!store_category_exists(st, "Tea"));
	CHECK(!store_category_exists(st, "茶叶"));

	/* Data that looks like SQL is only ever data. */
	f = (struct store_filter){CATEGORY("tea' OR '1'='1")};
	CHECK_IDS(st, &f, "");
	CHECK(!store_category_exists(st, "x' OR 1=1 --"));
	fixture_close(&fx);
}

static void test_sorts(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	struct store *st = fx.st;
	struct store_filter f = {.sort = STORE_SORT_CATALOGUE};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha moyu aicao");
	f.descending = true;
	CHECK_IDS(st, &f, "aicao moyu hongcha yinzhen cuifeng");

	/* yinzhen and aicao cost the same: catalogue order between them, both ways. */
	f = (struct store_filter){.sort = STORE_SORT_PRICE};
	CHECK_IDS(st, &f, "moyu hongcha yinzhen aicao cuifeng");
	f.descending = true;
	CHECK_IDS(st, &f, "cuifeng yinzhen aicao hongcha moyu");
	f.with_services = true;
	CHECK_IDS(st, &f, "zhusu chayuan cuifeng yinzhen aicao hongcha moyu");

	/* Without a weight (hongcha, aicao): last either way. */
	f = (struct store_filter){.sort = STORE_SORT_UNIT_PRICE};
	CHECK_IDS(st, &f, "moyu cuifeng yinzhen hongcha aicao");
	f.descending = true;
	CHECK_IDS(st, &f, "yinzhen cuifeng moyu hongcha aicao");

	/* By category position: konjac, tea, health. */
	f = (struct store_filter){.sort = STORE_SORT_CATEGORY};
	CHECK_IDS(st, &f, "moyu cuifeng yinzhen hongcha aicao");
	f.descending = true;
	CHECK_IDS(st, &f, "aicao cuifeng yinzhen hongcha moyu");

	/* By pinyin of the short name: 华会 hua < 科宏 ke < 紫阳玥珑 zi. */
	f = (struct store_filter){.sort = STORE_SORT_ENTERPRISE, .with_services = true};
	CHECK_IDS(st, &f, "moyu aicao cuifeng yinzhen hongcha chayuan zhusu");
	f.descending = true;
	CHECK_IDS(st, &f, "chayuan zhusu cuifeng yinzhen hongcha moyu aicao");

	/* By pinyin of the name: 艾 ai < 富 fu < 红 hong < 紫阳富 zi yang fu < 紫阳银 zi yang yin.
	 */
	f = (struct store_filter){.sort = STORE_SORT_NAME};
	CHECK_IDS(st, &f, "aicao moyu hongcha cuifeng yinzhen");
	f.descending = true;
	CHECK_IDS(st, &f, "yinzhen cuifeng hongcha moyu aicao");

	/* Sorting composes with filters. */
	f = (struct store_filter){.sort = STORE_SORT_PRICE, CATEGORY("tea"), .descending = true};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha");

	/* An out-of-range sort falls back to catalogue order. */
	f = (struct store_filter){.sort = (enum store_sort)99};
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha moyu aicao");
	fixture_close(&fx);
}

static void test_search(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	struct store *st = fx.st;
	struct store_filter f = {.search = "翠峰"};
	CHECK_IDS(st, &f, "cuifeng");
	f.search = "zyfxc"; /* initials of 紫阳富硒茶 */
	CHECK_IDS(st, &f, "cuifeng");
	f.search = "cuifeng";
	CHECK_IDS(st, &f, "cuifeng");
	f.search = "ZYFXC";
	CHECK_IDS(st, &f, "cuifeng");
	f.search = "紫陽"; /* traditional */
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha moyu aicao");
	f.search = "科宏"; /* enterprise name */
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha");
	f.search = "华会实业"; /* short name */
	CHECK_IDS(st, &f, "moyu aicao");
	f.search = "250克"; /* spec */
	CHECK_IDS(st, &f, "cuifeng");
	f.search = "明前"; /* tag */
	CHECK_IDS(st, &f, "cuifeng");
	f.search = "艾草制品"; /* category name */
	CHECK_IDS(st, &f, "aicao");
	f.search = "科宏 银针"; /* every term must match */
	CHECK_IDS(st, &f, "yinzhen");
	f.search = "xyzzy";
	CHECK_IDS(st, &f, "");
	f.search = "   "; /* blank: everything */
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha moyu aicao");
	f.search = "";
	CHECK_IDS(st, &f, "cuifeng yinzhen hongcha moyu aicao");

	/* Search with filters and a sort. */
	f = (struct store_filter){.search = "fx", .sort = STORE_SORT_PRICE}; /* 富硒 */
	CHECK_IDS(st, &f, "moyu cuifeng");
	f = (struct store_filter){.search = "茶", .with_services = true, .services_only = true};
	CHECK_IDS(st, &f, "chayuan zhusu");
	f = (struct store_filter){.search = "紫阳", CATEGORY("konjac")};
	CHECK_IDS(st, &f, "moyu");
	fixture_close(&fx);
}

/* ---- Counts, detail, enterprises ----------------------------------------- */

/* A group's counts as "key:count key:count ...", or "ERROR: cause". Caller
 * frees. */
static char *count_text(struct store *st, const struct store_filter *f, enum store_group group)
{
	struct store_counts counts;
	char *cause = NULL;
	if (store_count_by(st, f, group, &counts, &cause) != 0) {
		char *out = xasprintf("ERROR: %s", cause);
		free(cause);
		return out;
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < counts.count; i++)
		buf_addf(&b, "%s%s:%jd", i > 0 ? " " : "", counts.items[i].key,
		         (intmax_t)counts.items[i].count);
	store_counts_finish(&counts);
	return buf_steal(&b);
}

#define CHECK_COUNTS(st, filter, group, want)                                                      \
	do {                                                                                       \
		char *counts_ = count_text((st), (filter), (group));                               \
		CHECK_STR(counts_, (want));                                                        \
		free(counts_);                                                                     \
	} while (0)

/* The promise of store_count_by, checked against the list itself: each value's
 * count is the length of the list with the group's filter set to that value. */
static void check_counts_agree(struct store *st, const struct store_filter *f,
                               enum store_group group)
{
	struct store_counts counts;
	char *cause = NULL;
	int rc = store_count_by(st, f, group, &counts, &cause);
	CHECK_INT(rc, 0);
	if (rc != 0) {
		fprintf(stderr, "store_count_by: %s\n", cause);
		free(cause);
		return;
	}
	CHECK(counts.count > 0);
	for (size_t i = 0; i < counts.count; i++) {
		struct store_filter chosen = *f;
		const char *key = counts.items[i].key;
		switch (group) {
		case STORE_GROUP_CATEGORY:
			chosen.categories = &key;
			chosen.ncategories = 1;
			break;
		case STORE_GROUP_TOWNSHIP:
			chosen.townships = &key;
			chosen.ntownships = 1;
			break;
		case STORE_GROUP_KIND:
			chosen.kinds = cat_kind_parse(key);
			CHECK(chosen.kinds != 0);
			break;
		case STORE_GROUP_EDITION:
			chosen.edition = atoi(key);
			CHECK(chosen.edition > 0);
			break;
		case STORE_GROUP_PLATFORM:
			chosen.platforms = cat_platform_parse(key);
			CHECK(chosen.platforms != 0);
			break;
		}
		struct store_products list;
		CHECK_INT(store_query_products(st, &chosen, &list, &cause), 0);
		free(cause);
		cause = NULL;
		if (counts.items[i].count != (int64_t)list.count)
			fprintf(stderr, "group %d, %s: counted %jd, listed %zu\n", (int)group, key,
			        (intmax_t)counts.items[i].count, list.count);
		CHECK_INT(counts.items[i].count, list.count);
		store_products_finish(&list);
	}
	store_counts_finish(&counts);
}

static void check_all_counts_agree(struct store *st, const struct store_filter *f)
{
	check_counts_agree(st, f, STORE_GROUP_CATEGORY);
	check_counts_agree(st, f, STORE_GROUP_TOWNSHIP);
	check_counts_agree(st, f, STORE_GROUP_KIND);
	check_counts_agree(st, f, STORE_GROUP_EDITION);
	check_counts_agree(st, f, STORE_GROUP_PLATFORM);
}

static void test_enterprise_filter(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	struct store *st = fx.st;
	struct store_filter f = {.enterprise = "huahui"};
	CHECK_IDS(st, &f, "moyu aicao");
	f = (struct store_filter){.enterprise = "kehong", .sort = STORE_SORT_PRICE};
	CHECK_IDS(st, &f, "hongcha yinzhen cuifeng");
	f = (struct store_filter){.enterprise = "yuelong"};
	CHECK_IDS(st, &f, ""); /* services only */
	f.with_services = true;
	CHECK_IDS(st, &f, "chayuan zhusu");
	f = (struct store_filter){.enterprise = "no-such"};
	CHECK_IDS(st, &f, "");
	f = (struct store_filter){.enterprise = "kehong' OR '1'='1"};
	CHECK_IDS(st, &f, "");
	/* With the other filters and the search, AND-ed. */
	f = (struct store_filter){.enterprise = "kehong", .certified_only = true};
	CHECK_IDS(st, &f, "cuifeng yinzhen");
	f = (struct store_filter){.enterprise = "kehong", .search = "fx"};
	CHECK_IDS(st, &f, "cuifeng");
	f = (struct store_filter){.enterprise = "huahui", CATEGORY("tea")};
	CHECK_IDS(st, &f, "");
	fixture_close(&fx);
}

static void test_count_by(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	struct store *st = fx.st;

	/* Nothing chosen: every value in catalogue order, zero counts too. */
	struct store_filter f = {0};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:1 tea:3 health:1 tourism:0");
	CHECK_COUNTS(st, &f, STORE_GROUP_TOWNSHIP, "610924100:3 610924103:0 610924112:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_KIND, "farm:5 tourism:0 hardship:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_EDITION, "1:3 2:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_PLATFORM, "832:5 shaanxi-union:3");
	check_all_counts_agree(st, &f);

	/* The services flags stay. */
	f = (struct store_filter){.with_services = true};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:1 tea:3 health:1 tourism:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_TOWNSHIP, "610924100:3 610924103:2 610924112:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_KIND, "farm:5 tourism:2 hardship:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_EDITION, "1:3 2:4");
	CHECK_COUNTS(st, &f, STORE_GROUP_PLATFORM, "832:5 shaanxi-union:3");
	check_all_counts_agree(st, &f);
	f = (struct store_filter){.services_only = true};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:0 tea:0 health:0 tourism:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_PLATFORM, "832:0 shaanxi-union:0");
	check_all_counts_agree(st, &f);

	/* A group's own choice is left out; the others' stay. */
	f = (struct store_filter){CATEGORY("tea")};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:1 tea:3 health:1 tourism:0");
	CHECK_COUNTS(st, &f, STORE_GROUP_TOWNSHIP, "610924100:3 610924103:0 610924112:0");
	CHECK_COUNTS(st, &f, STORE_GROUP_KIND, "farm:3 tourism:0 hardship:0");
	CHECK_COUNTS(st, &f, STORE_GROUP_EDITION, "1:3 2:0");
	check_all_counts_agree(st, &f);
	f = (struct store_filter){.kinds = CAT_KIND_HARDSHIP, .with_services = true};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:1 tea:0 health:1 tourism:0");
	CHECK_COUNTS(st, &f, STORE_GROUP_KIND, "farm:5 tourism:2 hardship:2");
	check_all_counts_agree(st, &f);
	f = (struct store_filter){TOWNSHIP("毛坝镇")};
	CHECK_COUNTS(st, &f, STORE_GROUP_TOWNSHIP, "610924100:3 610924103:0 610924112:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:1 tea:0 health:1 tourism:0");
	check_all_counts_agree(st, &f);
	f = (struct store_filter){.edition = 1, .platforms = CAT_PLATFORM_832};
	CHECK_COUNTS(st, &f, STORE_GROUP_EDITION, "1:3 2:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_PLATFORM, "832:3 shaanxi-union:3");
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:0 tea:3 health:0 tourism:0");
	check_all_counts_agree(st, &f);
	f = (struct store_filter){.certified_only = true};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:0 tea:2 health:0 tourism:0");
	CHECK_COUNTS(st, &f, STORE_GROUP_KIND, "farm:2 tourism:0 hardship:0");
	check_all_counts_agree(st, &f);
	f = (struct store_filter){.min_price = 9800, .max_price = 20000, .with_services = true};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:0 tea:2 health:1 tourism:1");
	check_all_counts_agree(st, &f);
	f = (struct store_filter){.enterprise = "kehong"};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:0 tea:3 health:0 tourism:0");
	CHECK_COUNTS(st, &f, STORE_GROUP_TOWNSHIP, "610924100:3 610924103:0 610924112:0");
	CHECK_COUNTS(st, &f, STORE_GROUP_PLATFORM, "832:3 shaanxi-union:3");
	check_all_counts_agree(st, &f);
	/* A choice that matches nothing: every other group counts 0. */
	f = (struct store_filter){TOWNSHIP("北京"), .with_services = true};
	CHECK_COUNTS(st, &f, STORE_GROUP_EDITION, "1:0 2:0");
	CHECK_COUNTS(st, &f, STORE_GROUP_TOWNSHIP, "610924100:3 610924103:2 610924112:2");

	/* With a search: the same matching as the list (富硒 by initials). */
	f = (struct store_filter){.search = "fx"};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:1 tea:1 health:0 tourism:0");
	CHECK_COUNTS(st, &f, STORE_GROUP_TOWNSHIP, "610924100:1 610924103:0 610924112:1");
	CHECK_COUNTS(st, &f, STORE_GROUP_KIND, "farm:2 tourism:0 hardship:1");
	CHECK_COUNTS(st, &f, STORE_GROUP_EDITION, "1:1 2:1");
	CHECK_COUNTS(st, &f, STORE_GROUP_PLATFORM, "832:2 shaanxi-union:1");
	check_all_counts_agree(st, &f);
	f = (struct store_filter){.search = "紫阳", CATEGORY("konjac"), .with_services = true};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:1 tea:3 health:1 tourism:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_KIND, "farm:1 tourism:0 hardship:1");
	check_all_counts_agree(st, &f);
	f = (struct store_filter){.search = "xyzzy", .with_services = true};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:0 tea:0 health:0 tourism:0");
	f = (struct store_filter){.search = "   "};
	CHECK_COUNTS(st, &f, STORE_GROUP_CATEGORY, "konjac:1 tea:3 health:1 tourism:0");

	/* What people read, beside the keys. */
	struct store_counts counts;
	char *cause = NULL;
	f = (struct store_filter){0};
	CHECK_INT(store_count_by(st, &f, STORE_GROUP_CATEGORY, &counts, &cause), 0);
	CHECK_INT(counts.count, 4);
	if (counts.count == 4) {
		CHECK_STR(counts.items[0].name, "魔芋制品");
		CHECK_STR(counts.items[3].name, "疗休养服务");
	}
	store_counts_finish(&counts);
	CHECK_INT(store_count_by(st, &f, STORE_GROUP_TOWNSHIP, &counts, &cause), 0);
	CHECK_INT(counts.count, 3);
	if (counts.count == 3)
		CHECK_STR(counts.items[2].name, "毛坝镇");
	store_counts_finish(&counts);
	CHECK_INT(store_count_by(st, &f, STORE_GROUP_EDITION, &counts, &cause), 0);
	CHECK_INT(counts.count, 2);
	if (counts.count == 2)
		CHECK_STR(counts.items[1].name, "第二期");
	store_counts_finish(&counts);
	CHECK_INT(store_count_by(st, &f, STORE_GROUP_KIND, &counts, &cause), 0);
	CHECK_INT(counts.count, 3);
	if (counts.count == 3)
		CHECK_STR(counts.items[2].name, "hardship");
	store_counts_finish(&counts);
	CHECK_INT(store_count_by(st, &f, STORE_GROUP_PLATFORM, &counts, &cause), 0);
	CHECK_INT(counts.count, 2);
	if (counts.count == 2)
		CHECK_STR(counts.items[1].name, "shaanxi-union");
	store_counts_finish(&counts);
	CHECK(cause == NULL);

	/* A group the store does not know is an error, not a guess. */
	CHECK_INT(store_count_by(st, &f, (enum store_group)99, &counts, &cause), -1);
	CHECK(contains(cause, "cannot query the catalogue"));
	CHECK_INT(counts.count, 0);
	free(cause);
	fixture_close(&fx);
}

static void test_get_item(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	struct store *st = fx.st;
	struct store_item_detail d;
	char *cause = NULL;

	/* A product with tags, whose enterprise has a contact. */
	CHECK_INT(store_get_item(st, "cuifeng", &d, &cause), 0);
	CHECK_STR(d.product.id, "cuifeng");
	CHECK_INT(d.product.rowid, 1);
	CHECK_STR(d.product.name, "紫阳富硒茶·翠峰");
	CHECK_STR(d.product.enterprise_id, "kehong");
	CHECK_STR(d.product.enterprise, "紫阳县科宏茶业有限公司");
	CHECK_STR(d.product.enterprise_short, "科宏茶业");
	CHECK_STR(d.product.category_id, "tea");
	CHECK_STR(d.product.category, "茶叶");
	CHECK_INT(d.product.township_code, 610924100);
	CHECK_STR(d.product.township, "城关镇");
	CHECK_STR(d.product.spec, "250克×2罐");
	CHECK_STR(d.product.unit, "盒");
	CHECK_INT(d.product.price, 16800);
	CHECK_INT(d.product.net_weight_g, 500);
	CHECK_INT(d.product.per_500g, 16800);
	CHECK_INT(d.product.min_order, 1);
	CHECK(d.product.certified_832);
	CHECK(d.product.selenium_rich);
	CHECK(!d.product.is_service);
	CHECK_STR(d.description, "明前采摘。\n冷藏保存。");
	CHECK_INT(d.ntags, 2);
	if (d.ntags == 2) {
		CHECK_STR(d.tags[0], "送礼");
		CHECK_STR(d.tags[1], "明前茶");
	}
	CHECK_INT(d.shelf_life_days, 540);
	CHECK_INT(d.kinds, CAT_KIND_FARM);
	CHECK_INT(d.platforms, CAT_PLATFORM_832 | CAT_PLATFORM_SHAANXI_UNION);
	CHECK_INT(d.edition, 1);
	CHECK_STR(d.edition_title, "第一期");
	CHECK(!d.recuperation_base);
	CHECK(d.enterprise_description == NULL);
	CHECK_STR(d.contact_person, "示例联系人");
	CHECK_STR(d.contact_phone, "000-00000000");
	CHECK_STR(d.contact_address, "示例地址");
	store_item_detail_finish(&d);
	CHECK(d.tags == NULL && d.ntags == 0 && d.product.id == NULL);

	/* A product without tags, weight or spec; its enterprise has a description. */
	CHECK_INT(store_get_item(st, "aicao", &d, &cause), 0);
	CHECK_STR(d.product.enterprise_id, "huahui");
	CHECK_STR(d.product.spec, "");
	CHECK_INT(d.product.per_500g, -1);
	CHECK_INT(d.ntags, 0);
	CHECK(d.tags == NULL);
	CHECK(d.description == NULL);
	CHECK_INT(d.shelf_life_days, 0);
	CHECK_INT(d.kinds, CAT_KIND_FARM | CAT_KIND_HARDSHIP);
	CHECK_INT(d.edition, 2);
	CHECK_STR(d.edition_title, "第二期");
	CHECK_STR(d.enterprise_description, "艾草制品");
	CHECK(d.contact_person == NULL && d.contact_phone == NULL && d.contact_address == NULL);
	store_item_detail_finish(&d);

	/* A service. */
	CHECK_INT(store_get_item(st, "zhusu", &d, &cause), 0);
	CHECK_STR(d.product.id, "zhusu");
	CHECK(d.product.is_service);
	CHECK_STR(d.product.enterprise_short, "紫阳玥珑茶山酒店");
	CHECK_STR(d.product.category, "疗休养服务");
	CHECK_STR(d.product.township, "焕古镇");
	CHECK_STR(d.product.unit, "天");
	CHECK_INT(d.product.price, 38800);
	CHECK_INT(d.kinds, CAT_KIND_TOURISM);
	CHECK_INT(d.platforms, 0);
	CHECK(d.recuperation_base);
	CHECK_INT(d.ntags, 0);
	store_item_detail_finish(&d);

	/* Unknown ids: 1, nothing to free, no cause. */
	CHECK_INT(store_get_item(st, "no-such", &d, &cause), 1);
	CHECK(cause == NULL);
	CHECK(d.product.id == NULL && d.tags == NULL);
	store_item_detail_finish(&d);
	CHECK_INT(store_get_item(st, "cuifeng' OR '1'='1", &d, &cause), 1);
	CHECK_INT(store_get_item(st, "", &d, &cause), 1);
	CHECK(cause == NULL);

	/* An enterprise without an edition: no title. */
	struct cat_enterprise ents[NELEMS(test_enterprises)];
	memcpy(ents, test_enterprises, sizeof ents);
	ents[2].edition = 0;
	struct catalogue cat;
	build_catalogue(&cat, test_items);
	cat.enterprises = ents;
	CHECK_INT(store_import(st, &cat, "/srv/catalogue", &cause), 0);
	CHECK_INT(store_get_item(st, "chayuan", &d, &cause), 0);
	CHECK_INT(d.edition, 0);
	CHECK(d.edition_title == NULL);
	store_item_detail_finish(&d);
	/* ... and its items count in no edition. */
	struct store_filter f = {.with_services = true};
	CHECK_COUNTS(st, &f, STORE_GROUP_EDITION, "1:3 2:2");
	CHECK_COUNTS(st, &f, STORE_GROUP_KIND, "farm:5 tourism:2 hardship:2");
	check_all_counts_agree(st, &f);

	/* A store that cannot answer says so. */
	raw_exec(fx.db_path, "DROP TABLE item_tags");
	CHECK_INT(store_get_item(st, "cuifeng", &d, &cause), -1);
	CHECK(contains(cause, "cannot query the catalogue"));
	CHECK(d.product.id == NULL && d.tags == NULL);
	free(cause);
	fixture_close(&fx);
}

static void test_query_enterprises(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, true)) {
		fixture_close(&fx);
		return;
	}
	struct store_enterprises list;
	char *cause = NULL;
	CHECK_INT(store_query_enterprises(fx.st, &list, &cause), 0);
	CHECK_INT(list.count, 3);
	if (list.count == 3) {
		const struct store_enterprise *e = &list.items[0];
		CHECK_STR(e->id, "kehong");
		CHECK_STR(e->name, "紫阳县科宏茶业有限公司");
		CHECK_STR(e->short_name, "科宏茶业");
		CHECK_INT(e->township_code, 610924100);
		CHECK_STR(e->township, "城关镇");
		CHECK_INT(e->kinds, CAT_KIND_FARM);
		CHECK_INT(e->platforms, CAT_PLATFORM_832 | CAT_PLATFORM_SHAANXI_UNION);
		CHECK_INT(e->edition, 1);
		CHECK(!e->recuperation_base);
		CHECK_INT(e->nproducts, 3);
		CHECK_INT(e->nservices, 0);

		e = &list.items[1];
		CHECK_STR(e->id, "huahui");
		CHECK_STR(e->township, "毛坝镇");
		CHECK_INT(e->kinds, CAT_KIND_FARM | CAT_KIND_HARDSHIP);
		CHECK_INT(e->edition, 2);
		CHECK_INT(e->nproducts, 2);
		CHECK_INT(e->nservices, 0);

		e = &list.items[2];
		CHECK_STR(e->id, "yuelong");
		CHECK_STR(e->short_name, "紫阳玥珑茶山酒店"); /* none given */
		CHECK_INT(e->township_code, 610924103);
		CHECK_INT(e->platforms, 0);
		CHECK(e->recuperation_base);
		CHECK_INT(e->nproducts, 0);
		CHECK_INT(e->nservices, 2);
	}
	store_enterprises_finish(&list);
	CHECK(list.items == NULL && list.count == 0);

	/* Catalogue order is the files' order, whatever the names: here reversed. */
	struct cat_enterprise ents[NELEMS(test_enterprises)];
	struct cat_item items[NELEMS(test_items)];
	for (size_t i = 0; i < NELEMS(ents); i++)
		ents[i] = test_enterprises[NELEMS(ents) - 1 - i];
	memcpy(items, test_items, sizeof items);
	for (size_t i = 0; i < NELEMS(items); i++)
		items[i].enterprise = NELEMS(ents) - 1 - items[i].enterprise;
	/* An enterprise with nothing listed. */
	items[3].enterprise = 0;
	items[4].enterprise = 0;
	struct catalogue cat;
	build_catalogue(&cat, items);
	cat.enterprises = ents;
	CHECK_INT(store_import(fx.st, &cat, "/srv/catalogue", &cause), 0);
	CHECK_INT(store_query_enterprises(fx.st, &list, &cause), 0);
	CHECK_INT(list.count, 3);
	if (list.count == 3) {
		CHECK_STR(list.items[0].id, "yuelong");
		CHECK_INT(list.items[0].nproducts, 2);
		CHECK_INT(list.items[0].nservices, 2);
		CHECK_STR(list.items[1].id, "huahui");
		CHECK_INT(list.items[1].nproducts, 0);
		CHECK_INT(list.items[1].nservices, 0);
		CHECK_STR(list.items[2].id, "kehong");
		CHECK_INT(list.items[2].nproducts, 3);
	}
	store_enterprises_finish(&list);
	CHECK(cause == NULL);
	free(cause);
	fixture_close(&fx);
}

/* Before any import: empty answers, not errors. */
static void test_queries_before_import(void)
{
	struct fixture fx;
	if (!fixture_open(&fx, false)) {
		fixture_close(&fx);
		return;
	}
	char *cause = NULL;
	struct store_enterprises list;
	CHECK_INT(store_query_enterprises(fx.st, &list, &cause), 0);
	CHECK_INT(list.count, 0);
	store_enterprises_finish(&list);
	struct store_item_detail d;
	CHECK_INT(store_get_item(fx.st, "cuifeng", &d, &cause), 1);
	store_item_detail_finish(&d);
	struct store_filter f = {.search = "茶"};
	CHECK_COUNTS(fx.st, &f, STORE_GROUP_CATEGORY, "");
	CHECK_COUNTS(fx.st, &f, STORE_GROUP_EDITION, "");
	CHECK_COUNTS(fx.st, &f, STORE_GROUP_KIND, "farm:0 tourism:0 hardship:0");
	CHECK(cause == NULL);
	free(cause);
	fixture_close(&fx);
}

static void test_default_path(void)
{
	char *saved_xdg = getenv("XDG_DATA_HOME") ? xstrdup(getenv("XDG_DATA_HOME")) : NULL;
	char *saved_home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;

	setenv("XDG_DATA_HOME", "/data/u", 1);
	setenv("HOME", "/home/u", 1);
	char *p = store_default_path();
	CHECK_STR(p, "/data/u/aixingou/aixingou.db");
	free(p);
	setenv("XDG_DATA_HOME", "relative/dir", 1);
	p = store_default_path();
	CHECK_STR(p, "/home/u/.local/share/aixingou/aixingou.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	p = store_default_path();
	CHECK_STR(p, "/home/u/.local/share/aixingou/aixingou.db");
	free(p);
	unsetenv("HOME");
	CHECK(store_default_path() == NULL);
	setenv("HOME", "", 1);
	CHECK(store_default_path() == NULL);

	if (saved_xdg)
		setenv("XDG_DATA_HOME", saved_xdg, 1);
	else
		unsetenv("XDG_DATA_HOME");
	if (saved_home)
		setenv("HOME", saved_home, 1);
	else
		unsetenv("HOME");
	free(saved_xdg);
	free(saved_home);
}

/* ---- store_sync against the YAML of tests/data/good/minimal --------------- */

/* The path of the first enterprise file, by name. Caller frees. */
static char *first_enterprise_file(const char *catalogue_dir)
{
	char *folder = xasprintf("%s/enterprises", catalogue_dir);
	struct dirent **names = NULL;
	int n = scandir(folder, &names, NULL, alphasort);
	char *path = NULL;
	for (int i = 0; i < n; i++) {
		if (path == NULL && names[i]->d_name[0] != '.')
			path = xasprintf("%s/%s", folder, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	free(folder);
	return path;
}

/* Rewrites the first "price:" of file to new_price (YAML text). False when the
 * file has none. */
static bool change_first_price(const char *file, const char *new_price)
{
	char *text = file_read(file, NULL);
	if (text == NULL)
		return false;
	char *at = strstr(text, "price:");
	if (at == NULL) {
		free(text);
		return false;
	}
	char *end = strchr(at, '\n');
	struct buf b = BUF_INIT;
	buf_add(&b, text, (size_t)(at - text));
	buf_addf(&b, "price: %s", new_price);
	buf_adds(&b, end != NULL ? end : "");
	file_write(file, buf_str(&b), b.len);
	buf_finish(&b);
	free(text);
	return true;
}

static int64_t count_priced(struct store *st, money_t price)
{
	struct store_filter f = {.with_services = true};
	struct store_products list;
	char *cause = NULL;
	if (store_query_products(st, &f, &list, &cause) != 0) {
		free(cause);
		return -1;
	}
	int64_t n = 0;
	for (size_t i = 0; i < list.count; i++)
		n += list.items[i].price == price;
	store_products_finish(&list);
	return n;
}

static void count_reading(void *arg)
{
	(*(int *)arg)++;
}

static void test_sync(const char *minimal)
{
	char *dir = scratch_make("store");
	char *cat_dir = xasprintf("%s/catalogue", dir);
	char *db_path = xasprintf("%s/aixingou.db", dir);
	copy_tree(minimal, cat_dir);
	char *cause = NULL;
	struct diag_list diags = DIAG_LIST_INIT;

	struct store *st = store_open(db_path, &cause);
	CHECK(st != NULL);
	if (st == NULL) {
		fprintf(stderr, "store_open: %s\n", cause);
		goto out;
	}

	/* First: imported, and said before reading (store_sync_ex's callback). */
	int readings = 0;
	CHECK_INT(store_sync_ex(st, cat_dir, &diags, &cause, count_reading, &readings),
	          STORE_SYNC_IMPORTED);
	CHECK_INT(readings, 1);
	CHECK_INT(diag_total(&diags), 0);
	if (cause != NULL) {
		fprintf(stderr, "store_sync: %s\n", cause);
		goto out;
	}
	diag_print(&diags, stderr);
	struct store_info info;
	CHECK_INT(store_get_info(st, &info, &cause), 0);
	if (cause != NULL)
		goto out;
	int64_t nitems = info.nproducts + info.nservices;
	CHECK(info.nproducts > 0);
	char *real = realpath(cat_dir, NULL);
	CHECK_STR(info.catalogue_dir, real);
	free(real);
	store_info_finish(&info);

	/* Unchanged: nothing to say. */
	CHECK_INT(store_sync_ex(st, cat_dir, &diags, &cause, count_reading, &readings),
	          STORE_SYNC_UNCHANGED);
	CHECK_INT(readings, 1);
	/* Unchanged: not even parsed. The import time is the proof: set to a
	 * date no import writes, it survives. */
	raw_exec(db_path,
	         "UPDATE meta SET value = '2000-01-01 00:00:00' WHERE key = 'imported_at'");
	CHECK_INT(store_sync(st, cat_dir, &diags, &cause), STORE_SYNC_UNCHANGED);
	CHECK_INT(diag_total(&diags), 0);
	CHECK_INT(store_get_info(st, &info, &cause), 0);
	CHECK_STR(info.imported_at, "2000-01-01 00:00:00");
	store_info_finish(&info);
	/* The same folder by another name is the same catalogue. */
	char *other_name = xasprintf("%s/../catalogue/", cat_dir);
	CHECK_INT(store_sync(st, other_name, &diags, &cause), STORE_SYNC_UNCHANGED);
	free(other_name);

	/* New search keys in the program: re-imported without a change of YAML. */
	raw_exec(db_path, "UPDATE meta SET value = 'old' WHERE key = 'keys_version'");
	CHECK_INT(store_sync(st, cat_dir, &diags, &cause), STORE_SYNC_IMPORTED);
	CHECK_INT(store_get_info(st, &info, &cause), 0);
	CHECK(strcmp(info.imported_at, "2000-01-01 00:00:00") != 0);
	store_info_finish(&info);
	CHECK_INT(store_sync(st, cat_dir, &diags, &cause), STORE_SYNC_UNCHANGED);

	/* A price changed in the YAML: imported, and served. A second program
	 * open on the file (a browser) learns of that import from
	 * store_reimported, once; of its own edits and of nothing, never. */
	struct store *other = store_open(db_path, &cause);
	CHECK(other != NULL);
	CHECK(other != NULL && !store_reimported(other)); /* takes note */
	CHECK(other != NULL && !store_reimported(other));
	char *ent_file = first_enterprise_file(cat_dir);
	CHECK(ent_file != NULL);
	CHECK_INT(count_priced(st, 432150), 0);
	CHECK(ent_file != NULL && change_first_price(ent_file, "4321.5"));
	CHECK_INT(store_sync(st, cat_dir, &diags, &cause), STORE_SYNC_IMPORTED);
	CHECK(other != NULL && store_reimported(other));
	CHECK(other != NULL && !store_reimported(other));
	/* A commit that is no import (the stamp stays): not one. */
	raw_exec(db_path, "INSERT INTO meta (key, value) VALUES ('test_note', 1)");
	CHECK(other != NULL && !store_reimported(other));
	store_close(other);
	CHECK_INT(diag_total(&diags), 0);
	diag_print(&diags, stderr);
	CHECK_INT(count_priced(st, 432150), 1);
	CHECK_INT(store_get_info(st, &info, &cause), 0);
	CHECK_INT(info.nproducts + info.nservices, nitems);
	store_info_finish(&info);

	/* Broken YAML: the errors come back, the last good import stays. */
	CHECK(ent_file != NULL && change_first_price(ent_file, "[not, a, price"));
	CHECK_INT(store_sync(st, cat_dir, &diags, &cause), STORE_SYNC_KEPT_OLD);
	CHECK(cause == NULL);
	CHECK(diag_total(&diags) > 0);
	CHECK(diags.count > 0 && diags.items[0].file != NULL);
	CHECK_INT(count_priced(st, 432150), 1);
	diag_list_finish(&diags);
	diags = (struct diag_list)DIAG_LIST_INIT;
	/* ... and stays broken, without losing it, until it is fixed. */
	CHECK_INT(store_sync(st, cat_dir, &diags, &cause), STORE_SYNC_KEPT_OLD);
	CHECK(diag_total(&diags) > 0);
	diag_list_finish(&diags);
	diags = (struct diag_list)DIAG_LIST_INIT;
	CHECK_INT(count_priced(st, 432150), 1);

	/* A catalogue folder that went away: the old import still serves. */
	char *gone = xasprintf("%s/no-such-catalogue", dir);
	CHECK_INT(store_sync(st, gone, &diags, &cause), STORE_SYNC_KEPT_OLD);
	CHECK(diag_total(&diags) > 0);
	diag_list_finish(&diags);
	diags = (struct diag_list)DIAG_LIST_INIT;
	store_close(st);
	st = NULL;

	/* A brand-new database and broken YAML: nothing usable. */
	char *db2 = xasprintf("%s/second.db", dir);
	st = store_open(db2, &cause);
	CHECK(st != NULL);
	if (st != NULL) {
		CHECK_INT(store_sync(st, cat_dir, &diags, &cause), STORE_SYNC_ERROR);
		CHECK(cause != NULL);
		CHECK(diag_total(&diags) > 0);
		free(cause);
		cause = NULL;
		diag_list_finish(&diags);
		diags = (struct diag_list)DIAG_LIST_INIT;

		CHECK_INT(store_sync(st, gone, &diags, &cause), STORE_SYNC_ERROR);
		CHECK(cause != NULL);
		free(cause);
		cause = NULL;
		CHECK_INT(store_get_info(st, &info, &cause), -1);
		free(cause);
		cause = NULL;
	}
	free(db2);
	free(gone);
	free(ent_file);
out:
	if (cause != NULL)
		fprintf(stderr, "%s\n", cause);
	free(cause);
	diag_list_finish(&diags);
	store_close(st);
	free(cat_dir);
	free(db_path);
	scratch_remove(dir);
}

int main(void)
{
	test_open_creates_schema();
	test_open_parent_not_folder();
	test_open_without_wal();
	test_not_a_database();
	test_newer_database();
	test_import_and_info();
	test_import_all_or_nothing();
	test_reopen();
	test_product_fields();
	test_filters();
	test_sorts();
	test_search();
	test_enterprise_filter();
	test_count_by();
	test_get_item();
	test_query_enterprises();
	test_queries_before_import();
	test_default_path();

	const char *data = getenv("AIX_TEST_DATA");
	char *minimal = xasprintf("%s/good/minimal", data != NULL ? data : "tests/data");
	struct stat sb;
	if (stat(minimal, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		test_sync(minimal);
	} else {
		fprintf(stderr, "FAIL: %s is missing: store_sync not tested\n", minimal);
		check_failed++;
	}
	free(minimal);
	return check_done();
}
