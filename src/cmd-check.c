/* aixingou check: validate a catalogue and say what is wrong, for the people
 * who maintain it by hand. Reads the YAML only; the database is not touched. */
#include "catalogue/catalogue.h"
#include "cmd.h"
#include "core/diag.h"
#include "core/i18n.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>

static int cmd_check_run(struct app *app, int argc, char **argv)
{
	static const struct option options[] = {CMD_COMMON_OPTIONS, {NULL, 0, NULL, 0}};
	int opt, status = -1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:", options, NULL)) != -1) {
		if (!cmd_common_option(app, &cmd_check_entry, opt, optarg, &status))
			return cmd_option_error(&cmd_check_entry, argv, opt);
		if (status >= 0)
			return status;
	}
	if (optind < argc)
		return cmd_usage_error(&cmd_check_entry, _("unexpected argument '%s'"),
		                       argv[optind]);

	struct diag_list diags = DIAG_LIST_INIT;
	struct catalogue *cat = catalogue_load(app->catalogue_dir, &diags);
	char *dir = text_sanitize(app->catalogue_dir);
	if (cat == NULL) {
		diag_print(&diags, stderr);
		size_t n = diag_total(&diags);
		if (diag_full(&diags))
			/* The loader stopped at the cap: the files after it were not
			 * read, so the count is a floor. */
			fprintf(stderr,
			        _("%s: %zu errors or more; checking stopped at the first %zu: "
			          "correct them and check again\n"),
			        dir, n, diags.max ? diags.max : (size_t)DIAG_DEFAULT_MAX);
		else
			fprintf(stderr, P_("%s: %zu error\n", "%s: %zu errors\n", n), dir, n);
		diag_list_finish(&diags);
		free(dir);
		return EXIT_FAILED;
	}

	/* TRANSLATORS: the summary of a valid catalogue, e.g.
	 * "catalogue: 36 enterprises, 185 products, 6 services" */
	printf(_("%s: %zu enterprises, %zu products, %zu services\n"), dir, cat->nenterprises,
	       cat->nproducts, cat->nservices);
	free(dir);
	catalogue_free(cat);
	return EXIT_OK;
}

const struct cmd_entry cmd_check_entry = {
    .name = "check",
    .summary = N_("Check a catalogue and report every mistake in it."),
    .usage = N_("Reads catalogue.yaml and enterprises/*.yaml and prints each mistake as\n"
                "FILE:LINE:COLUMN: error: MESSAGE. Exits 0 when the catalogue is valid,\n"
                "1 when it has mistakes, 2 when the command line is wrong.\n"
                "\n"
                "Options:\n"
                "  --catalogue DIR  the catalogue folder to check\n"
                "  --help           show this help and exit\n"),
    .run = cmd_check_run,
};
