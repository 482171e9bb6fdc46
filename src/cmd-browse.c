/* aixingou browse (the default): the catalogue in a full-screen browser. */
#include "cmd.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "ui/ui.h"

#include <stdlib.h>

enum { OPT_NO_MOUSE = OPT_COMMAND_BASE };

static int cmd_browse_run(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {
	    CMD_COMMON_OPTIONS,
	    {"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
	    {NULL, 0, NULL, 0},
	};
	bool mouse = true;
	int opt, status = -1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:", options, NULL)) != -1) {
		if (opt == OPT_NO_MOUSE) {
			mouse = false;
			continue;
		}
		if (!cmd_common_option(app, &cmd_browse_entry, opt, optarg, &status))
			return cmd_option_error(&cmd_browse_entry, argv, opt);
		if (status >= 0)
			return status;
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_browse_entry, _("unexpected argument '%s'"),
		                       argv[optind]);

	struct store *st = NULL;
	struct buf notices = BUF_INIT;
	app->notices = &notices;
	int rc = cmd_open_store(app, &st);
	app->notices = NULL;
	if (rc != EXIT_OK) {
		buf_finish(&notices);
		return rc;
	}
	char *cause = NULL;
	int ended = ui_run(st, mouse, notices.len > 0 ? buf_str(&notices) : NULL, &cause);
	/* Ended by a signal: the status a shell expects of it (143 for
	 * SIGTERM), after the terminal and the database were closed properly. */
	rc = ended == 0 ? EXIT_OK : ended > 0 ? 128 + ended : EXIT_FAILED;
	buf_finish(&notices);
	if (cause) {
		cmd_error("%s", cause);
		free(cause);
	}
	store_close(st);
	return rc;
}

const struct cmd_entry cmd_browse_entry = {
    .name = "browse",
    .summary = N_("Browse, search, filter and compare the catalogue (the default)."),
    .usage = N_("Opens the full-screen browser. F1 inside shows every key.\n"
                "\n"
                "Options:\n"
                "  --no-mouse       do not use the mouse\n"
                "  --catalogue DIR  the catalogue folder\n"
                "  --db PATH        the database file\n"
                "  --lang LANG      the language, e.g. zh_CN or en\n"
                "  --help           show this help and exit\n"),
    .run = cmd_browse_run,
};
