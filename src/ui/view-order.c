/* The order of the current list (F9): a preview of exactly the text that will
 * be written and printed, then writing and printing.
 *
 * The order is always made ORDER_DEFAULT_WIDTH (80) cells wide, the printed
 * form; a narrower terminal scrolls it left and right rather than showing
 * another text than the one written. Enter (or w, F9) asks for a folder and a
 * file name (by default ~/aixingou-orders and the order number) and writes
 * NUMBER.txt (UTF-8), NUMBER.csv and, when asked, NUMBER-gb18030.txt for old
 * Windows computers (CRLF), each atomically and never over an existing file
 * without asking. The preview's number is provisional: writing takes the real
 * one in the transaction that records the order (store_order_reserve), and
 * the preview and files named after the number follow it. p prints its text
 * with lp or lpr. view_order_open_stored shows an order of the history as it
 * was written. */
#include "ui/ui.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "order/order.h"
#include "store/lists.h"
#include "ui/draw.h"
#include "ui/form.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Cells Left and Right move a text wider than the screen. */
#define HSCROLL_STEP 8
/* The folder under the home folder that orders go to by default. */
#define ORDER_FOLDER "aixingou-orders"

enum order_form {
	ORDER_FORM_WRITE = 1,
	ORDER_FORM_OVERWRITE,
};

enum write_field {
	WRITE_FOLDER,
	WRITE_NAME,
	WRITE_GB18030,
};

/* The files of one write, made before any is written so that a list that
 * cannot be written fails before a file is touched. */
#define ORDER_FILES_MAX 3
struct order_files {
	char *dir;      /* the folder, absolute */
	bool by_number; /* the file name is the order's number (the default) */
	size_t count;
	char *path[ORDER_FILES_MAX];
	char *data[ORDER_FILES_MAX];
	size_t len[ORDER_FILES_MAX];
};

struct order_view {
	struct plist list;
	money_t total;
	char *number;  /* the order number, e.g. AXG-20261129-001 */
	char date[16]; /* the date printed, YYYY-MM-DD */
	char *text;    /* the order as it is written */
	char **lines;  /* its lines; NULL marks a page break */
	size_t nlines;
	size_t top; /* first line shown */
	int left;   /* first cell shown */
	struct form *form;
	/* What the write form said, kept for the next time it opens. */
	char *folder;
	char *name;
	bool gb18030;
	struct order_files pending; /* waiting for "overwrite?" */
	/* The suppliers' contacts, and the list's order as a digest: an
	 * unchanged list keeps the number of its last order. */
	struct order_contact *contacts;
	size_t ncontacts;
	char *digest;
	/* An order of the history, as it was written: nothing to write. */
	bool stored;
	char *stored_files;
	/* After writing: the files, and the text file that p prints. */
	bool written;
	char *written_txt;
	char *written_files;
	int body_y, body_h;
};

static void files_clear(struct order_files *f)
{
	free(f->dir);
	for (size_t i = 0; i < f->count; i++) {
		free(f->path[i]);
		free(f->data[i]);
	}
	memset(f, 0, sizeof *f);
}

static void free_text(struct order_view *ov)
{
	for (size_t i = 0; i < ov->nlines; i++)
		free(ov->lines[i]);
	free(ov->lines);
	ov->lines = NULL;
	ov->nlines = 0;
	free(ov->text);
	ov->text = NULL;
	free(ov->number);
	ov->number = NULL;
}

static void order_destroy(void *state)
{
	struct order_view *ov = state;
	if (ov == NULL)
		return;
	free_text(ov);
	plist_finish(&ov->list);
	form_free(ov->form);
	free(ov->folder);
	free(ov->name);
	files_clear(&ov->pending);
	free(ov->written_txt);
	free(ov->written_files);
	order_contacts_free(ov->contacts, ov->ncontacts);
	free(ov->digest);
	free(ov->stored_files);
	free(ov);
}

/* Splits the text into lines; a form feed (a new page) becomes a line of its
 * own, NULL. */
static void split_lines(struct order_view *ov)
{
	size_t cap = 64;
	ov->lines = xreallocarray(NULL, cap, sizeof *ov->lines);
	const char *p = ov->text;
	while (*p) {
		if (ov->nlines + 2 > cap) {
			cap *= 2;
			ov->lines = xreallocarray(ov->lines, cap, sizeof *ov->lines);
		}
		if (*p == '\f') {
			ov->lines[ov->nlines++] = NULL;
			p++;
			continue;
		}
		size_t len = strcspn(p, "\n\f");
		size_t keep = len;
		if (keep > 0 && p[keep - 1] == '\r')
			keep--;
		ov->lines[ov->nlines++] = xstrndup(p, keep);
		p += len;
		if (*p == '\n')
			p++;
	}
}

/* The order's header, without number and date. */
static struct order_meta base_meta(const struct ui *ui, const struct order_view *ov)
{
	struct order_meta meta = {
	    .catalogue_title = ui->info.title,
	    .sample = ui->info.sample,
	    .contacts = ov->contacts,
	    .ncontacts = ov->ncontacts,
	};
	return meta;
}

/* Makes the preview for today: the number writing would take now (the list's
 * last order's when the list is unchanged, else the next free one), which is
 * provisional: writing takes the real one in the transaction that records
 * the order. Returns false with the cause said when the list cannot be
 * written. */
static bool prepare(struct ui *ui, struct order_view *ov)
{
	time_t now = time(NULL);
	struct tm tm;
	char ymd[16];
	if (localtime_r(&now, &tm) == NULL) {
		ui_error(ui, "%s", _("Cannot tell today's date"));
		return false;
	}
	strftime(ov->date, sizeof ov->date, "%Y-%m-%d", &tm);
	strftime(ymd, sizeof ymd, "%Y%m%d", &tm);

	struct order_meta meta = base_meta(ui, ov);
	char *number = NULL, *cause = NULL;
	bool reused = false;
	char *digest = order_list_digest(&ov->list, &meta, &cause);
	if (digest == NULL || store_order_provisional(ui->store, ov->list.id, digest, ymd, &number,
	                                              &reused, &cause) != 0) {
		ui_error(ui, "%s", cause ? cause : "");
		free(cause);
		free(digest);
		return false;
	}
	/* A reused number keeps its date. */
	if (reused && strncmp(number, "AXG-", 4) == 0 && strlen(number) >= 12)
		snprintf(ov->date, sizeof ov->date, "%.4s-%.2s-%.2s", number + 4, number + 8,
		         number + 10);
	meta.number = number;
	meta.date = ov->date;
	char *text = order_text(&ov->list, &meta, ORDER_DEFAULT_WIDTH, &cause);
	if (text == NULL) {
		ui_error(ui, "%s", cause ? cause : "");
		free(cause);
		free(number);
		free(digest);
		return false;
	}
	free_text(ov);
	ov->number = number;
	ov->text = text;
	free(ov->digest);
	ov->digest = digest;
	split_lines(ov);
	ov->top = 0;
	ov->left = 0;
	return true;
}

/* ---- writing ------------------------------------------------------------------ */

/* The folder orders go to unless the clerk says otherwise: a folder of its
 * own in the home folder, easy to find again; without a home, the current
 * folder. Caller frees. */
static char *default_folder(void)
{
	const char *home = getenv("HOME");
	if (home && *home)
		return xasprintf("%s/%s", home, ORDER_FOLDER);
	char *cwd = getcwd(NULL, 0);
	char *dir = xstrdup(cwd ? cwd : ".");
	free(cwd);
	return dir;
}

/* "~" and "~/..." as the home folder. Caller frees. */
static char *expand_home(const char *path)
{
	const char *home = getenv("HOME");
	if (home && (strcmp(path, "~") == 0 || strncmp(path, "~/", 2) == 0))
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

/* Makes the folder and the folders above it when missing. */
static int make_folder(const char *dir, char **cause)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			/* TRANSLATORS: %s is a folder, then the system's reason */
			*cause = xasprintf(_("cannot make the folder %s: %s"), p, strerror(errno));
			free(p);
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	struct stat sb;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		*cause = xasprintf(_("%s is not a folder"), dir);
		return -1;
	}
	return 0;
}

static void open_write_form(struct order_view *ov)
{
	/* TRANSLATORS: title of the form that writes an order; %s its number */
	char *title = xasprintf(_("Write order %s"), ov->number);
	struct form *f = form_new(title, ORDER_FORM_WRITE);
	free(title);
	/* TRANSLATORS: fields of the form that writes an order; ≤14 cells */
	form_add_text(f, FORM_TEXT, _("Folder"), ov->folder, NULL);
	form_add_text(f, FORM_TEXT, _("File name"), ov->name ? ov->name : ov->number, NULL);
	form_add_toggle(f, _("GB18030 copy"), ov->gb18030);
	form_set_note(f, "%s",
	              _("Writes NAME.txt (the printed order) and NAME.csv (for spreadsheets); "
	                "the GB18030 copy NAME-gb18030.txt is for old Windows computers."));
	form_free(ov->form);
	ov->form = f;
}

/* Makes the files' paths and contents from the form; on a wrong field or a
 * list that cannot be written says so in the form and returns false. */
static bool make_files(struct order_view *ov, struct order_files *out)
{
	struct form *f = ov->form;
	char *folder_text = form_value(f, WRITE_FOLDER);
	char *name = form_value(f, WRITE_NAME);
	bool gb = form_toggle(f, WRITE_GB18030);
	char *folder = expand_home(folder_text);
	char *cause = NULL;
	bool ok = false;
	memset(out, 0, sizeof *out);

	/* Remembered even when wrong: the form opens with them again. */
	free(ov->folder);
	ov->folder = xstrdup(folder_text);
	free(ov->name);
	ov->name = xstrdup(name);
	ov->gb18030 = gb;

	if (*folder == '\0') {
		form_error(f, WRITE_FOLDER, "%s", _("Type the folder to write to"));
	} else if (*name == '\0' || strchr(name, '/') || strcmp(name, ".") == 0 ||
	           strcmp(name, "..") == 0) {
		form_error(f, WRITE_NAME, "%s", _("Type a file name without “/”"));
	} else if (make_folder(folder, &cause) != 0) {
		form_error(f, WRITE_FOLDER, "%s", cause);
	} else {
		/* The history keeps absolute paths. */
		char *real = realpath(folder, NULL);
		const char *dir = real != NULL ? real : folder;
		const char *sep = strcmp(dir, "/") == 0 ? "" : "/";
		out->path[0] = xasprintf("%s%s%s.txt", dir, sep, name);
		out->path[1] = xasprintf("%s%s%s.csv", dir, sep, name);
		out->count = 2;
		if (gb)
			out->path[out->count++] = xasprintf("%s%s%s-gb18030.txt", dir, sep, name);
		out->dir = xstrdup(dir);
		out->by_number = ov->number != NULL && strcmp(name, ov->number) == 0;
		free(real);
		ok = true;
	}
	if (!ok)
		files_clear(out);
	free(cause);
	free(folder_text);
	free(folder);
	free(name);
	return ok;
}

/* The names (without the folder, which they share) of the files that exist
 * already, joined for a question; NULL when none does. Caller frees. */
static char *existing(const struct order_files *files)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < files->count; i++) {
		struct stat sb;
		if (lstat(files->path[i], &sb) != 0)
			continue;
		if (b.len)
			buf_adds(&b, _(", "));
		const char *slash = strrchr(files->path[i], '/');
		buf_adds(&b, slash ? slash + 1 : files->path[i]);
	}
	if (b.len == 0) {
		buf_finish(&b);
		return NULL;
	}
	return buf_steal(&b);
}

/* store_order_reserve's render: the files with the order's real number. */
struct render_ctx {
	struct ui *ui;
	struct order_view *ov;
	const struct order_files *files;
	char *shown; /* the text order, for the preview */
};

static int render_files(void *arg, const char *number, const char *date,
                        struct store_order_plan *plan, char **text, char **cause)
{
	struct render_ctx *c = arg;
	/* Files named after the provisional number take the real one. */
	if (c->files->by_number) {
		static const char *const suffix[ORDER_FILES_MAX] = {".txt", ".csv", "-gb18030.txt"};
		const char *sep = strcmp(c->files->dir, "/") == 0 ? "" : "/";
		for (size_t i = 0; i < plan->nfiles; i++) {
			free(plan->files[i].path);
			plan->files[i].path =
			    xasprintf("%s%s%s%s", c->files->dir, sep, number, suffix[i]);
		}
	}
	struct order_meta meta = base_meta(c->ui, c->ov);
	meta.number = number;
	meta.date = date;
	char *t = order_text(&c->ov->list, &meta, ORDER_DEFAULT_WIDTH, cause);
	if (t == NULL)
		return -1;
	size_t len = 0;
	char *csv = order_csv(&c->ov->list, &len, cause);
	if (csv == NULL) {
		free(t);
		return -1;
	}
	plan->files[0].data = xstrdup(t);
	plan->files[0].len = strlen(t);
	plan->files[1].data = csv;
	plan->files[1].len = len;
	if (plan->nfiles > 2) {
		size_t glen = 0;
		char *g = order_for_windows(t, strlen(t), &glen, cause);
		if (g == NULL) {
			free(t);
			return -1;
		}
		plan->files[2].data = g;
		plan->files[2].len = glen;
	}
	free(c->shown);
	c->shown = xstrdup(t);
	*text = t;
	return 0;
}

/* The files the order was written to, separated by ", ". Caller frees. */
static char *written_list(const struct order_view *ov)
{
	struct buf list = BUF_INIT;
	for (const char *p = ov->written_files ? ov->written_files : ""; *p != '\0'; p++) {
		if (*p == '\n')
			buf_adds(&list, _(", "));
		else
			buf_addc(&list, *p);
	}
	return buf_steal(&list);
}

/* Takes the order's number and records it with the files as pending, in one
 * transaction; writes the files; then records which are in place. A failure
 * says why and what was written before it; the list stays as it is. The
 * preview then shows the order as written, with its real number. */
static void write_files(struct ui *ui, struct order_view *ov, struct order_files *files,
                        bool overwrite)
{
	char *cause = NULL;
	struct store_order_file f[ORDER_FILES_MAX];
	memset(f, 0, sizeof f);
	for (size_t i = 0; i < files->count; i++)
		f[i].path = xstrdup(files->path[i]);
	time_t now = time(NULL);
	struct tm tm;
	char ymd[16] = "";
	if (localtime_r(&now, &tm) != NULL)
		strftime(ymd, sizeof ymd, "%Y%m%d", &tm);
	struct render_ctx ctx = {.ui = ui, .ov = ov, .files = files};
	struct store_order_plan plan = {
	    .list_id = ov->list.id,
	    .list_name = ov->list.info.name,
	    .total = ov->total,
	    .digest = ov->digest,
	    .yyyymmdd = ymd,
	    .files = f,
	    .nfiles = files->count,
	    .render = render_files,
	    .ctx = &ctx,
	};
	if (store_order_reserve(ui->store, &plan, &cause) != 0) {
		ui_error(ui, "%s", cause ? cause : "");
		free(cause);
		for (size_t i = 0; i < files->count; i++) {
			free(f[i].path);
			free(f[i].data);
		}
		free(ctx.shown);
		return;
	}
	/* The preview shows what is written, under its real number. */
	free_text(ov);
	ov->number = xstrdup(plan.number);
	ov->text = ctx.shown;
	split_lines(ov);

	bool written[ORDER_FILES_MAX] = {false};
	struct buf done = BUF_INIT;
	char *failed = NULL;
	for (size_t i = 0; i < files->count && failed == NULL; i++) {
		/* The clerk said yes to replacing the files asked about: when the
		 * real number renamed them, the new names were never asked. */
		bool asked = strcmp(f[i].path, files->path[i]) == 0;
		if (order_write_file(f[i].path, f[i].data, f[i].len, overwrite && asked, &failed) !=
		    0)
			break;
		written[i] = true;
		if (done.len)
			buf_addc(&done, '\n');
		buf_adds(&done, f[i].path);
	}
	bool recorded = true;
	if (store_order_finish(ui->store, &plan, written, &cause) != 0 && failed == NULL) {
		recorded = false;
		/* TRANSLATORS: the files are written but the history could not
		 * say so */
		ui_error(ui, _("Written to %s, but not recorded in the history: %s"), f[0].path,
		         cause ? cause : "");
		free(cause);
		cause = NULL;
	}
	free(cause);
	if (failed == NULL) {
		free(ov->written_txt);
		ov->written_txt = xstrdup(f[0].path);
	}
	for (size_t i = 0; i < files->count; i++) {
		free(f[i].path);
		free(f[i].data);
	}
	if (failed != NULL) {
		if (done.len)
			/* TRANSLATORS: writing an order failed after some files
			 * were written: the cause, then those files */
			ui_error(ui, _("%s (written before: %s)"), failed, buf_str(&done));
		else
			ui_error(ui, "%s", failed);
		free(failed);
		buf_finish(&done);
		free(plan.number);
		return;
	}
	free(plan.number);

	free(ov->written_files);
	ov->written_files = buf_steal(&done);
	ov->written = true;
	if (!recorded)
		return; /* the error above says the files are written, not recorded */
	/* Every file written, the GB18030 copy too; a notice shows them whole
	 * when the line is too short. */
	char *list = written_list(ov);
	/* TRANSLATORS: after writing an order: its number and every file
	 * written (text, CSV, the GB18030 copy), separated by ", " */
	ui_status_whole(ui, _("Order %s written: %s; p prints it"), ov->number, list);
	free(list);
}

static void submit_write(struct ui *ui, struct order_view *ov)
{
	struct order_files files;
	if (!make_files(ov, &files))
		return;
	char *there = existing(&files);
	form_free(ov->form);
	ov->form = NULL;
	if (there == NULL) {
		write_files(ui, ov, &files, false);
		files_clear(&files);
		return;
	}
	const char *slash = strrchr(files.path[0], '/');
	char *folder =
	    slash ? xstrndup(files.path[0], (size_t)(slash - files.path[0])) : xstrdup(".");
	/* TRANSLATORS: asked before files are written over: the folder, then
	 * the files already in it */
	char *question = xasprintf(_("In %s there are already: %s. Write over them?"),
	                           *folder ? folder : "/", there);
	free(folder);
	free(there);
	ov->form = form_question(_("Files exist"), question, ORDER_FORM_OVERWRITE);
	free(question);
	files_clear(&ov->pending);
	ov->pending = files;
}

static void start_write(struct ui *ui, struct order_view *ov)
{
	if (ov->list.nlines == 0) {
		ui_error(ui, "%s", _("The list has no lines: there is nothing to write"));
		return;
	}
	if (ov->written) {
		/* A second write is a second order, with a number of its own. */
		if (!prepare(ui, ov))
			return;
		ov->written = false;
		free(ov->name);
		ov->name = NULL;
	}
	open_write_form(ov);
}

void view_order_print_text(struct ui *ui, const char *number, const char *text)
{
	const char *dir = getenv("TMPDIR");
	char *tmp = xasprintf("%s/aixingou-print-XXXXXX", dir != NULL && *dir ? dir : "/tmp");
	int fd = mkostemp(tmp, O_CLOEXEC);
	char *cause = NULL;
	size_t len = strlen(text);
	bool ok = fd >= 0;
	for (size_t off = 0; ok && off < len;) {
		ssize_t n = write(fd, text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		off += ok ? (size_t)n : 0;
	}
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (!ok) {
		/* TRANSLATORS: printing an order of the history failed: why */
		ui_error(ui, _("Printing failed: %s"), strerror(errno));
		if (fd >= 0)
			unlink(tmp);
		free(tmp);
		return;
	}
	int rc = order_print(tmp, &cause);
	unlink(tmp);
	free(tmp);
	if (rc == 0)
		/* TRANSLATORS: an order of the history was printed again */
		ui_status(ui, _("Order %s sent to the printer"), number);
	else if (rc > 0)
		ui_status(ui, "%s", _("Not printed: there is no lp or lpr here"));
	else
		ui_error(ui, _("Printing failed: %s"), cause ? cause : "");
	free(cause);
}

static void print_order(struct ui *ui, struct order_view *ov)
{
	if (ov->stored) {
		view_order_print_text(ui, ov->number, ov->text);
		return;
	}
	if (!ov->written_txt) {
		ui_status(ui, "%s", _("Write the order first (Enter); then p prints it"));
		return;
	}
	char *cause = NULL;
	int rc = order_print(ov->written_txt, &cause);
	if (rc == 0)
		ui_status(ui, _("Sent to the printer: %s"), ov->written_txt);
	else if (rc > 0)
		/* TRANSLATORS: no lp or lpr command: where the order is instead */
		ui_status(ui, _("Not printed: no lp or lpr here. The order is %s"),
		          ov->written_txt);
	else
		ui_error(ui, _("Printing failed: %s. The order is in %s"), cause ? cause : "",
		         ov->written_txt);
	free(cause);
}

/* ---- drawing --------------------------------------------------------------------- */

/* The part of s from cell skip on; a wide character cut by the edge becomes a
 * blank. Caller frees. */
static char *from_cell(const char *s, int skip)
{
	size_t len = strlen(s), i = 0;
	int cells = 0;
	while (i < len && cells < skip) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		int w = n > 0 ? cp_width(cp) : 1;
		i += n > 0 ? (size_t)n : 1;
		cells += w;
	}
	if (cells > skip)
		return xasprintf(" %s", s + i);
	return xstrdup(s + i);
}

static void order_draw(struct ui *ui, void *state)
{
	struct order_view *ov = state;
	const struct layout *l = &ui->layout;
	int cols = l->cols;
	for (int y = 0; y < l->bar_y; y++)
		draw_fill(y, 0, cols, STYLE_NORMAL);

	draw_fill(0, 0, cols, STYLE_HEADER);
	/* TRANSLATORS: title of the order preview: number and list */
	char *title = ov->stored ? xasprintf(_("Order %s as written"), ov->number)
	              : ov->written
	                  ? xasprintf(_("Order %s of “%s”"), ov->number, ov->list.info.name)
	                  /* TRANSLATORS: title of the order preview before writing: the
	                   * number is provisional, writing takes the real one */
	                  : xasprintf(_("Order %s (provisional number) of “%s”"), ov->number,
	                              ov->list.info.name);
	const char *sample = ui->info.sample ? _("SAMPLE DATA") : NULL;
	int sw = sample ? text_width(sample) + 2 : 0;
	draw_text(0, 1, cols - sw - 2, title, STYLE_HEADER, false);
	if (sample)
		draw_text(0, cols - sw - 1, sw, sample, STYLE_SAMPLE, false);
	free(title);

	char *where;
	if (ov->stored)
		/* TRANSLATORS: an order of the history: its files */
		where = xasprintf(_("Files: %s"), ov->stored_files);
	else if (ov->written) {
		char *list = written_list(ov);
		/* TRANSLATORS: the order preview after writing: every file */
		where = xasprintf(_("Written: %s"), list);
		free(list);
	} else
		/* TRANSLATORS: the order preview before writing: what Enter does */
		where = xasprintf(_("Preview of the printed order. Enter writes it to %s/"),
		                  ov->folder);
	draw_text(1, 1, cols - 2, where, ov->written ? STYLE_MARKED : STYLE_DIM, false);
	free(where);

	ov->body_y = 2;
	ov->body_h = l->bar_y - 1 - ov->body_y;
	if (ov->body_h < 1)
		ov->body_h = 1;
	size_t max_top = ov->nlines > (size_t)ov->body_h ? ov->nlines - (size_t)ov->body_h : 0;
	if (ov->top > max_top)
		ov->top = max_top;
	int max_left = ORDER_DEFAULT_WIDTH > cols ? ORDER_DEFAULT_WIDTH - cols : 0;
	if (ov->left > max_left)
		ov->left = max_left;
	for (int r = 0; r < ov->body_h && ov->top + (size_t)r < ov->nlines; r++) {
		const char *line = ov->lines[ov->top + (size_t)r];
		int y = ov->body_y + r;
		if (line == NULL) {
			/* TRANSLATORS: where the printed order goes on a new page */
			char *brk = xasprintf("- - - - %s - - - -", _("new page"));
			draw_text(y, 0, cols, brk, STYLE_DIM, false);
			free(brk);
			continue;
		}
		char *shown = from_cell(line, ov->left);
		draw_text(y, 0, cols, shown, STYLE_NORMAL, false);
		free(shown);
	}

	const char *hint = max_left > 0
	                       /* TRANSLATORS: keys of the order preview on a
	                        * screen narrower than the order */
	                       ? _("Enter write  p print  arrows PgUp PgDn move  Esc back")
	                       /* TRANSLATORS: keys of the order preview */
	                       : _("Enter write  p print  Up/Down/PgUp/PgDn read  Esc back");
	char *pos = xasprintf(
	    "%zu-%zu/%zu", ov->nlines ? ov->top + 1 : 0,
	    ov->top + (size_t)ov->body_h < ov->nlines ? ov->top + (size_t)ov->body_h : ov->nlines,
	    ov->nlines);
	int pw = text_width(pos);
	draw_text(l->bar_y - 1, 0, cols - pw - 1, hint, STYLE_FRAME, false);
	draw_text(l->bar_y - 1, cols - pw, pw, pos, STYLE_DIM, false);
	free(pos);

	if (ov->form)
		form_draw(ui, ov->form);
}

/* ---- events ---------------------------------------------------------------------- */

static bool scroll_preview(struct order_view *ov, enum ui_action action)
{
	size_t page = ov->body_h > 1 ? (size_t)ov->body_h - 1 : 1;
	switch (action) {
	case ACT_UP:
	case ACT_WHEEL_UP:
		ov->top = ov->top > 0 ? ov->top - 1 : 0;
		return true;
	case ACT_DOWN:
	case ACT_WHEEL_DOWN:
		ov->top++; /* drawing keeps it in range */
		return true;
	case ACT_PAGE_UP:
		ov->top = ov->top > page ? ov->top - page : 0;
		return true;
	case ACT_PAGE_DOWN:
		ov->top += page;
		return true;
	case ACT_HOME:
		ov->top = 0;
		ov->left = 0;
		return true;
	case ACT_END:
		ov->top = ov->nlines;
		return true;
	case ACT_LEFT:
		ov->left = ov->left > HSCROLL_STEP ? ov->left - HSCROLL_STEP : 0;
		return true;
	case ACT_RIGHT:
		ov->left += HSCROLL_STEP;
		return true;
	default:
		return false;
	}
}

static bool order_event(struct ui *ui, void *state, const struct ui_event *ev)
{
	struct order_view *ov = state;
	if (ov->form) {
		enum form_result r = form_event(ov->form, ev);
		int tag = ov->form->tag;
		switch (r) {
		case FORM_IGNORED:
			return false;
		case FORM_HANDLED:
			return true;
		case FORM_CANCEL:
			form_free(ov->form);
			ov->form = NULL;
			if (tag == ORDER_FORM_OVERWRITE) {
				files_clear(&ov->pending);
				/* Back to the form, so that another name can be
				 * given. */
				open_write_form(ov);
				ui_status(ui, "%s", _("Nothing was written"));
			}
			return true;
		case FORM_SUBMIT:
			if (tag == ORDER_FORM_WRITE) {
				submit_write(ui, ov);
			} else {
				form_free(ov->form);
				ov->form = NULL;
				write_files(ui, ov, &ov->pending, true);
				files_clear(&ov->pending);
			}
			return true;
		}
	}
	if (scroll_preview(ov, ev->action))
		return true;
	switch (ev->action) {
	case ACT_BACK:
		ui_pop(ui);
		return true;
	case ACT_ENTER:
	case ACT_EXPORT:
		if (ov->stored)
			ui_status(ui, "%s",
			          _("This order is written; p prints it again, F9 on its list "
			            "writes a new one"));
		else
			start_write(ui, ov);
		return true;
	case ACT_PRINT:
		print_order(ui, ov);
		return true;
	case ACT_LIST:
		view_list_open(ui);
		return true;
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK:
		return ev->mouse_y != ui->layout.bar_y;
	default:
		return false;
	}
}

static enum key_context order_context(struct ui *ui, void *state)
{
	(void)ui;
	const struct order_view *ov = state;
	return ov->form ? KEYS_FIELD : KEYS_LIST;
}

static const struct view_ops order_ops = {
    .name = "order",
    .draw = order_draw,
    .event = order_event,
    .destroy = order_destroy,
    .context = KEYS_LIST,
    .get_context = order_context,
};

void view_order_open(struct ui *ui)
{
	if (ui->list_id == 0) {
		ui_status(
		    ui, "%s",
		    _("No purchase list is chosen yet: F7 shows the lists, n there makes one"));
		return;
	}
	for (size_t i = ui->nviews; i-- > 1;)
		if (ui->views[i].ops == &order_ops) {
			while (ui->nviews > i)
				ui_pop(ui);
			break;
		}
	if (ui->nviews >= UI_MAX_VIEWS) {
		ui_error(ui, "%s", _("Too many screens are open: press Esc first"));
		return;
	}
	struct order_view *ov = xcalloc(1, sizeof *ov);
	char *cause = NULL;
	int rc = store_list_load(ui->store, ui->list_id, NULL, &ov->list, &cause);
	if (rc != 0) {
		if (rc < 0) {
			ui_error(ui, "%s", cause);
		} else {
			ui->list_id = 0;
			ui_error(ui, "%s",
			         _("The current list is no longer saved: F7 shows the lists"));
		}
		free(cause);
		free(ov);
		return;
	}
	if (store_order_contacts(ui->store, &ov->list, &ov->contacts, &ov->ncontacts, &cause) !=
	    0) {
		ui_error(ui, "%s", cause);
		free(cause);
		order_destroy(ov);
		return;
	}
	if (!plist_total(&ov->list, &ov->total)) {
		ui_error(ui, "%s", _("The total is too large to compute"));
		order_destroy(ov);
		return;
	}
	ov->folder = default_folder();
	if (!prepare(ui, ov)) {
		order_destroy(ov);
		return;
	}
	ui_push(ui, &order_ops, ov);
}

void view_order_open_stored(struct ui *ui, const struct order_record *o)
{
	char *text = NULL, *cause = NULL;
	if (store_order_text(ui->store, o->id, &text, &cause) != 0) {
		ui_error(ui, "%s", cause);
		free(cause);
		return;
	}
	if (text == NULL) {
		/* TRANSLATORS: an order recorded before the text was kept */
		ui_status(ui, _("The text of order %s was not kept; its files: %s"), o->number,
		          o->files);
		return;
	}
	if (ui->nviews >= UI_MAX_VIEWS) {
		free(text);
		ui_error(ui, "%s", _("Too many screens are open: press Esc first"));
		return;
	}
	struct order_view *ov = xcalloc(1, sizeof *ov);
	ov->stored = true;
	ov->number = xstrdup(o->number);
	ov->text = text;
	ov->stored_files = xstrdup(o->files);
	for (char *p = ov->stored_files; *p; p++)
		if (*p == '\n')
			*p = ' ';
	split_lines(ov);
	ui_push(ui, &order_ops, ov);
}
