/* Fuzzes the catalogue loader: catalogue_load, catalogue_hash, the diags.
 *
 * An input is a whole catalogue folder in one file: catalogue.yaml, then up to
 * three enterprise files, each after a line "--8<--", which may go on with a
 * space and the file's name (else they are 01-a.yaml, 02-b.yaml, 03-c.yml):
 *
 *   schema: 1
 *   ...
 *   --8<--
 *   id: shili-tea
 *   ...
 *   --8<-- 02-\e[31mred.yaml
 *   id: ...
 *
 * The parts are written into a private folder made once per process (the
 * enterprise files of the previous input are removed first), and the folder
 * is loaded. Beyond the loader never crashing, leaking or reading out of
 * bounds, it checks what catalogue.h and diag.h promise: a catalogue or at
 * least one error, never both; every error formats to printable text, even
 * when it names a file whose name holds escapes; the model holds valid UTF-8
 * without control characters (but newlines and tabs in descriptions), prices
 * within range, indexes within their arrays; and the hash of the loaded files
 * is the one catalogue_hash computes. */
#include "fuzz.h"

#include "catalogue/catalogue.h"
#include "core/diag.h"
#include "core/money.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What starts each enterprise file in an input: a line of its own, or
 * followed by a space and the file's name. */
#define PART_MARK "\n--8<--"

/* Enterprise file names longer than this are not taken (NAME_MAX is 255). */
#define NAME_MAX_TAKEN 200

static const char *const default_names[] = {"01-a.yaml", "02-b.yaml", "03-c.yml"};
#define NENTERPRISES (sizeof default_names / sizeof default_names[0])

/* The catalogue folder, its catalogue.yaml, and the enterprise files the
 * previous input wrote. */
static const char *folder;
static char *catalogue_path;
static char *written[NENTERPRISES];

static void make_folder(void)
{
	char *ents;

	folder = fuzz_private_dir();
	ents = xasprintf("%s/enterprises", folder);
	if (mkdir(ents, 0700) != 0 && errno != EEXIST)
		abort();
	free(ents);
	catalogue_path = xasprintf("%s/catalogue.yaml", folder);
}

/* The file name a mark line gives (name[0..len)), when it is one a folder
 * can hold; else the default name of the part. Caller frees. */
static char *enterprise_path(size_t part, const char *name, size_t len)
{
	bool usable = len > 0 && len <= NAME_MAX_TAKEN && memchr(name, '/', len) == NULL &&
	              memchr(name, '\0', len) == NULL && !(len == 1 && name[0] == '.') &&
	              !(len == 2 && name[0] == '.' && name[1] == '.');

	if (!usable)
		return xasprintf("%s/enterprises/%s", folder, default_names[part]);
	return xasprintf("%s/enterprises/%.*s", folder, (int)len, name);
}

/* Writes the parts of the input as the folder's files. */
static void write_parts(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	size_t part = 0;

	for (size_t i = 0; i < NENTERPRISES; i++) {
		if (written[i] != NULL && unlink(written[i]) != 0 && errno != ENOENT)
			abort();
		free(written[i]);
		written[i] = NULL;
	}

	/* catalogue.yaml, then each enterprise file. The line break before a
	 * mark belongs to the part before it; the last enterprise file takes
	 * the rest, marks and all. */
	const char *mark = memmem(p, size, PART_MARK, strlen(PART_MARK));
	fuzz_write_file(catalogue_path, p, (size_t)((mark != NULL ? mark + 1 : end) - p));
	while (mark != NULL && part < NENTERPRISES) {
		const char *line = mark + strlen(PART_MARK);
		const char *eol = memchr(line, '\n', (size_t)(end - line));
		const char *body = eol != NULL ? eol + 1 : end;
		const char *name = line < end && *line == ' ' ? line + 1 : line;
		size_t name_len = (size_t)((eol != NULL ? eol : end) - name);
		char *path = enterprise_path(part, name, name_len);

		mark = NULL;
		if (part + 1 < NENTERPRISES)
			mark = memmem(body, (size_t)(end - body), PART_MARK, strlen(PART_MARK));
		fuzz_write_file(path, body, (size_t)((mark != NULL ? mark + 1 : end) - body));
		written[part++] = path;
	}
}

static void check_string(const char *s, bool required, bool multiline)
{
	if (s == NULL) {
		FUZZ_ASSERT(!required);
		return;
	}
	FUZZ_ASSERT_TEXT(s[0] != '\0', s);
	FUZZ_ASSERT_TEXT(fuzz_printable(s, multiline ? "\n\t" : NULL), s);
}

static void check_money(money_t m, bool positive)
{
	FUZZ_ASSERT(m <= MONEY_MAX);
	FUZZ_ASSERT(positive ? m > 0 : m >= 0);
}

/* The promises of struct catalogue about a catalogue that loaded. */
static void check_catalogue(const struct catalogue *cat)
{
	FUZZ_ASSERT(cat->schema == 1);
	check_string(cat->title, true, false);
	check_string(cat->publisher, true, false);
	check_string(cat->region_code, false, false);
	check_string(cat->region_name, false, false);
	check_money(cat->rules.per_member_budget, true);
	check_money(cat->rules.yearly_gift_cap_per_member, true);
	check_money(cat->rules.contract_threshold, true);
	FUZZ_ASSERT(cat->rules.poverty_share_min_percent >= 0 &&
	            cat->rules.poverty_share_min_percent <= 100);

	FUZZ_ASSERT(cat->neditions > 0 && cat->ncategories > 0 && cat->ntownships > 0);
	for (size_t i = 0; i < cat->neditions; i++) {
		FUZZ_ASSERT(cat->editions[i].no >= 1);
		check_string(cat->editions[i].title, true, false);
		check_string(cat->editions[i].published, true, false);
		FUZZ_ASSERT(strlen(cat->editions[i].published) == 10);
	}
	for (size_t i = 0; i < cat->ncategories; i++) {
		check_string(cat->categories[i].id, true, false);
		check_string(cat->categories[i].name, true, false);
	}
	for (size_t i = 0; i < cat->ntownships; i++) {
		FUZZ_ASSERT(cat->townships[i].code >= 1);
		check_string(cat->townships[i].name, true, false);
	}

	FUZZ_ASSERT(cat->nenterprises > 0);
	for (size_t i = 0; i < cat->nenterprises; i++) {
		const struct cat_enterprise *e = &cat->enterprises[i];

		check_string(e->id, true, false);
		check_string(e->name, true, false);
		check_string(e->short_name, false, false);
		check_string(e->contact_person, false, false);
		check_string(e->contact_phone, false, false);
		check_string(e->contact_address, false, false);
		check_string(e->description, false, true);
		FUZZ_ASSERT(e->file != NULL);
		FUZZ_ASSERT((e->kinds & ~7u) == 0);
		FUZZ_ASSERT((e->platforms & ~3u) == 0);
		FUZZ_ASSERT(e->edition >= 0);
		free(cat_kinds_text(e->kinds, "、"));
		free(cat_platforms_text(e->platforms, ", "));
	}

	size_t products = 0, services = 0;
	for (size_t i = 0; i < cat->nitems; i++) {
		const struct cat_item *it = &cat->items[i];

		FUZZ_ASSERT(it->enterprise < cat->nenterprises);
		/* Grouped by enterprise. */
		FUZZ_ASSERT(i == 0 || it->enterprise >= cat->items[i - 1].enterprise);
		check_string(it->id, true, false);
		check_string(it->name, true, false);
		check_string(it->category, true, false);
		check_string(it->spec, false, false);
		check_string(it->unit, true, false);
		check_string(it->description, false, true);
		check_money(it->price, true);
		FUZZ_ASSERT(it->net_weight_g >= 0);
		FUZZ_ASSERT(it->min_order >= 1);
		FUZZ_ASSERT(it->shelf_life_days >= 0);
		for (size_t t = 0; t < it->ntags; t++)
			check_string(it->tags[t], true, false);
		if (it->is_service)
			services++;
		else
			products++;
	}
	FUZZ_ASSERT(cat->nproducts == products && cat->nservices == services);
	FUZZ_ASSERT(strlen(cat->hash) == 16);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_list diags = DIAG_LIST_INIT;
	struct catalogue *cat;
	char hash[17], *cause = NULL;

	if (folder == NULL)
		make_folder();
	write_parts(data, size);

	cat = catalogue_load(folder, &diags);
	if (cat != NULL) {
		FUZZ_ASSERT(diag_total(&diags) == 0);
		check_catalogue(cat);
	} else {
		FUZZ_ASSERT(diag_total(&diags) > 0);
	}
	for (size_t i = 0; i < diags.count; i++) {
		char *line = diag_format(&diags.items[i]);

		FUZZ_ASSERT_TEXT(fuzz_printable(line, NULL), line);
		free(line);
	}

	/* Every file was written just now and is small: hashing cannot fail. */
	FUZZ_ASSERT_TEXT(catalogue_hash(folder, hash, &cause) == 0, cause);
	FUZZ_ASSERT(strlen(hash) == 16);
	if (cat != NULL)
		FUZZ_ASSERT(strcmp(hash, cat->hash) == 0);

	catalogue_free(cat);
	diag_list_finish(&diags);
	return 0;
}
