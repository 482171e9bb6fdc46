/* Storage faults: damaged databases (garbage, truncated, pages overwritten,
 * another program's database, a newer aixingou's) moved aside with the saved
 * lists recovered row by row; a database locked by a second program; a full
 * disk (a small tmpfs, and a file size limit); a read-only or missing folder;
 * and two programs editing one list at the same time. Each test works in its
 * own mkdtemp folder. Tests that need a mount namespace or resource limits run
 * in a child process, whose checks are added to ours. */
#include "check.h"
#include "testlib.h"

#include "core/buf.h"
#include "core/diag.h"
#include "core/xalloc.h"
#include "store/lists.h"
#include "store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/fs.h>
#include <sched.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int skipped;

/* Says why a test cannot run here; counted apart from passed and failed. */
static void skip(const char *what, const char *why)
{
	printf("skipped %s: %s\n", what, why);
	skipped++;
}

/* ---- Files and folders ---------------------------------------------------- */

static bool same_bytes(const char *path, const char *data, size_t len)
{
	size_t got_len;
	char *got = file_read(path, &got_len);
	bool same = got != NULL && got_len == len && memcmp(got, data, len) == 0;
	free(got);
	return same;
}

/* The files of dir whose names start with prefix, sorted, one per line. */
static char *names_starting(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while (d != NULL && (e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
			names = xreallocarray(names, n + 1, sizeof *names);
			names[n++] = xstrdup(e->d_name);
		}
	}
	if (d != NULL)
		closedir(d);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		buf_adds(&b, names[i]);
		buf_adds(&b, "\n");
		free(names[i]);
	}
	free(names);
	return buf_steal(&b);
}

/* The file a damaged database was moved to: dir/base.corrupt-YYYYMMDD-HHMMSS
 * (and its -wal, -shm); NULL unless there is exactly one. */
static char *find_aside(const char *dir, const char *base)
{
	char *prefix = xasprintf("%s.corrupt-", base);
	char *names = names_starting(dir, prefix);
	char *found = NULL;
	int count = 0;
	for (char *line = names, *end; *line != '\0'; line = end + 1) {
		end = strchr(line, '\n');
		*end = '\0';
		size_t len = strlen(line);
		if (len > 4 &&
		    (strcmp(line + len - 4, "-wal") == 0 || strcmp(line + len - 4, "-shm") == 0))
			continue;
		count++;
		free(found);
		found = xasprintf("%s/%s", dir, line);
	}
	free(names);
	free(prefix);
	if (count != 1) {
		free(found);
		return NULL;
	}
	return found;
}

/* True when name (a path) ends in ".corrupt-" and a local date and time. */
static bool aside_name_ok(const char *aside, const char *path)
{
	size_t n = strlen(path);
	if (strncmp(aside, path, n) != 0 || strncmp(aside + n, ".corrupt-", 9) != 0)
		return false;
	const char *stamp = aside + n + 9;
	if (strlen(stamp) != 15 || stamp[8] != '-')
		return false;
	for (int i = 0; i < 15; i++)
		if (i != 8 && (stamp[i] < '0' || stamp[i] > '9'))
			return false;
	return true;
}

/* ---- SQL outside the store --------------------------------------------- */

/* ---- A database with saved lists -------------------------------------- */

static const char *cli_catalogue(void)
{
	static char *dir;
	if (dir == NULL) {
		const char *data = getenv("AIX_TEST_DATA");
		dir = xasprintf("%s/cli", data != NULL ? data : "tests/data");
	}
	return dir;
}

/* Brings st up to date with the test catalogue; true when that worked. */
static bool sync_catalogue(struct store *st)
{
	struct diag_list diags = DIAG_LIST_INIT;
	char *cause = NULL;
	enum store_sync_result r = store_sync(st, cli_catalogue(), &diags, &cause);
	if (r != STORE_SYNC_IMPORTED && r != STORE_SYNC_UNCHANGED) {
		fprintf(stderr, "store_sync: %s\n", cause ? cause : "(diagnostics)");
		diag_print(&diags, stderr);
	}
	free(cause);
	diag_list_finish(&diags);
	return r == STORE_SYNC_IMPORTED || r == STORE_SYNC_UNCHANGED;
}

/* What the fixture holds. */
struct fixture {
	int64_t festival;       /* 中秋慰问: three catalogue lines and one order */
	int64_t spring;         /* 春节慰问: nspring lines added by hand */
	size_t nspring;         /* its lines, ids 4 .. nspring + 3 */
	money_t festival_total; /* the total of 中秋慰问 */
	char *order_number;     /* the order recorded for 中秋慰问 */
};

static void fixture_finish(struct fixture *fx)
{
	free(fx->order_number);
}

static int64_t create_list(struct store *st, const char *name, int64_t headcount)
{
	struct plist_info info = {
	    .name = (char *)name, .purpose = "mid-autumn", .headcount = headcount};
	int64_t id = 0;
	char *cause = NULL;
	if (store_list_create(st, &info, &id, &cause) != 0) {
		fprintf(stderr, "store_list_create: %s\n", cause);
		free(cause);
		exit(2);
	}
	return id;
}

static void add_item(struct store *st, int64_t list_id, const char *product, int64_t quantity)
{
	char *cause = NULL;
	if (store_list_add_item(st, list_id, product, quantity, NULL, &cause) != 0) {
		fprintf(stderr, "store_list_add_item %s: %s\n", product, cause);
		free(cause);
		exit(2);
	}
}

/* Makes the database at path: the test catalogue, 中秋慰问 with three lines
 * and a recorded order, and 春节慰问 with nspring lines (written straight
 * into the table: enough of them to fill several pages of the file). Every
 * connection is closed at the end, so the file holds everything (no -wal). */
static void make_fixture(const char *path, size_t nspring, struct fixture *fx)
{
	memset(fx, 0, sizeof *fx);
	char *cause = NULL;
	struct store *st = store_open(path, &cause);
	if (st == NULL || !sync_catalogue(st)) {
		fprintf(stderr, "fixture %s: %s\n", path, cause ? cause : "no catalogue");
		exit(2);
	}
	fx->festival = create_list(st, "中秋慰问", 10);
	add_item(st, fx->festival, "cha-cuifeng-250", 3);
	add_item(st, fx->festival, "moyu-fen", 2);
	add_item(st, fx->festival, "lvyou-liaoxiuyang-2d", 1);
	fx->spring = create_list(st, "春节慰问", 20);
	fx->nspring = nspring;

	struct plist l;
	if (store_list_load(st, fx->festival, NULL, &l, &cause) != 0 ||
	    !plist_total(&l, &fx->festival_total) ||
	    store_next_order_number(st, "20261128", &fx->order_number, &cause) != 0 ||
	    store_record_order(st, fx->festival, "中秋慰问", fx->order_number, "/srv/中秋.txt",
	                       fx->festival_total, &cause) != 0) {
		fprintf(stderr, "fixture order: %s\n", cause);
		exit(2);
	}
	plist_finish(&l);
	store_close(st);

	char *sql = xasprintf("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	                      "WHERE i < %zu) "
	                      "INSERT INTO purchase_lines (list_id, position, product_id, "
	                      "supplier_id, supplier, name, spec, unit, unit_price, quantity, "
	                      "is_service) SELECT %lld, i, NULL, NULL, '紫阳县某合作社', "
	                      "'手工腊肉第' || i || '份', '500克', '袋', 3000 + i, i, 0 FROM n",
	                      nspring, (long long)fx->spring);
	raw_exec(path, sql);
	free(sql);
}

/* The page size of the database file at path, from its header. */
static long page_size_of(const char *path)
{
	size_t len;
	unsigned char *data = (unsigned char *)file_read(path, &len);
	long size = 0;
	if (data != NULL && len >= 100)
		size = (data[16] << 8 | data[17]) == 1 ? 65536 : (data[16] << 8 | data[17]);
	free(data);
	return size;
}

static long root_page(const char *path, const char *table)
{
	char *sql = xasprintf("SELECT rootpage FROM sqlite_schema WHERE name = '%s'", table);
	char *text = raw_text(path, sql);
	long page = strtol(text, NULL, 10);
	free(text);
	free(sql);
	return page;
}

/* Overwrites page pgno (from 1) of the file with bytes no page has. */
static void damage_page(const char *path, long pgno)
{
	long size = page_size_of(path);
	unsigned char *junk = xmalloc((size_t)size);
	for (long i = 0; i < size; i++)
		junk[i] = (unsigned char)(0xA5 ^ (i * 7));
	int fd = open(path, O_WRONLY);
	if (fd < 0 || pwrite(fd, junk, (size_t)size, (pgno - 1) * size) != size || close(fd) != 0) {
		fprintf(stderr, "cannot damage %s: %s\n", path, strerror(errno));
		exit(2);
	}
	free(junk);
}

/* SQLite's variable-length integer at p; *len gets its length. */
static uint64_t read_varint(const unsigned char *p, int *len)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++) {
		v = v << 7 | (p[i] & 0x7f);
		if ((p[i] & 0x80) == 0) {
			*len = i + 1;
			return v;
		}
	}
	*len = 9;
	return v << 8 | p[8];
}

/* The child page of cell i of the interior table page pgno, and the cell's
 * key: the largest rowid under that child. False when pgno is not an
 * interior table page with such a cell. */
static bool interior_cell(const char *path, long pgno, int i, long *child, int64_t *key)
{
	size_t len;
	unsigned char *data = (unsigned char *)file_read(path, &len);
	long size = page_size_of(path);
	bool ok = false;
	if (data != NULL && size > 0 && (size_t)(pgno * size) <= len) {
		const unsigned char *page = data + (pgno - 1) * size;
		int ncells = page[3] << 8 | page[4];
		if (page[0] == 0x05 && i < ncells) {
			int off = page[12 + 2 * i] << 8 | page[13 + 2 * i];
			int vlen;
			*child = (long)page[off] << 24 | page[off + 1] << 16 | page[off + 2] << 8 |
			         page[off + 3];
			*key = (int64_t)read_varint(page + off + 4, &vlen);
			ok = true;
		}
	}
	free(data);
	return ok;
}

/* ---- Repairs ------------------------------------------------------------- */

/* Opens path as the program does, repairing; the store is open (else NULL,
 * with the cause printed). */
static struct store *open_repairing(const char *path, char **notice)
{
	char *cause = NULL;
	struct store *st = store_open_ex(path, STORE_OPEN_REPAIR, notice, &cause);
	CHECK(st != NULL);
	if (st == NULL) {
		fprintf(stderr, "store_open_ex %s: %s\n", path, cause);
		free(cause);
	}
	return st;
}

/* The saved lists of st as "name:lines" texts, most recent first. */
static char *lists_text(struct store *st)
{
	struct plist_summary *lists = NULL;
	size_t n = 0;
	char *cause = NULL;
	if (store_lists(st, &lists, &n, &cause) != 0) {
		char *out = xasprintf("(error: %s)", cause);
		free(cause);
		return out;
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s:%zu", i ? " " : "", lists[i].name, lists[i].nlines);
	plist_summaries_free(lists, n);
	return buf_steal(&b);
}

/* A file of bytes that are not a database: refused by store_open and left
 * alone; moved aside by a repair, byte for byte, and a new database made that
 * takes the catalogue. */
static void test_garbage(void)
{
	char *dir = scratch_make("faults");
	char *path = xasprintf("%s/aixingou.db", dir);
	size_t len = 16384;
	char *junk = xmalloc(len);
	uint32_t seed = 12345;
	for (size_t i = 0; i < len; i++) {
		seed = seed * 1103515245 + 12345;
		junk[i] = (char)(seed >> 16);
	}
	file_write(path, junk, len);

	char *cause = NULL, *notice = NULL;
	struct store *st = store_open(path, &cause);
	CHECK(st == NULL);
	CHECK(contains(cause, "not an aixingou database"));
	CHECK(contains(cause, path));
	free(cause);
	CHECK(same_bytes(path, junk, len));
	char *none = find_aside(dir, "aixingou.db");
	CHECK(none == NULL);
	free(none);

	st = open_repairing(path, &notice);
	char *aside = find_aside(dir, "aixingou.db");
	CHECK(aside != NULL && aside_name_ok(aside, path));
	CHECK(aside != NULL && same_bytes(aside, junk, len));
	CHECK(contains(notice, path));
	CHECK(contains(notice, aside));
	CHECK(contains(notice, "not an aixingou database"));
	CHECK(contains(notice, "kept, not deleted"));
	CHECK(contains(notice, "no saved purchase list could be recovered"));
	if (st != NULL) {
		CHECK(sync_catalogue(st));
		char *lists = lists_text(st);
		CHECK_STR(lists, "");
		free(lists);
		store_close(st);
	}
	CHECK_RAW(path, "PRAGMA integrity_check", "ok");
	CHECK_RAW(path, "SELECT count(*) FROM items", "7");

	/* The next start finds a sound database: no notice, nothing moved. */
	free(notice);
	notice = NULL;
	st = open_repairing(path, &notice);
	CHECK(notice == NULL);
	store_close(st);
	char *names = names_starting(dir, "aixingou.db.corrupt-");
	char *base = aside != NULL ? strrchr(aside, '/') + 1 : "?";
	char *want = xasprintf("%s\n", base);
	CHECK_STR(names, want);
	free(want);
	free(names);

	free(aside);
	free(notice);
	free(junk);
	free(path);
	scratch_remove(dir);
}

/* A file cut short (a copy that stopped halfway, a full USB stick): moved
 * aside, the new database works, and what is recovered is no more than there
 * was. A file cut inside its header is no database at all. */
static void test_truncated(const char *fixture_path, const struct fixture *fx)
{
	size_t len;
	char *whole = file_read(fixture_path, &len);
	size_t cuts[] = {len * 3 / 5 + 123, len - 4096, 60};
	for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
		char *dir = scratch_make("faults");
		char *path = xasprintf("%s/aixingou.db", dir);
		file_write(path, whole, cuts[c]);

		char *notice = NULL;
		struct store *st = open_repairing(path, &notice);
		char *aside = find_aside(dir, "aixingou.db");
		CHECK(aside != NULL && same_bytes(aside, whole, cuts[c]));
		CHECK(contains(notice, aside));
		/* Cut inside the header, SQLite may call the file either. */
		bool told = contains(notice, "is damaged") ||
		            (cuts[c] < 100 && contains(notice, "not an aixingou database"));
		CHECK(told);
		if (!told)
			fprintf(stderr, "  cut at %zu of %zu: %s\n", cuts[c], len, notice);
		if (st != NULL) {
			CHECK(sync_catalogue(st));
			struct plist_summary *lists = NULL;
			size_t n = 0, lines = 0;
			char *cause = NULL;
			CHECK_INT(store_lists(st, &lists, &n, &cause), 0);
			for (size_t i = 0; i < n; i++)
				lines += lists[i].nlines;
			CHECK(n <= 2 && lines <= fx->nspring + 3);
			plist_summaries_free(lists, n);
			store_close(st);
		}
		CHECK_RAW(path, "PRAGMA integrity_check", "ok");
		free(aside);
		free(notice);
		free(path);
		scratch_remove(dir);
	}
	free(whole);
}

/* The checks of a repair that recovered everything: both lists with all
 * their lines and figures, the order with its list, and the lists can be
 * edited (with undo from then on). */
static void check_all_recovered(struct store *st, const struct fixture *fx)
{
	char *cause = NULL;
	struct plist l;
	CHECK_INT(store_list_load(st, 0, "中秋慰问", &l, &cause), 0);
	money_t total = -1;
	CHECK_INT(l.id, fx->festival);
	CHECK_INT(l.nlines, 3);
	CHECK(plist_total(&l, &total) && total == fx->festival_total);
	CHECK_INT(l.info.headcount, 10);
	CHECK_STR(l.info.purpose, "mid-autumn");
	CHECK(l.nlines == 3 && strcmp(l.lines[0].product_id, "cha-cuifeng-250") == 0 &&
	      l.lines[0].quantity == 3 && l.lines[0].status == PLIST_LINE_OK);
	CHECK(!l.can_undo);
	plist_finish(&l);

	CHECK_INT(store_list_load(st, 0, "春节慰问", &l, &cause), 0);
	CHECK_INT(l.nlines, fx->nspring);
	CHECK(l.nlines > 0 && l.lines[l.nlines - 1].quantity == (int64_t)fx->nspring &&
	      l.lines[l.nlines - 1].unit_price == 3000 + (money_t)fx->nspring);
	plist_finish(&l);

	struct order_record *orders = NULL;
	size_t n = 0;
	CHECK_INT(store_orders(st, fx->festival, &orders, &n, &cause), 0);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_STR(orders[0].number, fx->order_number);
		CHECK_INT(orders[0].total, fx->festival_total);
	}
	order_records_free(orders, n);

	/* Editing goes on: a new line, its undo, and nothing before it. */
	CHECK_INT(store_list_add_custom(st, fx->spring, "", "红薯粉条", "", "袋", 1500, 4, &cause),
	          0);
	CHECK_INT(store_list_undo(st, fx->spring, &cause), 0);
	CHECK_INT(store_list_undo(st, fx->spring, &cause), 1);
	CHECK_INT(store_list_load(st, fx->spring, NULL, &l, &cause), 0);
	CHECK_INT(l.nlines, fx->nspring);
	plist_finish(&l);
	/* New ids never reuse a recovered one. */
	int64_t id = create_list(st, "国庆慰问", 5);
	CHECK(id > fx->spring);
}

/* Reads the catalogue as the browser and `list` do, on a file whose
 * catalogue is damaged where the check at start does not look: the read
 * fails, says to start again, and leaves the mark that has the whole file
 * checked then. */
static void find_damage_working(const char *path)
{
	char *cause = NULL;
	char *mark = xasprintf("%s-damaged", path);
	struct store *st = store_open(path, &cause);
	CHECK(st != NULL); /* the lists are sound: the start goes on */
	if (st == NULL) {
		fprintf(stderr, "  cause: %s\n", cause);
		free(cause);
		free(mark);
		return;
	}
	CHECK(access(mark, F_OK) != 0);
	struct store_products products;
	CHECK_INT(store_query_products(st, &(struct store_filter){0}, &products, &cause), -1);
	CHECK(contains(cause, "is damaged"));
	CHECK(contains(cause, "start it again"));
	free(cause);
	store_close(st);
	CHECK(access(mark, F_OK) == 0);
	free(mark);
}

/* A page of the catalogue's table overwritten: the check at start looks at
 * the lists only, the damage shows when the catalogue is read, and the
 * next start checks the whole file, moves it aside and the lists, lines and
 * order all come back. */
static void test_damaged_catalogue_page(const char *fixture_path, const struct fixture *fx)
{
	char *dir = scratch_make("faults");
	char *path = xasprintf("%s/aixingou.db", dir);
	file_copy(fixture_path, path);
	damage_page(path, root_page(path, "items"));
	find_damage_working(path);

	char *cause = NULL, *notice = NULL;
	struct store *st = store_open(path, &cause);
	CHECK(st == NULL);
	CHECK(contains(cause, "is damaged"));
	free(cause);

	st = open_repairing(path, &notice);
	char *aside = find_aside(dir, "aixingou.db");
	CHECK(aside != NULL && aside_name_ok(aside, path));
	CHECK(contains(notice, "is damaged"));
	CHECK(contains(notice, path));
	CHECK(contains(notice, aside));
	char *want = xasprintf("recovered from it: 2 purchase lists with %zu lines, and 1 "
	                       "recorded order",
	                       fx->nspring + 3);
	CHECK(contains(notice, want));
	if (!contains(notice, want))
		fprintf(stderr, "  notice: %s\n", notice);
	free(want);
	if (st != NULL) {
		CHECK_INT(sync_catalogue(st), true);
		check_all_recovered(st, fx);
		store_close(st);
	}
	CHECK_RAW(path, "PRAGMA integrity_check", "ok");
	CHECK_RAW(path, "PRAGMA foreign_key_check", "(none)");
	/* The new file was checked whole: the mark is gone. */
	char *mark = xasprintf("%s-damaged", path);
	CHECK(access(mark, F_OK) != 0);
	free(mark);
	/* The damaged file is kept as it was, still damaged. */
	CHECK_RAW(aside, "SELECT count(*) FROM purchase_lists", "2");
	free(aside);
	free(notice);
	free(path);
	scratch_remove(dir);
}

/* The mark on a sound file (damage SQLite reported that was not in the file,
 * or a file put back from a copy): the whole check passes, the file is used as
 * it is, the mark goes, and nothing is moved. */
static void test_mark_on_sound_file(const char *fixture_path)
{
	char *dir = scratch_make("faults");
	char *path = xasprintf("%s/aixingou.db", dir);
	char *mark = xasprintf("%s-damaged", path);
	file_copy(fixture_path, path);
	file_write(mark, "", 0);
	char *notice = NULL;
	struct store *st = open_repairing(path, &notice);
	CHECK(st != NULL);
	CHECK(notice == NULL);
	CHECK(access(mark, F_OK) != 0);
	if (st != NULL) {
		char *lists = lists_text(st);
		CHECK(contains(lists, "中秋慰问"));
		free(lists);
		store_close(st);
	}
	char *aside = names_starting(dir, "aixingou.db.corrupt");
	CHECK(aside == NULL || aside[0] == '\0');
	free(aside);
	free(notice);
	free(mark);
	free(path);
	scratch_remove(dir);
}

/* Two pages of the lines overwritten, with a sound one between them: every
 * line on the other pages comes back, before, between and after the damaged
 * ones (the scans go on past a damaged page), and exactly those on the two
 * are lost. */
static void test_damaged_lines_pages(const char *fixture_path, const struct fixture *fx)
{
	char *dir = scratch_make("faults");
	char *path = xasprintf("%s/aixingou.db", dir);
	file_copy(fixture_path, path);
	/* The interior root's cells: cell i leads to the rows up to key[i]. */
	long root = root_page(path, "purchase_lines"), child[4];
	int64_t key[4];
	bool interior = true;
	for (int i = 0; i < 4; i++)
		interior = interior && interior_cell(path, root, i, &child[i], &key[i]);
	CHECK(interior);
	if (!interior) {
		fprintf(stderr, "  purchase_lines (page %ld) is not spread over 5 pages\n", root);
		free(path);
		scratch_remove(dir);
		return;
	}
	/* Lost: the rows (key[0], key[1]] and (key[2], key[3]]. */
	damage_page(path, child[1]);
	damage_page(path, child[3]);
	size_t lost = (size_t)(key[1] - key[0] + key[3] - key[2]);
	CHECK(lost > 0 && key[2] > key[1] && lost < fx->nspring);

	char *notice = NULL;
	struct store *st = open_repairing(path, &notice);
	char *want = xasprintf("recovered from it: 2 purchase lists with %zu lines, and 1 "
	                       "recorded order",
	                       fx->nspring + 3 - lost);
	CHECK(contains(notice, want));
	if (!contains(notice, want))
		fprintf(stderr, "  want: %s\n  notice: %s\n", want, notice);
	free(want);
	if (st != NULL) {
		CHECK(sync_catalogue(st));
		struct plist l;
		char *cause = NULL;
		CHECK_INT(store_list_load(st, fx->spring, NULL, &l, &cause), 0);
		CHECK_INT(l.nlines, fx->nspring - lost);
		/* Line ids (4 onwards) run on except for the damaged pages'. */
		bool ids_ok = true;
		int64_t expect = 4;
		for (size_t i = 0; i < l.nlines; i++) {
			if (expect > key[0] && expect <= key[1])
				expect = key[1] + 1;
			if (expect > key[2] && expect <= key[3])
				expect = key[3] + 1;
			ids_ok = ids_ok && l.lines[i].id == expect;
			expect++;
		}
		CHECK(ids_ok);
		plist_finish(&l);
		store_close(st);
	}
	CHECK_RAW(path, "PRAGMA integrity_check", "ok");
	free(notice);
	free(path);
	scratch_remove(dir);
}

/* Lists committed to the write-ahead log but not yet into the file: the log
 * moves aside with the file, and they are recovered from it too. */
static void test_damaged_with_wal(const char *fixture_path, const struct fixture *fx)
{
	char *dir = scratch_make("faults");
	char *path = xasprintf("%s/aixingou.db", dir);
	file_copy(fixture_path, path);
	long items_page = root_page(path, "items");

	/* A program that stopped before its checkpoint left a list in the log. */
	sqlite3 *db = NULL;
	CHECK_INT(sqlite3_open(path, &db), SQLITE_OK);
	CHECK_INT(sqlite3_exec(db,
	                       "PRAGMA wal_autocheckpoint = 0;"
	                       "INSERT INTO purchase_lists (name, union_name, handler, purpose, "
	                       "headcount, pack, per_member_budget, yearly_gift_cap_per_member, "
	                       "poverty_share_min_percent, contract_threshold, created_at, "
	                       "updated_at, edit_order, history_pos) VALUES ('端午慰问', '', '', "
	                       "'dragon-boat', 8, 1, 10000, 220000, 30, 1000000, "
	                       "'2026-06-01 08:00:00', '2026-06-01 08:00:00', 99, 0);"
	                       "INSERT INTO purchase_lines (list_id, position, supplier, name, "
	                       "spec, unit, unit_price, quantity, is_service) VALUES "
	                       "(last_insert_rowid(), 1, '', '粽子', '', '盒', 4800, 1, 0);",
	                       NULL, NULL, NULL),
	          SQLITE_OK);
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_close(db);
	char *wal = xasprintf("%s-wal", path);
	struct stat sb;
	CHECK(stat(wal, &sb) == 0 && sb.st_size > 0);
	free(wal);
	damage_page(path, items_page);
	find_damage_working(path);

	char *notice = NULL;
	struct store *st = open_repairing(path, &notice);
	char *want =
	    xasprintf("recovered from it: 3 purchase lists with %zu lines", fx->nspring + 4);
	CHECK(contains(notice, want));
	if (!contains(notice, want))
		fprintf(stderr, "  notice: %s\n", notice);
	free(want);
	if (st != NULL) {
		char *lists = lists_text(st);
		CHECK(contains(lists, "端午慰问:1"));
		free(lists);
		store_close(st);
	}
	char *aside = find_aside(dir, "aixingou.db");
	char *aside_wal = xasprintf("%s-wal", aside ? aside : "?");
	CHECK(stat(aside_wal, &sb) == 0);
	free(aside_wal);
	free(aside);
	free(notice);
	free(path);
	scratch_remove(dir);
}

/* Another program's database: refused and untouched by store_open (no table
 * of ours added to it); moved aside whole by a repair. */
static void test_foreign_database(void)
{
	char *dir = scratch_make("faults");
	char *path = xasprintf("%s/aixingou.db", dir);
	raw_exec(path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
	               "INSERT INTO moz_places (url) VALUES ('a'), ('b'), ('c');");
	char *cause = NULL, *notice = NULL;
	struct store *st = store_open(path, &cause);
	CHECK(st == NULL);
	CHECK(contains(cause, "not an aixingou database"));
	free(cause);
	CHECK_RAW(path, "SELECT count(*) FROM sqlite_schema", "1");

	st = open_repairing(path, &notice);
	CHECK(contains(notice, "another program"));
	CHECK(contains(notice, "no saved purchase list could be recovered"));
	store_close(st);
	char *aside = find_aside(dir, "aixingou.db");
	CHECK(aside != NULL);
	if (aside != NULL)
		CHECK_RAW(aside, "SELECT group_concat(url) FROM moz_places", "a,b,c");
	CHECK_RAW(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'items'", "1");
	free(aside);
	free(notice);
	free(path);
	scratch_remove(dir);
}

/* Tables of ours as another version left them: an extra column is fine (the
 * file is used as it is); a column missing is damage, named in the notice. */
static void test_schema_columns(const char *fixture_path, const struct fixture *fx)
{
	char *dir = scratch_make("faults");
	char *path = xasprintf("%s/aixingou.db", dir);
	file_copy(fixture_path, path);
	raw_exec(path, "ALTER TABLE purchase_lists ADD COLUMN colour TEXT");
	char *notice = NULL;
	struct store *st = open_repairing(path, &notice);
	CHECK(notice == NULL);
	char *lists = st != NULL ? lists_text(st) : NULL;
	CHECK(contains(lists, "中秋慰问:3"));
	free(lists);
	store_close(st);

	raw_exec(path, "ALTER TABLE orders DROP COLUMN files");
	char *cause = NULL;
	st = store_open(path, &cause);
	CHECK(st == NULL);
	CHECK(contains(cause, "its table orders lacks the column files"));
	free(cause);
	st = open_repairing(path, &notice);
	CHECK(contains(notice, "its table orders lacks the column files"));
	/* The orders cannot be read as they are; the lists can. */
	char *want = xasprintf("recovered from it: 2 purchase lists with %zu lines, and 0 "
	                       "recorded orders",
	                       fx->nspring + 3);
	CHECK(contains(notice, want));
	if (!contains(notice, want))
		fprintf(stderr, "  notice: %s\n", notice);
	free(want);
	store_close(st);
	free(notice);
	free(path);
	scratch_remove(dir);
}

/* A newer aixingou's database is no damage: the clear error, never moved. */
static void test_newer_not_moved(void)
{
	char *dir = scratch_make("faults");
	char *path = xasprintf("%s/aixingou.db", dir);
	raw_exec(path, "CREATE TABLE meta (key TEXT PRIMARY KEY, value); PRAGMA user_version = 7;");
	char *cause = NULL, *unset = xstrdup("unset"), *notice = unset;
	struct store *st = store_open_ex(path, STORE_OPEN_REPAIR, &notice, &cause);
	CHECK(st == NULL);
	CHECK(notice == NULL);
	free(unset);
	CHECK(contains(cause, "was made by a newer aixingou"));
	free(cause);
	char *names = names_starting(dir, "aixingou.db");
	CHECK_STR(names, "aixingou.db\n");
	free(names);
	CHECK_RAW(path, "PRAGMA user_version", "7");
	free(path);
	scratch_remove(dir);
}

/* A damaged file whose folder cannot take a new name: the error says so and
 * what to do, and the file stays where and as it is. */
static void test_damaged_cannot_move(void)
{
	char *dir = scratch_make("faults");
	char *folder = xasprintf("%s/data", dir);
	char *path = xasprintf("%s/aixingou.db", folder);
	mkdir(folder, 0700);
	file_write(path, "garbage, not a database, and long enough to be read as one\n", 60);
	bool locked = false;
	int fd = open(folder, O_RDONLY | O_DIRECTORY);
	int flags = 0;
	if (geteuid() != 0) {
		locked = chmod(folder, 0500) == 0;
	} else if (fd >= 0 && ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
		flags |= FS_IMMUTABLE_FL;
		locked = ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
	}
	if (!locked) {
		skip("a damaged database in a folder that cannot change",
		     "running as root where the file system has no immutable flag (chattr +i)");
	} else {
		char *cause = NULL, *notice = NULL;
		struct store *st = store_open_ex(path, STORE_OPEN_REPAIR, &notice, &cause);
		CHECK(st == NULL);
		CHECK(notice == NULL);
		CHECK(contains(cause, "cannot be moved aside"));
		CHECK(contains(cause, path));
		CHECK(contains(cause, "nothing was changed"));
		free(cause);
		store_close(st);
		char *names = names_starting(folder, "aixingou.db");
		CHECK_STR(names, "aixingou.db\n");
		free(names);
		if (geteuid() != 0) {
			chmod(folder, 0700);
		} else {
			flags &= ~FS_IMMUTABLE_FL;
			ioctl(fd, FS_IOC_SETFLAGS, &flags);
		}
	}
	if (fd >= 0)
		close(fd);
	free(path);
	free(folder);
	scratch_remove(dir);
}

/* ---- Child processes ------------------------------------------------------ */

/* Runs fn(arg) in a child process (a mount namespace, resource limits or
 * signal dispositions of its own) and adds its checks to ours. */
static void in_child(void (*fn)(void *), void *arg)
{
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
		check_passed = check_failed = skipped = 0;
		fn(arg);
		int counts[3] = {check_passed, check_failed, skipped};
		if (write(fds[1], counts, sizeof counts) != (ssize_t)sizeof counts)
			_exit(3);
		fflush(NULL);
		_exit(0);
	}
	close(fds[1]);
	int counts[3] = {0, 0, 0}, status = 0;
	ssize_t n = read(fds[0], counts, sizeof counts);
	close(fds[0]);
	waitpid(pid, &status, 0);
	if (n != (ssize_t)sizeof counts || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		check_failed++;
		fprintf(stderr, "a test's child process ended badly (status %#x)\n", status);
	}
	check_passed += counts[0];
	check_failed += counts[1];
	skipped += counts[2];
}

/* In a child: a mount namespace of its own, so that what it mounts is gone
 * when it ends, whatever happens. False when that is not allowed here. */
static bool private_mounts(void)
{
	/* The kernel ignores the source and type of these mounts; they are
	 * given anyway, since valgrind wants strings there. */
	return unshare(CLONE_NEWNS) == 0 && mount("none", "/", "", MS_REC | MS_PRIVATE, NULL) == 0;
}

/* Makes folder read-only: a read-only bind mount of itself when this process
 * may mount (root, in a namespace of its own), else its permissions (which do
 * not hold back root). Returns how, or NULL when neither works. */
static const char *make_read_only(const char *folder)
{
	if (private_mounts() && mount(folder, folder, "", MS_BIND, NULL) == 0) {
		if (mount("none", folder, "", MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == 0)
			return "a read-only bind mount";
		umount(folder);
	}
	if (geteuid() != 0 && chmod(folder, 0500) == 0)
		return "permissions 0500";
	return NULL;
}

/* ---- Read-only and missing folders -------------------------------------- */

struct folder_case {
	char *dir; /* scratch */
	char *ro;  /* the read-only folder, holding a database */
	const struct fixture *fx;
};

static void read_only_child(void *arg)
{
	struct folder_case *fc = arg;
	char *db = xasprintf("%s/aixingou.db", fc->ro);
	char *fresh = xasprintf("%s/new.db", fc->ro);
	char *nested = xasprintf("%s/aixingou/aixingou.db", fc->ro);
	const char *how = make_read_only(fc->ro);
	if (how == NULL) {
		skip("the read-only folder", "running as root without the right to mount");
		goto out;
	}
	printf("read-only folder: %s\n", how);

	/* A database there: opened, it would fail at the first edit; it is
	 * refused at once, saying why. */
	char *cause = NULL, *notice = NULL;
	struct store *st = store_open_ex(db, STORE_OPEN_REPAIR, &notice, &cause);
	CHECK(st == NULL);
	CHECK(notice == NULL);
	CHECK(contains(cause, db));
	CHECK(contains(cause, "read-only"));
	CHECK(contains(cause, "nothing was changed"));
	if (!contains(cause, "read-only"))
		fprintf(stderr, "  cause: %s\n", cause);
	free(cause);
	cause = NULL;
	store_close(st);

	/* No database yet. */
	st = store_open_ex(fresh, STORE_OPEN_REPAIR, &notice, &cause);
	CHECK(st == NULL);
	CHECK(contains(cause, fresh));
	CHECK(contains(cause, "read-only"));
	free(cause);
	cause = NULL;
	store_close(st);

	/* Not even its folder. */
	st = store_open_ex(nested, STORE_OPEN_REPAIR, &notice, &cause);
	CHECK(st == NULL);
	CHECK(contains(cause, "cannot create the folder"));
	CHECK(contains(cause, "--db"));
	free(cause);
	store_close(st);
out:
	free(db);
	free(fresh);
	free(nested);
}

static void test_read_only_folder(const char *fixture_path, const struct fixture *fx)
{
	struct folder_case fc = {.dir = scratch_make("faults"), .fx = fx};
	fc.ro = xasprintf("%s/ro", fc.dir);
	mkdir(fc.ro, 0700);
	char *db = xasprintf("%s/aixingou.db", fc.ro);
	file_copy(fixture_path, db);
	size_t len;
	char *before = file_read(db, &len);

	in_child(read_only_child, &fc);

	chmod(fc.ro, 0700);
	CHECK(same_bytes(db, before, len));
	char *names = names_starting(fc.ro, "");
	CHECK_STR(names, ".\n..\naixingou.db\n");
	free(names);
	free(before);
	free(db);
	free(fc.ro);
	scratch_remove(fc.dir);
}

/* The folder for the database cannot be made because a file is in the way
 * (XDG_DATA_HOME pointing under a file). */
static void test_folder_is_a_file(void)
{
	char *dir = scratch_make("faults");
	char *blocker = xasprintf("%s/data", dir);
	file_write(blocker, "a file\n", 7);
	char *path = xasprintf("%s/data/aixingou/aixingou.db", dir);
	char *cause = NULL;
	struct store *st = store_open_ex(path, STORE_OPEN_REPAIR, NULL, &cause);
	CHECK(st == NULL);
	CHECK(contains(cause, blocker));
	CHECK(contains(cause, "a file of that name is in the way"));
	free(cause);
	CHECK(same_bytes(blocker, "a file\n", 7));
	free(path);
	free(blocker);
	scratch_remove(dir);
}

/* ---- A full disk ---------------------------------------------------------- */

/* Fills the file system of folder with a file until it is full. */
static void fill_up(const char *folder)
{
	char *filler = xasprintf("%s/filler", folder);
	int fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	static char block[4096];
	while (fd >= 0 && write(fd, block, sizeof block) > 0)
		;
	/* The last bytes of a partly used page. */
	while (fd >= 0 && write(fd, block, 1) > 0)
		;
	if (fd >= 0)
		close(fd);
	free(filler);
}

static void free_up(const char *folder)
{
	char *filler = xasprintf("%s/filler", folder);
	unlink(filler);
	free(filler);
}

/* The lists of the database at path, with their lines. */
static char *lists_of(const char *path)
{
	char *cause = NULL;
	struct store *st = store_open(path, &cause);
	if (st == NULL) {
		char *out = xasprintf("(error: %s)", cause);
		free(cause);
		return out;
	}
	char *out = lists_text(st);
	store_close(st);
	return out;
}

/* True for the message of a full disk, or of a file that may not grow (the
 * size limit of the session). */
static bool says_full(const char *cause)
{
	return (contains(cause, "is full: free some space and try again") ||
	        contains(cause, "cannot grow")) &&
	       contains(cause, "nothing was changed");
}

struct full_case {
	char *folder;     /* where the database is */
	bool size_limit;  /* RLIMIT_FSIZE instead of a small tmpfs */
	char *lists_were; /* lists_of() before */
};

static void full_disk_child(void *arg)
{
	struct full_case *fc = arg;
	char *db = xasprintf("%s/aixingou.db", fc->folder);
	char *fresh = xasprintf("%s/new/aixingou.db", fc->folder);
	char *cause = NULL;

	if (fc->size_limit) {
		/* The session's limit on file sizes: writes past it fail with
		 * EFBIG once SIGXFSZ no longer kills (as the program sets). */
		signal(SIGXFSZ, SIG_IGN);
	} else {
		char *work = xasprintf("%s.work", fc->folder);
		mkdir(work, 0700);
		if (!private_mounts() ||
		    mount("tmpfs", work, "tmpfs", 0, "size=1m,mode=0700") != 0) {
			skip("the full disk on a tmpfs", "not allowed to mount here");
			free(work);
			goto out;
		}
		/* The database is copied onto the small disk. */
		char *moved = xasprintf("%s/aixingou.db", work);
		file_copy(db, moved);
		free(db);
		db = moved;
		free(fresh);
		fresh = xasprintf("%s/new/aixingou.db", work);
		free(fc->folder);
		fc->folder = work;
	}

	/* Opened first, then the disk fills: the edit fails, saying so. */
	struct store *st = store_open(db, &cause);
	CHECK(st != NULL);
	if (st == NULL) {
		fprintf(stderr, "  %s\n", cause);
		free(cause);
		cause = NULL;
		goto out;
	}
	struct rlimit limit = {.rlim_cur = 1024, .rlim_max = RLIM_INFINITY};
	if (fc->size_limit)
		CHECK_INT(setrlimit(RLIMIT_FSIZE, &limit), 0);
	else
		fill_up(fc->folder);
	int64_t id = 0;
	struct plist_info info = {.name = "国庆慰问", .headcount = 3};
	CHECK_INT(store_list_create(st, &info, &id, &cause), -1);
	CHECK(says_full(cause));
	CHECK(contains(cause, db));
	if (!says_full(cause))
		fprintf(stderr, "  cause: %s\n", cause);
	free(cause);
	cause = NULL;
	CHECK_INT(store_list_add_custom(st, 1, "", "月饼", "", "盒", 6800, 2, &cause), -1);
	CHECK(says_full(cause));
	free(cause);
	cause = NULL;
	store_close(st);

	/* Started on a full disk. */
	st = store_open_ex(db, STORE_OPEN_REPAIR, NULL, &cause);
	if (st != NULL) {
		/* The log may have been there already: then the first write
		 * fails instead. */
		CHECK_INT(store_list_create(st, &info, &id, &cause), -1);
		store_close(st);
	}
	CHECK(says_full(cause));
	if (!says_full(cause))
		fprintf(stderr, "  cause: %s\n", cause);
	free(cause);
	cause = NULL;
	char *names = names_starting(fc->folder, "aixingou.db.corrupt");
	CHECK_STR(names, "");
	free(names);

	/* A new database on a full disk. */
	st = store_open_ex(fresh, STORE_OPEN_REPAIR, NULL, &cause);
	if (st != NULL) {
		CHECK(!sync_catalogue(st));
		store_close(st);
	} else {
		CHECK(says_full(cause) || contains(cause, "the disk is full"));
		if (!says_full(cause) && !contains(cause, "the disk is full"))
			fprintf(stderr, "  cause: %s\n", cause);
		free(cause);
	}

	/* Space again: nothing was lost, and editing works. */
	limit.rlim_cur = RLIM_INFINITY;
	if (fc->size_limit)
		setrlimit(RLIMIT_FSIZE, &limit);
	else
		free_up(fc->folder);
	char *lists = lists_of(db);
	CHECK_STR(lists, fc->lists_were);
	free(lists);
	CHECK_RAW(db, "PRAGMA integrity_check", "ok");
	st = store_open(db, &cause);
	if (st != NULL) {
		CHECK_INT(store_list_create(st, &info, &id, &cause), 0);
		store_close(st);
	}
out:
	free(fresh);
	free(db);
}

static void test_full_disk(const char *fixture_path, bool size_limit)
{
	char *dir = scratch_make("faults");
	struct full_case fc = {.folder = xasprintf("%s/data", dir), .size_limit = size_limit};
	mkdir(fc.folder, 0700);
	char *db = xasprintf("%s/aixingou.db", fc.folder);
	/* A small database: the tmpfs is 1 MiB. */
	(void)fixture_path;
	char *cause = NULL;
	struct store *st = store_open(db, &cause);
	if (st == NULL || !sync_catalogue(st)) {
		fprintf(stderr, "%s\n", cause ? cause : "no catalogue");
		exit(2);
	}
	int64_t id = create_list(st, "中秋慰问", 10);
	add_item(st, id, "cha-cuifeng-250", 3);
	fc.lists_were = lists_text(st);
	store_close(st);

	in_child(full_disk_child, &fc);

	/* What the child made once there was space again, if anything, comes
	 * first. */
	char *lists = lists_of(db);
	CHECK(contains(lists, "中秋慰问:1"));
	free(lists);
	free(fc.lists_were);
	free(fc.folder);
	free(db);
	scratch_remove(dir);
}

/* ---- A second program holding the database -------------------------------- */

/* The child holding the lock: runs sql on path, tells the parent by writing a
 * byte to ready, and holds on until the parent closes release. */
static void holder(const char *path, const char *sql, int ready, int release)
{
	sqlite3 *db = NULL;
	char c = 'x';
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "holder: %s\n", sqlite3_errmsg(db));
		_exit(3);
	}
	if (write(ready, &c, 1) != 1)
		_exit(4);
	while (read(release, &c, 1) > 0)
		;
	sqlite3_close(db);
	_exit(0);
}

struct hold {
	pid_t pid;
	int release; /* closing it lets the holder go */
};

static struct hold hold_database(const char *path, const char *sql)
{
	int ready[2], release[2];
	if (pipe(ready) != 0 || pipe(release) != 0) {
		perror("pipe");
		exit(2);
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(ready[0]);
		close(release[1]);
		holder(path, sql, ready[1], release[0]);
	}
	close(ready[1]);
	close(release[0]);
	char c;
	if (read(ready[0], &c, 1) != 1) {
		fprintf(stderr, "the holder did not start\n");
		exit(2);
	}
	close(ready[0]);
	return (struct hold){.pid = pid, .release = release[1]};
}

static void let_go(struct hold *h)
{
	int status = 0;
	close(h->release);
	waitpid(h->pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* A second program in the middle of writing: reading goes on (write-ahead
 * log), an edit waits the busy timeout and then fails, saying who holds the
 * database and that nothing changed; once it lets go, the edit works. */
static void test_locked_for_writing(const char *fixture_path)
{
	/* Static: the forked children end with _exit while these are
	 * allocated; a leak checker sees them reachable. */
	static char *dir, *path;
	dir = scratch_make("faults");
	path = xasprintf("%s/aixingou.db", dir);
	file_copy(fixture_path, path);
	setenv("AIXINGOU_BUSY_TIMEOUT_MS", "400", 1);

	struct hold h = hold_database(path, "BEGIN IMMEDIATE; "
	                                    "INSERT INTO meta (key, value) VALUES ('held', 1)");
	char *cause = NULL;
	struct store *st = store_open_ex(path, STORE_OPEN_REPAIR, NULL, &cause);
	CHECK(st != NULL);
	if (st == NULL) {
		fprintf(stderr, "  %s\n", cause);
		free(cause);
		let_go(&h);
		goto out;
	}
	CHECK(sync_catalogue(st));
	char *lists = lists_text(st);
	CHECK(contains(lists, "中秋慰问:3"));

	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	CHECK_INT(store_list_add_custom(st, 1, "", "月饼", "", "盒", 6800, 2, &cause), -1);
	double waited = seconds_since(&start);
	CHECK(waited >= 0.35 && waited < 10);
	CHECK(contains(cause, "locked by another running aixingou"));
	CHECK(contains(cause, path));
	CHECK(contains(cause, "nothing was changed"));
	free(cause);
	cause = NULL;
	let_go(&h);

	char *after = lists_text(st);
	CHECK_STR(after, lists);
	free(after);
	CHECK_INT(store_list_add_custom(st, 1, "", "月饼", "", "盒", 6800, 2, &cause), 0);
	free(lists);
	store_close(st);
out:
	unsetenv("AIXINGOU_BUSY_TIMEOUT_MS");
	free(path);
	scratch_remove(dir);
}

/* A program that holds the database even against readers (exclusive
 * locking): the start fails after the timeout with the same message, and
 * that is never taken for damage (nothing is moved). */
static void test_locked_for_reading(const char *fixture_path)
{
	/* Static: the forked children end with _exit while these are
	 * allocated; a leak checker sees them reachable. */
	static char *dir, *path;
	dir = scratch_make("faults");
	path = xasprintf("%s/aixingou.db", dir);
	file_copy(fixture_path, path);
	size_t len;
	char *before = file_read(path, &len);
	setenv("AIXINGOU_BUSY_TIMEOUT_MS", "300", 1);

	struct hold h = hold_database(path, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; "
	                                    "SELECT count(*) FROM meta");
	char *cause = NULL, *notice = NULL;
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct store *st = store_open_ex(path, STORE_OPEN_REPAIR, &notice, &cause);
	double waited = seconds_since(&start);
	CHECK(st == NULL);
	CHECK(notice == NULL);
	CHECK(waited >= 0.25);
	CHECK(contains(cause, "locked by another running aixingou"));
	CHECK(contains(cause, path));
	free(cause);
	store_close(st);
	char *names = names_starting(dir, "aixingou.db.corrupt");
	CHECK_STR(names, "");
	free(names);
	let_go(&h);

	st = open_repairing(path, &notice);
	CHECK(notice == NULL);
	char *lists = st != NULL ? lists_text(st) : NULL;
	CHECK(contains(lists, "中秋慰问:3"));
	free(lists);
	store_close(st);
	unsetenv("AIXINGOU_BUSY_TIMEOUT_MS");
	free(before);
	free(path);
	scratch_remove(dir);
}

/* ---- Two programs at once ------------------------------------------------- */

#define EDITS_PER_EDITOR 40

/* One editor: opens the database itself, adds one more of the same product
 * EDITS_PER_EDITOR times and a line of its own every tenth time. Exits 0 when
 * every edit returned 0. */
static void editor(const char *path, int64_t list_id, int who)
{
	char *cause = NULL;
	struct store *st = store_open_ex(path, STORE_OPEN_REPAIR, NULL, &cause);
	if (st == NULL) {
		fprintf(stderr, "editor %d: %s\n", who, cause);
		_exit(3);
	}
	for (int i = 0; i < EDITS_PER_EDITOR; i++) {
		if (store_list_add_item(st, list_id, "moyu-fen", 1, NULL, &cause) != 0) {
			fprintf(stderr, "editor %d, edit %d: %s\n", who, i, cause);
			_exit(4);
		}
		if (i % 10 == 0) {
			char name[32];
			snprintf(name, sizeof name, "editor %d line %d", who, i);
			if (store_list_add_custom(st, list_id, "", name, "", "个", 100, 1,
			                          &cause) != 0) {
				fprintf(stderr, "editor %d, line %d: %s\n", who, i, cause);
				_exit(5);
			}
		}
	}
	store_close(st);
	_exit(0);
}

/* Two programs editing one list at the same time: every edit of both is
 * there (none overwrote the other's), and the file is sound. */
static void test_two_editors(const char *fixture_path, const struct fixture *fx)
{
	/* Static: the forked children end with _exit while these are
	 * allocated; a leak checker sees them reachable. */
	static char *dir, *path;
	dir = scratch_make("faults");
	path = xasprintf("%s/aixingou.db", dir);
	file_copy(fixture_path, path);
	setenv("AIXINGOU_BUSY_TIMEOUT_MS", "30000", 1);

	pid_t pids[2];
	fflush(NULL);
	for (int who = 0; who < 2; who++) {
		pids[who] = fork();
		if (pids[who] == 0)
			editor(path, fx->festival, who);
	}
	for (int who = 0; who < 2; who++) {
		int status = 0;
		waitpid(pids[who], &status, 0);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	unsetenv("AIXINGOU_BUSY_TIMEOUT_MS");

	CHECK_RAW(path, "PRAGMA integrity_check", "ok");
	CHECK_RAW(path, "PRAGMA foreign_key_check", "(none)");
	char *cause = NULL;
	struct store *st = store_open(path, &cause);
	CHECK(st != NULL);
	if (st != NULL) {
		struct plist l;
		CHECK_INT(store_list_load(st, fx->festival, NULL, &l, &cause), 0);
		/* The fixture's 2 of moyu-fen, and one more per edit. */
		int64_t moyu = -1;
		size_t own = 0;
		for (size_t i = 0; i < l.nlines; i++) {
			if (l.lines[i].product_id != NULL &&
			    strcmp(l.lines[i].product_id, "moyu-fen") == 0)
				moyu = l.lines[i].quantity;
			if (strncmp(l.lines[i].name, "editor ", 7) == 0)
				own++;
		}
		CHECK_INT(moyu, 2 + 2 * EDITS_PER_EDITOR);
		CHECK_INT(own, 2 * (EDITS_PER_EDITOR / 10));
		CHECK_INT(l.nlines, 3 + 2 * (EDITS_PER_EDITOR / 10));
		plist_finish(&l);
		store_close(st);
	}
	free(path);
	scratch_remove(dir);
}

/* Several programs starting at once on a new database: each creates the
 * schema, switches the file to write-ahead logging and imports the catalogue
 * without tripping over the others. */
static void test_first_starts_at_once(void)
{
	/* Static: the forked children end with _exit while these are
	 * allocated; a leak checker sees them reachable. */
	static char *dir, *path;
	dir = scratch_make("faults");
	path = xasprintf("%s/data/aixingou.db", dir);
	setenv("AIXINGOU_BUSY_TIMEOUT_MS", "60000", 1);
	pid_t pids[6];
	fflush(NULL);
	for (int who = 0; who < 6; who++) {
		pids[who] = fork();
		if (pids[who] == 0) {
			char *cause = NULL;
			struct store *st = store_open_ex(path, STORE_OPEN_REPAIR, NULL, &cause);
			if (st == NULL) {
				fprintf(stderr, "start %d: %s\n", who, cause);
				_exit(3);
			}
			int rc = sync_catalogue(st) ? 0 : 4;
			store_close(st);
			_exit(rc);
		}
	}
	for (int who = 0; who < 6; who++) {
		int status = 0;
		waitpid(pids[who], &status, 0);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	unsetenv("AIXINGOU_BUSY_TIMEOUT_MS");
	CHECK_RAW(path, "PRAGMA integrity_check", "ok");
	CHECK_RAW(path, "SELECT count(*) FROM items", "7");
	char *data = xasprintf("%s/data", dir);
	char *names = names_starting(data, "aixingou.db.corrupt");
	CHECK_STR(names, "");
	free(names);
	free(data);
	free(path);
	scratch_remove(dir);
}

int main(void)
{
	char *dir = scratch_make("faults");
	char *fixture_path = xasprintf("%s/fixture.db", dir);
	struct fixture fx;
	make_fixture(fixture_path, 300, &fx);

	test_garbage();
	test_truncated(fixture_path, &fx);
	test_damaged_catalogue_page(fixture_path, &fx);
	test_mark_on_sound_file(fixture_path);
	test_damaged_lines_pages(fixture_path, &fx);
	test_damaged_with_wal(fixture_path, &fx);
	test_foreign_database();
	test_schema_columns(fixture_path, &fx);
	test_newer_not_moved();
	test_damaged_cannot_move();
	test_read_only_folder(fixture_path, &fx);
	test_folder_is_a_file();
	test_full_disk(fixture_path, false);
	test_full_disk(fixture_path, true);
	test_locked_for_writing(fixture_path);
	test_locked_for_reading(fixture_path);
	test_two_editors(fixture_path, &fx);
	test_first_starts_at_once();

	fixture_finish(&fx);
	free(fixture_path);
	scratch_remove(dir);
	if (skipped > 0)
		printf("%d skipped\n", skipped);
	return check_done();
}
