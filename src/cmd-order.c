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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* path as an absolute path (the history keeps absolute paths): the real
 * path of its folder when that exists, else the current folder before it.
 * Caller frees. */
static char *absolute_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *folder = slash == NULL   ? xstrdup(".")
	               : slash == path ? xstrdup("/")
	                               : xstrndup(path, (size_t)(slash - path));
	const char *base = slash == NULL ? path : slash + 1;
	char *real = realpath(folder, NULL);
	char *out = NULL;
	if (real != NULL)
		out = xasprintf("%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", base);
	else if (path[0] == '/')
		out = xstrdup(path);
	else {
		char *cwd = getcwd(NULL, 0);
		out = xasprintf("%s/%s", cwd != NULL ? cwd : ".", path);
		free(cwd);
	}
	free(real);
	free(folder);
	return out;
}

/* A test hook: AIXINGOU_TEST_STOP=after-write stops the program (SIGSTOP)
 * once the file is in place and before the history says so, so that a test
 * can kill it there for certain. */
static void test_stop(const char *where)
{
	const char *v = getenv("AIXINGOU_TEST_STOP");
	if (v != NULL && strcmp(v, where) == 0)
		raise(SIGSTOP);
}

struct render_ctx {
	const struct plist *l;
	const struct order_options *o;
	struct order_meta meta;
};

/* The order's text with its number (store_order_reserve's render). */
static int render_order(void *arg, const char *number, const char *date,
                        struct store_order_plan *plan, char **text, char **cause)
{
	struct render_ctx *c = arg;
	struct order_meta meta = c->meta;
	meta.number = number;
	meta.date = date;
	/* The history keeps the printed form: UTF-8, 80 cells. */
	*text = order_text(c->l, &meta, ORDER_DEFAULT_WIDTH, cause);
	if (*text == NULL)
		return -1;
	char *data = NULL;
	size_t len = 0;
	if (c->o->csv) {
		data = order_csv(c->l, &len, cause);
	} else {
		data = order_text(c->l, &meta, c->o->width, cause);
		len = data ? strlen(data) : 0;
		if (data && c->o->gb18030) {
			size_t glen;
			char *gb = order_for_windows(data, len, &glen, cause);
			free(data);
			data = gb;
			len = glen;
		}
	}
	if (data == NULL) {
		free(*text);
		*text = NULL;
		return -1;
	}
	plan->files[0].data = data;
	plan->files[0].len = len;
	return 0;
}

/* Prints a draft (no number, not recorded) to standard output. */
static int print_draft(const struct plist *l, const struct order_options *o,
                       const struct order_meta *base)
{
	char *cause = NULL, *data = NULL;
	size_t len = 0;
	char date[11], compact[9];
	today(date, compact);
	struct order_meta meta = *base;
	meta.draft = true;
	meta.date = date;
	if (o->csv) {
		data = order_csv(l, &len, &cause);
	} else {
		data = order_text(l, &meta, o->width, &cause);
		len = data ? strlen(data) : 0;
		if (data && o->gb18030) {
			size_t glen;
			char *gb = order_for_windows(data, len, &glen, &cause);
			free(data);
			data = gb;
			len = glen;
		}
	}
	if (data == NULL) {
		cmd_error("%s", cause ? cause : "?");
		free(cause);
		return EXIT_FAILED;
	}
	int rc = EXIT_OK;
	if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
		cmd_error(_("cannot write the order: %s"), strerror(errno));
		rc = EXIT_FAILED;
	}
	free(data);
	return rc;
}

/* Writes the order to --out under a number taken in the transaction that
 * records it (or the number of the list's last order when nothing changed). */
static int write_order(struct store *st, const struct plist *l, const struct order_options *o,
                       const struct order_meta *base)
{
	char *cause = NULL;
	char date[11], compact[9];
	today(date, compact);
	char *digest = order_list_digest(l, base, &cause);
	if (digest == NULL) {
		cmd_error("%s", cause ? cause : "?");
		free(cause);
		return EXIT_FAILED;
	}
	struct store_order_file file = {.path = absolute_path(o->out)};
	struct render_ctx ctx = {.l = l, .o = o, .meta = *base};
	struct store_order_plan plan = {
	    .list_id = l->id,
	    .list_name = l->info.name,
	    .digest = digest,
	    .yyyymmdd = compact,
	    .files = &file,
	    .nfiles = 1,
	    .render = render_order,
	    .ctx = &ctx,
	};
	if (!plist_total(l, &plan.total))
		plan.total = 0;
	int rc = EXIT_FAILED;
	cmd_catch_signals();
	if (store_order_reserve(st, &plan, &cause) != 0) {
		cmd_error("%s", cause ? cause : "?");
		goto out;
	}
	bool written = order_write_file(file.path, file.data, file.len, o->force, &cause) == 0;
	int err = errno;
	if (written)
		test_stop("after-write");
	char *finish_cause = NULL;
	if (store_order_finish(st, &plan, &written, &finish_cause) != 0) {
		/* The pending row stays: the next start settles it. */
		cmd_warning("%s", finish_cause);
		free(finish_cause);
	}
	if (!written) {
		cmd_error("%s", cause);
		if (err == EEXIST)
			cmd_error(_("use --force to replace it"));
		goto out;
	}
	char *path = text_sanitize(file.path);
	char *number = text_sanitize(plan.number); /* from the database */
	if (plan.reused)
		/* TRANSLATORS: an unchanged list written again keeps its number */
		fprintf(stderr,
		        _("order %s (the list is unchanged since it was written: same "
		          "number) written to %s\n"),
		        number, path);
	else
		fprintf(stderr, _("order %s written to %s\n"), number, path);
	free(number);
	free(path);
	rc = EXIT_OK;
out:
	free(cause);
	free(plan.number);
	free(file.path);
	free(file.data);
	free(digest);
	return rc;
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

	char *cause = NULL;
	struct plist l = {0};
	struct store_info info = {0};
	struct order_contact *contacts = NULL;
	size_t ncontacts = 0;
	int found = store_list_load(st, 0, o.name, &l, &cause);
	if (found == 1) {
		cmd_error(_("no purchase list named '%s'; 'aixingou lists' shows them"), o.name);
		rc = EXIT_FAILED;
		goto out;
	}
	if (found < 0 || store_get_info(st, &info, &cause) != 0 ||
	    store_order_contacts(st, &l, &contacts, &ncontacts, &cause) != 0) {
		cmd_error("%s", cause ? cause : "?");
		rc = EXIT_FAILED;
		goto out;
	}

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
	struct order_meta meta = {
	    .catalogue_title = info.title,
	    .sample = info.sample,
	    .contacts = contacts,
	    .ncontacts = ncontacts,
	};
	/* Standard output (a pipe to lp, a look) gets a draft without a number;
	 * a file written takes a number and goes into the history. */
	rc = o.out == NULL ? print_draft(&l, &o, &meta) : write_order(st, &l, &o, &meta);
out:
	free(cause);
	order_contacts_free(contacts, ncontacts);
	plist_finish(&l);
	store_info_finish(&info);
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_order_entry = {
    .name = "order",
    .summary = N_("Write the order of a saved purchase list, as text or CSV."),
    .usage = N_("Usage: aixingou order NAME [OPTION]...\n"
                "Prints a draft of the order of the list NAME (no number), or writes the\n"
                "order to a file under an order number kept in the order history (the same\n"
                "number while the list is unchanged). An existing file is replaced only with\n"
                "--force, and only a plain file. The text order is a Chinese document;\n"
                "--lang en writes it in English.\n"
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
