/* The order of the current list (F9): a preview of exactly the text that will
 * be written and printed, then writing and printing.
 *
 * The order is always made ORDER_DEFAULT_WIDTH (80) cells wide, the printed
 * form; a narrower terminal scrolls it left and right rather than showing
 * another text than the one written. Enter (or w, F9) asks for a folder and a
 * file name (by default ~/aixingou-orders and the order number) and writes
 * NUMBER.txt (UTF-8), NUMBER.csv and, when asked, NUMBER-gb18030.txt for old
 * Windows computers, each atomically and never over an existing file without
 * asking. A written order is recorded in the history of the list; p prints
 * its text with lp or lpr. */
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
	/* After writing: the files, and the text file that p prints. */
	bool written;
	char *written_txt;
	char *written_files;
	int body_y, body_h;
};

static void files_clear(struct order_files *f)
{
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

/* Makes the order for today: a new number and the text. Returns false with
 * the cause said when the list cannot be written. */
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

	char *number = NULL, *cause = NULL;
	if (store_next_order_number(ui->store, ymd, &number, &cause) != 0) {
		ui_error(ui, "%s", cause);
		free(cause);
		return false;
	}
	struct order_meta meta = {
	    .catalogue_title = ui->info.title,
	    .sample = ui->info.sample,
	    .number = number,
	    .date = ov->date,
	};
	char *text = order_text(&ov->list, &meta, ORDER_DEFAULT_WIDTH, &cause);
	if (text == NULL) {
		ui_error(ui, "%s", cause ? cause : "");
		free(cause);
		free(number);
		return false;
	}
	free_text(ov);
	ov->number = number;
	ov->text = text;
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
		size_t len = 0;
		char *csv = order_csv(&ov->list, &len, &cause);
		if (csv == NULL) {
			form_error(f, WRITE_NAME, "%s", cause ? cause : "");
		} else {
			out->path[0] = xasprintf("%s/%s.txt", folder, name);
			out->data[0] = xstrdup(ov->text);
			out->len[0] = strlen(ov->text);
			out->path[1] = xasprintf("%s/%s.csv", folder, name);
			out->data[1] = csv;
			out->len[1] = len;
			out->count = 2;
			ok = true;
			if (gb) {
				size_t glen = 0;
				char *g =
				    order_to_gb18030(ov->text, strlen(ov->text), &glen, &cause);
				if (g == NULL) {
					form_error(f, WRITE_GB18030, "%s", cause ? cause : "");
					ok = false;
				} else {
					out->path[2] = xasprintf("%s/%s-gb18030.txt", folder, name);
					out->data[2] = g;
					out->len[2] = glen;
					out->count = 3;
				}
			}
		}
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

/* Writes the files, then records the order. A failure says why and what was
 * written before it; the list and the preview stay as they are. */
static void write_files(struct ui *ui, struct order_view *ov, struct order_files *files,
                        bool overwrite)
{
	char *cause = NULL;
	struct buf done = BUF_INIT;
	for (size_t i = 0; i < files->count; i++) {
		if (order_write_file(files->path[i], files->data[i], files->len[i], overwrite,
		                     &cause) != 0) {
			if (done.len)
				/* TRANSLATORS: writing an order failed after some files
				 * were written: the cause, then those files */
				ui_error(ui, _("%s (written before: %s)"), cause ? cause : "",
				         buf_str(&done));
			else
				ui_error(ui, "%s", cause ? cause : "");
			free(cause);
			buf_finish(&done);
			return;
		}
		if (done.len)
			buf_addc(&done, '\n');
		buf_adds(&done, files->path[i]);
	}

	free(ov->written_txt);
	ov->written_txt = xstrdup(files->path[0]);
	free(ov->written_files);
	ov->written_files = buf_steal(&done);
	ov->written = true;
	if (store_record_order(ui->store, ov->list.id, ov->list.info.name, ov->number,
	                       ov->written_files, ov->total, &cause) != 0) {
		/* TRANSLATORS: the files are written but the history could not
		 * say so */
		ui_error(ui, _("Written to %s, but not recorded in the history: %s"),
		         ov->written_txt, cause ? cause : "");
		free(cause);
		return;
	}
	/* Every file written, the GB18030 copy too; a notice shows them whole
	 * when the line is too short. */
	struct buf list = BUF_INIT;
	for (size_t i = 0; i < files->count; i++) {
		if (i > 0)
			buf_adds(&list, _(", "));
		buf_adds(&list, files->path[i]);
	}
	/* TRANSLATORS: after writing an order: its number and every file
	 * written (text, CSV, the GB18030 copy), separated by ", " */
	ui_status_whole(ui, _("Order %s written: %s; p prints it"), ov->number, buf_str(&list));
	buf_finish(&list);
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

static void print_order(struct ui *ui, struct order_view *ov)
{
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
	char *title = xasprintf(_("Order %s of “%s”"), ov->number, ov->list.info.name);
	const char *sample = ui->info.sample ? _("SAMPLE DATA") : NULL;
	int sw = sample ? text_width(sample) + 2 : 0;
	draw_text(0, 1, cols - sw - 2, title, STYLE_HEADER, false);
	if (sample)
		draw_text(0, cols - sw - 1, sw, sample, STYLE_SAMPLE, false);
	free(title);

	char *where;
	if (ov->written)
		/* TRANSLATORS: the order preview after writing */
		where = xasprintf(_("Written: %s"), ov->written_txt);
	else
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
