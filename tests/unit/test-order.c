/* Tests of the order writers (src/order: check.c, text.c, csv-write.c,
 * output.c): every check and its boundaries on lists built by hand, the
 * printed text order against golden files (tests/data/orders/, *.txt; run with
 * AIX_UPDATE_GOLDEN=1 to rewrite them) and, independently of the goldens, the
 * properties every printed order must have at every width; the CSV order
 * byte for byte; GB18030 there and back; the atomic write and its failures;
 * printing through a stub lp. */
#include "check.h"
#include "testlib.h"

#include "core/buf.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "order/order.h"
#include "store/lists.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <iconv.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Lists built by hand ------------------------------------------------ */

static const struct cat_rules default_rules = {
    .per_member_budget = 10000,           /* ¥100.00 */
    .yearly_gift_cap_per_member = 220000, /* ¥2,200.00 */
    .poverty_share_min_percent = 30,
    .contract_threshold = 1000000, /* ¥10,000.00 */
};

static void list_init(struct plist *l, const char *purpose, int64_t headcount, bool pack)
{
	memset(l, 0, sizeof *l);
	l->id = 1;
	l->info.name = xstrdup("test");
	l->info.union_name = xstrdup("城关镇总工会");
	l->info.handler = xstrdup("");
	l->info.purpose = xstrdup(purpose);
	l->info.headcount = headcount;
	l->info.pack = pack;
	l->info.rules = default_rules;
	l->updated_at = xstrdup("2020-09-20 08:00:00");
}

static char *dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Adds a line; product_id NULL makes a line by hand. Returns it for changes. */
static struct plist_line *add_line(struct plist *l, const char *supplier_id, const char *supplier,
                                   const char *product_id, const char *name, const char *spec,
                                   const char *unit, money_t price, int64_t quantity)
{
	l->lines = xreallocarray(l->lines, l->nlines + 1, sizeof *l->lines);
	struct plist_line *line = &l->lines[l->nlines];
	memset(line, 0, sizeof *line);
	line->id = (int64_t)l->nlines + 1;
	line->product_id = dup_or_null(product_id);
	line->supplier_id = dup_or_null(supplier_id);
	line->supplier = xstrdup(supplier);
	line->name = xstrdup(name);
	line->spec = xstrdup(spec);
	line->unit = xstrdup(unit);
	line->unit_price = price;
	line->quantity = quantity;
	line->status = product_id != NULL ? PLIST_LINE_OK : PLIST_LINE_CUSTOM;
	line->catalogue_price = price;
	line->min_order = 1;
	l->nlines++;
	return line;
}

/* A line of ¥amount (quantity 1) from the catalogue or by hand. */
static struct plist_line *add_amount(struct plist *l, money_t amount, bool catalogue)
{
	char id[32];
	snprintf(id, sizeof id, "p%zu", l->nlines);
	return add_line(l, catalogue ? "kehong" : NULL, "紫阳县科宏茶业有限公司",
	                catalogue ? id : NULL, "富硒绿茶", "500克袋装", "袋", amount, 1);
}

static void list_free(struct plist *l)
{
	for (size_t i = 0; i < l->nlines; i++) {
		struct plist_line *line = &l->lines[i];
		free(line->product_id);
		free(line->supplier_id);
		free(line->supplier);
		free(line->name);
		free(line->spec);
		free(line->unit);
	}
	free(l->lines);
	free(l->info.name);
	free(l->info.union_name);
	free(l->info.handler);
	free(l->info.purpose);
	free(l->updated_at);
	memset(l, 0, sizeof *l);
}

/* The mid-autumn pack: three products per member for 30 members. */
static void make_mid_autumn(struct plist *l)
{
	list_init(l, "mid-autumn", 30, true);
	free(l->info.handler);
	l->info.handler = xstrdup("张三");
	add_line(l, "yunwushan", "紫阳县高桥镇云雾山茶叶专业合作社", "yunwushan-lvcha-50",
	         "富硒绿茶试饮装", "50克袋装", "袋", 2200, 2);
	add_line(l, "xiyuan", "紫阳县硒源魔芋食品有限公司", "xiyuan-mys-xiangla-30x20",
	         "魔芋爽（香辣味）", "30克×20包/盒", "盒", 2580, 1);
	add_line(l, "shuxiang", "紫阳县双安镇薯香粉条专业合作社", "shuxiang-dianfen-1000",
	         "红薯淀粉", "1000克袋装", "袋", 2200, 1);
}

static const char *const long_suppliers[10][2] = {
    {"kehong", "紫阳县科宏茶业有限公司"},
    {"chabang", "陕西茶棒茶科技有限公司"},
    {"zhongcha-ziyang", "中茶紫阳茶叶有限公司"},
    {"huahui", "紫阳县华会实业有限公司"},
    {"yingliang-coop", "紫阳县营梁村茶叶专业合作社"},
    {"xiyuan-konjac", "紫阳县硒源魔芋食品有限公司"},
    {"bashan-lawei", "紫阳县巴山腊味食品有限公司"},
    {"gaoshan-fungi", "紫阳县界岭镇高山菌菇专业合作社"},
    {"baihua-bee", "紫阳县麻柳镇百花中蜂养殖专业合作社"},
    {"yuelong-hotel", "紫阳玥珑茶山酒店"},
};

static const char *const long_products[16][3] = {
    {"紫阳毛尖·翠峰", "250克×2罐礼盒", "盒"},
    {"富硒绿茶（一级）", "500克袋装", "袋"},
    {"紫阳红茶", "100克×2罐礼盒", "盒"},
    {"艾草泡脚包", "20克×30包/盒", "盒"},
    {"手工炒青绿茶", "500克袋装", "袋"},
    {"富硒魔芋挂面", "300克×6袋/箱", "箱"},
    {"柴火腊肉（后腿）", "1000克真空装", "袋"},
    {"菌菇山珍礼盒（香菇、木耳、竹笋）", "750克礼盒", "盒"},
    {"土蜂蜜（百花蜜）", "1000克/瓶", "瓶"},
    {"茶山三日疗休养", "3天2晚，含住宿、餐饮、制茶体验", "人"},
    {"富硒茶年货礼盒（翠峰+红茶）高山有机明前特级手工精选装", "250克×2罐礼盒", "盒"},
    {"魔芋爽（香辣味）", "30克×20包/盒", "盒"},
    {"腊味礼盒（腊肉、香肠、腊排骨）", "2000克礼盒", "盒"},
    {"高山黑木耳", "250克袋装", "袋"},
    {"蜂巢蜜", "500克/盒", "盒"},
    {"Ziyang selenium tea, gift box", "2 x 250 g", "box"},
};

/* A long order: 80 lines from 10 suppliers, interleaved, some by hand, some
 * changed since; over the budget and over the contract threshold. */
static void make_long(struct plist *l)
{
	list_init(l, "labour-day", 120, false);
	free(l->info.handler);
	l->info.handler = xstrdup("张三");
	for (int i = 0; i < 70; i++) {
		const char *const *s = long_suppliers[i % 10];
		const char *const *p = long_products[(i * 7) % 16];
		money_t price = 500 + (money_t)((i * 7919) % 40000);
		int64_t quantity = 1 + (i * 13) % 40;
		char id[64];
		snprintf(id, sizeof id, "%s-%d", s[0], i);
		struct plist_line *line;
		if (i >= 66)
			line = add_line(l, NULL, i % 2 ? "" : "本地超市（手工添加）", NULL, p[0],
			                p[1], p[2], price, quantity);
		else
			line = add_line(l, s[0], s[1], id, p[0], p[1], p[2], price, quantity);
		line->is_service = (i * 7) % 16 == 9;
		if (i == 5) {
			line->status = PLIST_LINE_PRICE_CHANGED;
			line->catalogue_price = price + 100;
		}
		if (i == 17)
			line->status = PLIST_LINE_GONE;
	}
}

/* Figures too wide for the table at width 60: each line's figures go below. */
static void make_wide_figures(struct plist *l)
{
	list_init(l, "spring-festival", 3, false);
	add_line(l, "kehong", "紫阳县科宏茶业有限公司", "kehong-yinzhen-125x2", "紫阳毛尖·银针",
	         "125克×2罐礼盒", "盒", 99999999999, 1);
	add_line(l, "kehong", "紫阳县科宏茶业有限公司", "kehong-cuiya-50", "紫阳毛尖·翠芽试饮装",
	         "50克罐", "罐", 1, 9999999999);
}

/* The largest total there is: its capital figures are wider than 60 cells. */
static void make_largest(struct plist *l)
{
	list_init(l, "national-day", 1, false);
	add_line(l, NULL, "某供应商", NULL, "大宗采购", "", "批", MONEY_MAX, 1);
}

/* Hostile text: controls, bidi overrides, invalid UTF-8. */
static void make_hostile(struct plist *l)
{
	list_init(l, "\x1b[31m疗休养\x1b[0m", 5, false);
	free(l->info.union_name);
	l->info.union_name = xstrdup("工会\r\n\x07");
	add_line(l, NULL, "供应商\xe2\x80\xae反向", NULL, "名称\t带\n换行", "规格\x7f", "\xff个",
	         1234, 3);
}

/* ---- Helpers ------------------------------------------------------------ */

static const struct order_check *find_check(const struct order_check *checks, size_t n,
                                            enum order_check_kind kind)
{
	for (size_t i = 0; i < n; i++)
		if (checks[i].kind == kind)
			return &checks[i];
	return NULL;
}

static size_t count_checks(const struct order_check *checks, size_t n, enum order_check_kind kind)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += checks[i].kind == kind;
	return c;
}

/* The level of the check of kind, or -1 when there is none. */
static int check_level(const struct plist *l, enum order_check_kind kind)
{
	struct order_figures fig;
	struct order_check *checks;
	size_t n;
	order_check_list(l, &fig, &checks, &n);
	const struct order_check *c = find_check(checks, n, kind);
	int level = c != NULL ? (int)c->level : -1;
	order_checks_free(checks, n);
	return level;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (len != NULL)
		*len = b.len;
	return buf_steal(&b);
}

static void write_all(const char *path, const char *data, size_t len, mode_t mode)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
		exit(2);
	}
	chmod(path, mode);
}

/* The names in a folder, sorted, joined with spaces. Caller frees. */
static char *folder_names(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	struct buf b = BUF_INIT;
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
			if (b.len > 0)
				buf_addc(&b, ' ');
			buf_adds(&b, names[i]->d_name);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	return buf_steal(&b);
}

/* Parses "¥1,064.00" or "1,064.00" (no sign) into fen; -1 when it is not one. */
static money_t parse_amount(const char *s, size_t len)
{
	char digits[64];
	size_t n = 0;
	if (len >= strlen("¥") && memcmp(s, "¥", strlen("¥")) == 0) {
		s += strlen("¥");
		len -= strlen("¥");
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ',')
			continue;
		if (n + 1 >= sizeof digits || !((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
			return -1;
		digits[n++] = s[i];
	}
	digits[n] = '\0';
	money_t fen;
	if (n == 0 || money_parse(digits, &fen) != MONEY_OK)
		return -1;
	return fen;
}

/* The last space-separated word of line, as an amount; -1 when none. */
static money_t last_amount(const char *line)
{
	const char *end = line + strlen(line);
	const char *start = end;
	while (start > line && start[-1] != ' ')
		start--;
	return parse_amount(start, (size_t)(end - start));
}

/* Splits text at '\n' (the last line, after the final '\n', is dropped). */
static char **split_lines(const char *text, size_t *n)
{
	char **v = NULL;
	size_t count = 0;
	const char *p = text;
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		v = xreallocarray(v, count + 1, sizeof *v);
		v[count++] = xstrndup(p, len);
		p += len + (nl != NULL);
	}
	*n = count;
	return v;
}

static void free_split(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The total computed here, without the code under test. */
static money_t expected_total(const struct plist *l)
{
	money_t total = 0;
	for (size_t i = 0; i < l->nlines; i++)
		total += l->lines[i].unit_price * l->lines[i].quantity *
		         (l->info.pack ? l->info.headcount : 1);
	return total;
}

/* What every printed order must be, whatever the golden files say: lines
 * within width, pages of at most ORDER_PAGE_LINES lines with consistent page
 * labels and the same header, no control characters, each line of the list
 * printed once, the subtotals and the line amounts adding up to the total,
 * and the total in capital figures. table: the figures must be in columns
 * (else they may be below each line). */
static void check_order_properties(const struct plist *l, const char *text, int width, bool table,
                                   bool sample)
{
	money_t total = expected_total(l);
	char capital[MONEY_CAPITAL_SIZE], yuan[MONEY_YUAN_SIZE];
	bool fits = true, clean = true;
	size_t npages = 1;
	money_t subtotals = 0, amounts = 0;
	size_t numbered = 0, totals = 0, words = 0, samples = 0, signatures = 0, stacked_rows = 0;
	money_t stacked_amounts = 0;
	bool labels_ok = true, header_same = true;
	char **first_page = NULL;
	size_t first_n = 0, first_header = 0;

	money_to_capital(total, capital);
	money_format_yuan(total, yuan);
	for (const char *p = text; *p != '\0'; p++) {
		if (*p == '\f')
			npages++;
		else if ((unsigned char)*p < 0x20 && *p != '\n')
			clean = false;
		else if (*p == 0x7f)
			clean = false;
	}
	CHECK(clean);
	CHECK(utf8_valid(text, strlen(text), NULL));
	CHECK(text[0] != '\0' && text[strlen(text) - 1] == '\n');

	const char *page = text;
	for (size_t p = 0; p < npages; p++) {
		const char *ff = strchr(page, '\f');
		char *page_text = ff != NULL ? xstrndup(page, (size_t)(ff - page)) : xstrdup(page);
		size_t n;
		char **lines = split_lines(page_text, &n);
		char *label = xasprintf("Page %zu of %zu", p + 1, npages);
		size_t labels = 0, header = 0, rules = 0;

		CHECK(n <= ORDER_PAGE_LINES);
		for (size_t i = 0; i < n; i++) {
			if (text_width(lines[i]) > width) {
				fits = false;
				fprintf(stderr, "width %d, page %zu, line %zu is %d cells: %s\n",
				        width, p + 1, i + 1, text_width(lines[i]), lines[i]);
			}
			if (contains(lines[i], "Page ")) {
				labels++;
				labels_ok = labels_ok && contains(lines[i], label);
			}
			/* The header ends at its second rule of dashes. */
			if (header == 0 && lines[i][0] == '-' &&
			    strspn(lines[i], "-") == strlen(lines[i]) && ++rules == 2)
				header = i + 1;
		}
		CHECK_INT(labels, 1);
		CHECK(header > 0);
		if (p == 0) {
			first_page = lines;
			first_n = n;
			first_header = header;
		} else {
			header_same = header_same && header == first_header;
			for (size_t i = 0; header_same && i < header; i++)
				header_same = strcmp(lines[i], first_page[i]) == 0;
		}
		for (size_t i = header; i < n; i++) {
			const char *s = lines[i];
			const char *t = s + strspn(s, " ");
			if (starts_with(t, "Subtotal "))
				subtotals += last_amount(t);
			else if (starts_with(t, "Total ")) {
				totals++;
				CHECK_INT(last_amount(t), total);
				CHECK(contains(t, yuan));
			} else if (starts_with(s, "In words:")) {
				words++;
				/* Capital figures too wide go on the next lines. */
				struct buf joined = BUF_INIT;
				const char *rest = s + strlen("In words:");
				buf_adds(&joined, rest[0] == ' ' ? rest + 1 : rest);
				for (size_t k = i + 1;
				     rest[0] == '\0' && k < n && lines[k][0] != '\0'; k++)
					buf_adds(&joined, lines[k]);
				CHECK_STR(buf_str(&joined), capital);
				buf_finish(&joined);
			} else if (starts_with(s, "Sample data")) {
				samples++;
			} else if (starts_with(s, "Handled by:") || starts_with(s, "Checked by:") ||
			           starts_with(s, "Union chair:")) {
				signatures++;
			} else if (starts_with(t, "Unit price ") &&
			           t[strlen("Unit price ")] >= '0' &&
			           t[strlen("Unit price ")] <= '9') {
				/* A line's figures below its text: all on one row, or one
				   a row. */
				stacked_rows++;
				const char *a = strstr(t, "Amount ");
				if (a != NULL)
					stacked_amounts += last_amount(a);
			} else if (starts_with(t, "Amount ") && t[strlen("Amount ")] >= '0' &&
			           t[strlen("Amount ")] <= '9') {
				stacked_amounts += last_amount(t);
			} else if (*t >= '0' && *t <= '9' && t - s < 5) {
				/* The first row of a line: its number, and last its amount
				   when the figures are in columns. */
				numbered++;
				money_t a = last_amount(s);
				if (a >= 0)
					amounts += a;
			}
		}
		free(label);
		if (p > 0)
			free_split(lines, n);
		free(page_text);
		page = ff != NULL ? ff + 1 : page;
	}
	free_split(first_page, first_n);
	CHECK(fits);
	CHECK(labels_ok);
	CHECK(header_same);
	CHECK_INT(totals, 1);
	CHECK_INT(words, 1);
	CHECK_INT(samples, sample ? 1 : 0);
	CHECK_INT(signatures, 3);
	CHECK_INT(subtotals, total);
	CHECK_INT(numbered, l->nlines);
	CHECK(stacked_rows == 0 || stacked_rows == l->nlines);
	CHECK_INT(stacked_rows > 0 ? stacked_amounts : amounts, total);
	CHECK(!table || stacked_rows == 0);
}

/* Reads tests/data/orders/name, or writes it when AIX_UPDATE_GOLDEN=1. */
static void check_golden(const char *name, const char *text)
{
	const char *root = getenv("AIX_SOURCE_ROOT");
	char *path = xasprintf("%s/tests/data/orders/%s", root != NULL ? root : ".", name);
	const char *update = getenv("AIX_UPDATE_GOLDEN");

	if (update != NULL && strcmp(update, "1") == 0) {
		write_all(path, text, strlen(text), 0644);
		printf("wrote %s\n", path);
	} else {
		char *want = read_all(path, NULL);
		if (want == NULL)
			fprintf(stderr, "cannot read %s (AIX_UPDATE_GOLDEN=1 writes it)\n", path);
		CHECK_STR(text, want);
		free(want);
	}
	free(path);
}

/* ---- Checks ------------------------------------------------------------- */

static void test_checks_mid_autumn(void)
{
	struct plist l;
	struct order_figures fig;
	struct order_check *checks;
	size_t n;

	make_mid_autumn(&l);
	order_check_list(&l, &fig, &checks, &n);
	CHECK(!fig.overflow);
	CHECK_INT(fig.total, 275400);
	CHECK_INT(fig.per_member, 9180);
	CHECK_INT(fig.catalogue, 275400);
	CHECK_INT(fig.poverty_percent, 100);
	for (size_t i = 0; i < n; i++)
		CHECK_INT(checks[i].level, CHECK_OK);
	const struct order_check *c = find_check(checks, n, CHECK_PER_MEMBER);
	CHECK(c != NULL);
	if (c != NULL)
		CHECK_STR(c->message, "Per member ¥91.80, within the per-member budget ¥100.00");
	c = find_check(checks, n, CHECK_TOTAL_BUDGET);
	if (c != NULL)
		CHECK_STR(c->message, "Total ¥2,754.00, within the budget ¥3,000.00 (¥100.00 × 30 "
		                      "members)");
	CHECK(c != NULL);
	c = find_check(checks, n, CHECK_NOT_HOLIDAY);
	CHECK(c != NULL && contains(c->message, "Mid-Autumn Festival"));
	CHECK(find_check(checks, n, CHECK_YEARLY_CAP) != NULL);
	CHECK(find_check(checks, n, CHECK_POVERTY_SHARE) != NULL);
	c = find_check(checks, n, CHECK_CONTRACT);
	CHECK(c != NULL && contains(c->message, "¥10,000.00"));
	CHECK(find_check(checks, n, CHECK_CHANGED_LINES) == NULL);
	CHECK(find_check(checks, n, CHECK_BELOW_MIN_ORDER) == NULL);
	CHECK(find_check(checks, n, CHECK_EMPTY) == NULL);
	CHECK(find_check(checks, n, CHECK_OVERFLOW) == NULL);
	order_checks_free(checks, n);
	list_free(&l);
}

static void test_checks_budget(void)
{
	struct plist l;

	/* Exactly at the budget: 3 members, ¥300.00. */
	list_init(&l, "mid-autumn", 3, false);
	add_amount(&l, 30000, true);
	CHECK_INT(check_level(&l, CHECK_PER_MEMBER), CHECK_OK);
	CHECK_INT(check_level(&l, CHECK_TOTAL_BUDGET), CHECK_OK);
	/* A fen over: per member rounds up to ¥100.01. */
	l.lines[0].unit_price = 30001;
	CHECK_INT(check_level(&l, CHECK_PER_MEMBER), CHECK_WARNING);
	CHECK_INT(check_level(&l, CHECK_TOTAL_BUDGET), CHECK_WARNING);
	struct order_figures fig;
	struct order_check *checks;
	size_t n;
	order_check_list(&l, &fig, &checks, &n);
	CHECK_INT(fig.per_member, 10001);
	const struct order_check *c = find_check(checks, n, CHECK_PER_MEMBER);
	CHECK(c != NULL);
	if (c != NULL)
		CHECK_STR(c->message,
		          "Per member ¥100.01, over the per-member budget ¥100.00 by ¥0.01");
	c = find_check(checks, n, CHECK_TOTAL_BUDGET);
	CHECK(c != NULL);
	if (c != NULL)
		CHECK_STR(c->message,
		          "Total ¥300.01, over the budget ¥300.00 (¥100.00 × 3 members) "
		          "by ¥0.01");
	order_checks_free(checks, n);
	/* ¥299.99 for 3 is ¥99.9967 each: rounded up to ¥100.00, still within. */
	l.lines[0].unit_price = 29999;
	order_check_list(&l, &fig, &checks, &n);
	CHECK_INT(fig.per_member, 10000);
	CHECK_INT(find_check(checks, n, CHECK_PER_MEMBER)->level, CHECK_OK);
	order_checks_free(checks, n);
	/* No budget set: no budget checks. */
	l.info.rules.per_member_budget = 0;
	CHECK_INT(check_level(&l, CHECK_PER_MEMBER), -1);
	CHECK_INT(check_level(&l, CHECK_TOTAL_BUDGET), -1);
	/* A budget × headcount too large to compute cannot be exceeded. */
	l.info.rules.per_member_budget = MONEY_MAX;
	l.info.headcount = 1000;
	CHECK_INT(check_level(&l, CHECK_TOTAL_BUDGET), CHECK_OK);
	list_free(&l);
}

static void test_checks_yearly_cap(void)
{
	struct plist l;

	list_init(&l, "spring-festival", 1, false);
	l.info.rules.per_member_budget = 0;
	add_amount(&l, 220000, true);
	CHECK_INT(check_level(&l, CHECK_YEARLY_CAP), CHECK_OK);
	l.lines[0].unit_price = 220001;
	CHECK_INT(check_level(&l, CHECK_YEARLY_CAP), CHECK_WARNING);
	/* A trip alone is no holiday gift: neither the cap nor the holiday rule. */
	l.lines[0].is_service = true;
	CHECK_INT(check_level(&l, CHECK_YEARLY_CAP), -1);
	CHECK_INT(check_level(&l, CHECK_NOT_HOLIDAY), -1);
	list_free(&l);
}

static void test_checks_poverty_share(void)
{
	struct plist l;
	struct order_figures fig;
	struct order_check *checks;
	size_t n;

	list_init(&l, "mid-autumn", 1, false);
	add_amount(&l, 3000, true);
	add_amount(&l, 7000, false);
	order_check_list(&l, &fig, &checks, &n);
	CHECK_INT(fig.catalogue, 3000);
	CHECK_INT(fig.poverty_percent, 30);
	CHECK_INT(find_check(checks, n, CHECK_POVERTY_SHARE)->level, CHECK_OK);
	order_checks_free(checks, n);
	/* 29.99 % rounds down to 29 %: below 30. */
	l.lines[0].unit_price = 2999;
	l.lines[1].unit_price = 7001;
	order_check_list(&l, &fig, &checks, &n);
	CHECK_INT(fig.poverty_percent, 29);
	const struct order_check *c = find_check(checks, n, CHECK_POVERTY_SHARE);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK_INT(c->level, CHECK_WARNING);
		CHECK_STR(c->message,
		          "Poverty-area products ¥29.99 (29% of the total), below the minimum 30%");
	}
	order_checks_free(checks, n);
	/* Changed and gone lines still came from the catalogue. */
	l.lines[0].status = PLIST_LINE_GONE;
	l.lines[0].unit_price = 5000;
	l.lines[1].status = PLIST_LINE_PRICE_CHANGED;
	order_check_list(&l, &fig, &checks, &n);
	CHECK_INT(fig.poverty_percent, 100);
	order_checks_free(checks, n);
	/* A total of zero is all poverty-area, whatever that means. */
	l.lines[0].unit_price = 0;
	l.lines[1].unit_price = 0;
	l.lines[1].status = PLIST_LINE_CUSTOM;
	order_check_list(&l, &fig, &checks, &n);
	CHECK_INT(fig.poverty_percent, 100);
	order_checks_free(checks, n);
	list_free(&l);
}

static void test_checks_contract(void)
{
	struct plist l;

	list_init(&l, "mid-autumn", 100, false);
	add_amount(&l, 1000000, true);
	CHECK_INT(check_level(&l, CHECK_CONTRACT), CHECK_NOTICE);
	l.lines[0].unit_price = 999999;
	CHECK_INT(check_level(&l, CHECK_CONTRACT), CHECK_OK);
	l.info.rules.contract_threshold = 0;
	CHECK_INT(check_level(&l, CHECK_CONTRACT), -1);
	list_free(&l);
}

static void test_checks_holiday(void)
{
	struct plist l;
	struct order_figures fig;
	struct order_check *checks;
	size_t n;

	list_init(&l, "疗休养", 10, false);
	add_amount(&l, 5000, true);
	order_check_list(&l, &fig, &checks, &n);
	const struct order_check *c = find_check(checks, n, CHECK_NOT_HOLIDAY);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK_INT(c->level, CHECK_WARNING);
		CHECK(contains(c->message, "“疗休养” is not one"));
		CHECK(contains(c->message, "Mid-Autumn Festival"));
	}
	order_checks_free(checks, n);
	free(l.info.purpose);
	l.info.purpose = xstrdup("");
	order_check_list(&l, &fig, &checks, &n);
	c = find_check(checks, n, CHECK_NOT_HOLIDAY);
	CHECK(c != NULL && contains(c->message, "no purpose"));
	order_checks_free(checks, n);
	/* A purpose with control characters reaches the message sanitised. */
	free(l.info.purpose);
	l.info.purpose = xstrdup("\x1b[2J旅游");
	order_check_list(&l, &fig, &checks, &n);
	c = find_check(checks, n, CHECK_NOT_HOLIDAY);
	CHECK(c != NULL && contains(c->message, "^[[2J旅游") && !contains(c->message, "\x1b"));
	order_checks_free(checks, n);
	list_free(&l);
}

static void test_checks_changed_and_min_order(void)
{
	struct plist l;
	struct order_figures fig;
	struct order_check *checks;
	size_t n;

	list_init(&l, "mid-autumn", 30, false);
	add_amount(&l, 100, true)->status = PLIST_LINE_PRICE_CHANGED;
	add_amount(&l, 100, true)->status = PLIST_LINE_GONE;
	add_amount(&l, 100, true)->status = PLIST_LINE_GONE;
	struct plist_line *line = add_amount(&l, 100, true);
	line->min_order = 20;
	line->quantity = 10;
	order_check_list(&l, &fig, &checks, &n);
	CHECK_INT(count_checks(checks, n, CHECK_CHANGED_LINES), 2);
	bool changed = false, gone = false;
	for (size_t i = 0; i < n; i++) {
		if (checks[i].kind != CHECK_CHANGED_LINES)
			continue;
		CHECK_INT(checks[i].level, CHECK_WARNING);
		changed =
		    changed || strcmp(checks[i].message,
		                      "1 line has another price in the catalogue now (富硒绿茶): "
		                      "check it before ordering") == 0;
		gone =
		    gone || strcmp(checks[i].message,
		                   "2 lines are no longer in the catalogue (富硒绿茶, 富硒绿茶): "
		                   "check them before ordering") == 0;
	}
	CHECK(changed && gone);
	const struct order_check *c = find_check(checks, n, CHECK_BELOW_MIN_ORDER);
	CHECK(c != NULL);
	if (c != NULL) {
		CHECK_INT(c->level, CHECK_WARNING);
		CHECK_STR(c->message, "“富硒绿茶”: 10 袋, below the minimum order of 20");
	}
	CHECK_INT(count_checks(checks, n, CHECK_BELOW_MIN_ORDER), 1);
	order_checks_free(checks, n);
	/* More than three names are cut short. */
	for (int i = 0; i < 3; i++) {
		struct plist_line *g = add_amount(&l, 100, true);
		g->status = PLIST_LINE_GONE;
		free(g->name);
		g->name = xasprintf("产品%d", i);
	}
	order_check_list(&l, &fig, &checks, &n);
	bool cut = false;
	for (size_t i = 0; i < n; i++)
		cut = cut || (checks[i].kind == CHECK_CHANGED_LINES &&
		              contains(checks[i].message, "5 lines are no longer in the catalogue "
		                                          "(富硒绿茶, 富硒绿茶, 产品0…)"));
	CHECK(cut);
	order_checks_free(checks, n);

	/* Exactly the minimum, and in a pack the quantity for all members. */
	line = &l.lines[3]; /* the array moved as lines were added */
	line->quantity = 20;
	CHECK_INT(check_level(&l, CHECK_BELOW_MIN_ORDER), -1);
	line->quantity = 1;
	l.info.pack = true;
	CHECK_INT(check_level(&l, CHECK_BELOW_MIN_ORDER), -1);
	list_free(&l);
}

static void test_checks_empty_and_overflow(void)
{
	struct plist l;
	struct order_figures fig;
	struct order_check *checks;
	size_t n;
	char *cause = NULL;

	list_init(&l, "mid-autumn", 30, true);
	order_check_list(&l, &fig, &checks, &n);
	CHECK_INT(n, 1);
	CHECK_INT(checks[0].kind, CHECK_EMPTY);
	CHECK_INT(checks[0].level, CHECK_WARNING);
	CHECK_INT(fig.total, 0);
	CHECK_INT(fig.poverty_percent, 100);
	order_checks_free(checks, n);

	add_amount(&l, MONEY_MAX, true);
	order_check_list(&l, &fig, &checks, &n);
	CHECK(fig.overflow);
	const struct order_check *c = find_check(checks, n, CHECK_OVERFLOW);
	CHECK(c != NULL && c->level == CHECK_WARNING);
	CHECK(find_check(checks, n, CHECK_PER_MEMBER) == NULL);
	order_checks_free(checks, n);
	struct order_meta meta = {
	    .catalogue_title = "目录", .number = "AXG-1", .date = "2020-01-01"};
	char *text = order_text(&l, &meta, 80, &cause);
	CHECK(text == NULL);
	CHECK(contains(cause, "too large"));
	free(cause);
	cause = NULL;
	size_t len;
	char *csv = order_csv(&l, &len, &cause);
	CHECK(csv == NULL);
	CHECK(contains(cause, "too large"));
	free(cause);

	/* Two amounts each fine, their sum not. */
	l.info.pack = false;
	add_amount(&l, MONEY_MAX, true);
	CHECK_INT(check_level(&l, CHECK_OVERFLOW), CHECK_WARNING);
	list_free(&l);
}

/* ---- The text order ----------------------------------------------------- */

static const struct order_meta sample_meta = {.catalogue_title =
                                                  "紫阳县2020年度“百元爱心购”消费扶贫行动建议目录",
                                              .sample = true,
                                              .number = "AXG-20200920-001",
                                              .date = "2020-09-20"};

static void test_text_goldens(void)
{
	struct plist l;
	char *cause = NULL;
	static const int widths[] = {80, 60, 120};

	make_mid_autumn(&l);
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		char *text = order_text(&l, &sample_meta, widths[i], &cause);
		CHECK(text != NULL);
		if (text == NULL)
			continue;
		char *name = xasprintf("mid-autumn-%d.txt", widths[i]);
		check_golden(name, text);
		check_order_properties(&l, text, widths[i], true, true);
		CHECK(strchr(text, '\f') == NULL);
		CHECK(contains(text, "2×30=60"));
		CHECK(contains(text, "人民币贰仟柒佰伍拾肆元整"));
		free(name);
		free(text);
	}
	list_free(&l);

	make_long(&l);
	struct order_meta meta = sample_meta;
	meta.sample = false;
	meta.number = "AXG-20200425-002";
	meta.date = "2020-04-25";
	char *text = order_text(&l, &meta, 80, &cause);
	CHECK(text != NULL);
	if (text != NULL) {
		check_golden("long-80.txt", text);
		check_order_properties(&l, text, 80, true, false);
		CHECK(strchr(text, '\f') != NULL);
		CHECK(contains(text, "(continued)"));
		/* Suppliers are grouped: each heading once, however interleaved. */
		for (size_t s = 0; s < 10; s++) {
			char *heading = xasprintf("Supplier: %s\n", long_suppliers[s][1]);
			const char *first = strstr(text, heading);
			CHECK(first != NULL && strstr(first + 1, heading) == NULL);
			free(heading);
		}
		CHECK(contains(text, "Supplier: (supplier not given)\n"));
		CHECK(contains(text, "[Warning]"));
		CHECK(contains(text, "[Notice]"));
		free(text);
	}
	list_free(&l);
}

static void test_text_all_widths(void)
{
	void (*makers[])(struct plist *) = {make_mid_autumn, make_long, make_wide_figures,
	                                    make_largest, make_hostile};
	bool tables[] = {true, true, false, false, true};

	for (size_t m = 0; m < sizeof makers / sizeof makers[0]; m++) {
		struct plist l;
		makers[m](&l);
		for (int width = ORDER_MIN_WIDTH; width <= 120; width++) {
			char *cause = NULL;
			char *text = order_text(&l, &sample_meta, width, &cause);
			CHECK(text != NULL);
			if (text == NULL) {
				fprintf(stderr, "list %zu width %d: %s\n", m, width, cause);
				free(cause);
				continue;
			}
			check_order_properties(&l, text, width, tables[m], true);
			free(text);
		}
		list_free(&l);
	}
}

static void test_text_details(void)
{
	struct plist l;
	char *cause = NULL;

	make_mid_autumn(&l);
	CHECK(order_text(&l, &sample_meta, ORDER_MIN_WIDTH - 1, &cause) == NULL);
	CHECK(contains(cause, "59"));
	free(cause);
	cause = NULL;
	CHECK(order_text(&l, &sample_meta, ORDER_MAX_WIDTH + 1, &cause) == NULL);
	free(cause);
	cause = NULL;
	char *text = order_text(&l, &sample_meta, ORDER_MAX_WIDTH, &cause);
	CHECK(text != NULL);
	if (text != NULL)
		check_order_properties(&l, text, ORDER_MAX_WIDTH, true, true);
	free(text);
	list_free(&l);

	/* Hostile text is shown, never passed through. */
	make_hostile(&l);
	text = order_text(&l, NULL, 80, &cause);
	CHECK(text != NULL);
	if (text != NULL) {
		CHECK(!contains(text, "\x1b") && !contains(text, "\t") && !contains(text, "\r"));
		CHECK(!contains(text, "\xe2\x80\xae"));
		CHECK(contains(text, "<U+202E>"));
		CHECK(contains(text, "<0xFF>"));
		CHECK(contains(text, "^[[31m疗休养^[[0m"));
	}
	free(text);
	list_free(&l);

	/* Figures too wide for columns at 60 go below each line, uncut. */
	make_wide_figures(&l);
	text = order_text(&l, &sample_meta, 70, &cause);
	CHECK(
	    contains(text, "\n    Unit price 999,999,999.99  Quantity 1  Amount 999,999,999.99\n"));
	free(text);
	text = order_text(&l, &sample_meta, 60, &cause);
	CHECK(contains(text, "\n    Unit price 999,999,999.99\n    Quantity 1\n    Amount "
	                     "999,999,999.99\n"));
	CHECK(contains(text, "\n    Quantity 9999999999\n"));
	free(text);
	list_free(&l);

	/* An empty list still prints, with its warning. */
	list_init(&l, "mid-autumn", 30, true);
	text = order_text(&l, &sample_meta, 80, &cause);
	CHECK(text != NULL);
	if (text != NULL) {
		check_order_properties(&l, text, 80, true, true);
		CHECK(contains(text, "The list has no lines"));
	}
	free(text);
	list_free(&l);
}

/* ---- The CSV order ------------------------------------------------------ */

static void test_csv(void)
{
	struct plist l;
	char *cause = NULL;
	size_t len = 0;

	list_init(&l, "mid-autumn", 30, true);
	add_line(&l, "kehong", "紫阳县科宏茶业有限公司", "kehong-cuiya-50", "紫阳毛尖·翠芽试饮装",
	         "50克罐", "罐", 5800, 2);
	add_line(&l, NULL, "本地超市, 城关", NULL, "月饼 \"广式\" 礼盒", "4×100克\n礼盒", "盒",
	         3950, 1);
	add_line(&l, "yuelong-hotel", "紫阳玥珑茶山酒店", "yuelong-laomo-2d", "劳模疗休养两日游",
	         "", "人", 68000, 1)
	    ->is_service = true;
	char *csv = order_csv(&l, &len, &cause);
	const char *want =
	    "\xEF\xBB\xBF"
	    "supplier_id,supplier,product_id,product,spec,unit,unit_price,quantity,"
	    "amount,union,purpose,headcount,per_member\r\n"
	    "kehong,紫阳县科宏茶业有限公司,kehong-cuiya-50,紫阳毛尖·翠芽试饮装,50克罐,"
	    "罐,58.00,60,3480.00,城关镇总工会,mid-autumn,30,1\r\n"
	    ",\"本地超市, 城关\",,\"月饼 \"\"广式\"\" 礼盒\",4×100克^J礼盒,盒,39.50,"
	    "30,1185.00,城关镇总工会,mid-autumn,30,1\r\n"
	    "yuelong-hotel,紫阳玥珑茶山酒店,yuelong-laomo-2d,劳模疗休养两日游,,人,"
	    "680.00,30,20400.00,城关镇总工会,mid-autumn,30,1\r\n";
	CHECK(csv != NULL);
	CHECK_STR(csv, want);
	CHECK_INT(len, strlen(want));
	free(csv);

	/* Not a pack: quantities as they are. */
	l.info.pack = false;
	csv = order_csv(&l, &len, &cause);
	CHECK(contains(csv, ",罐,58.00,2,116.00,城关镇总工会,mid-autumn,30,0\r\n"));
	free(csv);

	/* A field that is only a quote. */
	free(l.lines[0].name);
	l.lines[0].name = xstrdup("\"");
	csv = order_csv(&l, &len, &cause);
	CHECK(contains(csv, ",kehong-cuiya-50,\"\"\"\",50克罐,"));
	free(csv);
	list_free(&l);

	list_init(&l, "mid-autumn", 1, false);
	csv = order_csv(&l, &len, &cause);
	CHECK_STR(csv, "\xEF\xBB\xBF"
	               "supplier_id,supplier,product_id,product,spec,unit,unit_price,quantity,"
	               "amount,union,purpose,headcount,per_member\r\n");
	free(csv);
	list_free(&l);
}

/* ---- GB18030 ------------------------------------------------------------ */

/* Converts with iconv directly, for the way back. Caller frees. */
static char *iconv_all(const char *to, const char *from, const char *in, size_t len,
                       size_t *out_len)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = len * 4 + 16, left = cap;
	char *out = xmalloc(cap + 1), *op = out, *ip = (char *)in;
	size_t in_left = len;
	size_t r = iconv(cd, &ip, &in_left, &op, &left);
	iconv_close(cd);
	if (r == (size_t)-1) {
		free(out);
		return NULL;
	}
	*op = '\0';
	*out_len = (size_t)(op - out);
	return out;
}

static void test_gb18030(void)
{
	struct plist l;
	char *cause = NULL;
	size_t len = 0, back_len = 0;

	char *gb = order_to_gb18030("中¥A", strlen("中¥A"), &len, &cause);
	CHECK(gb != NULL);
	CHECK_INT(len, 7);
	if (gb != NULL)
		CHECK(memcmp(gb,
		             "\xD6\xD0\x81\x30\x84\x36"
		             "A",
		             7) == 0);
	free(gb);

	make_mid_autumn(&l);
	char *text = order_text(&l, &sample_meta, 80, &cause);
	gb = order_to_gb18030(text, strlen(text), &len, &cause);
	CHECK(gb != NULL);
	CHECK(len != strlen(text));
	CHECK(!utf8_valid(gb, len, NULL));
	char *back = iconv_all("UTF-8", "GB18030", gb, len, &back_len);
	CHECK(back != NULL);
	CHECK_INT(back_len, strlen(text));
	CHECK_STR(back, text);
	free(back);
	free(gb);
	free(text);
	list_free(&l);

	/* Growth: every ¥ takes four bytes where UTF-8 took two. */
	struct buf b = BUF_INIT;
	for (int i = 0; i < 5000; i++)
		buf_adds(&b, "¥");
	gb = order_to_gb18030(b.data, b.len, &len, &cause);
	CHECK_INT(len, 20000);
	back = iconv_all("UTF-8", "GB18030", gb, len, &back_len);
	CHECK(back != NULL && back_len == b.len && memcmp(back, b.data, b.len) == 0);
	free(back);
	free(gb);
	buf_finish(&b);

	/* Supplementary characters exist in GB18030 too. */
	gb = order_to_gb18030("\xF0\xA0\x80\x80", 4, &len, &cause);
	CHECK(gb != NULL && len == 4);
	free(gb);

	gb = order_to_gb18030("ab\xff", 3, &len, &cause);
	CHECK(gb == NULL);
	CHECK(contains(cause, "byte 2"));
	free(cause);
	cause = NULL;
	gb = order_to_gb18030("ab\xe4\xb8", 4, &len, &cause);
	CHECK(gb == NULL);
	CHECK(cause != NULL);
	free(cause);
	cause = NULL;
	gb = order_to_gb18030("", 0, &len, &cause);
	CHECK(gb != NULL && len == 0);
	free(gb);
}

/* ---- Writing files ------------------------------------------------------ */

static void test_write_file(void)
{
	char *dir = scratch_make("order");
	char *path = xasprintf("%s/订单.txt", dir);
	char *cause = NULL;
	const char *first = "第一版\n", *second = "第二版，更长一些\n";
	size_t len;
	struct stat st;

	umask(022);
	CHECK_INT(order_write_file(path, first, strlen(first), false, &cause), 0);
	char *got = read_all(path, &len);
	CHECK_STR(got, first);
	free(got);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0644);
	char *names = folder_names(dir);
	CHECK_STR(names, "订单.txt");
	free(names);

	/* Never over an existing file without asking. */
	errno = 0;
	CHECK_INT(order_write_file(path, second, strlen(second), false, &cause), -1);
	CHECK_INT(errno, EEXIST);
	CHECK(contains(cause, "订单.txt") && contains(cause, "already exists"));
	free(cause);
	cause = NULL;
	got = read_all(path, &len);
	CHECK_STR(got, first);
	free(got);
	names = folder_names(dir);
	CHECK_STR(names, "订单.txt");
	free(names);

	/* With leave, and with the umask. */
	umask(027);
	CHECK_INT(order_write_file(path, second, strlen(second), true, &cause), 0);
	got = read_all(path, &len);
	CHECK_STR(got, second);
	free(got);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0640);
	umask(022);

	/* Bytes with NULs and no end of line are written as they are. */
	char *bin_path = xasprintf("%s/order.bin", dir);
	CHECK_INT(order_write_file(bin_path, "a\0b", 3, false, &cause), 0);
	got = read_all(bin_path, &len);
	CHECK(got != NULL && len == 3 && memcmp(got, "a\0b", 3) == 0);
	free(got);
	unlink(bin_path);
	free(bin_path);

	/* A folder that does not exist. */
	char *missing = xasprintf("%s/没有/order.txt", dir);
	errno = 0;
	CHECK_INT(order_write_file(missing, first, strlen(first), false, &cause), -1);
	CHECK_INT(errno, ENOENT);
	CHECK(contains(cause, "does not exist") && contains(cause, "没有"));
	free(cause);
	cause = NULL;
	free(missing);

	/* A file where a folder should be. */
	char *file_folder = xasprintf("%s/订单.txt/order.txt", dir);
	errno = 0;
	CHECK_INT(order_write_file(file_folder, first, strlen(first), true, &cause), -1);
	CHECK_INT(errno, ENOTDIR);
	CHECK(contains(cause, "not a folder"));
	free(cause);
	cause = NULL;
	free(file_folder);

	/* A folder where the file should be, even when asked to replace it. */
	char *sub = xasprintf("%s/sub", dir);
	mkdir(sub, 0755);
	CHECK_INT(order_write_file(sub, first, strlen(first), true, &cause), -1);
	CHECK(cause != NULL);
	free(cause);
	cause = NULL;
	CHECK_INT(order_write_file(sub, first, strlen(first), false, &cause), -1);
	CHECK_INT(errno, EINVAL);
	CHECK(contains(cause, "it is a folder"));
	free(cause);
	cause = NULL;
	char *trailing = xasprintf("%s/", sub);
	CHECK_INT(order_write_file(trailing, first, strlen(first), true, &cause), -1);
	free(cause);
	cause = NULL;
	free(trailing);
	names = folder_names(sub);
	CHECK_STR(names, "");
	free(names);

	/* A folder without write permission (root ignores permissions). */
	if (geteuid() != 0) {
		char *ro_path = xasprintf("%s/order.txt", sub);
		chmod(sub, 0555);
		errno = 0;
		CHECK_INT(order_write_file(ro_path, first, strlen(first), false, &cause), -1);
		CHECK_INT(errno, EACCES);
		CHECK(contains(cause, "permission denied"));
		free(cause);
		cause = NULL;
		chmod(sub, 0755);
		free(ro_path);
	} else {
		printf("skipped the read-only folder: running as root\n");
	}
	names = folder_names(sub);
	CHECK_STR(names, "");
	free(names);
	free(sub);

	/* No temporary file is left after any of it. */
	names = folder_names(dir);
	CHECK_STR(names, "sub 订单.txt");
	free(names);
	got = read_all(path, &len);
	CHECK_STR(got, second);
	free(got);

	/* A path without a folder part is in the current folder. */
	char *cwd = getcwd(NULL, 0);
	CHECK(chdir(dir) == 0);
	CHECK_INT(order_write_file("here.txt", first, strlen(first), false, &cause), 0);
	got = read_all("here.txt", &len);
	CHECK_STR(got, first);
	free(got);
	CHECK(chdir(cwd) == 0);
	free(cwd);

	free(path);
	scratch_remove(dir);
}

/* ---- Printing ----------------------------------------------------------- */

static void test_print(void)
{
	char *dir = scratch_make("order");
	char *bin = xasprintf("%s/bin", dir), *bin2 = xasprintf("%s/bin2", dir);
	char *printed = xasprintf("%s/printed.txt", dir), *args = xasprintf("%s/args", dir);
	char *order = xasprintf("%s/订单 1.txt", dir);
	char *old_path = getenv("PATH") != NULL ? xstrdup(getenv("PATH")) : NULL;
	char *cause = NULL;
	const char *content = "采购清单\n合计 ¥2,754.00\n";

	mkdir(bin, 0755);
	mkdir(bin2, 0755);
	write_all(order, content, strlen(content), 0644);
	/* The stub copies the file it is given and notes its arguments. */
	char *script = xasprintf("#!/bin/sh\nPATH=/usr/bin:/bin\nexport PATH\n"
	                         "echo \"$(basename \"$0\") $#\" > '%s'\n"
	                         "cp \"$1\" '%s'\n",
	                         args, printed);
	char *lp = xasprintf("%s/lp", bin), *lpr = xasprintf("%s/lpr", bin2);
	write_all(lp, script, strlen(script), 0755);
	write_all(lpr, script, strlen(script), 0755);

	setenv("PATH", bin, 1);
	CHECK_INT(order_print(order, &cause), 0);
	char *got = read_all(printed, NULL);
	CHECK_STR(got, content);
	free(got);
	got = read_all(args, NULL);
	CHECK_STR(got, "lp 1\n");
	free(got);

	/* lp wherever it is before lpr; empty entries and missing folders are
	   skipped. */
	char *path = xasprintf("%s:%s", bin2, bin);
	setenv("PATH", path, 1);
	CHECK_INT(order_print(order, &cause), 0);
	got = read_all(args, NULL);
	CHECK_STR(got, "lp 1\n");
	free(got);
	free(path);
	unlink(printed);
	path = xasprintf("::%s/none:%s:", dir, bin2);
	setenv("PATH", path, 1);
	CHECK_INT(order_print(order, &cause), 0);
	got = read_all(args, NULL);
	CHECK_STR(got, "lpr 1\n");
	free(got);
	got = read_all(printed, NULL);
	CHECK_STR(got, content);
	free(got);
	free(path);

	/* A printer that fails says so. */
	const char *failing = "#!/bin/sh\necho 'lp: Error - no default destination' >&2\nexit 3\n";
	write_all(lp, failing, strlen(failing), 0755);
	setenv("PATH", bin, 1);
	CHECK_INT(order_print(order, &cause), -1);
	CHECK(contains(cause, "lp") && contains(cause, "3") &&
	      contains(cause, "no default destination"));
	free(cause);
	cause = NULL;

	/* Not executable is not there. */
	chmod(lp, 0644);
	CHECK_INT(order_print(order, &cause), 1);

	/* No printer command at all. */
	setenv("PATH", "", 1);
	CHECK_INT(order_print(order, &cause), 1);
	setenv("PATH", dir, 1);
	CHECK_INT(order_print(order, &cause), 1);
	CHECK(cause == NULL);

	if (old_path != NULL)
		setenv("PATH", old_path, 1);
	else
		unsetenv("PATH");
	free(old_path);
	free(script);
	free(lp);
	free(lpr);
	free(order);
	free(printed);
	free(args);
	free(bin);
	free(bin2);
	scratch_remove(dir);
}

int main(void)
{
	test_checks_mid_autumn();
	test_checks_budget();
	test_checks_yearly_cap();
	test_checks_poverty_share();
	test_checks_contract();
	test_checks_holiday();
	test_checks_changed_and_min_order();
	test_checks_empty_and_overflow();
	test_text_goldens();
	test_text_all_widths();
	test_text_details();
	test_csv();
	test_gb18030();
	test_write_file();
	test_print();
	return check_done();
}
