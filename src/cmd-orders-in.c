/* aixingou import-order and merge: order CSVs coming back in. import-order
 * turns an order CSV (last year's, or another union's) into a new purchase
 * list; merge sums many unions' order CSVs into the county union's summary,
 * per supplier and product. Both go on past bad rows, name each with its
 * file:line, and exit 1 so that scripts notice. */
#include "cmd.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/strmap.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "order/order.h"
#include "store/lists.h"
#include "store/store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

enum {
	OPT_NAME = OPT_COMMAND_BASE,
	OPT_OUT,
	OPT_FORCE,
	OPT_UNION,
	OPT_PURPOSE,
	OPT_HEADCOUNT,
	OPT_PER_MEMBER,
};

/* ---- Messages about a place in a file ------------------------------------ */

/* Prints "FILE:LINE: PREFIX MESSAGE" on stderr, sanitised: the message quotes
 * the file, whatever it holds. */
static void vreport(const char *path, int line, const char *prefix, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s:%d: %s", path, line, prefix);
	char *msg = xvasprintf(fmt, ap);
	buf_adds(&b, msg);
	free(msg);
	char *safe = text_sanitize(buf_str(&b));
	fprintf(stderr, "%s\n", safe);
	free(safe);
	buf_finish(&b);
}

static void __attribute__((format(printf, 3, 4)))
report_warning(const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* TRANSLATORS: prefix of a warning line */
	vreport(path, line, _("warning: "), fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 3, 4)))
report_error(const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* TRANSLATORS: prefix of every error line, as in "file:3:7: error: ..." */
	vreport(path, line, _("error: "), fmt, ap);
	va_end(ap);
}

/* The reader's diagnostics of one file, printed in line order among the
 * messages of the command. */
struct diag_cursor {
	const struct diag_list *diags;
	size_t next;
};

/* Prints the diagnostics before line (all that are left when line is 0). */
static void print_diags_before(struct diag_cursor *c, int line)
{
	while (c->next < c->diags->count && (line == 0 || c->diags->items[c->next].line < line)) {
		char *s = diag_format(&c->diags->items[c->next++]);
		fprintf(stderr, "%s\n", s);
		free(s);
	}
	if (line == 0 && c->diags->dropped > 0)
		fprintf(stderr,
		        P_("... and %zu more error not shown\n",
		           "... and %zu more errors not shown\n", c->diags->dropped),
		        c->diags->dropped);
}

/* s made fit for a one-line field: a quoted CSV cell may hold characters a
 * purchase list line may not. Line breaks and tabs become a space; every
 * other unsafe character (an escape, a bidi control) its visible placeholder
 * ("^[", "<U+202E>"), so that the clerk sees something odd came in, as
 * order_csv would write it. Caller frees. */
static char *one_line(const char *s)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) { /* cannot happen: the reader checked the text */
			buf_addc(&b, '?');
			i++;
			continue;
		}
		if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
		    cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
			buf_addc(&b, ' ');
		} else if (cp_unsafe(cp)) {
			char *one = xstrndup(s + i, (size_t)n);
			char *shown = text_sanitize(one);
			buf_adds(&b, shown);
			free(shown);
			free(one);
		} else {
			buf_add(&b, s + i, (size_t)n);
		}
		i += (size_t)n;
	}
	return buf_steal(&b);
}

/* ---- import-order ---------------------------------------------------------- */

/* The list name for a file: its base name without ".csv" (bad_list_name
 * then says whether that can name a list). Caller frees. */
static char *name_from_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t len = strlen(base);
	if (len > 4 && strcasecmp(base + len - 4, ".csv") == 0)
		len -= 4;
	return xstrndup(base, len);
}

/* Why name cannot name a list, or NULL when it can. */
static const char *bad_list_name(const char *name)
{
	size_t len = strlen(name);
	if (len == 0)
		return _("the list name is empty");
	if (len > PLIST_NAME_MAX)
		return _("the list name is too long");
	if (!utf8_valid(name, len, NULL))
		return _("the list name is not UTF-8 text");
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(name + i, len - i, &cp);
		if (cp_unsafe(cp))
			return _("the list name holds control characters");
		i += (size_t)n;
	}
	return NULL;
}

/* A row's product_id, to find the repeated ones by sorting: by a hash of
 * the id first, then the id (ids share long prefixes, and most comparisons
 * are then one of two numbers). */
struct id_ref {
	uint64_t hash;
	const char *id;
	size_t row;
};

static uint64_t id_hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h;
}

static int compare_id_ref(const void *a, const void *b)
{
	const struct id_ref *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	int c = strcmp(x->id, y->id);
	if (c != 0)
		return c;
	return x->row < y->row ? -1 : x->row > y->row;
}

/* The rows that name a product already named on an earlier row: the result's
 * [i] is the index of the first row with row i's product_id (i itself for
 * the first, and for a row without a product_id). Caller frees. */
static size_t *find_first_rows(const struct order_row *rows, size_t count)
{
	size_t *first_of = xreallocarray(NULL, count ? count : 1, sizeof *first_of);
	struct id_ref *refs = xreallocarray(NULL, count ? count : 1, sizeof *refs);
	size_t n = 0;
	for (size_t i = 0; i < count; i++) {
		first_of[i] = i;
		if (rows[i].product_id)
			refs[n++] =
			    (struct id_ref){id_hash(rows[i].product_id), rows[i].product_id, i};
	}
	qsort(refs, n, sizeof *refs, compare_id_ref);
	size_t first = 0; /* the first of the run of equal ids */
	for (size_t i = 1; i < n; i++) {
		if (strcmp(refs[first].id, refs[i].id) != 0)
			first = i;
		else
			first_of[refs[i].row] = refs[first].row;
	}
	free(refs);
	return first_of;
}

/* What import-order carries from row to row. The lines are gathered in
 * memory, checked against the limits row by row, and written at the end in
 * the transaction that made the list. */
struct import {
	const char *path;
	struct plist_import *batch;
	struct plist list; /* its settings, and the lines so far */
	size_t lines_cap;
	size_t *line_of; /* per row: its line in list.lines, SIZE_MAX when none */
	money_t total;   /* of list.lines */
	size_t imported; /* rows added to the list */
	size_t errors;   /* rows skipped */
	bool failed;     /* the store failed: stop */
};

/* Warns about each column of the row that says something else than the
 * catalogue; the list takes the catalogue's word. */
static void compare_with_catalogue(const struct import *im, const struct order_row *row,
                                   const struct plist_line *p, const char *supplier_short)
{
	const char *path = im->path;
	char a[MONEY_PLAIN_SIZE], b[MONEY_PLAIN_SIZE];
	if (row->supplier_id && strcmp(row->supplier_id, p->supplier_id) != 0)
		report_warning(path, row->line,
		               _("supplier_id \"%s\" in the file, \"%s\" in the catalogue"),
		               row->supplier_id, p->supplier_id);
	if (row->supplier && strcmp(row->supplier, p->supplier) != 0 &&
	    strcmp(row->supplier, supplier_short) != 0)
		report_warning(path, row->line,
		               _("supplier \"%s\" in the file, \"%s\" in the catalogue"),
		               row->supplier, p->supplier);
	if (row->product && strcmp(row->product, p->name) != 0)
		report_warning(path, row->line,
		               _("product \"%s\" in the file, \"%s\" in the catalogue"),
		               row->product, p->name);
	if (row->spec && strcmp(row->spec, p->spec) != 0)
		report_warning(path, row->line,
		               _("spec \"%s\" in the file, \"%s\" in the catalogue"), row->spec,
		               p->spec);
	if (row->unit && strcmp(row->unit, p->unit) != 0)
		report_warning(path, row->line,
		               _("unit \"%s\" in the file, \"%s\" in the catalogue"), row->unit,
		               p->unit);
	if (row->unit_price >= 0 && row->unit_price != p->unit_price)
		report_warning(path, row->line, _("unit price %s in the file, %s in the catalogue"),
		               money_format_plain(row->unit_price, a),
		               money_format_plain(p->unit_price, b));
	money_t amount;
	if (row->unit_price < 0 && row->amount >= 0 &&
	    (!money_mul(p->unit_price, row->quantity, &amount) || amount != row->amount))
		report_warning(
		    path, row->line, _("amount %s in the file, unit price %s in the catalogue"),
		    money_format_plain(row->amount, a), money_format_plain(p->unit_price, b));
}

/* The row's quantity for the list: the file says the whole order's, which a
 * list of a pack per member divides by the members the file's order was for
 * (its headcount column, else the list's: --headcount may give the new list
 * another headcount than the file's). False (reported) when it does not
 * divide. */
static bool row_quantity(struct import *im, const struct order_row *row, int64_t *out)
{
	const struct plist_info *info = &im->list.info;
	int64_t members = row->headcount > 0 ? row->headcount : info->headcount;
	*out = row->quantity;
	if (!info->pack || members <= 1)
		return true;
	if (row->quantity % members != 0) {
		report_error(im->path, row->line,
		             _("quantity %lld is no whole number per member for %lld members"),
		             (long long)row->quantity, (long long)members);
		im->errors++;
		return false;
	}
	*out = row->quantity / members;
	return true;
}

/* Gives line the quantity, when the list can still be ordered then: the
 * quantity at most PLIST_QUANTITY_MAX, the amounts and the total computable.
 * False (reported against the row) when not. */
static bool set_quantity(struct import *im, const struct order_row *row, struct plist_line *line,
                         int64_t quantity)
{
	money_t old_amount = 0, new_amount, total;
	if (quantity > PLIST_QUANTITY_MAX) {
		report_error(im->path, row->line,
		             _("the quantity of \"%s\" would be %lld, more than %d: the row is "
		               "refused"),
		             line->name, (long long)quantity, PLIST_QUANTITY_MAX);
		im->errors++;
		return false;
	}
	int64_t old_quantity = line->quantity;
	if (old_quantity > 0 && !plist_line_amount(&im->list, line, &old_amount))
		old_amount = 0; /* cannot be: it was checked when set */
	line->quantity = quantity;
	if (!plist_line_amount(&im->list, line, &new_amount) ||
	    !money_add(im->total - old_amount, new_amount, &total)) {
		line->quantity = old_quantity;
		report_error(im->path, row->line,
		             _("with this row the list's total would be too large to order: the "
		               "row is refused"));
		im->errors++;
		return false;
	}
	im->total = total;
	return true;
}

/* A new line at the end of the list; its index. */
static size_t add_line(struct import *im, struct plist_line *line)
{
	if (im->list.nlines == im->lines_cap) {
		im->lines_cap = im->lines_cap ? im->lines_cap * 2 : 64;
		im->list.lines =
		    xreallocarray(im->list.lines, im->lines_cap, sizeof *im->list.lines);
	}
	im->list.lines[im->list.nlines] = *line;
	return im->list.nlines++;
}

/* A row naming a catalogue product or service; first is the index of the
 * first row naming it. */
static void import_catalogue_row(struct import *im, const struct order_row *rows, size_t i,
                                 size_t first)
{
	const struct order_row *row = &rows[i];
	struct plist_line found;
	int64_t min_order;
	char *supplier_short = NULL, *cause = NULL;
	int r = store_list_import_find(im->batch, row->product_id, &found, &min_order,
	                               &supplier_short, &cause);
	if (r < 0) {
		cmd_error("%s", cause);
		free(cause);
		im->failed = true;
		return;
	}
	if (r == 1) {
		report_error(im->path, row->line, _("unknown product id \"%s\""), row->product_id);
		im->errors++;
		return;
	}
	compare_with_catalogue(im, row, &found, supplier_short);
	free(supplier_short);
	if (first != i)
		report_warning(im->path, row->line,
		               _("product id \"%s\" is also on line %d: the quantities are added"),
		               row->product_id, rows[first].line);

	int64_t quantity;
	if (!row_quantity(im, row, &quantity)) {
		plist_line_finish(&found);
		return;
	}
	/* In a pack the minimum order is shared out among the members. */
	const struct plist_info *info = &im->list.info;
	int64_t minimum = min_order;
	if (info->pack && info->headcount > 1)
		minimum = (min_order + info->headcount - 1) / info->headcount;
	size_t l = im->line_of[first];
	struct plist_line *line = l == SIZE_MAX ? &found : &im->list.lines[l];
	int64_t used;
	if (__builtin_add_overflow(line == &found ? 0 : line->quantity, quantity, &used))
		used = INT64_MAX;
	bool raised = used < minimum;
	if (raised)
		used = minimum;
	if (line == &found)
		found.quantity = 0;
	if (!set_quantity(im, row, line, used)) {
		plist_line_finish(&found);
		return;
	}
	if (line == &found)
		im->line_of[first] = add_line(im, &found);
	else
		plist_line_finish(&found);
	im->line_of[i] = im->line_of[first];
	im->imported++;
	if (raised)
		report_warning(im->path, row->line,
		               _("quantity %lld is below the minimum order of "
		                 "\"%s\": raised to %lld"),
		               (long long)quantity, im->list.lines[im->line_of[i]].name,
		               (long long)used);
}

/* A row without a product_id: a line added by hand, kept as written. */
static void import_custom_row(struct import *im, const struct order_row *row)
{
	money_t price = row->unit_price;
	/* A file with amounts only still says the price when it divides. */
	if (price < 0 && row->amount >= 0 && row->amount % row->quantity == 0)
		price = row->amount / row->quantity;
	if (price <= 0 || row->unit == NULL) {
		report_error(im->path, row->line,
		             _("a line without a product_id needs a unit_price and a unit"));
		im->errors++;
		return;
	}
	int64_t quantity;
	if (!row_quantity(im, row, &quantity))
		return;
	struct plist_line line = {
	    .supplier = one_line(row->supplier ? row->supplier : ""),
	    .name = one_line(row->product),
	    .spec = one_line(row->spec ? row->spec : ""),
	    .unit = one_line(row->unit),
	    .unit_price = price,
	    .status = PLIST_LINE_CUSTOM,
	    .min_order = 1,
	};
	if (!set_quantity(im, row, &line, quantity)) {
		plist_line_finish(&line);
		return;
	}
	add_line(im, &line);
	im->imported++;
}

/* Fails when a list of that name exists: an import never adds to a list. */
static int check_name_free(struct store *st, const char *name)
{
	struct plist existing;
	char *cause = NULL;
	int r = store_list_load(st, 0, name, &existing, &cause);
	if (r == 0) {
		plist_finish(&existing);
		cmd_error(_("a list named \"%s\" already exists; give the new one another name "
		            "with --name"),
		          name);
		return EXIT_FAILED;
	}
	if (r < 0) {
		cmd_error("%s", cause);
		free(cause);
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

/* The settings given on the command line; NULL or 0 when not given. */
struct import_options {
	const char *name;
	const char *union_name;
	const char *purpose;
	int64_t headcount;
	int per_member; /* -1 when not given */
};

/* The list's settings: the options', else those of the file's first row
 * that has them (an order CSV that aixingou wrote has them on every row). */
static void import_settings(struct plist_info *info, const struct import_options *o,
                            const struct order_row *rows, size_t nrows)
{
	const struct order_row *with = NULL;
	for (size_t i = 0; i < nrows && with == NULL; i++)
		if (rows[i].union_name || rows[i].purpose || rows[i].headcount > 0 ||
		    rows[i].per_member >= 0)
			with = &rows[i];
	const char *union_name = o->union_name ? o->union_name : with ? with->union_name : NULL;
	const char *purpose = o->purpose ? o->purpose : with ? with->purpose : NULL;
	info->union_name = one_line(union_name ? union_name : "");
	info->purpose = one_line(purpose ? purpose : "");
	info->headcount = o->headcount > 0                      ? o->headcount
	                  : with != NULL && with->headcount > 0 ? with->headcount
	                                                        : 1;
	info->pack =
	    o->per_member >= 0 ? o->per_member == 1 : with != NULL && with->per_member == 1;
}

/* Writes the lines gathered into the list and commits: the list is there
 * whole, or not at all. */
static bool import_write(struct import *im, int64_t *id)
{
	char *cause = NULL;
	for (size_t i = 0; i < im->list.nlines; i++) {
		if (store_list_import_add(im->batch, &im->list.lines[i], &cause) != 0) {
			cmd_error("%s", cause);
			free(cause);
			store_list_import_abort(im->batch);
			im->batch = NULL;
			return false;
		}
	}
	int rc = store_list_import_commit(im->batch, id, &cause);
	im->batch = NULL;
	if (rc != 0) {
		cmd_error("%s", cause);
		free(cause);
		return false;
	}
	return true;
}

/* A whole number from 1 to max given to an option, or -1. */
static int64_t option_count(const char *arg, int64_t max)
{
	char *end;
	errno = 0;
	long long v = strtoll(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '+' || arg[0] == ' ' || v < 1 ||
	    v > max)
		return -1;
	return v;
}

static int cmd_import_order_run(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
	    CMD_COMMON_OPTIONS,
	    {"name", required_argument, NULL, OPT_NAME},
	    {"union", required_argument, NULL, OPT_UNION},
	    {"purpose", required_argument, NULL, OPT_PURPOSE},
	    {"headcount", required_argument, NULL, OPT_HEADCOUNT},
	    {"per-member", no_argument, NULL, OPT_PER_MEMBER},
	    {NULL, 0, NULL, 0},
	};
	const struct cmd_entry *self = &cmd_import_order_entry;
	struct import_options o = {.per_member = -1};
	int opt, status = -1;

	opterr = 0;
	/* No '+': options may follow the file, as in "import-order a.csv --name x". */
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (opt) {
		case OPT_NAME:
			o.name = optarg;
			continue;
		case OPT_UNION:
			o.union_name = optarg;
			continue;
		case OPT_PURPOSE:
			o.purpose = optarg;
			continue;
		case OPT_HEADCOUNT:
			o.headcount = option_count(optarg, PLIST_QUANTITY_MAX);
			if (o.headcount < 0)
				return cmd_usage_error(
				    self, _("--headcount needs a whole number from 1 to %d"),
				    PLIST_QUANTITY_MAX);
			continue;
		case OPT_PER_MEMBER:
			o.per_member = 1;
			continue;
		default:
			break;
		}
		if (!cmd_common_option(app, self, opt, optarg, &status))
			return cmd_option_error(self, argv, opt);
		if (status >= 0)
			return status;
	}
	if (optind >= argc)
		return cmd_usage_error(self, _("which order CSV? Give its file name"));
	if (optind + 1 < argc)
		return cmd_usage_error(self, _("unexpected argument '%s'"), argv[optind + 1]);
	const char *path = argv[optind];

	/* As the list will store it: without invisible characters and outer
	 * spaces, composed (NFC), so that a look-alike of a list is that list. */
	char *given = o.name ? xstrdup(o.name) : name_from_path(path);
	char *name = text_name(given);
	free(given);
	const char *why = bad_list_name(name);
	if (why != NULL) {
		free(name);
		if (o.name)
			return cmd_usage_error(self, "%s", why);
		cmd_error(_("%s: cannot name the list after the file; give a name with --name"),
		          why);
		return EXIT_FAILED;
	}

	struct order_row *rows;
	size_t nrows;
	struct diag_list diags = DIAG_LIST_INIT;
	char *cause = NULL;
	if (order_csv_read(path, &rows, &nrows, &diags, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		diag_list_finish(&diags);
		free(name);
		return EXIT_FAILED;
	}

	struct store *st = NULL;
	struct store_info sinfo = {0};
	int rc = cmd_open_store(app, &st);
	if (rc == EXIT_OK)
		rc = check_name_free(st, name);
	if (rc == EXIT_OK && store_get_info(st, &sinfo, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		rc = EXIT_FAILED;
	}
	struct import im = {
	    .path = path,
	    .list.info =
	        {
	            .name = name,
	            .handler = xstrdup(""),
	            .rules = sinfo.rules,
	        },
	};
	import_settings(&im.list.info, &o, rows, nrows);
	store_info_finish(&sinfo);
	if (rc == EXIT_OK && store_list_import_begin(st, &im.list.info, &im.batch, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		rc = EXIT_FAILED;
	}
	if (rc != EXIT_OK) {
		if (st)
			store_close(st);
		order_rows_free(rows, nrows);
		diag_list_finish(&diags);
		plist_info_finish(&im.list.info);
		return rc;
	}

	size_t lookups = 0;
	for (size_t i = 0; i < nrows; i++)
		lookups += rows[i].product_id != NULL;
	if (store_list_import_expect(im.batch, lookups, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		im.failed = true;
	}
	size_t *first_of = find_first_rows(rows, nrows);
	im.line_of = xreallocarray(NULL, nrows ? nrows : 1, sizeof *im.line_of);
	for (size_t i = 0; i < nrows; i++)
		im.line_of[i] = SIZE_MAX;
	struct diag_cursor cursor = {&diags, 0};
	for (size_t i = 0; i < nrows && !im.failed; i++) {
		print_diags_before(&cursor, rows[i].line);
		if (rows[i].product_id)
			import_catalogue_row(&im, rows, i, first_of[i]);
		else
			import_custom_row(&im, &rows[i]);
	}
	free(first_of);
	print_diags_before(&cursor, 0);

	size_t errors = im.errors + diag_total(&diags);
	int64_t list_id = 0;
	/* A file with nothing but mistakes makes no list; an empty order does. */
	if (im.failed || (im.imported == 0 && errors > 0)) {
		store_list_import_abort(im.batch);
		if (!im.failed)
			cmd_error(_("no row of %s could be imported; no list was created"), path);
	} else if (import_write(&im, &list_id)) {
		char *safe = text_sanitize(name);
		printf(P_("imported %zu line into list \"%s\"\n",
		          "imported %zu lines into list \"%s\"\n", im.list.nlines),
		       im.list.nlines, safe);
		free(safe);
	} else {
		im.failed = true;
	}
	if (errors > 0 && list_id != 0)
		fprintf(stderr, P_("%zu row was skipped\n", "%zu rows were skipped\n", errors),
		        errors);

	rc = im.failed || errors > 0 ? EXIT_FAILED : EXIT_OK;
	free(im.line_of);
	plist_finish(&im.list);
	store_close(st);
	order_rows_free(rows, nrows);
	diag_list_finish(&diags);
	return rc;
}

const struct cmd_entry cmd_import_order_entry = {
    .name = "import-order",
    .summary = N_("Make a purchase list from an order CSV."),
    .usage = N_("Usage: aixingou import-order FILE.csv [OPTION]...\n"
                "Reads an order CSV (as 'aixingou order --format csv' writes it, or\n"
                "re-saved by a spreadsheet, UTF-8 or GB18030) and makes a new purchase\n"
                "list of its rows, named after the file unless --name is given. Columns\n"
                "are found by their header names; only product_id and quantity are\n"
                "needed. Products come at the catalogue's name and price of today: a\n"
                "column that says otherwise is reported as a warning with its line.\n"
                "Rows without a product_id become lines added by hand; they need\n"
                "product, unit and unit_price.\n"
                "\n"
                "Rows that cannot be imported (an unknown product id, a malformed row)\n"
                "are reported as FILE:LINE: error: and skipped: the list is still made\n"
                "of the other rows, and the exit status is 1. Exits 0 when every row was\n"
                "imported, 1 otherwise (also when a list of that name exists), 2 when\n"
                "the command line is wrong.\n"
                "\n"
                "The list is made in one step: when the command is stopped half-way,\n"
                "there is no list, never half of one. A quantity is at most 10,000,000\n"
                "per line, and the list's total must be one that can be ordered: a row\n"
                "beyond that is refused with its line.\n"
                "\n"
                "An order CSV written by aixingou also says the list's union, purpose,\n"
                "headcount and whether it is a pack per member (the columns union,\n"
                "purpose, headcount, per_member); the new list takes them. The\n"
                "quantities of the file are those of the whole order: in a pack per\n"
                "member they are divided by the headcount.\n"
                "\n"
                "Options:\n"
                "  --name NAME      the name of the new list\n"
                "  --union TEXT     the union buying (instead of the file's)\n"
                "  --purpose TEXT   the purpose: a holiday key such as mid-autumn, or text\n"
                "  --headcount N    the members the purchase is for\n"
                "  --per-member     a pack per member: the file's quantities are divided\n"
                "                   by the headcount\n"
                "  --db PATH        the database file\n"
                "  --help           show this help and exit\n"),
    .run = cmd_import_order_run,
};

/* ---- merge ------------------------------------------------------------------ */

/* Appends the parts of a key, each with its length, so that no text can
 * make two different rows' keys equal. */
static void key_part(struct buf *key, const char *s)
{
	buf_addf(key, "%zu:%s|", s ? strlen(s) : 0, s ? s : "");
}

/* One row of the merged order: a product at one price from one supplier. */
struct merged_line {
	char *supplier_id; /* each as on the first row seen; NULL when not given */
	char *supplier;
	char *product_id;
	char *product;
	char *spec;
	char *unit;
	money_t unit_price;
	int64_t quantity; /* summed */
	money_t amount;   /* summed */
	size_t group;     /* its supplier in merge.groups */
	size_t seen;      /* first-seen order */
};

/* A supplier of the merged order. */
struct merged_group {
	char *label; /* what people read: the name, else the id */
	size_t nlines;
	money_t total;
};

struct merge {
	struct merged_line *lines;
	size_t nlines, lines_cap;
	struct merged_group *groups;
	size_t ngroups, groups_cap;
	struct strmap line_index;    /* line key -> line */
	struct strmap group_index;   /* supplier key -> group */
	struct strmap product_index; /* line key without the price -> first line */
	money_t total;
	size_t rows;     /* rows merged */
	size_t rejected; /* rows not merged, and files not read */
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* The supplier's key: its id when the file has one, else its name. */
static void supplier_key(struct buf *key, const struct order_row *row)
{
	buf_adds(key, row->supplier_id ? "i" : "n");
	key_part(key, row->supplier_id ? row->supplier_id : row->supplier);
}

/* The key of the row's product without its price: the product id is unique
 * in the catalogue; a line by hand is its supplier, name, spec and unit. */
static void product_key(struct buf *key, const struct order_row *row)
{
	if (row->product_id) {
		buf_adds(key, "i");
		key_part(key, row->product_id);
		return;
	}
	buf_adds(key, "n");
	supplier_key(key, row);
	key_part(key, row->product);
	key_part(key, row->spec);
	key_part(key, row->unit);
}

static size_t merge_group(struct merge *m, const struct order_row *row)
{
	struct buf key = BUF_INIT;
	supplier_key(&key, row);
	size_t g = strmap_get(&m->group_index, buf_str(&key));
	if (g == STRMAP_NONE) {
		if (m->ngroups == m->groups_cap) {
			m->groups_cap = m->groups_cap ? m->groups_cap * 2 : 16;
			m->groups = xreallocarray(m->groups, m->groups_cap, sizeof *m->groups);
		}
		g = m->ngroups++;
		const char *label = row->supplier ? row->supplier : row->supplier_id;
		m->groups[g] = (struct merged_group){
		    .label = xstrdup(label ? label : _("(no supplier)")),
		};
		strmap_put(&m->group_index, buf_str(&key), g);
	}
	buf_finish(&key);
	return g;
}

/* Adds one row to the merge; false (reported) when it cannot be. */
static bool merge_row(struct merge *m, const char *path, const struct order_row *row)
{
	char a[MONEY_PLAIN_SIZE], b[MONEY_PLAIN_SIZE];
	money_t price = row->unit_price, amount = row->amount;
	if (price < 0 && amount >= 0 && amount % row->quantity == 0)
		price = amount / row->quantity;
	if (price < 0 && amount < 0) {
		report_error(path, row->line,
		             _("no unit_price and no amount: the merge needs the price"));
		return false;
	}
	if (price < 0) {
		report_error(path, row->line,
		             _("no unit_price, and amount %s is no whole number of fen per unit"),
		             money_format_plain(amount, a));
		return false;
	}
	if (amount < 0 && !money_mul(price, row->quantity, &amount)) {
		report_error(path, row->line, _("unit price %s × quantity %lld is too large"),
		             money_format_plain(price, a), (long long)row->quantity);
		return false;
	}

	struct buf pkey = BUF_INIT, lkey = BUF_INIT;
	product_key(&pkey, row);
	buf_adds(&lkey, buf_str(&pkey));
	buf_addf(&lkey, "%lld", (long long)price);
	size_t l = strmap_get(&m->line_index, buf_str(&lkey));
	size_t first = strmap_get(&m->product_index, buf_str(&pkey));

	struct merged_line *line = l == STRMAP_NONE ? NULL : &m->lines[l];
	size_t g = line ? line->group : SIZE_MAX;
	int64_t quantity = row->quantity;
	money_t line_amount = amount, group_total, total;
	bool ok = (line == NULL || (line->quantity <= INT64_MAX - row->quantity &&
	                            money_add(line->amount, amount, &line_amount))) &&
	          money_add(m->total, amount, &total);
	if (ok && line)
		quantity += line->quantity;
	if (ok) {
		if (g == SIZE_MAX)
			g = merge_group(m, row);
		ok = money_add(m->groups[g].total, amount, &group_total);
	}
	if (!ok) {
		report_error(path, row->line, _("the merged amount of this product is too large"));
		buf_finish(&pkey);
		buf_finish(&lkey);
		return false;
	}

	if (line == NULL) {
		if (first != STRMAP_NONE)
			report_warning(path, row->line,
			               _("\"%s\" at unit price %s here and %s before: kept as "
			                 "separate rows"),
			               row->product ? row->product : row->product_id,
			               money_format_plain(price, a),
			               money_format_plain(m->lines[first].unit_price, b));
		else
			strmap_put(&m->product_index, buf_str(&pkey), m->nlines);
		if (m->nlines == m->lines_cap) {
			m->lines_cap = m->lines_cap ? m->lines_cap * 2 : 64;
			m->lines = xreallocarray(m->lines, m->lines_cap, sizeof *m->lines);
		}
		l = m->nlines++;
		line = &m->lines[l];
		*line = (struct merged_line){
		    .supplier_id = dup_or_null(row->supplier_id),
		    .supplier = dup_or_null(row->supplier),
		    .product_id = dup_or_null(row->product_id),
		    .product = dup_or_null(row->product),
		    .spec = dup_or_null(row->spec),
		    .unit = dup_or_null(row->unit),
		    .unit_price = price,
		    .group = g,
		    .seen = l,
		};
		strmap_put(&m->line_index, buf_str(&lkey), l);
		m->groups[g].nlines++;
	} else {
		/* A file with fewer columns than the first still adds up. */
		if (line->product == NULL)
			line->product = dup_or_null(row->product);
		if (line->spec == NULL)
			line->spec = dup_or_null(row->spec);
		if (line->unit == NULL)
			line->unit = dup_or_null(row->unit);
	}
	line->quantity = quantity;
	line->amount = line_amount;
	m->groups[g].total = group_total;
	m->total = total;
	m->rows++;
	buf_finish(&pkey);
	buf_finish(&lkey);
	return true;
}

/* Merges one file; false when it could not be read at all. */
static bool merge_file(struct merge *m, const char *path)
{
	struct order_row *rows;
	size_t nrows;
	struct diag_list diags = DIAG_LIST_INIT;
	char *cause = NULL;
	if (order_csv_read(path, &rows, &nrows, &diags, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		diag_list_finish(&diags);
		m->rejected++;
		return false;
	}
	struct diag_cursor cursor = {&diags, 0};
	for (size_t i = 0; i < nrows; i++) {
		print_diags_before(&cursor, rows[i].line);
		if (!merge_row(m, path, &rows[i]))
			m->rejected++;
	}
	print_diags_before(&cursor, 0);
	m->rejected += diag_total(&diags);
	order_rows_free(rows, nrows);
	diag_list_finish(&diags);
	return true;
}

static int compare_by_group(const void *a, const void *b)
{
	const struct merged_line *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->seen < y->seen ? -1 : x->seen > y->seen;
}

/* The merged order as an order CSV, by the writer of every order CSV: a list
 * of one member whose lines are the merged rows. Caller frees. */
static char *merge_csv(struct merge *m, size_t *len, char **cause)
{
	qsort(m->lines, m->nlines, sizeof *m->lines, compare_by_group);
	struct plist l = {0};
	char empty[] = "";
	char name[] = "merge";
	l.info.name = name;
	l.info.union_name = l.info.handler = l.info.purpose = empty;
	l.info.headcount = 0; /* many unions: the settings columns stay empty */
	l.nlines = m->nlines;
	l.lines = xcalloc(m->nlines ? m->nlines : 1, sizeof *l.lines);
	for (size_t i = 0; i < m->nlines; i++) {
		const struct merged_line *ml = &m->lines[i];
		l.lines[i] = (struct plist_line){
		    .id = (int64_t)i + 1,
		    .product_id = ml->product_id,
		    .supplier_id = ml->supplier_id,
		    .supplier = ml->supplier ? ml->supplier : empty,
		    .name = ml->product ? ml->product : empty,
		    .spec = ml->spec ? ml->spec : empty,
		    .unit = ml->unit ? ml->unit : empty,
		    .unit_price = ml->unit_price,
		    .quantity = ml->quantity,
		    .status = ml->product_id ? PLIST_LINE_OK : PLIST_LINE_CUSTOM,
		    .min_order = 1,
		};
	}
	char *csv = order_csv(&l, len, cause);
	free(l.lines);
	return csv;
}

/* The summary for people, on stderr: each supplier, then the total. */
static void merge_summary(const struct merge *m)
{
	char yuan[MONEY_YUAN_SIZE];
	for (size_t g = 0; g < m->ngroups; g++) {
		char *label = text_sanitize(m->groups[g].label);
		/* TRANSLATORS: a supplier in the summary of a merge, e.g.
		 * "翠峰茶业: 3 rows, ¥1,064.00" */
		fprintf(stderr, P_("%s: %zu row, %s\n", "%s: %zu rows, %s\n", m->groups[g].nlines),
		        label, m->groups[g].nlines, money_format_yuan(m->groups[g].total, yuan));
		free(label);
	}
	fprintf(stderr, P_("total: %zu row, %s\n", "total: %zu rows, %s\n", m->nlines), m->nlines,
	        money_format_yuan(m->total, yuan));
	if (m->rejected > 0)
		fprintf(stderr,
		        P_("%zu row was rejected: the merge is made of the others\n",
		           "%zu rows were rejected: the merge is made of the others\n",
		           m->rejected),
		        m->rejected);
}

static void merge_finish(struct merge *m)
{
	for (size_t i = 0; i < m->nlines; i++) {
		struct merged_line *l = &m->lines[i];
		free(l->supplier_id);
		free(l->supplier);
		free(l->product_id);
		free(l->product);
		free(l->spec);
		free(l->unit);
	}
	free(m->lines);
	for (size_t g = 0; g < m->ngroups; g++)
		free(m->groups[g].label);
	free(m->groups);
	strmap_finish(&m->line_index);
	strmap_finish(&m->group_index);
	strmap_finish(&m->product_index);
}

static void say_exists(const char *out)
{
	cmd_error(_("%s already exists; use --force to replace it"), out);
}

static int cmd_merge_run(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
	    CMD_COMMON_OPTIONS,
	    {"out", required_argument, NULL, OPT_OUT},
	    {"force", no_argument, NULL, OPT_FORCE},
	    {NULL, 0, NULL, 0},
	};
	const struct cmd_entry *self = &cmd_merge_entry;
	const char *out = NULL;
	bool force = false;
	int opt, status = -1;

	opterr = 0;
	/* No '+': options may follow the files, as in "merge a.csv b.csv --out m.csv". */
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		if (opt == OPT_OUT) {
			out = optarg;
			continue;
		}
		if (opt == OPT_FORCE) {
			force = true;
			continue;
		}
		if (!cmd_common_option(app, self, opt, optarg, &status))
			return cmd_option_error(self, argv, opt);
		if (status >= 0)
			return status;
	}
	if (optind >= argc)
		return cmd_usage_error(self, _("which order CSVs? Give their file names"));
	if (out && *out == '\0')
		return cmd_usage_error(self, _("--out needs a file name"));

	/* Say it before the work, not after. */
	struct stat sb;
	if (out && !force && stat(out, &sb) == 0) {
		say_exists(out);
		return EXIT_FAILED;
	}

	struct merge m = {0};
	for (int i = optind; i < argc; i++)
		merge_file(&m, argv[i]);

	int rc = m.rejected > 0 ? EXIT_FAILED : EXIT_OK;
	if (m.rows == 0 && m.rejected > 0) {
		cmd_error(_("nothing to merge: no row could be read"));
		merge_finish(&m);
		return EXIT_FAILED;
	}

	size_t len;
	char *cause = NULL;
	char *csv = merge_csv(&m, &len, &cause);
	if (csv == NULL) {
		cmd_error("%s", cause);
		free(cause);
		merge_finish(&m);
		return EXIT_FAILED;
	}
	if (out) {
		cmd_catch_signals();
		if (order_write_file(out, csv, len, force, &cause) != 0) {
			if (errno == EEXIST && !force)
				say_exists(out);
			else
				cmd_error("%s", cause);
			free(cause);
			rc = EXIT_FAILED;
		}
	} else if (fwrite(csv, 1, len, stdout) != len || fflush(stdout) != 0) {
		cmd_error(_("cannot write the merge: %s"), strerror(errno));
		rc = EXIT_FAILED;
	}
	free(csv);
	merge_summary(&m);
	merge_finish(&m);
	return rc;
}

const struct cmd_entry cmd_merge_entry = {
    .name = "merge",
    .summary = N_("Sum many unions' order CSVs per supplier and product."),
    .usage = N_("Usage: aixingou merge FILE.csv... [OPTION]...\n"
                "Reads the order CSVs of many unions and writes one order CSV in the\n"
                "same format with the quantities and amounts summed per supplier and\n"
                "product, suppliers in the order first seen. A product ordered at\n"
                "different unit prices keeps one row per price (with a warning). Each\n"
                "row needs a unit_price or an amount. On stderr: the rows and amount\n"
                "per supplier, and the total.\n"
                "\n"
                "Malformed rows are reported as FILE:LINE: error: and left out; the\n"
                "merge is made of the other rows. Exits 0 when every row was merged,\n"
                "1 when some were left out or a file could not be read or written,\n"
                "2 when the command line is wrong.\n"
                "\n"
                "Options:\n"
                "  --out FILE       write the merged CSV to FILE (default: standard output)\n"
                "  --force          replace FILE when it exists\n"
                "  --help           show this help and exit\n"),
    .run = cmd_merge_run,
};
