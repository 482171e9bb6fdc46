/* aixingou lists and aixingou order: the saved purchase lists, and an order
 * written from one without the screen. */
#include "cmd.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "order/order.h"
#include "store/lists.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Parses the options every command takes and nothing else. */
static int common_options_only(const struct cmd_entry *self, struct app *app, int argc, char **argv)
{
	static const struct option options[] = {CMD_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	int opt, status = -1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:", options, NULL)) != -1) {
		if (!cmd_common_option(app, self, opt, optarg, &status))
			return cmd_option_error(self, argv, opt);
		if (status >= 0)
			return status;
	}
	if (optind < argc)
		return cmd_usage_error(self, _("unexpected argument '%s'"), argv[optind]);
	return -1;
}

/* What a list's purpose reads as: the holiday's name, or the text typed. */
static const char *purpose_text(const char *purpose)
{
	const char *label = plist_holiday_label(purpose);
	return label ? label : purpose;
}

/* The column titles of `lists`, as wide as its columns below. */
static void print_lists_header(void)
{
	/* The titles the lists screen uses. */
	char *name = text_fit(_("List"), 28, false);
	char *purpose = text_fit(_("Purpose"), 12, false);
	char *people = text_fit(_("Members"), 16, false);
	char *lines = text_fit(_("Lines"), 10, false);
	char *total = text_fit(_("Total"), 14, true);
	printf("%s  %s  %s  %s  %s  %s\n", name, purpose, people, lines, total, _("Last edit"));
	free(name);
	free(purpose);
	free(people);
	free(lines);
	free(total);
}

static int cmd_lists_run(struct app *app, int argc, char **argv)
{
	int rc = common_options_only(&cmd_lists_entry, app, argc, argv);
	if (rc >= 0)
		return rc;
	struct store *st = NULL;
	rc = cmd_open_store(app, &st);
	if (rc != EXIT_OK)
		return rc;

	struct plist_summary *lists = NULL;
	size_t n = 0;
	char *cause = NULL;
	if (store_lists(st, &lists, &n, &cause) != 0) {
		cmd_error("%s", cause);
		free(cause);
		store_close(st);
		return EXIT_FAILED;
	}
	if (n == 0)
		printf("%s\n", _("No purchase lists yet. Make one in the browser (F7, or n in the "
		                 "saved lists) or with 'aixingou import-order FILE.csv'."));
	else
		print_lists_header();
	for (size_t i = 0; i < n; i++) {
		const struct plist_summary *s = &lists[i];
		char total[MONEY_YUAN_SIZE];
		char *name = text_fit(s->name, 28, false);
		char *purpose = text_fit(purpose_text(s->purpose), 12, false);
		char *people = s->pack ? xasprintf(_("%lld members, pack"), (long long)s->headcount)
		                       : xasprintf(_("%lld members"), (long long)s->headcount);
		char *lines = xasprintf(P_("%zu line", "%zu lines", s->nlines), s->nlines);
		char *people_cell = text_fit(people, 16, false);
		char *lines_cell = text_fit(lines, 10, false);
		char *total_cell =
		    text_fit(s->total >= 0 ? money_format_yuan(s->total, total) : "?", 14, true);
		/* Written by the program, but read back from a file that could
		 * have been changed: sanitised like every text from it. */
		char *updated = text_sanitize(s->updated_at);
		printf("%s  %s  %s  %s  %s  %s\n", name, purpose, people_cell, lines_cell,
		       total_cell, updated);
		free(updated);
		free(name);
		free(purpose);
		free(people);
		free(lines);
		free(people_cell);
		free(lines_cell);
		free(total_cell);
	}
	plist_summaries_free(lists, n);
	store_close(st);
	return EXIT_OK;
}

const struct cmd_entry cmd_lists_entry = {
    .name = "lists",
    .summary = N_("Show the saved purchase lists with their totals."),
    .usage = N_("Options:\n"
                "  --db PATH        the database file\n"
                "  --help           show this help and exit\n"),
    .run = cmd_lists_run,
};

enum {
	OPT_FORMAT = OPT_COMMAND_BASE,
	OPT_ENCODING,
	OPT_WIDTH,
	OPT_OUT,
	OPT_FORCE,
};

struct order_options {
	bool csv;
	bool gb18030;
	int width;
	const char *out;
	bool force;
	const char *name;
};

static int parse_order_options(struct app *app, int argc, char **argv, struct order_options *o)
{
	static const struct option options[] = {
	    CMD_COMMON_OPTIONS,
	    {"format", required_argument, NULL, OPT_FORMAT},
	    {"encoding", required_argument, NULL, OPT_ENCODING},
	    {"width", required_argument, NULL, OPT_WIDTH},
	    {"out", required_argument, NULL, OPT_OUT},
	    {"force", no_argument, NULL, OPT_FORCE},
	    {NULL, 0, NULL, 0},
	};
	const struct cmd_entry *self = &cmd_order_entry;
	int opt, status = -1;
	opterr = 0;
	/* Options may follow the list's name: no '+' here. */
	while ((opt = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		char *end;
		long v;
		switch (opt) {
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o->csv = false;
			else if (strcmp(optarg, "csv") == 0)
				o->csv = true;
			else
				return cmd_usage_error(
				    self, _("unknown format '%s'; expected text or csv"), optarg);
			break;
		case OPT_ENCODING:
			if (strcmp(optarg, "utf-8") == 0 || strcmp(optarg, "UTF-8") == 0)
				o->gb18030 = false;
			else if (strcmp(optarg, "gb18030") == 0 || strcmp(optarg, "GB18030") == 0)
				o->gb18030 = true;
			else
				return cmd_usage_error(
				    self, _("unknown encoding '%s'; expected utf-8 or gb18030"),
				    optarg);
			break;
		case OPT_WIDTH:
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < ORDER_MIN_WIDTH ||
			    v > ORDER_MAX_WIDTH)
				return cmd_usage_error(
				    self, _("width '%s' is not a number from %d to %d"), optarg,
				    ORDER_MIN_WIDTH, ORDER_MAX_WIDTH);
			o->width = (int)v;
			break;
		case OPT_OUT:
			o->out = optarg;
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		default:
			if (!cmd_common_option(app, self, opt, optarg, &status))
				return cmd_option_error(self, argv, opt);
			if (status >= 0)
				return status;
		}
	}
	if (optind >= argc)
		return cmd_usage_error(self, _("which list? Give its name (see 'aixingou lists')"));
	o->name = argv[optind];
	if (optind + 1 < argc)
		return cmd_usage_error(self, _("unexpected argument '%s'"), argv[optind + 1]);
	if (o->csv && o->gb18030)
		return cmd_usage_error(self,
		                       _("a CSV order is always UTF-8 (Excel reads its "
		                         "byte-order mark); --encoding is for the text order"));
	return -1;
}

/* Today's local date as "YYYY-MM-DD" and "YYYYMMDD". */
static void today(char date[11], char compact[9])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(date, 11, "%Y-%m-%d", &tm);
	strftime(compact, 9, "%Y%m%d", &tm);
}

/* Writes the order (already made) to --out or stdout and records a file. */
static int emit_order(struct store *st, const struct plist *l, const struct order_options *o,
                      const char *number, const char *data, size_t len)
{
	char *cause = NULL;
	if (o->out == NULL) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
			cmd_error(_("cannot write the order: %s"), strerror(errno));
			return EXIT_FAILED;
		}
		return EXIT_OK;
	}
	if (order_write_file(o->out, data, len, o->force, &cause) != 0) {
		cmd_error("%s", cause);
		if (errno == EEXIST)
			cmd_error(_("use --force to replace it"));
		free(cause);
		return EXIT_FAILED;
	}
	money_t total = 0;
	plist_total(l, &total);
	if (store_record_order(st, l->id, l->info.name, number, o->out, total, &cause) != 0) {
		/* The file is written; only the history missed it. */
		cmd_warning("%s", cause);
		free(cause);
	}
	char *path = text_sanitize(o->out);
	fprintf(stderr, _("order %s written to %s\n"), number, path);
	free(path);
	return EXIT_OK;
}

static int cmd_order_run(struct app *app, int argc, char **argv)
{
	struct order_options o = {.width = ORDER_DEFAULT_WIDTH};
	int rc = parse_order_options(app, argc, argv, &o);
	if (rc >= 0)
		return rc;
	struct store *st = NULL;
	rc = cmd_open_store(app, &st);
	if (rc != EXIT_OK)
		return rc;

	char *cause = NULL, *number = NULL, *data = NULL;
	struct plist l = {0};
	struct store_info info = {0};
	int found = store_list_load(st, 0, o.name, &l, &cause);
	if (found == 1) {
		cmd_error(_("no purchase list named '%s'; 'aixingou lists' shows them"), o.name);
		rc = EXIT_FAILED;
		goto out;
	}
	if (found < 0 || store_get_info(st, &info, &cause) != 0)
		goto fail;

	char date[11], compact[9];
	today(date, compact);
	if (store_next_order_number(st, compact, &number, &cause) != 0)
		goto fail;

	size_t len = 0;
	if (o.csv) {
		data = order_csv(&l, &len, &cause);
	} else {
		struct order_meta meta = {
		    .catalogue_title = info.title,
		    .sample = info.sample,
		    .number = number,
		    .date = date,
		};
		data = order_text(&l, &meta, o.width, &cause);
		len = data ? strlen(data) : 0;
		if (data && o.gb18030) {
			size_t glen;
			char *gb = order_to_gb18030(data, len, &glen, &cause);
			free(data);
			data = gb;
			len = glen;
		}
	}
	if (data == NULL)
		goto fail;

	/* The checks are in the text order; with CSV they go to stderr. */
	if (o.csv) {
		struct order_figures fig;
		struct order_check *checks;
		size_t nchecks;
		order_check_list(&l, &fig, &checks, &nchecks);
		for (size_t i = 0; i < nchecks; i++)
			if (checks[i].level == CHECK_WARNING)
				cmd_warning("%s", checks[i].message);
		order_checks_free(checks, nchecks);
	}
	rc = emit_order(st, &l, &o, number, data, len);
	goto out;

fail:
	cmd_error("%s", cause ? cause : "?");
	rc = EXIT_FAILED;
out:
	free(cause);
	free(number);
	free(data);
	plist_finish(&l);
	store_info_finish(&info);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_order_entry = {
    .name = "order",
    .summary = N_("Write the order of a saved purchase list, as text or CSV."),
    .usage = N_("Usage: aixingou order NAME [OPTION]...\n"
                "Prints the order of the list NAME, or writes it to a file (never over an\n"
                "existing one without --force); a file written is kept in the order history.\n"
                "\n"
                "Options:\n"
                "  --format text|csv        the printable text order (default) or CSV\n"
                "  --encoding utf-8|gb18030 the text order's encoding (default utf-8)\n"
                "  --width N                the text order's width in cells (default 80)\n"
                "  --out FILE               write to FILE instead of printing\n"
                "  --force                  replace FILE when it exists\n"
                "  --db PATH                the database file\n"
                "  --help                   show this help and exit\n"),
    .run = cmd_order_run,
};
