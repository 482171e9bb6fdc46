/* Tests of the saved purchase lists and the order history (store/lists.h):
 * create, load and settings; validation that changes nothing; catalogue
 * items, services and lines by hand; quantities and totals with and without
 * a pack, and overflow; undo and redo, also across a reopened store and with
 * text that the history must keep byte for byte; lines that changed price or
 * left the catalogue after a re-import; delete; order numbers and the order
 * history; and a child process killed with SIGKILL in the middle of its
 * edits, after which every edit it was told was saved is there. Each test
 * works on a fresh database in its own mkdtemp folder, with a small
 * catalogue built by hand and imported with store_import. */
#include "check.h"
#include "testlib.h"

#include "catalogue/catalogue.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "core/text.h"
#include "store/lists.h"
#include "store/store.h"

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Scratch folders and the raw database ------------------------------ */

/* ---- A small catalogue built by hand --------------------------------------
 *
 *   id       name          enterprise  price   min_order
 *   cuifeng  紫阳富硒茶·翠峰 kehong     168.00  1
 *   yinzhen  紫阳银针       kehong      98.00  2
 *   moyu     富硒魔芋粉     huahui      30.00  1
 *   chayuan  茶园一日游     yuelong    198.00  10  (service)
 */

static struct cat_edition test_editions[] = {{1, "第一期", "2020-05-20"}};
static struct cat_category test_categories[] = {{"tea", "茶叶"}, {"tourism", "疗休养服务"}};
static struct cat_township test_townships[] = {{610924100, "城关镇"}, {610924112, "毛坝镇"}};

static struct cat_enterprise test_enterprises[] = {
    {.id = "kehong", .name = "紫阳县科宏茶业有限公司", .township = 610924100, .file = "01.yaml"},
    {.id = "huahui", .name = "紫阳县华会实业有限公司", .township = 610924112, .file = "02.yaml"},
    {.id = "yuelong",
     .name = "紫阳玥珑茶山酒店",
     .kinds = CAT_KIND_TOURISM,
     .township = 610924100,
     .file = "03.yaml"},
};

static const struct cat_item test_items[] = {
    {.id = "cuifeng",
     .enterprise = 0,
     .name = "紫阳富硒茶·翠峰",
     .category = "tea",
     .spec = "250克×2罐",
     .unit = "盒",
     .price = 16800,
     .min_order = 1},
    {.id = "yinzhen",
     .enterprise = 0,
     .name = "紫阳银针",
     .category = "tea",
     .spec = "100克",
     .unit = "盒",
     .price = 9800,
     .min_order = 2},
    {.id = "moyu",
     .enterprise = 1,
     .name = "富硒魔芋粉",
     .category = "tea",
     .unit = "袋",
     .price = 3000,
     .min_order = 1},
    {.id = "chayuan",
     .enterprise = 2,
     .is_service = true,
     .name = "茶园一日游",
     .category = "tourism",
     .unit = "人",
     .price = 19800,
     .min_order = 10},
};

/* Fills cat with items (pointing at them, nothing allocated). */
static void build_catalogue(struct catalogue *cat, struct cat_item *items, size_t nitems,
                            const char *hash)
{
	memset(cat, 0, sizeof *cat);
	cat->schema = 1;
	cat->title = "测试县消费扶贫建议目录";
	cat->publisher = "测试县总工会";
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
	cat->nitems = nitems;
	for (size_t i = 0; i < nitems; i++) {
		if (items[i].is_service)
			cat->nservices++;
		else
			cat->nproducts++;
	}
	strcpy(cat->hash, hash);
}

static bool import_items(struct store *st, struct cat_item *items, size_t nitems, const char *hash)
{
	struct catalogue cat;
	char *cause = NULL;
	build_catalogue(&cat, items, nitems, hash);
	int rc = store_import(st, &cat, "/srv/catalogue", &cause);
	CHECK_INT(rc, 0);
	if (rc != 0) {
		fprintf(stderr, "store_import: %s\n", cause);
		free(cause);
	}
	return rc == 0;
}

/* The catalogue as in the table above. */
static bool import_original(struct store *st)
{
	struct cat_item items[NELEMS(test_items)];
	memcpy(items, test_items, sizeof items);
	return import_items(st, items, NELEMS(items), "0123456789abcdef");
}

struct fixture {
	char *dir;
	char *db_path;
	struct store *st;
};

static bool fixture_open(struct fixture *fx)
{
	fx->dir = scratch_make("lists");
	fx->db_path = xasprintf("%s/aixingou.db", fx->dir);
	char *cause = NULL;
	fx->st = store_open(fx->db_path, &cause);
	CHECK(fx->st != NULL);
	if (fx->st == NULL) {
		fprintf(stderr, "store_open: %s\n", cause);
		free(cause);
		return false;
	}
	return import_original(fx->st);
}

static void fixture_close(struct fixture *fx)
{
	store_close(fx->st);
	free(fx->db_path);
	scratch_remove(fx->dir);
}

static bool fixture_reopen(struct fixture *fx)
{
	store_close(fx->st);
	char *cause = NULL;
	fx->st = store_open(fx->db_path, &cause);
	CHECK(fx->st != NULL);
	if (fx->st == NULL) {
		fprintf(stderr, "store_open: %s\n", cause);
		free(cause);
	}
	return fx->st != NULL;
}

/* ---- Helpers over the API ----------------------------------------------- */

/* Runs an edit that must succeed; prints its cause when it does not. The
 * caller has a char *cause for the call to fill. */
#define CHECK_OK(call)                                                                             \
	do {                                                                                       \
		cause = NULL;                                                                      \
		int rc_ = (call);                                                                  \
		CHECK_INT(rc_, 0);                                                                 \
		if (rc_ != 0)                                                                      \
			fprintf(stderr, "  cause: %s\n", cause ? cause : "(none)");                \
		free(cause);                                                                       \
		cause = NULL;                                                                      \
	} while (0)

/* Runs an edit that must fail with a cause containing want. */
#define CHECK_FAILS(call, want)                                                                    \
	do {                                                                                       \
		cause = NULL;                                                                      \
		CHECK_INT((call), -1);                                                             \
		CHECK(contains(cause, (want)));                                                    \
		if (!contains(cause, (want)))                                                      \
			fprintf(stderr, "  cause: %s\n", cause ? cause : "(none)");                \
		free(cause);                                                                       \
		cause = NULL;                                                                      \
	} while (0)

static struct plist_info make_info(const char *name)
{
	struct plist_info info = {
	    .name = (char *)name,
	    .union_name = "城关镇总工会",
	    .handler = "张三",
	    .purpose = "mid-autumn",
	    .headcount = 30,
	};
	return info;
}

static int64_t create_list(struct store *st, const char *name)
{
	struct plist_info info = make_info(name);
	int64_t id = 0;
	char *cause = NULL;
	int rc = store_list_create(st, &info, &id, &cause);
	CHECK_INT(rc, 0);
	if (rc != 0) {
		fprintf(stderr, "store_list_create: %s\n", cause);
		free(cause);
	}
	return id;
}

static bool load(struct store *st, int64_t id, struct plist *l)
{
	char *cause = NULL;
	int rc = store_list_load(st, id, NULL, l, &cause);
	CHECK_INT(rc, 0);
	if (rc != 0) {
		fprintf(stderr, "store_list_load %lld: %s\n", (long long)id,
		        rc < 0 ? cause : "no such list");
		free(cause);
	}
	return rc == 0;
}

/* What a list holds, as one line: "name/headcount/pack: line×qty@price …".
 * Caller frees. */
static char *list_text(struct store *st, int64_t id)
{
	struct plist l;
	if (!load(st, id, &l))
		return xstrdup("(cannot load)");
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s/%lld/%s:", l.info.name, (long long)l.info.headcount,
	         l.info.pack ? "pack" : "total");
	for (size_t i = 0; i < l.nlines; i++)
		buf_addf(&b, " %s×%lld@%lld", l.lines[i].name, (long long)l.lines[i].quantity,
		         (long long)l.lines[i].unit_price);
	plist_finish(&l);
	return buf_steal(&b);
}

#define CHECK_LIST(st, id, want)                                                                   \
	do {                                                                                       \
		char *text_ = list_text((st), (id));                                               \
		CHECK_STR(text_, (want));                                                          \
		free(text_);                                                                       \
	} while (0)

static const struct plist_line *find_line(const struct plist *l, const char *name)
{
	for (size_t i = 0; i < l->nlines; i++) {
		if (strcmp(l->lines[i].name, name) == 0)
			return &l->lines[i];
	}
	return NULL;
}

static int64_t line_id(struct store *st, int64_t list, const char *name)
{
	struct plist l;
	int64_t id = 0;
	if (load(st, list, &l)) {
		const struct plist_line *line = find_line(&l, name);
		CHECK(line != NULL);
		if (line != NULL)
			id = line->id;
		plist_finish(&l);
	}
	return id;
}

static size_t count_lists(struct store *st)
{
	char *cause = NULL;
	struct plist_summary *rows;
	size_t n = 0;
	CHECK_OK(store_lists(st, &rows, &n, &cause));
	plist_summaries_free(rows, n);
	return n;
}

/* ---- Holidays -------------------------------------------------------------- */

static void test_holidays(void)
{
	const char *const *keys = plist_holidays();
	size_t n = 0;
	while (keys[n] != NULL)
		n++;
	CHECK_INT(n, 7);
	CHECK_STR(keys[0], "new-year");
	CHECK_STR(keys[5], "mid-autumn");
	/* The tests run in English (LANGUAGE is empty). */
	CHECK_STR(plist_holiday_label("mid-autumn"), "Mid-Autumn Festival");
	CHECK_STR(plist_holiday_label("spring-festival"), "Spring Festival");
	CHECK_STR(plist_holiday_label("national-day"), "National Day");
	for (size_t i = 0; i < n; i++)
		CHECK(plist_holiday_label(keys[i]) != NULL);
	CHECK(plist_holiday_label("疗休养") == NULL);
	CHECK(plist_holiday_label("") == NULL);
	CHECK(plist_holiday_label(NULL) == NULL);
}

/* ---- Create, load, settings ------------------------------------------------ */

static void test_create_load_set_info(void)
{
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t id = create_list(fx.st, "2020年中秋慰问品");
	CHECK(id > 0);

	struct plist l;
	if (load(fx.st, id, &l)) {
		CHECK_INT(l.id, id);
		CHECK_STR(l.info.name, "2020年中秋慰问品");
		CHECK_STR(l.info.union_name, "城关镇总工会");
		CHECK_STR(l.info.handler, "张三");
		CHECK_STR(l.info.purpose, "mid-autumn");
		CHECK_INT(l.info.headcount, 30);
		CHECK(!l.info.pack);
		/* Rules left at zero come from the imported catalogue. */
		CHECK_INT(l.info.rules.per_member_budget, 10000);
		CHECK_INT(l.info.rules.yearly_gift_cap_per_member, 220000);
		CHECK_INT(l.info.rules.poverty_share_min_percent, 30);
		CHECK_INT(l.info.rules.contract_threshold, 1000000);
		CHECK_INT(l.nlines, 0);
		CHECK(!l.can_undo);
		CHECK(!l.can_redo);
		CHECK(l.updated_at != NULL && strlen(l.updated_at) == 19 &&
		      l.updated_at[4] == '-' && l.updated_at[10] == ' ');
		plist_finish(&l);
	}

	/* By name, and a list that is not there. */
	char *cause = NULL;
	CHECK_INT(store_list_load(fx.st, 0, "2020年中秋慰问品", &l, &cause), 0);
	CHECK_INT(l.id, id);
	plist_finish(&l);
	CHECK_INT(store_list_load(fx.st, 0, "没有这个清单", &l, &cause), 1);
	CHECK_INT(store_list_load(fx.st, id + 100, NULL, &l, &cause), 1);
	CHECK(cause == NULL);

	/* Rules given are kept. */
	struct plist_info info = make_info("疗休养");
	info.purpose = "疗休养";
	info.rules.per_member_budget = 50000;
	int64_t id2 = 0;
	CHECK_OK(store_list_create(fx.st, &info, &id2, &cause));
	CHECK(id2 != id);
	if (load(fx.st, id2, &l)) {
		CHECK_INT(l.info.rules.per_member_budget, 50000);
		CHECK_INT(l.info.rules.contract_threshold, 0);
		CHECK(plist_holiday_label(l.info.purpose) == NULL);
		plist_finish(&l);
	}

	/* Every setting changes. */
	struct plist_info changed = {
	    .name = "2020年国庆慰问品",
	    .union_name = "蒿坪镇总工会",
	    .handler = "李四",
	    .purpose = "national-day",
	    .headcount = 45,
	    .pack = true,
	    .rules = {20000, 200000, 50, 500000},
	};
	CHECK_OK(store_list_set_info(fx.st, id, &changed, &cause));
	if (load(fx.st, id, &l)) {
		CHECK_STR(l.info.name, "2020年国庆慰问品");
		CHECK_STR(l.info.union_name, "蒿坪镇总工会");
		CHECK_STR(l.info.handler, "李四");
		CHECK_STR(l.info.purpose, "national-day");
		CHECK_INT(l.info.headcount, 45);
		CHECK(l.info.pack);
		CHECK_INT(l.info.rules.per_member_budget, 20000);
		CHECK_INT(l.info.rules.yearly_gift_cap_per_member, 200000);
		CHECK_INT(l.info.rules.poverty_share_min_percent, 50);
		CHECK_INT(l.info.rules.contract_threshold, 500000);
		CHECK(l.can_undo);
		CHECK(!l.can_redo);

		struct plist_info copy;
		plist_info_copy(&copy, &l.info);
		CHECK(copy.name != l.info.name);
		CHECK_STR(copy.name, l.info.name);
		CHECK_STR(copy.purpose, "national-day");
		CHECK_INT(copy.rules.poverty_share_min_percent, 50);
		plist_info_finish(&copy);
		plist_finish(&l);
	}
	CHECK_INT(store_list_load(fx.st, 0, "2020年中秋慰问品", &l, &cause), 1);

	/* Setting what is already there changes nothing and leaves no step. */
	CHECK_OK(store_list_set_info(fx.st, id, &changed, &cause));
	CHECK_RAW(fx.db_path, "SELECT count(*) FROM list_history WHERE list_id = 1", "2");
	fixture_close(&fx);
}

/* Wrong input is refused with a message and changes nothing. */
static void test_validation(void)
{
	char *cause = NULL;
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t id = create_list(fx.st, "甲");
	int64_t other = create_list(fx.st, "乙");
	CHECK_OK(store_list_add_custom(fx.st, id, "", "手工", "", "个", 500, 1, &cause));
	int64_t line = line_id(fx.st, id, "手工");
	char *before = raw_text(fx.db_path, "SELECT group_concat(s, ';') FROM (SELECT "
	                                    "name || history_pos AS s FROM purchase_lists "
	                                    "ORDER BY id)");
	char *lines_before = raw_text(fx.db_path, "SELECT group_concat(name || quantity) FROM "
	                                          "purchase_lines");

	int64_t new_id = 0;
	struct plist_info info = make_info("");
	CHECK_FAILS(store_list_create(fx.st, &info, &new_id, &cause), "needs a name");
	info.name = "   ";
	CHECK_FAILS(store_list_create(fx.st, &info, &new_id, &cause), "needs a name");
	info.name = NULL;
	CHECK_FAILS(store_list_create(fx.st, &info, &new_id, &cause), "needs a name");

	/* PLIST_NAME_MAX bytes are fine, one more is not. */
	char name[PLIST_NAME_MAX + 2];
	memset(name, 'a', PLIST_NAME_MAX + 1);
	name[PLIST_NAME_MAX + 1] = '\0';
	info.name = name;
	CHECK_FAILS(store_list_create(fx.st, &info, &new_id, &cause), "too long");
	CHECK_FAILS(store_list_set_info(fx.st, id, &info, &cause), "too long");

	info = make_info("甲");
	CHECK_FAILS(store_list_create(fx.st, &info, &new_id, &cause), "already exists");
	CHECK_FAILS(store_list_set_info(fx.st, other, &info, &cause), "already exists");
	info = make_info("丙");
	info.headcount = 0;
	CHECK_FAILS(store_list_create(fx.st, &info, &new_id, &cause), "headcount");
	CHECK_FAILS(store_list_set_info(fx.st, id, &info, &cause), "headcount");
	info.headcount = 1;
	info.rules.poverty_share_min_percent = 101;
	CHECK_FAILS(store_list_set_info(fx.st, id, &info, &cause), "between 0 and 100");
	info.rules.poverty_share_min_percent = 0;
	info.rules.per_member_budget = -1;
	CHECK_FAILS(store_list_create(fx.st, &info, &new_id, &cause), "out of range");
	CHECK_INT(new_id, 0);
	info.rules.per_member_budget = 0;
	CHECK_FAILS(store_list_set_info(fx.st, id + 1000, &info, &cause),
	            "the list is no longer there");

	CHECK_FAILS(store_list_add_custom(fx.st, id, "", "", "", "个", 500, 1, &cause),
	            "needs a name");
	CHECK_FAILS(store_list_add_custom(fx.st, id, "", "纸", "", "", 500, 1, &cause),
	            "needs a unit");
	CHECK_FAILS(store_list_add_custom(fx.st, id, "", "纸", "", "个", 0, 1, &cause),
	            "more than 0");
	CHECK_FAILS(store_list_add_custom(fx.st, id, "", "纸", "", "个", -5, 1, &cause),
	            "more than 0");
	CHECK_FAILS(store_list_add_custom(fx.st, id, "", "纸", "", "个", 500, 0, &cause),
	            "at least 1");
	CHECK_FAILS(store_list_add_custom(fx.st, id + 1000, "", "纸", "", "个", 500, 1, &cause),
	            "the list is no longer there");
	CHECK_FAILS(store_list_add_item(fx.st, id, "no-such-tea", 1, NULL, &cause), "no-such-tea");
	CHECK_FAILS(store_list_add_item(fx.st, id, "cuifeng", -1, NULL, &cause), "at least 1");
	CHECK_FAILS(store_list_set_quantity(fx.st, id, line, 0, &cause), "at least 1");
	CHECK_FAILS(store_list_set_quantity(fx.st, id, line, -3, &cause), "at least 1");
	/* A line of another list is not this list's. */
	CHECK_FAILS(store_list_set_quantity(fx.st, other, line, 5, &cause),
	            "no longer in the list");
	CHECK_FAILS(store_list_remove_line(fx.st, other, line, &cause), "no longer in the list");
	CHECK_FAILS(store_list_delete(fx.st, id + 1000, &cause), "the list is no longer there");

	char *after = raw_text(fx.db_path, "SELECT group_concat(s, ';') FROM (SELECT "
	                                   "name || history_pos AS s FROM purchase_lists "
	                                   "ORDER BY id)");
	char *lines_after = raw_text(fx.db_path, "SELECT group_concat(name || quantity) FROM "
	                                         "purchase_lines");
	CHECK_STR(after, before);
	CHECK_STR(lines_after, lines_before);
	CHECK_STR(after, "甲1;乙0");
	free(before);
	free(after);
	free(lines_before);
	free(lines_after);
	CHECK_INT(count_lists(fx.st), 2);
	fixture_close(&fx);
}

/* ---- Two programs on one list ------------------------------------------------
 *
 * Two store connections on one file, as two aixingou on one database: + in
 * one adds to what the other stored; each sees the other's edits by the
 * data_version and the list's stamp; a line removed in one is said plainly
 * in the other, without its id. */

static void test_two_programs(void)
{
	struct fixture fx;
	if (!fixture_open(&fx))
		return;
	char *cause = NULL;
	struct store *other = store_open(fx.db_path, &cause);
	CHECK(other != NULL);
	if (other == NULL) {
		fprintf(stderr, "store_open: %s\n", cause);
		free(cause);
		fixture_close(&fx);
		return;
	}
	int64_t id = create_list(fx.st, "两个窗口");
	CHECK_OK(store_list_add_item(fx.st, id, "cuifeng", 1, NULL, &cause));
	CHECK_OK(store_list_add_item(fx.st, id, "moyu", 1, NULL, &cause));
	int64_t cuifeng = line_id(fx.st, id, "紫阳富硒茶·翠峰");
	int64_t moyu = line_id(fx.st, id, "富硒魔芋粉");

	/* Both programs have the list loaded with 1 翠峰. */
	struct plist mine, theirs;
	if (!load(fx.st, id, &mine) || !load(other, id, &theirs))
		goto out;
	int64_t version = store_data_version(fx.st);
	CHECK(version >= 0);
	int64_t stamp = 0;
	CHECK_OK(store_list_stamp(fx.st, id, &stamp, &cause));
	CHECK_INT(stamp, mine.edit_order);

	/* The other presses + twice, then this one presses + on its stale copy
	 * (quantity 1): 4, not 2. */
	int64_t now = 0;
	CHECK_OK(store_list_change_quantity(other, id, cuifeng, 1, 1000, &now, &cause));
	CHECK_INT(now, 2);
	CHECK_OK(store_list_change_quantity(other, id, cuifeng, 1, 1000, &now, &cause));
	CHECK_INT(now, 3);
	CHECK_OK(store_list_change_quantity(fx.st, id, cuifeng, 1, 1000, &now, &cause));
	CHECK_INT(now, 4);
	CHECK_LIST(fx.st, id, "两个窗口/30/total: 紫阳富硒茶·翠峰×4@16800 富硒魔芋粉×1@3000");
	CHECK_LIST(other, id, "两个窗口/30/total: 紫阳富硒茶·翠峰×4@16800 富硒魔芋粉×1@3000");
	/* Each + is one undo step. */
	CHECK_OK(store_list_undo(fx.st, id, &cause));
	CHECK_LIST(other, id, "两个窗口/30/total: 紫阳富硒茶·翠峰×3@16800 富硒魔芋粉×1@3000");
	CHECK_OK(store_list_redo(fx.st, id, &cause));

	/* Bounds: below 1 and above max change nothing and say the quantity. */
	CHECK_INT(store_list_change_quantity(other, id, moyu, -1, 1000, &now, &cause), 1);
	CHECK_INT(now, 1);
	CHECK_INT(store_list_change_quantity(other, id, cuifeng, 1, 4, &now, &cause), 1);
	CHECK_INT(now, 4);
	/* Above max already: - still takes one away. */
	CHECK_OK(store_list_change_quantity(other, id, cuifeng, -1, 2, &now, &cause));
	CHECK_INT(now, 3);
	CHECK_OK(store_list_change_quantity(other, id, cuifeng, 1, 1000, &now, &cause));

	/* This connection sees that the other committed, and that the list's
	 * stamp moved: its copy is stale. Its own edits move neither the
	 * data_version nor leave the stamp behind its copy. */
	int64_t version2 = store_data_version(fx.st);
	CHECK(version2 != version);
	CHECK_OK(store_list_stamp(fx.st, id, &stamp, &cause));
	CHECK(stamp != mine.edit_order);
	plist_finish(&mine);
	if (!load(fx.st, id, &mine))
		goto out_theirs;
	CHECK_INT(mine.edit_order, stamp);
	CHECK_OK(store_list_change_quantity(fx.st, id, moyu, 1, 1000, &now, &cause));
	CHECK_INT(store_data_version(fx.st), version2);

	/* Another list's edit leaves this list's stamp. */
	int64_t second = create_list(other, "另一个");
	CHECK_OK(store_list_stamp(fx.st, id, &stamp, &cause));
	int64_t before = stamp;
	CHECK_OK(store_list_add_item(other, second, "moyu", 1, NULL, &cause));
	CHECK_OK(store_list_stamp(fx.st, id, &stamp, &cause));
	CHECK_INT(stamp, before);

	/* The other removes 魔芋粉; + and the rest here say so without an id. */
	CHECK_OK(store_list_remove_line(other, id, moyu, &cause));
	char idtext[32];
	snprintf(idtext, sizeof idtext, "%lld", (long long)moyu);
	cause = NULL;
	CHECK_INT(store_list_change_quantity(fx.st, id, moyu, 1, 1000, &now, &cause), -1);
	CHECK(contains(cause, "no longer in the list"));
	CHECK(!contains(cause, idtext));
	free(cause);
	cause = NULL;
	CHECK_INT(store_list_set_quantity(fx.st, id, moyu, 5, &cause), -1);
	CHECK(contains(cause, "no longer in the list"));
	CHECK(!contains(cause, idtext));
	free(cause);
	cause = NULL;
	CHECK_INT(store_list_remove_line(fx.st, id, moyu, &cause), -1);
	CHECK(contains(cause, "no longer in the list"));
	CHECK(!contains(cause, idtext));
	free(cause);
	cause = NULL;
	CHECK_LIST(fx.st, id, "两个窗口/30/total: 紫阳富硒茶·翠峰×4@16800");

	/* A list deleted in the other: its stamp is not there. */
	CHECK_OK(store_list_delete(other, id, &cause));
	CHECK_INT(store_list_stamp(fx.st, id, &stamp, &cause), 1);
	plist_finish(&mine);
out_theirs:
	plist_finish(&theirs);
out:
	store_close(other);
	fixture_close(&fx);
}

/* ---- Lines ----------------------------------------------------------------- */

/* In a pack the minimum order is shared by the members: 10 trips for 3
 * members is 4 each (12 in all), for 30 members 1 each. */
static void test_pack_minimum(void)
{
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	char *cause = NULL;
	static const struct {
		int64_t headcount;
		int64_t per_member;
	} cases[] = {{3, 4}, {30, 1}, {10, 1}, {1, 10}};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char name[32];
		snprintf(name, sizeof name, "pack-%zu", i);
		struct plist_info info = make_info(name);
		info.pack = true;
		info.headcount = cases[i].headcount;
		int64_t id = 0;
		CHECK_INT(store_list_create(fx.st, &info, &id, &cause), 0);
		CHECK_INT(store_list_add_item(fx.st, id, "chayuan", 0, NULL, &cause), 0);
		int64_t raised = -1;
		/* 1 per member is below the share when 3 members need 10. */
		CHECK_INT(store_list_add_item(fx.st, id, "moyu", 1, &raised, &cause), 0);
		struct plist l;
		if (load(fx.st, id, &l)) {
			CHECK_INT(l.nlines, 2);
			if (l.nlines == 2)
				CHECK_INT(l.lines[0].quantity, cases[i].per_member);
			plist_finish(&l);
		}
		CHECK_INT(raised, 0); /* moyu has min_order 1 */
	}
	fixture_close(&fx);
}

/* A pack multiplies each quantity by the headcount: no edit that adds or
 * raises may make a line of the order pass the browser's limit of a line
 * (10,000,000), and an edit refused so leaves the list as it was. Lowering
 * and removing always work. */
static void test_pack_limit(void)
{
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	char *cause = NULL;
	struct plist_info info = make_info("pack-limit");
	info.pack = true;
	info.headcount = 120;
	int64_t id = 0;
	CHECK_INT(store_list_create(fx.st, &info, &id, &cause), 0);
	/* 83,333 × 120 = 9,999,960: the most a member can get. */
	CHECK_INT(store_list_add_item(fx.st, id, "moyu", 83333, NULL, &cause), 0);
	CHECK_FAILS(store_list_add_item(fx.st, id, "chayuan", PLIST_QUANTITY_MAX, NULL, &cause),
	            "more than 10000000 in the order");
	struct plist l;
	int64_t line = 0;
	if (load(fx.st, id, &l)) {
		CHECK_INT(l.nlines, 1);
		line = l.nlines > 0 ? l.lines[0].id : 0;
		plist_finish(&l);
	}
	CHECK_FAILS(store_list_set_quantity(fx.st, id, line, 83334, &cause), "in the order");
	int64_t now = 0;
	CHECK_FAILS(
	    store_list_change_quantity(fx.st, id, line, 1, PLIST_QUANTITY_MAX, &now, &cause),
	    "in the order");
	/* More members would pass it too. */
	info.headcount = 121;
	CHECK_FAILS(store_list_set_info(fx.st, id, &info, &cause), "in the order");
	if (load(fx.st, id, &l)) {
		CHECK_INT(l.info.headcount, 120);
		CHECK_INT(l.nlines > 0 ? l.lines[0].quantity : 0, 83333);
		plist_finish(&l);
	}
	CHECK_INT(store_list_change_quantity(fx.st, id, line, -1, PLIST_QUANTITY_MAX, &now, &cause),
	          0);
	CHECK_INT(now, 83332);
	fixture_close(&fx);
}

static void test_add_lines(void)
{
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t id = create_list(fx.st, "2020年中秋慰问品");
	char *cause = NULL;

	/* Below min_order: raised, and said so. */
	int64_t raised = -1;
	CHECK_INT(store_list_add_item(fx.st, id, "yinzhen", 1, &raised, &cause), 0);
	CHECK_INT(raised, 2);
	/* Again: more of the same line, not a second one. */
	raised = -1;
	CHECK_INT(store_list_add_item(fx.st, id, "yinzhen", 3, &raised, &cause), 0);
	CHECK_INT(raised, 0);
	/* 0 asks for the min_order, which is no raise. */
	raised = -1;
	CHECK_INT(store_list_add_item(fx.st, id, "cuifeng", 0, &raised, &cause), 0);
	CHECK_INT(raised, 0);
	CHECK_INT(store_list_add_item(fx.st, id, "chayuan", 0, NULL, &cause), 0);
	CHECK_OK(
	    store_list_add_custom(fx.st, id, "本地超市", "月饼", "500克", "盒", 4550, 2, &cause));
	CHECK_OK(store_list_add_custom(fx.st, id, NULL, "贺卡", NULL, "张", 100, 1, &cause));

	struct plist l;
	if (load(fx.st, id, &l)) {
		CHECK_INT(l.nlines, 5);
		const struct plist_line *yz = &l.lines[0];
		CHECK_STR(yz->name, "紫阳银针");
		CHECK_STR(yz->product_id, "yinzhen");
		CHECK_STR(yz->supplier_id, "kehong");
		CHECK_STR(yz->supplier, "紫阳县科宏茶业有限公司");
		CHECK_STR(yz->spec, "100克");
		CHECK_STR(yz->unit, "盒");
		CHECK_INT(yz->unit_price, 9800);
		CHECK_INT(yz->quantity, 5);
		CHECK_INT(yz->min_order, 2);
		CHECK_INT(yz->status, PLIST_LINE_OK);
		CHECK(!yz->is_service);

		const struct plist_line *cf = &l.lines[1];
		CHECK_STR(cf->product_id, "cuifeng");
		CHECK_INT(cf->quantity, 1);
		CHECK_STR(cf->spec, "250克×2罐");

		const struct plist_line *svc = &l.lines[2];
		CHECK_STR(svc->name, "茶园一日游");
		CHECK(svc->is_service);
		CHECK_INT(svc->quantity, 10);
		CHECK_STR(svc->unit, "人");
		CHECK_STR(svc->supplier, "紫阳玥珑茶山酒店");

		const struct plist_line *cake = &l.lines[3];
		CHECK_STR(cake->name, "月饼");
		CHECK(cake->product_id == NULL);
		CHECK(cake->supplier_id == NULL);
		CHECK_STR(cake->supplier, "本地超市");
		CHECK_STR(cake->spec, "500克");
		CHECK_INT(cake->unit_price, 4550);
		CHECK_INT(cake->quantity, 2);
		CHECK_INT(cake->status, PLIST_LINE_CUSTOM);
		CHECK_INT(cake->min_order, 1);

		CHECK_STR(l.lines[4].supplier, "");
		CHECK_STR(l.lines[4].spec, "");

		/* A quantity, then a removal; the other ids stay. */
		int64_t ids[5];
		for (size_t i = 0; i < 5; i++)
			ids[i] = l.lines[i].id;
		plist_finish(&l);
		CHECK_OK(store_list_set_quantity(fx.st, id, ids[1], 7, &cause));
		CHECK_OK(store_list_remove_line(fx.st, id, ids[3], &cause));
		CHECK_FAILS(store_list_remove_line(fx.st, id, ids[3], &cause),
		            "no longer in the list");
		if (load(fx.st, id, &l)) {
			CHECK_INT(l.nlines, 4);
			CHECK_INT(l.lines[0].id, ids[0]);
			CHECK_INT(l.lines[1].id, ids[1]);
			CHECK_INT(l.lines[1].quantity, 7);
			CHECK_INT(l.lines[2].id, ids[2]);
			CHECK_INT(l.lines[3].id, ids[4]);
			plist_finish(&l);
		}
		/* A new line comes last and gets a new id. */
		CHECK_OK(store_list_add_item(fx.st, id, "moyu", 1, NULL, &cause));
		if (load(fx.st, id, &l)) {
			CHECK_INT(l.nlines, 5);
			CHECK_STR(l.lines[4].product_id, "moyu");
			CHECK_STR(l.lines[4].supplier, "紫阳县华会实业有限公司");
			for (size_t i = 0; i < 5; i++)
				CHECK(l.lines[4].id != ids[i]);
			plist_finish(&l);
		}
	}
	fixture_close(&fx);
}

/* ---- Totals ---------------------------------------------------------------- */

static void test_totals(void)
{
	char *cause = NULL;
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t id = create_list(fx.st, "慰问品");
	CHECK_OK(store_list_add_item(fx.st, id, "cuifeng", 2, NULL, &cause));
	CHECK_OK(store_list_add_custom(fx.st, id, "", "贺卡", "", "张", 500, 3, &cause));

	struct plist l;
	money_t total = -1, amount = -1;
	int64_t quantity = -1;
	if (load(fx.st, id, &l)) {
		CHECK(plist_total(&l, &total));
		CHECK_INT(total, 2 * 16800 + 3 * 500);
		CHECK(plist_line_order_quantity(&l, &l.lines[0], &quantity));
		CHECK_INT(quantity, 2);
		CHECK(plist_line_amount(&l, &l.lines[1], &amount));
		CHECK_INT(amount, 1500);
		plist_finish(&l);
	}

	/* A pack for 30 members: every quantity is per member. */
	struct plist_info info = make_info("慰问品");
	info.pack = true;
	info.headcount = 30;
	CHECK_OK(store_list_set_info(fx.st, id, &info, &cause));
	if (load(fx.st, id, &l)) {
		CHECK(plist_line_order_quantity(&l, &l.lines[0], &quantity));
		CHECK_INT(quantity, 60);
		CHECK(plist_line_amount(&l, &l.lines[0], &amount));
		CHECK_INT(amount, 60 * 16800);
		CHECK(plist_total(&l, &total));
		CHECK_INT(total, 30 * (2 * 16800 + 3 * 500));
		plist_finish(&l);
	}

	struct plist_summary *rows;
	size_t n = 0;
	CHECK_OK(store_lists(fx.st, &rows, &n, &cause));
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(rows[0].name, "慰问品");
		CHECK_STR(rows[0].purpose, "mid-autumn");
		CHECK_INT(rows[0].nlines, 2);
		CHECK_INT(rows[0].headcount, 30);
		CHECK(rows[0].pack);
		CHECK_INT(rows[0].total, 30 * (2 * 16800 + 3 * 500));
	}
	plist_summaries_free(rows, n);

	/* Too much to count is detected, not wrapped: a quantity is at most
	 * PLIST_QUANTITY_MAX, but a pack multiplies it by the headcount. */
	int64_t cuifeng = line_id(fx.st, id, "紫阳富硒茶·翠峰");
	CHECK_FAILS(store_list_set_quantity(fx.st, id, cuifeng, PLIST_QUANTITY_MAX + 1, &cause),
	            "at most");
	/* No edit makes a line of the order pass that limit (test_pack_limit);
	 * the sums still detect it on a list made so in memory. */
	CHECK_FAILS(store_list_set_quantity(fx.st, id, cuifeng, PLIST_QUANTITY_MAX, &cause),
	            "in the order");
	info.headcount = INT64_MAX / 2;
	CHECK_FAILS(store_list_set_info(fx.st, id, &info, &cause), "in the order");
	if (load(fx.st, id, &l)) {
		l.info.headcount = INT64_MAX / 2;
		l.lines[0].quantity = PLIST_QUANTITY_MAX;
		CHECK(!plist_line_order_quantity(&l, &l.lines[0], &quantity));
		CHECK(!plist_line_amount(&l, &l.lines[0], &amount));
		CHECK(!plist_total(&l, &total));
		/* Without the pack the quantity fits, and so does the amount. */
		l.info.pack = false;
		CHECK(plist_line_order_quantity(&l, &l.lines[0], &quantity));
		CHECK_INT(quantity, PLIST_QUANTITY_MAX);
		CHECK(plist_line_amount(&l, &l.lines[0], &amount));
		l.lines[0].unit_price = MONEY_MAX;
		CHECK(!plist_line_amount(&l, &l.lines[0], &amount));
		CHECK(!plist_total(&l, &total));
		plist_finish(&l);
	}
	/* A database where it was done by hand (or by an older aixingou) has
	 * no total in the saved lists. */
	store_close(fx.st);
	raw_exec(fx.db_path, "UPDATE purchase_lists SET headcount = 4611686018427387903");
	fx.st = NULL;
	fx.st = store_open(fx.db_path, &cause);
	CHECK(fx.st != NULL);
	CHECK_OK(store_lists(fx.st, &rows, &n, &cause));
	CHECK(n == 1 && rows[0].total == -1);
	plist_summaries_free(rows, n);
	store_close(fx.st);
	raw_exec(fx.db_path, "UPDATE purchase_lists SET headcount = 30");
	fx.st = store_open(fx.db_path, &cause);
	CHECK(fx.st != NULL);
	info.headcount = 30;

	/* Just within MONEY_MAX, and one fen beyond it. */
	CHECK_OK(store_list_set_quantity(fx.st, id, cuifeng, 1, &cause));
	int64_t card = line_id(fx.st, id, "贺卡");
	CHECK_OK(store_list_remove_line(fx.st, id, card, &cause));
	info.pack = false;
	CHECK_OK(store_list_set_info(fx.st, id, &info, &cause));
	CHECK_OK(
	    store_list_add_custom(fx.st, id, "", "大宗", "", "批", MONEY_MAX - 16800, 1, &cause));
	if (load(fx.st, id, &l)) {
		CHECK(plist_total(&l, &total));
		CHECK_INT(total, MONEY_MAX);
		l.lines[0].unit_price++;
		CHECK(!plist_total(&l, &total));
		plist_finish(&l);
	}

	/* No edit makes the total too large to compute. */
	CHECK_FAILS(store_list_set_quantity(fx.st, id, cuifeng, 2, &cause), "too large to compute");
	CHECK_OK(store_list_remove_line(fx.st, id, line_id(fx.st, id, "大宗"), &cause));

	/* Adding to a line cannot pass the largest quantity. */
	CHECK_OK(store_list_set_quantity(fx.st, id, cuifeng, PLIST_QUANTITY_MAX - 1, &cause));
	CHECK_FAILS(store_list_add_item(fx.st, id, "cuifeng", 5, NULL, &cause), "at most");
	fixture_close(&fx);
}

/* ---- Undo and redo ----------------------------------------------------------- */

static int undo(struct store *st, int64_t id)
{
	char *cause = NULL;
	int rc = store_list_undo(st, id, &cause);
	if (rc < 0)
		fprintf(stderr, "undo: %s\n", cause);
	free(cause);
	return rc;
}

static int redo(struct store *st, int64_t id)
{
	char *cause = NULL;
	int rc = store_list_redo(st, id, &cause);
	if (rc < 0)
		fprintf(stderr, "redo: %s\n", cause);
	free(cause);
	return rc;
}

static void test_undo_redo(void)
{
	char *cause = NULL;
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t id = create_list(fx.st, "清单");
	CHECK_INT(undo(fx.st, id), 1);
	CHECK_INT(redo(fx.st, id), 1);

	CHECK_OK(store_list_add_item(fx.st, id, "cuifeng", 1, NULL, &cause));
	CHECK_OK(store_list_add_item(fx.st, id, "moyu", 2, NULL, &cause));
	int64_t cuifeng = line_id(fx.st, id, "紫阳富硒茶·翠峰");
	int64_t moyu = line_id(fx.st, id, "富硒魔芋粉");
	CHECK_OK(store_list_set_quantity(fx.st, id, cuifeng, 4, &cause));
	CHECK_OK(store_list_remove_line(fx.st, id, moyu, &cause));
	struct plist_info info = make_info("新清单");
	info.pack = true;
	CHECK_OK(store_list_set_info(fx.st, id, &info, &cause));

	const char *states[] = {
	    "清单/30/total:",
	    "清单/30/total: 紫阳富硒茶·翠峰×1@16800",
	    "清单/30/total: 紫阳富硒茶·翠峰×1@16800 富硒魔芋粉×2@3000",
	    "清单/30/total: 紫阳富硒茶·翠峰×4@16800 富硒魔芋粉×2@3000",
	    "清单/30/total: 紫阳富硒茶·翠峰×4@16800",
	    "新清单/30/pack: 紫阳富硒茶·翠峰×4@16800",
	};
	CHECK_LIST(fx.st, id, states[5]);
	for (int i = 4; i >= 0; i--) {
		CHECK_INT(undo(fx.st, id), 0);
		CHECK_LIST(fx.st, id, states[i]);
	}
	CHECK_INT(undo(fx.st, id), 1);
	CHECK_LIST(fx.st, id, states[0]);

	for (int i = 1; i <= 3; i++) {
		CHECK_INT(redo(fx.st, id), 0);
		CHECK_LIST(fx.st, id, states[i]);
	}
	/* The removed line comes back under its old id. */
	struct plist l;
	if (load(fx.st, id, &l)) {
		CHECK(l.can_undo);
		CHECK(l.can_redo);
		CHECK(l.nlines == 2 && l.lines[1].id == moyu && l.lines[0].id == cuifeng);
		plist_finish(&l);
	}

	/* Undo and redo survive closing the store. */
	if (!fixture_reopen(&fx)) {
		fixture_close(&fx);
		return;
	}
	CHECK_LIST(fx.st, id, states[3]);
	CHECK_INT(undo(fx.st, id), 0);
	CHECK_LIST(fx.st, id, states[2]);
	CHECK_INT(redo(fx.st, id), 0);
	CHECK_INT(redo(fx.st, id), 0);
	CHECK_LIST(fx.st, id, states[4]);

	/* A new edit drops what could be redone. */
	CHECK_INT(undo(fx.st, id), 0);
	CHECK_LIST(fx.st, id, states[3]);
	CHECK_OK(store_list_set_quantity(fx.st, id, moyu, 9, &cause));
	CHECK_INT(redo(fx.st, id), 1);
	CHECK_LIST(fx.st, id, "清单/30/total: 紫阳富硒茶·翠峰×4@16800 富硒魔芋粉×9@3000");
	if (load(fx.st, id, &l)) {
		CHECK(l.can_undo);
		CHECK(!l.can_redo);
		plist_finish(&l);
	}
	CHECK_INT(undo(fx.st, id), 0);
	CHECK_LIST(fx.st, id, states[3]);

	/* Undoing a rename to a name another list took since is refused. */
	CHECK_INT(redo(fx.st, id), 0);
	CHECK_OK(store_list_set_info(fx.st, id, &info, &cause));
	int64_t other = create_list(fx.st, "清单");
	CHECK_FAILS(store_list_undo(fx.st, id, &cause), "already exists");
	CHECK_LIST(fx.st, id, "新清单/30/pack: 紫阳富硒茶·翠峰×4@16800 富硒魔芋粉×9@3000");
	CHECK_OK(store_list_delete(fx.st, other, &cause));
	CHECK_INT(undo(fx.st, id), 0);
	CHECK_LIST(fx.st, id, "清单/30/total: 紫阳富硒茶·翠峰×4@16800 富硒魔芋粉×9@3000");
	fixture_close(&fx);
}

/* The history keeps any text byte for byte, including the bytes and escapes
 * its own format uses. */
static void test_undo_keeps_text(void)
{
	char *cause = NULL;
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	static const char odd[] = "a\x1f"
	                          "b\x1e"
	                          "c\\N\\\\F\\R\\\n换行\t制表 \xe2\x80\x8b";
	int64_t id = create_list(fx.st, "字符");
	struct plist_info info = make_info("\\N");
	info.union_name = (char *)odd;
	info.handler = "\\N";
	info.purpose = "";
	CHECK_OK(store_list_set_info(fx.st, id, &info, &cause));
	CHECK_OK(store_list_add_custom(fx.st, id, odd, odd, "\\", "\x1e", 100, 1, &cause));
	CHECK_OK(store_list_add_custom(fx.st, id, "", "二", "", "个", 200, 2, &cause));
	CHECK_INT(undo(fx.st, id), 0);
	CHECK_INT(undo(fx.st, id), 0);
	CHECK_INT(undo(fx.st, id), 0);
	CHECK_LIST(fx.st, id, "字符/30/total:");
	CHECK_INT(redo(fx.st, id), 0);
	CHECK_INT(redo(fx.st, id), 0);
	CHECK_INT(redo(fx.st, id), 0);
	CHECK_INT(undo(fx.st, id), 0);
	CHECK_INT(redo(fx.st, id), 0);
	struct plist l;
	if (load(fx.st, id, &l)) {
		CHECK_STR(l.info.name, "\\N");
		/* The union is stored as text_name makes it: outer spaces and
		 * U+200B gone. */
		char *odd_union = text_name(odd);
		CHECK_STR(l.info.union_name, odd_union);
		free(odd_union);
		CHECK_STR(l.info.handler, "\\N");
		CHECK_STR(l.info.purpose, "");
		CHECK_INT(l.nlines, 2);
		if (l.nlines == 2) {
			CHECK_STR(l.lines[0].name, odd);
			CHECK_STR(l.lines[0].supplier, odd);
			CHECK_STR(l.lines[0].spec, "\\");
			CHECK_STR(l.lines[0].unit, "\x1e");
			CHECK(l.lines[0].product_id == NULL);
			CHECK(l.lines[0].supplier_id == NULL);
			CHECK_INT(l.lines[0].status, PLIST_LINE_CUSTOM);
			CHECK_STR(l.lines[1].name, "二");
			CHECK_INT(l.lines[1].quantity, 2);
		}
		plist_finish(&l);
	}
	fixture_close(&fx);
}

/* Only so many steps are kept; the oldest go first. */
static void test_history_limit(void)
{
	char *cause = NULL;
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t id = create_list(fx.st, "多次修改");
	CHECK_OK(store_list_add_custom(fx.st, id, "", "纸", "", "张", 100, 1, &cause));
	int64_t paper = line_id(fx.st, id, "纸");
	for (int64_t q = 2; q <= 130; q++)
		CHECK_OK(store_list_set_quantity(fx.st, id, paper, q, &cause));
	int undone = 0;
	while (undone < 200 && undo(fx.st, id) == 0)
		undone++;
	CHECK_INT(undone, 99);
	CHECK_LIST(fx.st, id, "多次修改/30/total: 纸×31@100");
	CHECK_RAW(fx.db_path, "SELECT count(*) FROM list_history", "100");
	fixture_close(&fx);
}

/* ---- A catalogue that changed ---------------------------------------------- */

static void test_reimport(void)
{
	char *cause = NULL;
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t id = create_list(fx.st, "中秋");
	int64_t other = create_list(fx.st, "国庆");
	CHECK_OK(store_list_add_item(fx.st, id, "cuifeng", 2, NULL, &cause));
	CHECK_OK(store_list_add_item(fx.st, id, "moyu", 3, NULL, &cause));
	CHECK_OK(store_list_add_item(fx.st, id, "yinzhen", 2, NULL, &cause));
	CHECK_OK(store_list_add_custom(fx.st, id, "", "贺卡", "", "张", 100, 1, &cause));
	CHECK_OK(store_list_add_item(fx.st, other, "moyu", 1, NULL, &cause));
	char *lines_before = raw_text(fx.db_path, "SELECT group_concat(name || '@' || unit_price "
	                                          "|| '×' || quantity, ' ') FROM purchase_lines");

	/* The new catalogue: 翠峰 dearer and renamed, 魔芋粉 gone, 银针's
	 * min_order now 3. */
	struct cat_item items[NELEMS(test_items)];
	memcpy(items, test_items, sizeof items);
	items[0].price = 17800;
	items[0].name = "翠峰新包装";
	items[1].min_order = 3;
	items[2] = items[3];
	CHECK(import_items(fx.st, items, NELEMS(items) - 1, "1111111111111111"));

	CHECK_RAW(fx.db_path, "SELECT count(*) FROM items WHERE id = 'moyu'", "0");
	char *lines_after = raw_text(fx.db_path, "SELECT group_concat(name || '@' || unit_price "
	                                         "|| '×' || quantity, ' ') FROM purchase_lines");
	CHECK_STR(lines_after, lines_before);
	free(lines_before);
	free(lines_after);
	CHECK_INT(count_lists(fx.st), 2);

	struct plist l;
	if (load(fx.st, id, &l)) {
		CHECK_INT(l.nlines, 4);
		const struct plist_line *cf = find_line(&l, "紫阳富硒茶·翠峰");
		CHECK(cf != NULL);
		if (cf != NULL) {
			CHECK_INT(cf->status, PLIST_LINE_PRICE_CHANGED);
			CHECK_INT(cf->unit_price, 16800);
			CHECK_INT(cf->catalogue_price, 17800);
		}
		const struct plist_line *my = find_line(&l, "富硒魔芋粉");
		CHECK(my != NULL);
		if (my != NULL) {
			CHECK_INT(my->status, PLIST_LINE_GONE);
			CHECK_INT(my->unit_price, 3000);
			CHECK_STR(my->supplier, "紫阳县华会实业有限公司");
			CHECK_INT(my->min_order, 1);
		}
		const struct plist_line *yz = find_line(&l, "紫阳银针");
		CHECK(yz != NULL && yz->status == PLIST_LINE_OK && yz->min_order == 3 &&
		      yz->catalogue_price == 9800);
		const struct plist_line *card = find_line(&l, "贺卡");
		CHECK(card != NULL && card->status == PLIST_LINE_CUSTOM);
		plist_finish(&l);
	}

	/* The clerk takes the new price; the gone and the hand-made lines have
	 * none to take. */
	int64_t cuifeng = line_id(fx.st, id, "紫阳富硒茶·翠峰");
	CHECK_OK(store_list_update_price(fx.st, id, cuifeng, &cause));
	CHECK_FAILS(store_list_update_price(fx.st, id, line_id(fx.st, id, "富硒魔芋粉"), &cause),
	            "no longer in the catalogue");
	CHECK_FAILS(store_list_update_price(fx.st, id, line_id(fx.st, id, "贺卡"), &cause),
	            "by hand");
	if (load(fx.st, id, &l)) {
		const struct plist_line *cf = find_line(&l, "紫阳富硒茶·翠峰");
		CHECK(cf != NULL && cf->status == PLIST_LINE_OK && cf->unit_price == 17800);
		plist_finish(&l);
	}
	/* Adding more keeps the line's own name. */
	CHECK_OK(store_list_add_item(fx.st, id, "cuifeng", 1, NULL, &cause));
	if (load(fx.st, id, &l)) {
		const struct plist_line *cf = find_line(&l, "紫阳富硒茶·翠峰");
		CHECK(cf != NULL && cf->quantity == 3);
		CHECK(find_line(&l, "翠峰新包装") == NULL);
		plist_finish(&l);
	}
	CHECK_FAILS(store_list_add_item(fx.st, id, "moyu", 1, NULL, &cause), "moyu");
	CHECK_INT(undo(fx.st, id), 0);
	CHECK_INT(undo(fx.st, id), 0);
	if (load(fx.st, id, &l)) {
		const struct plist_line *cf = find_line(&l, "紫阳富硒茶·翠峰");
		CHECK(cf != NULL && cf->status == PLIST_LINE_PRICE_CHANGED &&
		      cf->unit_price == 16800 && cf->quantity == 2);
		plist_finish(&l);
	}

	/* Back to the first catalogue: 魔芋粉 is there again. */
	CHECK(import_original(fx.st));
	if (load(fx.st, id, &l)) {
		for (size_t i = 0; i < l.nlines; i++)
			CHECK_INT(l.lines[i].status, l.lines[i].product_id == NULL
			                                 ? PLIST_LINE_CUSTOM
			                                 : PLIST_LINE_OK);
		plist_finish(&l);
	}
	CHECK_INT(count_lists(fx.st), 2);
	fixture_close(&fx);
}

/* ---- The saved lists, delete ------------------------------------------------- */

static void test_lists_and_delete(void)
{
	char *cause = NULL;
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t a = create_list(fx.st, "甲");
	int64_t b = create_list(fx.st, "乙");
	int64_t c = create_list(fx.st, "丙");
	CHECK_OK(store_list_add_item(fx.st, a, "cuifeng", 1, NULL, &cause));

	struct plist_summary *rows;
	size_t n = 0;
	CHECK_OK(store_lists(fx.st, &rows, &n, &cause));
	CHECK_INT(n, 3);
	if (n == 3) {
		/* Most recently edited first. */
		CHECK_STR(rows[0].name, "甲");
		CHECK_STR(rows[1].name, "丙");
		CHECK_STR(rows[2].name, "乙");
		CHECK_INT(rows[0].nlines, 1);
		CHECK_INT(rows[0].total, 16800);
		CHECK_INT(rows[1].nlines, 0);
		CHECK_INT(rows[1].total, 0);
		CHECK_INT(strlen(rows[0].updated_at), 19);
	}
	plist_summaries_free(rows, n);
	/* An undo is an edit too. */
	CHECK_INT(undo(fx.st, a), 0);
	CHECK_OK(store_list_add_item(fx.st, b, "moyu", 1, NULL, &cause));
	CHECK_INT(undo(fx.st, c), 1);
	CHECK_INT(redo(fx.st, a), 0);
	CHECK_OK(store_lists(fx.st, &rows, &n, &cause));
	CHECK(n == 3 && rows[0].id == a && rows[1].id == b && rows[2].id == c);
	plist_summaries_free(rows, n);

	CHECK_OK(store_record_order(fx.st, a, "甲", "AXG-20201001-001", "甲.txt", 16800, &cause));
	CHECK_OK(store_list_delete(fx.st, a, &cause));
	struct plist l;
	CHECK_INT(store_list_load(fx.st, a, NULL, &l, &cause), 1);
	CHECK_INT(count_lists(fx.st), 2);
	CHECK_RAW(fx.db_path, "SELECT count(*) FROM purchase_lines WHERE list_id = 1", "0");
	CHECK_RAW(fx.db_path, "SELECT count(*) FROM list_history WHERE list_id = 1", "0");
	CHECK_RAW(fx.db_path, "SELECT count(*) FROM purchase_lines", "1");
	CHECK_FAILS(store_list_undo(fx.st, a, &cause), "the list is no longer there");
	CHECK_FAILS(store_list_add_item(fx.st, a, "cuifeng", 1, NULL, &cause),
	            "the list is no longer there");

	/* The order outlives its list. */
	struct order_record *orders;
	CHECK_OK(store_orders(fx.st, 0, &orders, &n, &cause));
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(orders[0].list_id, 0);
		CHECK_STR(orders[0].list_name, "甲");
	}
	order_records_free(orders, n);

	/* The name is free again; the new list is another. */
	int64_t again = create_list(fx.st, "甲");
	CHECK(again != a && again > 0);
	CHECK_LIST(fx.st, again, "甲/30/total:");
	fixture_close(&fx);
}

/* ---- Orders -------------------------------------------------------------------- */

/* store_order_reserve's render for the tests: the number as the file. */
static int render_number(void *ctx, const char *number, const char *date,
                         struct store_order_plan *plan, char **text, char **cause)
{
	(void)cause;
	char **date_seen = ctx;
	free(*date_seen);
	*date_seen = xstrdup(date);
	for (size_t i = 0; i < plan->nfiles; i++) {
		plan->files[i].data = xstrdup(number);
		plan->files[i].len = strlen(number);
	}
	*text = xasprintf("text of %s", number);
	return 0;
}

/* Writes the plan's files as order_write_file would have. */
static void put_files(const struct store_order_plan *p)
{
	for (size_t i = 0; i < p->nfiles; i++) {
		FILE *f = fopen(p->files[i].path, "w");
		if (f) {
			fwrite(p->files[i].data, 1, p->files[i].len, f);
			fclose(f);
		}
	}
}

static void plan_reset(struct store_order_plan *p, struct store_order_file *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].data);
		f[i].data = NULL;
	}
	free(p->number);
	p->number = NULL;
}

/* The number is taken where the order is recorded; an unchanged list keeps
 * it; a write that failed leaves no order; a killed writer's pending files
 * are settled by the next reconcile. */
static void test_order_reserve(void)
{
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t a = create_list(fx.st, "中秋");
	char *cause = NULL, *date = NULL, *text = NULL;
	char *p1 = xasprintf("%s/one.txt", fx.dir), *p2 = xasprintf("%s/one.csv", fx.dir);
	struct store_order_file f[1] = {{.path = p1}};
	struct store_order_plan plan = {.list_id = a,
	                                .list_name = "中秋",
	                                .total = 100,
	                                .digest = "d1",
	                                .yyyymmdd = "20201001",
	                                .files = f,
	                                .nfiles = 1,
	                                .render = render_number,
	                                .ctx = &date};
	bool yes = true, no = false;
	CHECK_OK(store_order_reserve(fx.st, &plan, &cause));
	CHECK_STR(plan.number, "AXG-20201001-001");
	CHECK(!plan.reused);
	put_files(&plan);
	CHECK_OK(store_order_finish(fx.st, &plan, &yes, &cause));
	CHECK_OK(store_order_text(fx.st, plan.order_id, &text, &cause));
	CHECK_STR(text, "text of AXG-20201001-001");
	free(text);
	int64_t first = plan.order_id;
	plan_reset(&plan, f, 1);

	/* Unchanged, another day, another file: the same number and date. */
	plan.yyyymmdd = "20201005";
	f[0].path = p2;
	bool reused = false;
	char *number = NULL;
	CHECK_OK(store_order_provisional(fx.st, a, "d1", "20201005", &number, &reused, &cause));
	CHECK(reused && number != NULL && strcmp(number, "AXG-20201001-001") == 0);
	free(number);
	CHECK_OK(store_order_reserve(fx.st, &plan, &cause));
	CHECK(plan.reused && plan.order_id == first);
	CHECK_STR(date, "2020-10-01");
	put_files(&plan);
	CHECK_OK(store_order_finish(fx.st, &plan, &yes, &cause));
	plan_reset(&plan, f, 1);
	struct order_record *orders = NULL;
	size_t n = 0;
	CHECK_OK(store_orders(fx.st, a, &orders, &n, &cause));
	CHECK_INT(n, 1);
	if (n == 1) {
		char *both = xasprintf("%s\n%s", p1, p2);
		CHECK_STR(orders[0].files, both);
		free(both);
	}
	order_records_free(orders, n);

	/* Changed: a new number; its write fails: no order, the number free. */
	plan.digest = "d2";
	char *p3 = xasprintf("%s/two.txt", fx.dir);
	f[0].path = p3;
	CHECK_OK(store_order_reserve(fx.st, &plan, &cause));
	CHECK_STR(plan.number, "AXG-20201005-001");
	CHECK_OK(store_order_finish(fx.st, &plan, &no, &cause));
	plan_reset(&plan, f, 1);
	CHECK_OK(store_orders(fx.st, 0, &orders, &n, &cause));
	CHECK_INT(n, 1);
	order_records_free(orders, n);

	/* A writer killed after the rename (its pid gone): the file joins the
	 * history at the next reconcile. One killed before: dropped, its
	 * temporary file removed. */
	pid_t child = fork();
	if (child == 0) {
		struct store *st = store_open(fx.db_path, &cause);
		char *c2 = NULL, *d2 = NULL;
		struct store_order_file g[1] = {{.path = p3}};
		struct store_order_plan q = plan;
		q.files = g;
		q.ctx = &d2;
		if (st == NULL || store_order_reserve(st, &q, &c2) != 0)
			_exit(1);
		put_files(&q);
		char *tmp = xasprintf("%s/" ORDER_TMP_PREFIX "%d-abcdef", fx.dir, (int)getpid());
		FILE *t = fopen(tmp, "w");
		if (t)
			fclose(t);
		_exit(0);
	}
	int status = 0;
	waitpid(child, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	size_t settled = 0;
	CHECK_OK(store_orders_reconcile(fx.st, &settled, &cause));
	CHECK_INT(settled, 1);
	CHECK_OK(store_orders(fx.st, 0, &orders, &n, &cause));
	CHECK_INT(n, 2);
	if (n == 2)
		CHECK_STR(orders[0].files, p3);
	order_records_free(orders, n);
	char *tmp = xasprintf("%s/" ORDER_TMP_PREFIX "%d-abcdef", fx.dir, (int)child);
	CHECK(access(tmp, F_OK) != 0);
	free(tmp);

	free(date);
	free(p1);
	free(p2);
	free(p3);
	fixture_close(&fx);
}

static void test_orders(void)
{
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t a = create_list(fx.st, "中秋");
	int64_t b = create_list(fx.st, "国庆");
	char *number = NULL;
	char *cause = NULL;

	CHECK_INT(store_next_order_number(fx.st, "20201001", &number, &cause), 0);
	CHECK_STR(number, "AXG-20201001-001");
	CHECK_OK(
	    store_record_order(fx.st, a, "中秋", number, "/tmp/a.txt\n/tmp/a.csv", 504000, &cause));
	free(number);
	CHECK_INT(store_next_order_number(fx.st, "20201001", &number, &cause), 0);
	CHECK_STR(number, "AXG-20201001-002");
	CHECK_OK(store_record_order(fx.st, b, "国庆", number, "/tmp/b.txt", 1000, &cause));
	CHECK_FAILS(store_record_order(fx.st, a, "中秋", number, "", 1, &cause),
	            "already recorded");
	free(number);
	/* Another day counts from 1. */
	CHECK_INT(store_next_order_number(fx.st, "20201002", &number, &cause), 0);
	CHECK_STR(number, "AXG-20201002-001");
	CHECK_OK(store_record_order(fx.st, a, "中秋", number, "/tmp/c.txt", 2000, &cause));
	free(number);
	CHECK_INT(store_next_order_number(fx.st, "20201001", &number, &cause), 0);
	CHECK_STR(number, "AXG-20201001-003");
	free(number);
	/* A number taken out of turn is skipped. */
	CHECK_OK(store_record_order(fx.st, 0, "外来", "AXG-20201003-002", "/tmp/x.txt", 0, &cause));
	CHECK_INT(store_next_order_number(fx.st, "20201003", &number, &cause), 0);
	CHECK_STR(number, "AXG-20201003-003");
	free(number);

	CHECK_INT(store_next_order_number(fx.st, "2020-10-1", &number, &cause), -1);
	CHECK(contains(cause, "YYYYMMDD"));
	CHECK(number == NULL);
	free(cause);
	cause = NULL;
	CHECK_FAILS(store_record_order(fx.st, a + 100, "无", "AXG-1", "", 1, &cause),
	            "the list is no longer there");
	CHECK_FAILS(store_record_order(fx.st, a, "中秋", "", "", 1, &cause), "no number");
	CHECK_FAILS(store_record_order(fx.st, a, "中秋", "AXG-2", "", -1, &cause), "out of range");

	struct order_record *orders;
	size_t n = 0;
	CHECK_OK(store_orders(fx.st, a, &orders, &n, &cause));
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_STR(orders[0].number, "AXG-20201002-001");
		CHECK_STR(orders[1].number, "AXG-20201001-001");
		CHECK_STR(orders[1].files, "/tmp/a.txt\n/tmp/a.csv");
		CHECK_STR(orders[1].list_name, "中秋");
		CHECK_INT(orders[1].list_id, a);
		CHECK_INT(orders[1].total, 504000);
		CHECK_INT(strlen(orders[1].written_at), 19);
		CHECK(orders[0].id > orders[1].id);
	}
	order_records_free(orders, n);
	CHECK_OK(store_orders(fx.st, 0, &orders, &n, &cause));
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(orders[0].number, "AXG-20201003-002");
		CHECK_INT(orders[0].list_id, 0);
		CHECK_STR(orders[3].number, "AXG-20201001-001");
	}
	order_records_free(orders, n);
	CHECK_OK(store_orders(fx.st, b, &orders, &n, &cause));
	CHECK(n == 1 && strcmp(orders[0].list_name, "国庆") == 0);
	order_records_free(orders, n);

	/* The history survives a re-import. */
	struct cat_item items[NELEMS(test_items)];
	memcpy(items, test_items, sizeof items);
	CHECK(import_items(fx.st, items, 2, "2222222222222222"));
	CHECK_OK(store_orders(fx.st, 0, &orders, &n, &cause));
	CHECK_INT(n, 4);
	order_records_free(orders, n);
	fixture_close(&fx);
}

/* ---- Killed in the middle ---------------------------------------------------- */

/* The child: adds the line "edit-N" with quantity N for N = 1, 2, … and
 * writes N to the pipe once the call has returned 0. Never returns. */
static void crash_child(const char *db_path, int64_t list_id, int fd)
{
	char *cause = NULL;
	struct store *st = store_open(db_path, &cause);
	if (st == NULL)
		_exit(3);
	for (int n = 1; n < 1000000; n++) {
		char name[32];
		snprintf(name, sizeof name, "edit-%d", n);
		if (store_list_add_custom(st, list_id, "", name, "", "个", 100, n, &cause) != 0)
			_exit(4);
		if (write(fd, &n, sizeof n) != (ssize_t)sizeof n)
			_exit(5);
	}
	_exit(0);
}

static void crash_round(unsigned seed)
{
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	int64_t id = create_list(fx.st, "断电测试");
	store_close(fx.st);
	fx.st = NULL;

	int fds[2];
	if (pipe(fds) != 0) {
		perror("pipe");
		exit(2);
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		close(fds[0]);
		crash_child(fx.db_path, id, fds[1]);
	}
	close(fds[1]);

	/* Wait for a random number of confirmed edits, then kill at a random
	 * point of the next ones. */
	srand(seed);
	int wait_for = 1 + rand() % 60;
	int confirmed = 0, n;
	while (confirmed < wait_for && read(fds[0], &n, sizeof n) == (ssize_t)sizeof n)
		confirmed = n;
	struct timespec pause = {0, (long)(rand() % 3000) * 1000};
	nanosleep(&pause, NULL);
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	bool consecutive = true;
	while (read(fds[0], &n, sizeof n) == (ssize_t)sizeof n) {
		consecutive = consecutive && n == confirmed + 1;
		confirmed = n;
	}
	CHECK(consecutive);
	close(fds[0]);
	CHECK(confirmed >= 1);

	CHECK_RAW(fx.db_path, "PRAGMA integrity_check", "ok");
	CHECK_RAW(fx.db_path, "PRAGMA foreign_key_check", "(none)");
	char *cause = NULL;
	fx.st = store_open(fx.db_path, &cause);
	CHECK(fx.st != NULL);
	if (fx.st == NULL) {
		fprintf(stderr, "store_open after the kill: %s\n", cause);
		free(cause);
		free(fx.db_path);
		scratch_remove(fx.dir);
		return;
	}
	struct plist l;
	if (load(fx.st, id, &l)) {
		/* Every confirmed edit; at most one more that was saved but not
		 * yet reported. */
		CHECK(l.nlines == (size_t)confirmed || l.nlines == (size_t)confirmed + 1);
		bool in_order = true;
		for (size_t i = 0; i < l.nlines && in_order; i++) {
			char name[32];
			snprintf(name, sizeof name, "edit-%zu", i + 1);
			in_order = strcmp(l.lines[i].name, name) == 0 &&
			           l.lines[i].quantity == (int64_t)i + 1;
			if (!in_order)
				fprintf(stderr, "line %zu is %s×%lld\n", i, l.lines[i].name,
				        (long long)l.lines[i].quantity);
		}
		CHECK(in_order);
		/* The edit and its undo step were saved together. */
		char *sql = xasprintf("SELECT history_pos = %zu AND EXISTS (SELECT 1 FROM "
		                      "list_history WHERE list_id = %lld AND seq = history_pos) "
		                      "FROM purchase_lists WHERE id = %lld",
		                      l.nlines, (long long)id, (long long)id);
		CHECK_RAW(fx.db_path, sql, "1");
		free(sql);
		size_t lines = l.nlines;
		plist_finish(&l);
		CHECK_INT(undo(fx.st, id), 0);
		if (load(fx.st, id, &l)) {
			CHECK_INT(l.nlines, lines - 1);
			plist_finish(&l);
		}
	}
	fixture_close(&fx);
}

static void test_crash(void)
{
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
	for (int round = 0; round < 3; round++)
		crash_round(seed + (unsigned)round);
}

/* An import makes the list in one transaction; what it made is the list's
 * first undo state (an edit after it undoes back to it, not further); an
 * aborted import leaves nothing. */
static void test_import(void)
{
	char *cause = NULL;
	struct fixture fx;
	if (!fixture_open(&fx)) {
		fixture_close(&fx);
		return;
	}
	struct plist_info info = make_info(" 导入\xE2\x80\x8B");
	struct plist_import *im = NULL;
	CHECK_OK(store_list_import_begin(fx.st, &info, &im, &cause));
	if (im == NULL) {
		fixture_close(&fx);
		return;
	}
	struct plist_line line;
	int64_t min_order = 0;
	char *short_name = NULL;
	CHECK_INT(
	    store_list_import_find(im, "nothing-such", &line, &min_order, &short_name, &cause), 1);
	/* Many look-ups to come: the catalogue is read into memory, and found
	 * there the same. */
	CHECK_OK(store_list_import_expect(im, 1000, &cause));
	CHECK_INT(
	    store_list_import_find(im, "nothing-such", &line, &min_order, &short_name, &cause), 1);
	CHECK_OK(store_list_import_find(im, "cuifeng", &line, &min_order, &short_name, &cause));
	CHECK_STR(line.name, "紫阳富硒茶·翠峰");
	line.quantity = 3;
	CHECK_OK(store_list_import_add(im, &line, &cause));
	line.quantity = PLIST_QUANTITY_MAX + 1;
	CHECK_FAILS(store_list_import_add(im, &line, &cause), "at most");
	plist_line_finish(&line);
	free(short_name);
	struct plist_line custom = {
	    .name = "土蜂蜜", .unit = "瓶", .unit_price = 4500, .quantity = 2};
	CHECK_OK(store_list_import_add(im, &custom, &cause));
	int64_t id = 0;
	CHECK_OK(store_list_import_commit(im, &id, &cause));
	const char *imported = "导入/30/total: 紫阳富硒茶·翠峰×3@16800 土蜂蜜×2@4500";
	CHECK_LIST(fx.st, id, imported);
	CHECK_INT(undo(fx.st, id), 1);
	int64_t honey = line_id(fx.st, id, "土蜂蜜");
	CHECK_OK(store_list_set_quantity(fx.st, id, honey, 5, &cause));
	CHECK_INT(undo(fx.st, id), 0);
	CHECK_LIST(fx.st, id, imported);
	CHECK_INT(undo(fx.st, id), 1);

	/* A look-alike name is refused; an aborted import leaves no list. */
	info = make_info("\xE3\x80\x80导入");
	CHECK_FAILS(store_list_import_begin(fx.st, &info, &im, &cause), "already exists");
	info = make_info("放弃");
	CHECK_OK(store_list_import_begin(fx.st, &info, &im, &cause));
	store_list_import_abort(im);
	struct plist l;
	CHECK_INT(store_list_load(fx.st, 0, "放弃", &l, &cause), 1);
	fixture_close(&fx);
}

int main(void)
{
	test_holidays();
	test_create_load_set_info();
	test_validation();
	test_add_lines();
	test_two_programs();
	test_pack_minimum();
	test_pack_limit();
	test_totals();
	test_undo_redo();
	test_undo_keeps_text();
	test_history_limit();
	test_reimport();
	test_lists_and_delete();
	test_orders();
	test_order_reserve();
	test_crash();
	test_import();
	return check_done();
}
