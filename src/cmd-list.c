/* aixingou list: the catalogue's products, filtered and sorted, as an aligned
 * table for people or as TSV/CSV for other programs. It runs the same store
 * queries as the browser's product list. */
#include "catalogue/catalogue.h"
#include "cmd.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

enum list_format { FORMAT_TABLE, FORMAT_TSV, FORMAT_CSV };

enum {
	OPT_SEARCH = OPT_COMMAND_BASE,
	OPT_CATEGORY,
	OPT_TOWNSHIP,
	OPT_KIND,
	OPT_EDITION,
	OPT_PLATFORM,
	OPT_CERTIFIED,
	OPT_MIN_PRICE,
	OPT_MAX_PRICE,
	OPT_SORT,
	OPT_FORMAT,
	OPT_SERVICES,
};

static const struct {
	const char *name;
	enum store_sort sort;
} sort_names[] = {
    {"catalogue", STORE_SORT_CATALOGUE},   {"name", STORE_SORT_NAME},
    {"price", STORE_SORT_PRICE},           {"unit-price", STORE_SORT_UNIT_PRICE},
    {"enterprise", STORE_SORT_ENTERPRISE}, {"category", STORE_SORT_CATEGORY},
};

/* Parses "price" or "price:desc" (also ":asc"). */
static bool parse_sort(const char *arg, struct store_filter *filter)
{
	size_t len = strcspn(arg, ":");
	const char *dir = arg[len] == ':' ? arg + len + 1 : NULL;
	if (dir && strcmp(dir, "desc") != 0 && strcmp(dir, "asc") != 0)
		return false;
	for (size_t i = 0; i < sizeof sort_names / sizeof sort_names[0]; i++) {
		if (strlen(sort_names[i].name) == len &&
		    strncmp(sort_names[i].name, arg, len) == 0) {
			filter->sort = sort_names[i].sort;
			filter->descending = dir && strcmp(dir, "desc") == 0;
			return true;
		}
	}
	return false;
}

/* A price bound in yuan; 0 is allowed for --min-price. */
static bool parse_price(const char *arg, money_t *out)
{
	return money_parse(arg, out) == MONEY_OK;
}

static bool parse_edition(const char *arg, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < 1 || v > 9999)
		return false;
	*out = (int)v;
	return true;
}

/* The cells a terminal on stdout has, or 0 when stdout is not a terminal. */
static int terminal_columns(void)
{
	struct winsize ws;
	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0)
		return 0;
	return ws.ws_col;
}

/* A field for TSV: one line, no tabs, nothing a terminal would act on. */
static void put_tsv_field(struct buf *out, const char *s)
{
	char *safe = text_sanitize(s);
	/* text_sanitize writes tab and newline as ^I and ^J; a field needs neither. */
	buf_adds(out, safe);
	free(safe);
}

/* A field for CSV (RFC 4180): quoted when it holds a comma, a quote or a
 * line break, with quotes doubled. A text a spreadsheet would run as a
 * formula (text_csv_formula) gets an apostrophe in front, as in the
 * order CSV: a CSV is opened in Excel by double-click. */
static void put_csv_field(struct buf *out, const char *s)
{
	char *safe = text_sanitize(s);
	if (text_csv_formula(safe)) {
		char *guarded = xasprintf("'%s", safe);
		free(safe);
		safe = guarded;
	}
	if (strpbrk(safe, ",\"\r\n") == NULL) {
		buf_adds(out, safe);
	} else {
		buf_addc(out, '"');
		for (const char *p = safe; *p; p++) {
			if (*p == '"')
				buf_addc(out, '"');
			buf_addc(out, *p);
		}
		buf_addc(out, '"');
	}
	free(safe);
}

/* The state of a delimited listing while rows come. */
struct delimited {
	char sep;
	const char *eol;
	void (*put)(struct buf *, const char *);
	struct buf out;
};

static void put_delimited_row(struct store_product *p, void *arg)
{
	struct delimited *d = arg;
	char price[MONEY_PLAIN_SIZE], per500[MONEY_PLAIN_SIZE] = "";
	money_format_plain(p->price, price);
	if (p->per_500g >= 0)
		money_format_plain(p->per_500g, per500);
	const char *fields[] = {
	    p->id,   p->name, p->enterprise, p->category, p->township,
	    p->spec, p->unit, price,         per500,      p->certified_832 ? "1" : "0",
	};
	for (size_t c = 0; c < sizeof fields / sizeof fields[0]; c++) {
		if (c > 0)
			buf_addc(&d->out, d->sep);
		d->put(&d->out, fields[c]);
	}
	buf_adds(&d->out, d->eol);
	/* Write as we go: a long list should not wait for the whole buffer. */
	if (d->out.len > 1 << 16) {
		fputs(buf_str(&d->out), stdout);
		buf_reset(&d->out);
	}
}

static int print_delimited(struct store *st, const struct store_filter *filter,
                           enum list_format format, char **cause)
{
	static const char *const header[] = {
	    "id",   "name", "enterprise", "category",       "township",
	    "spec", "unit", "price",      "price_per_500g", "certified_832",
	};
	struct delimited d = {
	    .sep = format == FORMAT_CSV ? ',' : '\t',
	    .eol = format == FORMAT_CSV ? "\r\n" : "\n",
	    .put = format == FORMAT_CSV ? put_csv_field : put_tsv_field,
	    .out = BUF_INIT,
	};
	/* A byte-order mark, like the order CSV: without it Excel reads the
	 * file (`list --format csv > list.csv`) as GBK. */
	if (format == FORMAT_CSV)
		buf_adds(&d.out, "\xEF\xBB\xBF");
	for (size_t c = 0; c < sizeof header / sizeof header[0]; c++) {
		if (c > 0)
			buf_addc(&d.out, d.sep);
		buf_adds(&d.out, header[c]);
	}
	buf_adds(&d.out, d.eol);
	int rc = store_each_product(st, filter, put_delimited_row, &d, cause);
	fputs(buf_str(&d.out), stdout);
	buf_finish(&d.out);
	return rc;
}

/* The table's columns. Widths start at the header's and grow with the widest
 * value up to max; when the terminal is narrower, the flexible columns give
 * way first. */
enum { COL_NAME, COL_ENTERPRISE, COL_SPEC, COL_UNIT, COL_PRICE, COL_PER500, COL_MARKS, NCOLS };

struct column {
	const char *title; /* N_() header text */
	int max;           /* widest it grows to */
	int min;           /* narrowest it shrinks to on a small terminal */
	bool right;        /* right-aligned (amounts) */
	int width;         /* computed */
};

static void product_cells(const struct store_product *p, char *cells[NCOLS])
{
	char amount[MONEY_YUAN_SIZE];
	cells[COL_NAME] = xstrdup(p->name);
	cells[COL_ENTERPRISE] = xstrdup(p->enterprise_short);
	cells[COL_SPEC] = xstrdup(p->spec);
	cells[COL_UNIT] = xstrdup(p->unit);
	cells[COL_PRICE] = xstrdup(money_format_yuan(p->price, amount));
	cells[COL_PER500] = xstrdup(p->per_500g >= 0 ? money_format_yuan(p->per_500g, amount) : "");
	struct buf marks = BUF_INIT;
	if (p->certified_832)
		buf_adds(&marks, "832 ");
	if (p->selenium_rich)
		/* TRANSLATORS: a mark in the product table for selenium-rich (富硒)
		 * products; keep it short (2 cells) */
		buf_adds(&marks, _("Se"));
	cells[COL_MARKS] = buf_steal(&marks);
}

/* Pass one: every column as wide as its widest value, up to its max. */
static void widen_columns(struct store_product *p, void *arg)
{
	struct column *cols = arg;
	char *cells[NCOLS];
	product_cells(p, cells);
	for (int c = 0; c < NCOLS; c++) {
		int w = text_width(cells[c]);
		if (w > cols[c].width)
			cols[c].width = w < cols[c].max ? w : cols[c].max;
		free(cells[c]);
	}
}

/* One line of the table, each cell fitted to its column. */
static void put_table_line(const struct column *cols, const char *const cells[NCOLS],
                           struct buf *line)
{
	buf_reset(line);
	for (int c = 0; c < NCOLS; c++) {
		char *fitted = text_fit(cells[c], cols[c].width, cols[c].right);
		if (c > 0)
			buf_adds(line, "  ");
		buf_adds(line, fitted);
		free(fitted);
	}
	/* No trailing blanks: the last column is padded too. */
	while (line->len > 0 && line->data[line->len - 1] == ' ')
		line->data[--line->len] = '\0';
	puts(buf_str(line));
}

struct table_pass {
	const struct column *cols;
	struct buf line;
	size_t rows; /* printed */
};

/* Pass two: the rows. */
static void put_table_row(struct store_product *p, void *arg)
{
	struct table_pass *t = arg;
	char *cells[NCOLS];
	product_cells(p, cells);
	put_table_line(t->cols, (const char *const *)cells, &t->line);
	t->rows++;
	for (int c = 0; c < NCOLS; c++)
		free(cells[c]);
}

/* Two passes over the rows, one row held at a time: the columns' widths,
 * then the lines. */
static int print_table(struct store *st, const struct store_filter *filter,
                       const struct store_info *info, char **cause)
{
	struct column cols[NCOLS] = {
	    [COL_NAME] = {N_("Product"), 30, 10, false, 0},
	    [COL_ENTERPRISE] = {N_("Enterprise"), 16, 8, false, 0},
	    [COL_SPEC] = {N_("Spec"), 20, 6, false, 0},
	    [COL_UNIT] = {N_("Unit"), 6, 2, false, 0},
	    [COL_PRICE] = {N_("Price"), 14, 8, true, 0},
	    [COL_PER500] = {N_("Per 500 g"), 14, 8, true, 0},
	    [COL_MARKS] = {N_("Marks"), 7, 3, false, 0},
	};
	for (int c = 0; c < NCOLS; c++)
		cols[c].width = text_width(_(cols[c].title));
	if (store_each_product(st, filter, widen_columns, cols, cause) != 0)
		return -1;

	int total = 0;
	for (int c = 0; c < NCOLS; c++)
		total += cols[c].width + (c > 0 ? 2 : 0);
	/* On a narrow terminal the text columns give way a cell at a time, the
	 * widest first, so that none is cut much more than the others. Amounts
	 * are never cut. */
	int avail = terminal_columns();
	while (avail > 0 && total > avail) {
		struct column *widest = NULL;
		for (int c = 0; c < NCOLS; c++)
			if (cols[c].width > cols[c].min &&
			    (widest == NULL || cols[c].width > widest->width))
				widest = &cols[c];
		if (widest == NULL)
			break;
		widest->width--;
		total--;
	}

	char *title = text_sanitize(info->title);
	puts(title);
	free(title);
	if (info->sample)
		/* TRANSLATORS: shown above every list and on every order when the
		 * catalogue is illustrative (示例数据) */
		printf("%s\n", _("SAMPLE DATA: an illustrative catalogue, not an official list."));

	struct table_pass t = {.cols = cols, .line = BUF_INIT, .rows = 0};
	const char *titles[NCOLS];
	for (int c = 0; c < NCOLS; c++)
		titles[c] = _(cols[c].title);
	if (filter->services_only)
		/* TRANSLATORS: the first column of `list --services` (服务) */
		titles[COL_NAME] = _("Service");
	put_table_line(cols, titles, &t.line);
	int rc = store_each_product(st, filter, put_table_row, &t, cause);
	buf_finish(&t.line);
	/* A new import between the passes would change the rows: count them as
	 * printed. */
	if (rc == 0 && filter->services_only)
		printf(P_("%zu service\n", "%zu services\n", t.rows), t.rows);
	else if (rc == 0)
		printf(P_("%zu product\n", "%zu products\n", t.rows), t.rows);
	return rc;
}

/* The values of a group, "key (name), ...", for an error message; NULL when
 * they cannot be read. Caller frees. */
static char *group_choices(struct store *st, enum store_group group)
{
	struct store_counts values;
	char *cause = NULL;
	if (store_group_values(st, group, &values, &cause) != 0) {
		free(cause);
		return NULL;
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < values.count; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, values.items[i].key);
		if (strcmp(values.items[i].key, values.items[i].name) != 0) {
			buf_adds(&b, " (");
			buf_adds(&b, values.items[i].name);
			buf_adds(&b, ")");
		}
	}
	store_counts_finish(&values);
	char *raw = buf_steal(&b);
	char *out = text_sanitize(raw); /* catalogue text: no control characters out */
	free(raw);
	return out;
}

/* The id of the category given by its id or its name; NULL when none, and
 * then *choices gets the valid ones (group_choices). Caller frees. */
static char *category_choice(struct store *st, const char *given, char **choices)
{
	struct store_counts values;
	char *cause = NULL;
	char *id = NULL;
	*choices = NULL;
	if (store_group_values(st, STORE_GROUP_CATEGORY, &values, &cause) != 0) {
		free(cause);
		return store_category_exists(st, given) ? xstrdup(given) : NULL;
	}
	for (size_t i = 0; id == NULL && i < values.count; i++)
		if (strcmp(values.items[i].key, given) == 0)
			id = xstrdup(given);
	for (size_t i = 0; id == NULL && i < values.count; i++)
		if (strcmp(values.items[i].name, given) == 0)
			id = xstrdup(values.items[i].key);
	store_counts_finish(&values);
	if (id == NULL)
		*choices = group_choices(st, STORE_GROUP_CATEGORY);
	return id;
}

/* How many --category (or --township) options one command takes. */
#define LIST_MAX_CHOICES 64

static int cmd_list_run(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
	    CMD_COMMON_OPTIONS,
	    {"search", required_argument, NULL, OPT_SEARCH},
	    {"category", required_argument, NULL, OPT_CATEGORY},
	    {"township", required_argument, NULL, OPT_TOWNSHIP},
	    {"kind", required_argument, NULL, OPT_KIND},
	    {"edition", required_argument, NULL, OPT_EDITION},
	    {"platform", required_argument, NULL, OPT_PLATFORM},
	    {"certified", no_argument, NULL, OPT_CERTIFIED},
	    {"min-price", required_argument, NULL, OPT_MIN_PRICE},
	    {"max-price", required_argument, NULL, OPT_MAX_PRICE},
	    {"sort", required_argument, NULL, OPT_SORT},
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"services", no_argument, NULL, OPT_SERVICES},
	    {NULL, 0, NULL, 0},
	};
	const struct cmd_entry *self = &cmd_list_entry;
	struct store_filter filter = {0};
	/* --category and --township may be given again: any of them. */
	static const char *categories[LIST_MAX_CHOICES], *townships[LIST_MAX_CHOICES];
	filter.categories = categories;
	filter.townships = townships;
	enum list_format format = FORMAT_TABLE;
	int opt, status = -1;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:", options, NULL)) != -1) {
		switch (opt) {
		case OPT_SEARCH:
			filter.search = optarg;
			break;
		case OPT_CATEGORY:
			if (filter.ncategories == LIST_MAX_CHOICES)
				return cmd_usage_error(self, _("at most %d --category options"),
				                       LIST_MAX_CHOICES);
			categories[filter.ncategories++] = optarg;
			break;
		case OPT_TOWNSHIP:
			if (filter.ntownships == LIST_MAX_CHOICES)
				return cmd_usage_error(self, _("at most %d --township options"),
				                       LIST_MAX_CHOICES);
			townships[filter.ntownships++] = optarg;
			break;
		case OPT_KIND:
			filter.kinds = cat_kind_parse(optarg);
			if (filter.kinds == 0)
				return cmd_usage_error(
				    self,
				    _("unknown kind '%s'; expected farm, tourism or hardship"),
				    optarg);
			break;
		case OPT_EDITION:
			if (!parse_edition(optarg, &filter.edition))
				return cmd_usage_error(
				    self, _("edition '%s' is not a number such as 1 or 2"), optarg);
			break;
		case OPT_PLATFORM:
			filter.platforms = cat_platform_parse(optarg);
			if (filter.platforms == 0)
				return cmd_usage_error(
				    self, _("unknown platform '%s'; expected 832 or shaanxi-union"),
				    optarg);
			break;
		case OPT_CERTIFIED:
			filter.certified_only = true;
			break;
		case OPT_MIN_PRICE:
		case OPT_MAX_PRICE:
			if (!parse_price(optarg, opt == OPT_MIN_PRICE ? &filter.min_price
			                                              : &filter.max_price))
				return cmd_usage_error(
				    self,
				    _("price '%s' is not an amount in yuan such as 50 or 49.90"),
				    optarg);
			break;
		case OPT_SORT:
			if (!parse_sort(optarg, &filter))
				return cmd_usage_error(
				    self,
				    _("cannot sort by '%s'; expected name, price, unit-price, "
				      "enterprise or category, optionally followed by :desc"),
				    optarg);
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "table") == 0)
				format = FORMAT_TABLE;
			else if (strcmp(optarg, "tsv") == 0)
				format = FORMAT_TSV;
			else if (strcmp(optarg, "csv") == 0)
				format = FORMAT_CSV;
			else
				return cmd_usage_error(
				    self, _("unknown format '%s'; expected table, tsv or csv"),
				    optarg);
			break;
		case OPT_SERVICES:
			filter.services_only = true;
			break;
		default:
			if (!cmd_common_option(app, self, opt, optarg, &status))
				return cmd_option_error(self, argv, opt);
			if (status >= 0)
				return status;
		}
	}
	if (optind < argc)
		return cmd_usage_error(self, _("unexpected argument '%s'"), argv[optind]);
	if (filter.max_price > 0 && filter.min_price > filter.max_price)
		return cmd_usage_error(self, _("--min-price is above --max-price"));

	struct store *st = NULL;
	int rc = cmd_open_store(app, &st);
	if (rc != EXIT_OK)
		return rc;

	/* --category takes a category's id or its name (茶叶), as --township
	 * takes a name or a code; a wrong one is told with the valid choices. */
	char *category_ids[LIST_MAX_CHOICES] = {0};
	for (size_t k = 0; k < filter.ncategories; k++) {
		char *choices = NULL;
		category_ids[k] = category_choice(st, categories[k], &choices);
		if (category_ids[k] == NULL) {
			store_close(st);
			rc = cmd_usage_error(self,
			                     _("no category '%s' in the catalogue; one of: %s"),
			                     categories[k], choices != NULL ? choices : "");
			free(choices);
			for (size_t j = 0; j < k; j++)
				free(category_ids[j]);
			return rc;
		}
		categories[k] = category_ids[k];
	}
	for (size_t k = 0; k < filter.ntownships; k++)
		if (!store_township_exists(st, townships[k])) {
			char *choices = group_choices(st, STORE_GROUP_TOWNSHIP);
			store_close(st);
			rc = cmd_usage_error(self,
			                     _("no township '%s' in the catalogue; one of: %s"),
			                     townships[k], choices != NULL ? choices : "");
			free(choices);
			for (size_t j = 0; j < filter.ncategories; j++)
				free(category_ids[j]);
			return rc;
		}

	char *cause = NULL;
	struct store_info info = {0};
	int printed = -1;
	if (store_get_info(st, &info, &cause) == 0)
		printed = format == FORMAT_TABLE ? print_table(st, &filter, &info, &cause)
		                                 : print_delimited(st, &filter, format, &cause);
	store_info_finish(&info);
	store_close(st);
	for (size_t k = 0; k < filter.ncategories; k++)
		free(category_ids[k]);
	if (printed != 0) {
		fflush(stdout);
		cmd_error("%s", cause);
		free(cause);
		return EXIT_FAILED;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_error(_("cannot write the list: %s"), strerror(errno));
		return EXIT_FAILED;
	}
	return EXIT_OK;
}

const struct cmd_entry cmd_list_entry = {
    .name = "list",
    .summary = N_("List the catalogue's products, filtered and sorted."),
    .usage = N_("Options:\n"
                "  --search TEXT      words, pinyin (cuifeng) or initials (zyfxc) to look for\n"
                "  --category ID      only this category, by id or name (tea, 茶叶); again\n"
                "                     for more\n"
                "  --township NAME    only enterprises of this township (name or code); again\n"
                "                     for more\n"
                "  --kind KIND        only enterprises of this kind: farm, tourism, hardship\n"
                "  --edition N        only enterprises first recommended in edition N\n"
                "  --platform P       only enterprises on platform 832 or shaanxi-union\n"
                "  --certified        only products certified on the 832 platform\n"
                "  --min-price YUAN   only products costing at least this much\n"
                "  --max-price YUAN   only products costing at most this much\n"
                "  --services         list the tourism services instead of products\n"
                "  --sort KEY[:desc]  name, price, unit-price, enterprise or category\n"
                "  --format FORMAT    table (default), tsv or csv\n"
                "  --catalogue DIR    the catalogue folder\n"
                "  --db PATH          the database file\n"
                "  --help             show this help and exit\n"),
    .run = cmd_list_run,
};
