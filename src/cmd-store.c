/* What the commands that read the catalogue share: opening the database and
 * bringing it up to date with the catalogue. */
#include "cmd.h"
#include "core/buf.h"
#include "core/diag.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "order/order.h"
#include "store/lists.h"
#include "store/store.h"

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

/* A warning on stderr, and in app->notices when the caller keeps them. */
static void store_warning(struct app *app, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void store_warning(struct app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	cmd_warning("%s", text);
	if (app->notices != NULL) {
		buf_adds(app->notices, text);
		buf_adds(app->notices, "\n\n");
	}
	free(text);
}

/* Said on a terminal while a changed catalogue is read and imported: the
 * first start with a big catalogue takes seconds (5 for 200,000 products),
 * which would otherwise be a blank wait. */
static void say_reading(void *arg)
{
	const struct app *app = arg;
	if (!isatty(STDERR_FILENO))
		return;
	char *dir = text_sanitize(app->catalogue_dir);
	/* TRANSLATORS: shown while a changed catalogue is imported (a few
	 * seconds for a big one). */
	fprintf(stderr, _("aixingou: reading the catalogue in %s...\n"), dir);
	free(dir);
}

int cmd_open_store(struct app *app, struct store **out)
{
	char *cause = NULL;
	char *path = app->db_path ? xstrdup(app->db_path) : store_default_path();
	if (path == NULL) {
		cmd_error(_("cannot find a place for the database: set HOME or use --db PATH"));
		return EXIT_FAILED;
	}
	/* SQLite makes "" a temporary file and ":memory:" a database in memory
	 * (a script's unset variable gives ""): whatever was saved there would
	 * be gone at the end. */
	if (path[0] == '\0' || strcmp(path, ":memory:") == 0) {
		cmd_error(_("\"%s\" is no database file: give the path of a file"), path);
		free(path);
		return EXIT_USAGE; /* a wrong --db is a wrong command line */
	}
	/* A damaged database is moved aside and a new one made, with the saved
	 * lists recovered; the catalogue is imported into it below. */
	char *notice = NULL;
	struct store *st = store_open_ex(path, STORE_OPEN_REPAIR, &notice, &cause);
	free(path);
	if (notice != NULL) {
		store_warning(app, "%s", notice);
		free(notice);
	}
	if (st == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return EXIT_FAILED;
	}

	/* Orders a killed aixingou was writing: each file in place joins the
	 * history, the rest is dropped (store/lists.h). */
	if (store_orders_reconcile(st, NULL, &cause) != 0) {
		store_warning(app, "%s", cause);
		free(cause);
		cause = NULL;
	}

	struct diag_list diags = DIAG_LIST_INIT;
	enum store_sync_result r =
	    store_sync_ex(st, app->catalogue_dir, &diags, &cause, say_reading, app);
	/* Errors of the catalogue come as diagnostics; a store that cannot take
	 * the import (a full disk, a lock) says so in cause alone. */
	bool catalogue_errors = diag_total(&diags) > 0;
	if (r == STORE_SYNC_ERROR || r == STORE_SYNC_KEPT_OLD) {
		diag_print(&diags, stderr);
		if (cause)
			cmd_error("%s", cause);
	}
	diag_list_finish(&diags);
	if (r == STORE_SYNC_NOT_IMPORTED) {
		store_warning(app, "%s", cause);
		store_warning(
		    app,
		    _("the catalogue in %s changed but could not be imported; showing the "
		      "last import"),
		    app->catalogue_dir);
	}
	free(cause);
	if (r == STORE_SYNC_ERROR) {
		if (catalogue_errors)
			cmd_error(_("the catalogue in %s cannot be used; run 'aixingou check' for "
			            "details"),
			          app->catalogue_dir);
		store_close(st);
		return EXIT_FAILED;
	}
	if (r == STORE_SYNC_KEPT_OLD)
		store_warning(app, _("the catalogue has errors; showing the last good import"));
	*out = st;
	return EXIT_OK;
}

/* SIGTERM, SIGINT, SIGHUP while an order (or a merged CSV) is written: the
 * temporary file goes, then the signal ends the program as it would have. An
 * order's reserved number is settled at the next start
 * (store_orders_reconcile). */
static void on_signal(int sig)
{
	order_remove_temporary();
	signal(sig, SIG_DFL);
	raise(sig);
}

void cmd_catch_signals(void)
{
	static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		/* A signal ignored when the program started (nohup) stays so. */
		struct sigaction old;
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}
