/* Tests of the catalogue loader: a small valid catalogue read into the model,
 * the content hash, and a folder of broken catalogues (tests/data/bad/NN-*),
 * each with the exact error lines it must produce in its file `expected`. */
#include "check.h"

#include "catalogue/catalogue.h"
#include "core/diag.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *data_dir;

/* The whole file at path (NUL-terminated), or NULL. Caller frees. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 4096, n = 0;
	char *buf = xmalloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (cap - n - 1 == 0)
			buf = xrealloc(buf, cap *= 2);
	}
	fclose(f);
	buf[n] = '\0';
	if (len != NULL)
		*len = n;
	return buf;
}

static void spill(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f == NULL)
		return;
	CHECK(fwrite(data, 1, len, f) == len);
	CHECK(fclose(f) == 0);
}

/* Prints the diagnostics of a load that should have worked. */
static void show_diags(const char *what, const struct diag_list *diags)
{
	for (size_t i = 0; i < diags->count; i++) {
		char *line = diag_format(&diags->items[i]);
		fprintf(stderr, "%s: unexpected: %s\n", what, line);
		free(line);
	}
}

static struct catalogue *load_ok(const char *dir)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct catalogue *cat = catalogue_load(dir, &diags);
	CHECK(cat != NULL);
	CHECK_INT(diag_total(&diags), 0);
	show_diags(dir, &diags);
	diag_list_finish(&diags);
	return cat;
}

static void test_minimal(void)
{
	char *dir = xasprintf("%s/good/minimal", data_dir);
	struct catalogue *cat = load_ok(dir);
	if (cat == NULL) {
		free(dir);
		return;
	}
	CHECK_INT(cat->schema, 1);
	CHECK_STR(cat->title, "紫阳县消费扶贫建议目录（测试）");
	CHECK_STR(cat->publisher, "紫阳县总工会");
	CHECK_STR(cat->region_code, "610924");
	CHECK_STR(cat->region_name, "紫阳县");
	CHECK(cat->sample);

	CHECK_INT(cat->neditions, 2);
	if (cat->neditions == 2) {
		CHECK_INT(cat->editions[0].no, 1);
		CHECK_STR(cat->editions[0].title, "第一期");
		CHECK_STR(cat->editions[0].published, "2020-04-20");
		CHECK_INT(cat->editions[1].no, 2);
		CHECK_STR(cat->editions[1].title, "第二期");
		CHECK_STR(cat->editions[1].published, "2020-09-01");
	}
	CHECK_INT(cat->ncategories, 3);
	if (cat->ncategories == 3) {
		CHECK_STR(cat->categories[0].id, "tea");
		CHECK_STR(cat->categories[1].name, "魔芋制品");
		CHECK_STR(cat->categories[2].id, "tourism"); /* a flow mapping */
		CHECK_STR(cat->categories[2].name, "旅游服务");
	}
	CHECK_INT(cat->ntownships, 3);
	if (cat->ntownships == 3) {
		CHECK_INT(cat->townships[1].code, 610924112);
		CHECK_STR(cat->townships[1].name, "毛坝镇");
	}
	CHECK_INT(cat->rules.per_member_budget, 10000);
	CHECK_INT(cat->rules.yearly_gift_cap_per_member, 220000);
	CHECK_INT(cat->rules.poverty_share_min_percent, 30);
	CHECK_INT(cat->rules.contract_threshold, 1000000);

	/* README.txt and .draft.yaml are not enterprises. */
	CHECK_INT(cat->nenterprises, 3);
	if (cat->nenterprises == 3) {
		const struct cat_enterprise *tea = &cat->enterprises[0];
		const struct cat_enterprise *konjac = &cat->enterprises[1];
		const struct cat_enterprise *hotel = &cat->enterprises[2];
		char *file = xasprintf("%s/enterprises/01-tea.yaml", dir);
		CHECK_STR(tea->file, file);
		free(file);
		CHECK_STR(tea->id, "shili-tea"); /* after the byte-order mark */
		CHECK_STR(tea->short_name, "示例茶业");
		CHECK_INT(tea->kinds, CAT_KIND_FARM);
		CHECK_INT(tea->township, 610924112); /* from the name 毛坝镇 */
		CHECK_INT(tea->edition, 1);
		CHECK_INT(tea->platforms, CAT_PLATFORM_832 | CAT_PLATFORM_SHAANXI_UNION);
		CHECK(!tea->recuperation_base);
		CHECK(tea->contact_person == NULL);
		CHECK_STR(tea->contact_address, "毛坝镇示例村");
		CHECK_STR(tea->description, "富硒茶园，示例数据。\n第二行。");

		CHECK_STR(konjac->id, "shili-konjac"); /* CR LF line ends */
		CHECK_STR(konjac->name, "紫阳县示例魔芋食品厂");
		CHECK(konjac->short_name == NULL);
		CHECK_INT(konjac->kinds, CAT_KIND_FARM | CAT_KIND_HARDSHIP);
		CHECK_INT(konjac->township, 610924100); /* from the code */
		CHECK_INT(konjac->edition, 2);
		CHECK_INT(konjac->platforms, CAT_PLATFORM_832); /* written "832" */
		CHECK(konjac->description == NULL);

		CHECK_INT(hotel->kinds, CAT_KIND_TOURISM);
		CHECK_INT(hotel->township, 610924115);
		CHECK_INT(hotel->edition, 0);
		CHECK_INT(hotel->platforms, 0);
		CHECK(hotel->recuperation_base);
		CHECK_STR(hotel->contact_person, "示例联系人");
		CHECK_STR(hotel->contact_phone, "0915-0000000");
	}

	CHECK_INT(cat->nitems, 5);
	CHECK_INT(cat->nproducts, 3);
	CHECK_INT(cat->nservices, 2);
	if (cat->nitems == 5) {
		const struct cat_item *cuifeng = &cat->items[0], *hongcha = &cat->items[1];
		const struct cat_item *noodles = &cat->items[2], *room = &cat->items[3];
		const struct cat_item *tour = &cat->items[4];
		CHECK_STR(cuifeng->id, "shili-cuifeng-250");
		CHECK_INT(cuifeng->enterprise, 0);
		CHECK(!cuifeng->is_service);
		CHECK_STR(cuifeng->name, "紫阳毛尖·翠峰");
		CHECK_STR(cuifeng->category, "tea");
		CHECK_STR(cuifeng->spec, "250克×2罐");
		CHECK_STR(cuifeng->unit, "盒");
		CHECK_INT(cuifeng->price, 16800);
		CHECK_INT(cuifeng->net_weight_g, 500);
		CHECK_INT(cuifeng->min_order, 1); /* the default */
		CHECK(cuifeng->certified_832);
		CHECK(cuifeng->selenium_rich);
		CHECK_INT(cuifeng->shelf_life_days, 540);
		CHECK_INT(cuifeng->ntags, 3);
		if (cuifeng->ntags == 3) {
			CHECK_STR(cuifeng->tags[0], "绿茶");
			CHECK_STR(cuifeng->tags[2], "明前");
		}
		CHECK(cuifeng->description == NULL);

		CHECK_STR(hongcha->spec, "500"); /* a plain number is text here */
		CHECK_INT(hongcha->price, 3850);
		CHECK_INT(hongcha->min_order, 10);
		CHECK(!hongcha->certified_832);
		CHECK(!hongcha->selenium_rich);
		CHECK_INT(hongcha->net_weight_g, 0);
		CHECK_INT(hongcha->shelf_life_days, 0);
		CHECK_INT(hongcha->ntags, 0);

		CHECK_STR(noodles->id, "konjac-noodles");
		CHECK_INT(noodles->enterprise, 1);
		CHECK_INT(noodles->price, 4550);
		CHECK_INT(noodles->net_weight_g, 2000);
		CHECK(noodles->spec == NULL);
		CHECK_INT(noodles->ntags, 0);

		CHECK(room->is_service);
		CHECK_INT(room->enterprise, 2);
		CHECK_STR(room->unit, "天");
		CHECK_INT(room->price, 26000);
		CHECK_INT(room->min_order, 1);
		CHECK(tour->is_service);
		CHECK_STR(tour->spec, "半天");
		CHECK_INT(tour->min_order, 5);
	}

	/* The data really has what the test claims to cover. */
	char *path = xasprintf("%s/enterprises/01-tea.yaml", dir);
	char *text = slurp(path, NULL);
	CHECK(text != NULL && memcmp(text, "\xEF\xBB\xBF", 3) == 0);
	free(text);
	free(path);
	path = xasprintf("%s/enterprises/02-konjac.yml", dir);
	text = slurp(path, NULL);
	CHECK(text != NULL && strstr(text, "\r\n") != NULL);
	free(text);
	free(path);

	CHECK_INT(strlen(cat->hash), 16);
	CHECK_INT(strspn(cat->hash, "0123456789abcdef"), 16);
	char hash[17] = "", *cause = NULL;
	CHECK_INT(catalogue_hash(dir, hash, &cause), 0);
	CHECK_STR(hash, cat->hash);
	free(cause);
	catalogue_free(cat);
	free(dir);
}

/* Copies the regular files of from into to (created), one level deep. */
static void copy_dir(const char *from, const char *to)
{
	CHECK(mkdir(to, 0700) == 0);
	DIR *d = opendir(from);
	CHECK(d != NULL);
	if (d == NULL)
		return;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char *src = xasprintf("%s/%s", from, de->d_name);
		char *dst = xasprintf("%s/%s", to, de->d_name);
		struct stat st;
		if (stat(src, &st) == 0 && S_ISDIR(st.st_mode)) {
			copy_dir(src, dst);
		} else {
			size_t len;
			char *data = slurp(src, &len);
			CHECK(data != NULL);
			if (data != NULL)
				spill(dst, data, len);
			free(data);
		}
		free(src);
		free(dst);
	}
	closedir(d);
}

static void remove_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d != NULL) {
		struct dirent *de;
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
				continue;
			char *sub = xasprintf("%s/%s", path, de->d_name);
			remove_tree(sub);
			free(sub);
		}
		closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

/* The hash depends on the files' names and bytes only: the same in another
 * folder, the same on every load, different after any edit. */
static void test_hash(void)
{
	char tmpl[] = "/tmp/aix-test-loader-XXXXXX";
	char *tmp = mkdtemp(tmpl);
	CHECK(tmp != NULL);
	if (tmp == NULL)
		return;
	char *orig = xasprintf("%s/good/minimal", data_dir);
	char *copy = xasprintf("%s/minimal", tmp);
	copy_dir(orig, copy);

	struct catalogue *a = load_ok(orig), *b = load_ok(copy), *c = load_ok(copy);
	if (a != NULL && b != NULL && c != NULL) {
		CHECK_STR(b->hash, a->hash);
		CHECK_STR(c->hash, b->hash);
	}

	/* One byte more in a comment: the same catalogue, another hash. */
	char *path = xasprintf("%s/enterprises/03-hotel.yaml", copy);
	size_t len;
	char *text = slurp(path, &len);
	CHECK(text != NULL);
	if (text != NULL) {
		text = xrealloc(text, len + 16);
		memcpy(text + len, "# edited\n", 9);
		spill(path, text, len + 9);
	}
	struct catalogue *d = load_ok(copy);
	char hash[17] = "", *cause = NULL;
	CHECK_INT(catalogue_hash(copy, hash, &cause), 0);
	free(cause);
	if (a != NULL && d != NULL) {
		CHECK(strcmp(d->hash, a->hash) != 0);
		CHECK_STR(hash, d->hash);
		CHECK_INT(d->nitems, a->nitems);
	}

	/* Renaming a file changes the hash too. */
	char *renamed = xasprintf("%s/enterprises/04-hotel.yaml", copy);
	CHECK(rename(path, renamed) == 0);
	struct catalogue *e = load_ok(copy);
	if (d != NULL && e != NULL)
		CHECK(strcmp(e->hash, d->hash) != 0);

	/* Without the catalogue there is no hash, and a reason. */
	char *gone = xasprintf("%s/nowhere", tmp);
	cause = NULL;
	CHECK_INT(catalogue_hash(gone, hash, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "catalogue.yaml") != NULL);
	free(cause);
	free(gone);

	catalogue_free(a);
	catalogue_free(b);
	catalogue_free(c);
	catalogue_free(d);
	catalogue_free(e);
	free(text);
	free(renamed);
	free(path);
	remove_tree(tmp);
	free(orig);
	free(copy);
}

/* Splits text into lines (no trailing empty line). Caller frees the array;
 * the lines point into text, which is modified. */
static char **split_lines(char *text, size_t *n)
{
	char **lines = NULL;
	*n = 0;
	for (char *p = text; *p != '\0';) {
		char *nl = strchr(p, '\n');
		if ((*n & (*n - 1)) == 0)
			lines = xreallocarray(lines, *n ? *n * 2 : 1, sizeof *lines);
		lines[(*n)++] = p;
		if (nl == NULL)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	return lines;
}

/* The diagnostics as diag_format prints them, with "dir/" taken off the
 * front of each so that the expected lines do not depend on where the
 * tests run. Caller frees each line and the array. */
static char **formatted(const struct diag_list *diags, const char *dir)
{
	char **got = xcalloc(diags->count + 1, sizeof *got);
	size_t skip = strlen(dir);
	for (size_t i = 0; i < diags->count; i++) {
		char *line = diag_format(&diags->items[i]);
		if (strncmp(line, dir, skip) == 0 && line[skip] == '/') {
			got[i] = xstrdup(line + skip + 1);
			free(line);
		} else {
			got[i] = line;
		}
	}
	return got;
}

/* Loads one broken catalogue and compares its errors with its `expected`
 * file, line by line; prints both sides where they differ. */
static void check_bad(const char *name, size_t max)
{
	char *dir = xasprintf("%s/bad/%s", data_dir, name);
	char *exp_path = xasprintf("%s/expected", dir);
	char *exp_text = slurp(exp_path, NULL);
	if (exp_text == NULL) {
		fprintf(stderr, "bad/%s: no file `expected`\n", name);
		CHECK(exp_text != NULL);
		free(exp_path);
		free(dir);
		return;
	}
	size_t nexp;
	char **expected = split_lines(exp_text, &nexp);

	struct diag_list diags = DIAG_LIST_INIT;
	diags.max = max;
	struct catalogue *cat = catalogue_load(dir, &diags);
	if (cat != NULL)
		fprintf(stderr, "bad/%s: loaded without error\n", name);
	CHECK(cat == NULL);
	catalogue_free(cat);

	char **got = formatted(&diags, dir);
	size_t want = max != 0 && max < nexp ? max : nexp;
	bool same = diags.count == want;
	for (size_t i = 0; same && i < want; i++)
		same = strcmp(got[i], expected[i]) == 0;
	CHECK(same);
	if (!same) {
		fprintf(stderr, "bad/%s: the errors differ from `expected`:\n", name);
		for (size_t i = 0; i < want || i < diags.count; i++) {
			const char *e = i < want ? expected[i] : NULL;
			const char *g = i < diags.count ? got[i] : NULL;
			if (e != NULL && g != NULL && strcmp(e, g) == 0) {
				fprintf(stderr, "    %s\n", e);
				continue;
			}
			if (e != NULL)
				fprintf(stderr, "  - %s\n", e);
			if (g != NULL)
				fprintf(stderr, "  + %s\n", g);
		}
	}
	/* With a cap, the errors past it are counted, not lost. */
	if (max != 0)
		CHECK_INT(diags.dropped, nexp - want);

	for (size_t i = 0; i < diags.count; i++)
		free(got[i]);
	free(got);
	diag_list_finish(&diags);
	free(expected);
	free(exp_text);
	free(exp_path);
	free(dir);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_bad(void)
{
	char *bad = xasprintf("%s/bad", data_dir);
	DIR *d = opendir(bad);
	CHECK(d != NULL);
	free(bad);
	if (d == NULL)
		return;
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((n & (n - 1)) == 0)
			names = xreallocarray(names, n ? n * 2 : 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, compare_names);
	CHECK(n >= 28);
	for (size_t i = 0; i < n; i++) {
		check_bad(names[i], 0);
		free(names[i]);
	}
	free(names);
}

/* A catalogue with more errors than the list keeps: the first five are
 * kept, the others counted. */
static void test_cap(void)
{
	check_bad("34-many-errors", 5);
}

/* Errors already in the list are not this load's: it still succeeds. */
static void test_earlier_errors(void)
{
	struct diag_list diags = DIAG_LIST_INIT;
	diag_add(&diags, "elsewhere", 1, 1, "an earlier error");
	char *dir = xasprintf("%s/good/minimal", data_dir);
	struct catalogue *cat = catalogue_load(dir, &diags);
	CHECK(cat != NULL);
	CHECK_INT(diags.count, 1);
	catalogue_free(cat);
	catalogue_free(NULL);
	diag_list_finish(&diags);
	free(dir);
}

/* A folder holding a copy of the minimal catalogue.yaml and one enterprise
 * file enterprises/x.yaml with the len bytes of text. Caller frees and
 * removes it (remove_tree). */
static char *one_enterprise(const char *text, size_t len)
{
	char tmpl[] = "/tmp/aix-test-loader-XXXXXX";
	char *tmp = mkdtemp(tmpl);
	CHECK(tmp != NULL);
	if (tmp == NULL)
		return NULL;
	char *dir = xstrdup(tmp);
	char *from = xasprintf("%s/good/minimal/catalogue.yaml", data_dir);
	char *to = xasprintf("%s/catalogue.yaml", dir);
	char *ents = xasprintf("%s/enterprises", dir);
	size_t clen;
	char *cat = slurp(from, &clen);
	CHECK(cat != NULL);
	if (cat != NULL)
		spill(to, cat, clen);
	CHECK(mkdir(ents, 0700) == 0);
	char *file = xasprintf("%s/x.yaml", ents);
	if (text != NULL)
		spill(file, text, len);
	free(file);
	free(cat);
	free(ents);
	free(to);
	free(from);
	return dir;
}

/* Loads dir, which must fail with exactly the one error want (the folder's
 * path taken off its front). */
static void check_one_error(const char *dir, const char *want)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct catalogue *cat = catalogue_load(dir, &diags);
	CHECK(cat == NULL);
	catalogue_free(cat);
	char **got = formatted(&diags, dir);
	CHECK_INT(diags.count, 1);
	CHECK_STR(diags.count > 0 ? got[0] : NULL, want);
	for (size_t i = 0; i < diags.count; i++)
		free(got[i]);
	free(got);
	diag_list_finish(&diags);
}

/* The head of a valid enterprise: nine lines, so that what a case adds
 * starts on line 10. */
#define ENTERPRISE_HEAD                                                                            \
	"id: x\nname: X\ntownship: 610924100\nproducts:\n  - id: x-p\n    name: P\n"               \
	"    category: tea\n    unit: box\n    price: 1\n"

/* The enterprise file of a case: ENTERPRISE_HEAD, then key, then n bytes
 * of value, then end, in *len bytes. Caller frees. */
static char *enterprise_text(const char *key, const char *value, size_t n, const char *end,
                             size_t *len)
{
	static const char head[] = ENTERPRISE_HEAD;
	size_t hlen = sizeof head - 1, klen = strlen(key), elen = strlen(end);
	char *text = xmalloc(hlen + klen + n + elen);
	memcpy(text, head, hlen);
	memcpy(text + hlen, key, klen);
	memcpy(text + hlen + klen, value, n);
	memcpy(text + hlen + klen + n, end, elen);
	*len = hlen + klen + n + elen;
	return text;
}

/* NUL bytes, overlong UTF-8 and surrogates, raw and as escapes: each is
 * refused with its place; none reaches the model. */
static void test_bad_bytes(void)
{
	static const struct {
		const char *text; /* the description, in double quotes */
		size_t len;
		const char *error;
	} cases[] = {
	    {"a\\0b", 4,
	     "enterprises/x.yaml:10:14: error: description contains the control character U+0000; "
	     "remove it"},
	    {"a\0b", 3,
	     "enterprises/x.yaml:10:16: error: YAML syntax error: control characters are not "
	     "allowed (U+0000)"},
	    {"a\xC0\x80z", 4,
	     "enterprises/x.yaml:10:16: error: invalid UTF-8 (byte 0xC0); the file must be saved "
	     "as UTF-8"},
	    {"a\xE0\x80\xAFz", 5,
	     "enterprises/x.yaml:10:16: error: invalid UTF-8 (byte 0xE0); the file must be saved "
	     "as UTF-8"},
	    {"a\xED\xA0\x80z", 5,
	     "enterprises/x.yaml:10:16: error: invalid UTF-8 (byte 0xED); the file must be saved "
	     "as UTF-8"},
	    {"a\\uD800b", 8,
	     "enterprises/x.yaml:10:18: error: YAML syntax error: found invalid Unicode character "
	     "escape code (while parsing a quoted scalar at line 10)"},
	    {"a\\uDFFFb", 8,
	     "enterprises/x.yaml:10:18: error: YAML syntax error: found invalid Unicode character "
	     "escape code (while parsing a quoted scalar at line 10)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t len;
		char *text =
		    enterprise_text("description: \"", cases[i].text, cases[i].len, "\"\n", &len);
		char *dir = one_enterprise(text, len);
		if (dir != NULL) {
			check_one_error(dir, cases[i].error);
			remove_tree(dir);
		}
		free(dir);
		free(text);
	}
}

/* A value of 64 KiB is read; one byte more is refused at its start. */
static void test_long_value(void)
{
	size_t max = 64 << 10, len;
	char *value = xmalloc(max + 1);
	memset(value, 'x', max + 1);
	char *text = enterprise_text("description: ", value, max, "\n", &len);
	char *dir = one_enterprise(text, len);
	free(text);
	if (dir != NULL) {
		struct catalogue *cat = load_ok(dir);
		CHECK(cat != NULL && cat->nenterprises == 1 &&
		      strlen(cat->enterprises[0].description) == max);
		catalogue_free(cat);

		char *path = xasprintf("%s/enterprises/x.yaml", dir);
		text = enterprise_text("description: ", value, max + 1, "\n", &len);
		spill(path, text, len);
		free(text);
		check_one_error(dir,
		                "enterprises/x.yaml:10:14: error: this value is longer than 64 "
		                "KiB (65537 bytes); a catalogue value should be far shorter");
		free(path);
		remove_tree(dir);
	}
	free(dir);
	free(value);
}

/* Paths that are not regular files: refused at once (a named pipe must not
 * block the loader or the hash), each with a message that says what it is. */
static void test_not_files(void)
{
	char *dir = one_enterprise(NULL, 0);
	if (dir == NULL)
		return;
	char *path = xasprintf("%s/enterprises/x.yaml", dir);
	char hash[17], *cause = NULL;

	CHECK(mkfifo(path, 0600) == 0);
	check_one_error(dir, "enterprises/x.yaml: error: not a regular file (a pipe, device or "
	                     "socket); a catalogue file must be an ordinary file");
	CHECK_INT(catalogue_hash(dir, hash, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "x.yaml: not a regular file") != NULL);
	free(cause);
	cause = NULL;
	CHECK(unlink(path) == 0);

	CHECK(mkdir(path, 0700) == 0);
	check_one_error(dir, "enterprises/x.yaml: error: this is a folder, not a file; rename it "
	                     "or move it out of the catalogue");
	CHECK(rmdir(path) == 0);

	/* The catalogue folder itself: a file, or nothing at all. */
	char *file = xasprintf("%s/catalogue.yaml", dir);
	struct diag_list diags = DIAG_LIST_INIT;
	CHECK(catalogue_load(file, &diags) == NULL);
	CHECK_INT(diags.count, 1);
	if (diags.count == 1) {
		CHECK_STR(diags.items[0].file, file);
		CHECK_STR(diags.items[0].msg,
		          "not a folder; a catalogue folder holds catalogue.yaml "
		          "and an enterprises folder");
	}
	diag_list_finish(&diags);
	CHECK_INT(catalogue_hash(file, hash, &cause), -1);
	CHECK(cause != NULL && strstr(cause, "not a folder") != NULL);
	free(cause);
	free(file);
	char *gone = xasprintf("%s/nowhere", dir);
	CHECK(catalogue_load(gone, &diags) == NULL);
	CHECK_INT(diags.count, 1);
	if (diags.count == 1)
		CHECK_STR(diags.items[0].msg, "no such folder; a catalogue folder holds "
		                              "catalogue.yaml and an enterprises folder");
	diag_list_finish(&diags);
	free(gone);

	free(path);
	remove_tree(dir);
	free(dir);
}

static void test_words(void)
{
	CHECK_STR(cat_kind_name(CAT_KIND_FARM), "farm");
	CHECK_STR(cat_kind_name(CAT_KIND_TOURISM), "tourism");
	CHECK_STR(cat_kind_name(CAT_KIND_HARDSHIP), "hardship");
	CHECK(cat_kind_name(CAT_KIND_HARDSHIP << 1) == NULL);
	CHECK(cat_kind_name(CAT_KIND_FARM | CAT_KIND_TOURISM) == NULL);
	CHECK_INT(cat_kind_parse("tourism"), CAT_KIND_TOURISM);
	CHECK_INT(cat_kind_parse("Tourism"), 0);
	CHECK_INT(cat_kind_parse(""), 0);
	CHECK_STR(cat_platform_name(CAT_PLATFORM_832), "832");
	CHECK_STR(cat_platform_name(CAT_PLATFORM_SHAANXI_UNION), "shaanxi-union");
	CHECK(cat_platform_name(0) == NULL);
	CHECK_INT(cat_platform_parse("shaanxi-union"), CAT_PLATFORM_SHAANXI_UNION);
	CHECK_INT(cat_platform_parse("833"), 0);
}

int main(void)
{
	data_dir = getenv("AIX_TEST_DATA");
	if (data_dir == NULL) {
		fprintf(stderr, "test-loader: set AIX_TEST_DATA to tests/data\n");
		return 1;
	}
	test_words();
	test_minimal();
	test_hash();
	test_bad();
	test_cap();
	test_earlier_errors();
	test_bad_bytes();
	test_long_value();
	test_not_files();
	return check_done();
}
