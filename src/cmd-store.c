/* What the commands that read the catalogue share: opening the database and
 * bringing it up to date with the catalogue. */
#include "cmd.h"
#include "core/diag.h"
#include "core/i18n.h"
#include "core/xalloc.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>

int cmd_open_store(struct app *app, struct store **out)
{
	char *cause = NULL;
	char *path = app->db_path ? xstrdup(app->db_path) : store_default_path();
	if (path == NULL) {
		cmd_error(_("cannot find a place for the database: set HOME or use --db PATH"));
		return EXIT_FAILED;
	}
	struct store *st = store_open(path, &cause);
	free(path);
	if (st == NULL) {
		cmd_error("%s", cause);
		free(cause);
		return EXIT_FAILED;
	}

	struct diag_list diags = DIAG_LIST_INIT;
	enum store_sync_result r = store_sync(st, app->catalogue_dir, &diags, &cause);
	if (r == STORE_SYNC_ERROR || r == STORE_SYNC_KEPT_OLD) {
		diag_print(&diags, stderr);
		if (cause)
			cmd_error("%s", cause);
	}
	diag_list_finish(&diags);
	free(cause);
	if (r == STORE_SYNC_ERROR) {
		cmd_error(_("the catalogue in %s cannot be used; run 'aixingou check' for details"),
		          app->catalogue_dir);
		store_close(st);
		return EXIT_FAILED;
	}
	if (r == STORE_SYNC_KEPT_OLD)
		cmd_warning(_("the catalogue has errors; showing the last good import"));
	*out = st;
	return EXIT_OK;
}
