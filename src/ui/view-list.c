/* The current purchase list (F7): its lines grouped by supplier with
 * subtotals, the total against the budget, and the checks of the rules on
 * union money, all as saved. Every edit (+ and -, a typed quantity, removing,
 * a line by hand, the catalogue's new price, undo and redo) goes to the store
 * at once; the screen then reads the list back, so it never shows what is
 * not saved. A store error is said in the status line and changes nothing. */
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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The largest quantity a field takes; the store checks the amounts. */
#define QUANTITY_MAX PLIST_QUANTITY_MAX
/* Rows the checks take below the lines, unless Tab shows them all. */
#define CHECK_ROWS_MAX 6
/* Fewest line rows kept above the checks. */
#define LINE_ROWS_MIN 4

enum list_form {
	LIST_FORM_QUANTITY = 1,
	LIST_FORM_CUSTOM,
};

/* The fields of the form for a line added by hand. */
enum custom_field {
	CUS_SUPPLIER,
	CUS_NAME,
	CUS_SPEC,
	CUS_UNIT,
	CUS_PRICE,
	CUS_QUANTITY,
};

/* One row of the table: a supplier with its subtotal, or a line. */
struct list_row {
	bool group;       /* a supplier's row */
	size_t line;      /* index into the list's lines; for a group its first line */
	money_t subtotal; /* group: the supplier's amount, -1 on overflow */
};

struct list_view {
	bool loaded; /* list holds a list (else the list was deleted) */
	struct plist list;
	struct order_figures fig;
	struct order_check *checks;
	size_t nchecks;
	size_t *check_order; /* the checks, warnings first */
	struct list_row *rows;
	size_t nrows;
	size_t *seq;      /* line indices in the order shown */
	size_t *seq_row;  /* the row of each */
	size_t cursor;    /* index into seq */
	size_t top;       /* first row shown */
	bool covered;     /* another screen was on top: read the list again */
	bool checks_full; /* Tab: the checks take the screen */
	size_t check_top;
	struct form *form;
	int64_t form_line; /* the line a quantity form is for */
	/* SQLite's data_version when the list was read: it moves when another
	 * aixingou commits, and only then is the list's stamp read. */
	int64_t seen_version;
	/* The last draw, for clicks and paging. */
	int body_y, body_h;
};

/* ---- loading ----------------------------------------------------------- */

static void free_derived(struct list_view *lv)
{
	order_checks_free(lv->checks, lv->nchecks);
	lv->checks = NULL;
	lv->nchecks = 0;
	free(lv->check_order);
	lv->check_order = NULL;
	free(lv->rows);
	lv->rows = NULL;
	lv->nrows = 0;
	free(lv->seq);
	lv->seq = NULL;
	free(lv->seq_row);
	lv->seq_row = NULL;
}

static void list_destroy(void *state)
{
	struct list_view *lv = state;
	if (lv == NULL)
		return;
	free_derived(lv);
	if (lv->loaded)
		plist_finish(&lv->list);
	form_free(lv->form);
	free(lv);
}

static const char *supplier_of(const struct plist_line *line)
{
	return line->supplier ? line->supplier : "";
}

/* Groups the lines by supplier, suppliers in the order their first line was
 * added, lines in the order added. */
static void build_rows(struct list_view *lv)
{
	const struct plist *l = &lv->list;
	size_t n = l->nlines;
	bool *done = xcalloc(n > 0 ? n : 1, sizeof *done);
	lv->rows = xreallocarray(NULL, 2 * n + 1, sizeof *lv->rows);
	lv->seq = xreallocarray(NULL, n + 1, sizeof *lv->seq);
	lv->seq_row = xreallocarray(NULL, n + 1, sizeof *lv->seq_row);
	size_t nseq = 0;
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		size_t group = lv->nrows++;
		lv->rows[group] = (struct list_row){.group = true, .line = i, .subtotal = 0};
		for (size_t k = i; k < n; k++) {
			if (done[k] ||
			    strcmp(supplier_of(&l->lines[k]), supplier_of(&l->lines[i])) != 0)
				continue;
			done[k] = true;
			money_t amount;
			money_t *sub = &lv->rows[group].subtotal;
			if (*sub >= 0 && !(plist_line_amount(l, &l->lines[k], &amount) &&
			                   money_add(*sub, amount, sub)))
				*sub = -1;
			lv->seq[nseq] = k;
			lv->seq_row[nseq] = lv->nrows;
			nseq++;
			lv->rows[lv->nrows++] = (struct list_row){.group = false, .line = k};
		}
	}
	free(done);
}

static int level_rank(enum order_check_level level)
{
	return level == CHECK_WARNING ? 0 : level == CHECK_NOTICE ? 1 : 2;
}

/* The checks' order on screen: warnings, then notices, then rules met, each
 * in the order the checks came. */
static void order_checks(struct list_view *lv)
{
	lv->check_order = xreallocarray(NULL, lv->nchecks + 1, sizeof *lv->check_order);
	size_t k = 0;
	for (int rank = 0; rank < 3; rank++)
		for (size_t i = 0; i < lv->nchecks; i++)
			if (level_rank(lv->checks[i].level) == rank)
				lv->check_order[k++] = i;
}

static int64_t cursor_line_id(const struct list_view *lv)
{
	if (!lv->loaded || lv->list.nlines == 0)
		return 0;
	return lv->list.lines[lv->seq[lv->cursor]].id;
}

static struct plist_line *cursor_line(struct list_view *lv)
{
	if (!lv->loaded || lv->list.nlines == 0)
		return NULL;
	return &lv->list.lines[lv->seq[lv->cursor]];
}

/* Reads the current list from the store. The cursor goes to the line with
 * id keep when it is still there, else stays at the same place. Returns
 * false (the screen unchanged, the error said) on a store error. A list no
 * longer saved leaves the screen empty with a word on what to do. */
static bool load(struct ui *ui, struct list_view *lv, int64_t keep)
{
	struct plist l;
	memset(&l, 0, sizeof l);
	char *cause = NULL;
	/* Before the read: a commit in between is seen at the next look. */
	lv->seen_version = store_data_version(ui->store);
	int rc = ui->list_id != 0 ? store_list_load(ui->store, ui->list_id, NULL, &l, &cause) : 1;
	if (rc < 0) {
		ui_error(ui, "%s", cause);
		free(cause);
		return false;
	}
	free_derived(lv);
	if (lv->loaded)
		plist_finish(&lv->list);
	lv->loaded = false;
	if (rc > 0) {
		ui->list_id = 0;
		lv->cursor = lv->top = 0;
		return true;
	}
	lv->list = l;
	lv->loaded = true;
	order_check_list(&lv->list, &lv->fig, &lv->checks, &lv->nchecks);
	order_checks(lv);
	build_rows(lv);

	size_t n = lv->list.nlines;
	if (keep != 0)
		for (size_t i = 0; i < n; i++)
			if (lv->list.lines[lv->seq[i]].id == keep) {
				lv->cursor = i;
				return true;
			}
	if (lv->cursor >= n)
		lv->cursor = n > 0 ? n - 1 : 0;
	return true;
}

enum outside_change {
	OUTSIDE_NONE,
	OUTSIDE_CHANGED,   /* the list was edited elsewhere */
	OUTSIDE_LINE_GONE, /* ... and the line under the cursor removed */
	OUTSIDE_LIST_GONE, /* the list was deleted elsewhere */
};

/* Reads the list again when another aixingou on the same database edited or
 * deleted it since it was read, and says so on the status line. Cheap for
 * every key: SQLite's data_version, and the list's stamp only when that
 * moved. */
static enum outside_change reload_if_changed(struct ui *ui, struct list_view *lv)
{
	if (!lv->loaded)
		return OUTSIDE_NONE;
	int64_t version = store_data_version(ui->store);
	if (version < 0 || version == lv->seen_version)
		return OUTSIDE_NONE;
	int64_t stamp = 0;
	char *cause = NULL;
	int rc = store_list_stamp(ui->store, lv->list.id, &stamp, &cause);
	free(cause);
	if (rc < 0)
		return OUTSIDE_NONE; /* not seen: tried again at the next key */
	lv->seen_version = version;
	if (rc == 0 && stamp == lv->list.edit_order)
		return OUTSIDE_NONE;
	int64_t keep = cursor_line_id(lv);
	if (!load(ui, lv, keep))
		return OUTSIDE_NONE;
	if (!lv->loaded) {
		ui_status(ui, "%s", _("This list was deleted in another aixingou"));
		return OUTSIDE_LIST_GONE;
	}
	if (keep != 0 && cursor_line_id(lv) != keep) {
		/* TRANSLATORS: another aixingou (or window) on the same database
		 * removed the line the cursor was on */
		ui_status(ui, "%s",
		          _("The list was changed in another aixingou: the line you were on was "
		            "removed there"));
		return OUTSIDE_LINE_GONE;
	}
	ui_status(ui, "%s",
	          _("The list was changed in another aixingou: it shows what is saved now"));
	return OUTSIDE_CHANGED;
}

static bool has_line(const struct list_view *lv, int64_t line_id)
{
	for (size_t i = 0; lv->loaded && i < lv->list.nlines; i++)
		if (lv->list.lines[i].id == line_id)
			return true;
	return false;
}

/* After an edit of a line failed: reads the list again, so the screen shows
 * what is saved, and says why in plain words: a line or list that another
 * aixingou removed meanwhile is said as such (never by its internal id). */
static void line_edit_failed(struct ui *ui, struct list_view *lv, int64_t line_id, const char *name,
                             char *cause)
{
	char *what = xstrdup(name); /* name may be the list's, which load frees */
	bool read = load(ui, lv, line_id);
	bool line_gone = read && lv->loaded && !has_line(lv, line_id);
	if (read && !lv->loaded)
		ui_error(ui, "%s", _("This list was deleted in another aixingou"));
	else if (line_gone)
		/* TRANSLATORS: an edit of a line another aixingou had removed */
		ui_error(ui, _("“%s” is no longer in the list: it was removed in another aixingou"),
		         what);
	else
		ui_error(ui, "%s", cause ? cause : "");
	free(what);
	free(cause);
}

/* ---- drawing --------------------------------------------------------------- */

static const char *purpose_label(const char *purpose)
{
	const char *label = plist_holiday_label(purpose ? purpose : "");
	return label ? label : purpose ? purpose : "";
}

static void draw_header(struct ui *ui, const struct list_view *lv)
{
	int cols = ui->layout.cols;
	draw_fill(0, 0, cols, STYLE_HEADER);
	char *title = lv->loaded
	                  /* TRANSLATORS: title of the purchase list screen: its name */
	                  ? xasprintf(_("Purchase list “%s”"), lv->list.info.name)
	                  : xstrdup(_("Purchase list"));
	const char *sample = ui->info.sample ? _("SAMPLE DATA") : NULL;
	int sw = sample ? text_width(sample) + 2 : 0;
	draw_text(0, 1, cols - sw - 2, title, STYLE_HEADER, false);
	if (sample)
		draw_text(0, cols - sw - 1, sw, sample, STYLE_SAMPLE, false);
	free(title);
	if (!lv->loaded)
		return;

	const struct plist_info *in = &lv->list.info;
	struct buf b = BUF_INIT;
	const char *sep = " · ";
	if (in->union_name && *in->union_name)
		buf_addf(&b, "%s%s", in->union_name, sep);
	buf_adds(&b, purpose_label(in->purpose));
	buf_adds(&b, sep);
	/* TRANSLATORS: members a list is for, e.g. "30人" */
	buf_addf(&b, _("%lld members"), (long long)in->headcount);
	if (in->pack) {
		buf_adds(&b, sep);
		/* TRANSLATORS: the list is a pack per member (quantities × members) */
		buf_adds(&b, _("a pack per member"));
	}
	if (in->handler && *in->handler) {
		buf_adds(&b, sep);
		/* TRANSLATORS: the clerk handling the purchase (经办人) */
		buf_addf(&b, _("handled by %s"), in->handler);
	}
	draw_text(1, 1, cols - 2, buf_str(&b), STYLE_NORMAL, false);
	buf_finish(&b);
}

/* The words in the note column, or NULL; *style gets its look. */
static char *line_note(const struct plist *l, const struct plist_line *line, enum draw_style *style)
{
	char money[MONEY_YUAN_SIZE];
	int64_t q = 0;
	*style = STYLE_MARKED;
	switch (line->status) {
	case PLIST_LINE_GONE:
		/* TRANSLATORS: note of a line whose product left the catalogue; ≤12 cells */
		return xstrdup(_("not in catalogue"));
	case PLIST_LINE_PRICE_CHANGED:
		/* TRANSLATORS: note of a line whose catalogue price changed: the
		 * price now, e.g. "现价¥158.00"; ≤12 cells */
		return xasprintf(_("now %s"), money_format_yuan(line->catalogue_price, money));
	case PLIST_LINE_CUSTOM:
		*style = STYLE_DIM;
		/* TRANSLATORS: note of a line added by hand, not from the catalogue */
		return xstrdup(_("by hand"));
	case PLIST_LINE_OK:
		break;
	}
	if (plist_line_order_quantity(l, line, &q) && line->min_order > 1 && q < line->min_order)
		/* TRANSLATORS: note of a line below its minimum order, with its
		 * unit, e.g. "起订 10袋" */
		return xasprintf(_("min. %lld %s"), (long long)line->min_order, line->unit);
	return NULL;
}

static void draw_line_row(const struct list_view *lv, const struct plist_columns *c, int y,
                          size_t index, bool at)
{
	const struct plist *l = &lv->list;
	const struct plist_line *line = &l->lines[index];
	enum draw_style st = at ? STYLE_CURSOR : STYLE_NORMAL;
	if (at)
		draw_fill(y, 0, COLS, STYLE_CURSOR);
	char price[MONEY_YUAN_SIZE], amount[MONEY_YUAN_SIZE];
	money_t a;
	draw_text(y, c->x_name, c->name, line->name, st, false);
	if (c->spec)
		draw_text(y, c->x_spec, c->spec, line->spec, st, false);
	draw_text(y, c->x_price, c->price, money_format_yuan(line->unit_price, price), st, true);
	char *qty = l->info.pack
	                /* TRANSLATORS: quantity of a line in a pack: per member,
	                 * unit, members, e.g. "2盒×30" */
	                ? xasprintf(_("%lld %s × %lld"), (long long)line->quantity, line->unit,
	                            (long long)l->info.headcount)
	                /* TRANSLATORS: a quantity and its unit, e.g. "10盒" */
	                : xasprintf(_("%lld %s"), (long long)line->quantity, line->unit);
	draw_text(y, c->x_qty, c->qty, qty, st, true);
	free(qty);
	bool ok = plist_line_amount(l, line, &a);
	draw_text(y, c->x_amount, c->amount, ok ? money_format_yuan(a, amount) : _("too large"),
	          ok ? st : STYLE_ERROR, true);
	enum draw_style ns;
	char *note = line_note(l, line, &ns);
	/* Without room for the note column a mark before the name stands for
	 * it; the row under the list says what it means. */
	if (note && c->note)
		draw_text(y, c->x_note, c->note, note, at ? st : ns, false);
	else if (note)
		draw_text(y, 0, 1, ns == STYLE_DIM ? "*" : "!", at ? st : ns, false);
	free(note);
}

static void draw_group_row(const struct list_view *lv, const struct plist_columns *c, int y,
                           const struct list_row *row)
{
	const char *supplier = supplier_of(&lv->list.lines[row->line]);
	draw_text(y, 1, c->x_qty - 2, *supplier ? supplier : _("(no supplier)"), STYLE_TITLES,
	          false);
	/* TRANSLATORS: before a supplier's amount in the purchase list */
	draw_text(y, c->x_qty, c->qty, _("Subtotal"), STYLE_DIM, true);
	char money[MONEY_YUAN_SIZE];
	draw_text(y, c->x_amount, c->amount,
	          row->subtotal >= 0 ? money_format_yuan(row->subtotal, money) : _("too large"),
	          row->subtotal >= 0 ? STYLE_TITLES : STYLE_ERROR, true);
}

/* One line on the line under the cursor: what its note means, with both
 * prices when the catalogue's changed, else its supplier; within cols
 * cells. */
static void draw_line_info(const struct list_view *lv, int y, int cols)
{
	const struct plist *l = &lv->list;
	if (l->nlines == 0)
		return;
	const struct plist_line *line = &l->lines[lv->seq[lv->cursor]];
	char was[MONEY_YUAN_SIZE], now[MONEY_YUAN_SIZE];
	int64_t q = 0;
	char *text;
	enum draw_style st = STYLE_MARKED;
	money_format_yuan(line->unit_price, was);
	if (line->status == PLIST_LINE_PRICE_CHANGED) {
		money_format_yuan(line->catalogue_price, now);
		/* TRANSLATORS: under the list when the line's catalogue price changed */
		text = xasprintf(_("The catalogue price is now %s; the list keeps %s. p takes the "
		                   "catalogue price."),
		                 now, was);
	} else if (line->status == PLIST_LINE_GONE) {
		text = xasprintf(_("No longer in the catalogue; the list keeps it at %s. D removes "
		                   "it."),
		                 was);
	} else if (line->status == PLIST_LINE_CUSTOM) {
		st = STYLE_DIM;
		text = xstrdup(_("Added by hand: not from the catalogue."));
	} else if (plist_line_order_quantity(l, line, &q) && q < line->min_order) {
		text = xasprintf(_("Minimum order %lld %s; the order has %lld."),
		                 (long long)line->min_order, line->unit, (long long)q);
	} else {
		st = STYLE_DIM;
		text = line->min_order > 1
		           /* TRANSLATORS: under the list: the supplier of the line
		            * under the cursor and its minimum order */
		           ? xasprintf(_("Supplier: %s · minimum order %lld %s"), supplier_of(line),
		                       (long long)line->min_order, line->unit)
		           /* TRANSLATORS: under the list: the supplier of the line
		            * under the cursor */
		           : xasprintf(_("Supplier: %s"), supplier_of(line));
	}
	draw_text(y, 1, cols - 1, text, st, false);
	free(text);
}

static void draw_totals(struct ui *ui, const struct list_view *lv, int y)
{
	int cols = ui->layout.cols;
	const struct plist *l = &lv->list;
	if (lv->fig.overflow) {
		draw_text(y, 1, cols - 2, _("The total is too large to compute"), STYLE_ERROR,
		          false);
		return;
	}
	char total[MONEY_YUAN_SIZE], per[MONEY_YUAN_SIZE], budget[MONEY_YUAN_SIZE],
	    left[MONEY_YUAN_SIZE];
	struct buf b = BUF_INIT;
	/* TRANSLATORS: the totals row of a purchase list */
	buf_addf(&b, _("Total %s"), money_format_yuan(lv->fig.total, total));
	buf_adds(&b, "  ");
	buf_addf(&b, _("per member %s"), money_format_yuan(lv->fig.per_member, per));
	draw_text(y, 1, cols - 2, buf_str(&b), STYLE_TITLES, false);
	int x = 1 + text_width(buf_str(&b)) + 2;
	buf_reset(&b);

	money_t all;
	if (l->info.rules.per_member_budget > 0 &&
	    money_mul(l->info.rules.per_member_budget, l->info.headcount, &all)) {
		money_format_yuan(all, budget);
		money_t rest = all - lv->fig.total;
		money_format_yuan(rest >= 0 ? rest : -rest, left);
		if (rest >= 0)
			/* TRANSLATORS: the budget (per-member budget × members) and
			 * what is left of it */
			buf_addf(&b, _("budget %s, %s left"), budget, left);
		else
			buf_addf(&b, _("budget %s, %s over"), budget, left);
		draw_text(y, x, cols - x - 1, buf_str(&b), rest >= 0 ? STYLE_NORMAL : STYLE_ERROR,
		          false);
	}
	buf_finish(&b);
}

static const char *level_word(enum order_check_level level)
{
	/* TRANSLATORS: the marks before the checks of a list; 4 cells each,
	 * e.g. 警告, 提示, 符合 */
	return level == CHECK_WARNING ? _("Warn") : level == CHECK_NOTICE ? _("Note") : _("OK");
}

static enum draw_style level_style(enum order_check_level level)
{
	return level == CHECK_WARNING  ? STYLE_MARKED
	       : level == CHECK_NOTICE ? STYLE_NORMAL
	                               : STYLE_DIM;
}

/* The checks from row y, at most rows of them from the first; when more are
 * left, the last row says how many and how to see them. */
static void draw_checks(const struct list_view *lv, int y, int rows, size_t first, int cols)
{
	size_t n = lv->nchecks;
	for (int r = 0; r < rows && first + (size_t)r < n; r++) {
		size_t left = n - (first + (size_t)r);
		if (r == rows - 1 && left > 1) {
			char *more = xasprintf(P_("… %zu more check: Tab shows them all",
			                          "… %zu more checks: Tab shows them all", left),
			                       left);
			draw_text(y + r, 1, cols - 2, more, STYLE_DIM, false);
			free(more);
			return;
		}
		const struct order_check *c = &lv->checks[lv->check_order[first + (size_t)r]];
		const char *word = level_word(c->level);
		int ww = text_width(word);
		if (ww < 4)
			ww = 4;
		enum draw_style st = level_style(c->level);
		draw_text(y + r, 1, ww, word, c->level == CHECK_WARNING ? STYLE_ERROR : st, false);
		draw_text(y + r, 1 + ww + 1, cols - ww - 3, c->message, st, false);
	}
}

/* Every check from the first, each message whole (wrapped), for Tab. */
static void draw_checks_full(const struct list_view *lv, int y, int rows, size_t first, int cols)
{
	int used = 0;
	for (size_t i = first; i < lv->nchecks && used < rows; i++) {
		const struct order_check *c = &lv->checks[lv->check_order[i]];
		const char *word = level_word(c->level);
		int ww = text_width(word);
		if (ww < 4)
			ww = 4;
		enum draw_style st = level_style(c->level);
		draw_text(y + used, 1, ww, word, c->level == CHECK_WARNING ? STYLE_ERROR : st,
		          false);
		used +=
		    draw_wrapped(y + used, 1 + ww + 1, cols - ww - 3, rows - used, c->message, st);
	}
}

/* Where the rows go for this screen. */
struct list_geometry {
	int titles_y; /* column titles */
	int body_y, body_h;
	int info_y, totals_y;
	int checks_y, checks_h;
	int hint_y;
};

static void geometry(const struct ui *ui, const struct list_view *lv, struct list_geometry *g)
{
	int bar = ui->layout.bar_y;
	g->hint_y = bar - 1;
	g->titles_y = 2;
	g->body_y = 3;
	int avail = g->hint_y - g->body_y - 2; /* less the info and totals rows */
	int checks = (int)lv->nchecks;
	if (checks > CHECK_ROWS_MAX)
		checks = CHECK_ROWS_MAX;
	if (avail - checks < LINE_ROWS_MIN)
		checks = avail - LINE_ROWS_MIN;
	if (checks < 0)
		checks = 0;
	g->body_h = avail - checks;
	if (g->body_h < 1)
		g->body_h = 1;
	g->info_y = g->body_y + g->body_h;
	g->totals_y = g->info_y + 1;
	g->checks_y = g->totals_y + 1;
	g->checks_h = g->hint_y - g->checks_y;
}

static void list_draw(struct ui *ui, void *state)
{
	struct list_view *lv = state;
	const struct layout *lay = &ui->layout;
	/* Back on top after another screen: what it did (other settings,
	 * another list) shows now. */
	if (ui->views[ui->nviews - 1].state != lv)
		lv->covered = true;
	else if (lv->covered || (lv->loaded ? lv->list.id != ui->list_id : ui->list_id != 0)) {
		lv->covered = false;
		load(ui, lv, cursor_line_id(lv));
	} else if (lv->form == NULL) {
		/* After a key another screen or the app handled. */
		reload_if_changed(ui, lv);
	}

	for (int y = 0; y < lay->bar_y; y++)
		draw_fill(y, 0, lay->cols, STYLE_NORMAL);
	draw_header(ui, lv);
	struct list_geometry g;
	geometry(ui, lv, &g);
	lv->body_y = g.body_y;
	lv->body_h = g.body_h;
	int cols = lay->cols;

	if (!lv->loaded) {
		draw_wrapped(g.body_y, 2, cols - 4, 3,
		             _("This list is no longer saved. Press L to choose or make another."),
		             STYLE_DIM);
		draw_text(g.hint_y, 0, cols, _("L lists  Esc back"), STYLE_FRAME, false);
		return;
	}

	if (lv->checks_full) {
		/* TRANSLATORS: title of the checks shown over the whole list (Tab) */
		draw_text(g.titles_y, 1, cols - 2, _("Checks of this list against the rules"),
		          STYLE_TITLES, false);
		int rows = g.hint_y - g.body_y;
		if (lv->check_top >= lv->nchecks)
			lv->check_top = lv->nchecks > 0 ? lv->nchecks - 1 : 0;
		draw_checks_full(lv, g.body_y, rows, lv->check_top, cols);
		/* TRANSLATORS: keys while the checks take the screen */
		draw_text(g.hint_y, 0, cols, _("Up/Down scroll   Tab or Esc back to the lines"),
		          STYLE_FRAME, false);
		if (lv->form)
			form_draw(ui, lv->form);
		return;
	}

	struct plist_columns c;
	layout_plist_columns(cols, &c);
	bool pack = lv->list.info.pack;
	/* TRANSLATORS: column titles of the purchase list */
	draw_text(g.titles_y, c.x_name, c.name, _("Product"), STYLE_TITLES, false);
	if (c.spec)
		draw_text(g.titles_y, c.x_spec, c.spec, _("Spec"), STYLE_TITLES, false);
	draw_text(g.titles_y, c.x_price, c.price, _("Price"), STYLE_TITLES, true);
	/* TRANSLATORS: quantity column of a pack: per member × members */
	draw_text(g.titles_y, c.x_qty, c.qty, pack ? _("Each×people") : _("Quantity"), STYLE_TITLES,
	          true);
	draw_text(g.titles_y, c.x_amount, c.amount, _("Amount"), STYLE_TITLES, true);
	/* TRANSLATORS: the list's last column: price changed, gone, by hand (备注) */
	if (c.note)
		draw_text(g.titles_y, c.x_note, c.note, C_("list column", "Note"), STYLE_TITLES,
		          false);

	if (lv->list.nlines == 0) {
		draw_wrapped(g.body_y + 1, 2, cols - 4, g.body_h - 1,
		             _("The list is empty. Press Esc, choose products in the catalogue "
		               "and press a to add them; n adds a line by hand."),
		             STYLE_DIM);
	} else {
		size_t row = lv->seq_row[lv->cursor];
		/* Keep the supplier's row above the first line in sight. */
		if (row > 0)
			lv->top = layout_scroll(row - 1, lv->top, g.body_h, lv->nrows);
		lv->top = layout_scroll(row, lv->top, g.body_h, lv->nrows);
		for (int r = 0; r < g.body_h && lv->top + (size_t)r < lv->nrows; r++) {
			size_t i = lv->top + (size_t)r;
			const struct list_row *lr = &lv->rows[i];
			if (lr->group)
				draw_group_row(lv, &c, g.body_y + r, lr);
			else
				draw_line_row(lv, &c, g.body_y + r, lr->line, i == row);
		}
		/* Lines out of sight: said at the right of the row under the
		 * list, so a long list never looks complete. */
		size_t above = 0, below = 0;
		for (size_t i = 0; i < lv->nrows; i++)
			if (!lv->rows[i].group && i < lv->top)
				above++;
			else if (!lv->rows[i].group && i >= lv->top + (size_t)g.body_h)
				below++;
		char *more = NULL;
		if (below > 0)
			/* TRANSLATORS: right of the row under a list that goes on
			 * below the screen */
			more = xasprintf(P_("↓ %zu more line", "↓ %zu more lines", below), below);
		else if (above > 0)
			/* TRANSLATORS: ... that starts above the screen */
			more = xasprintf(P_("↑ %zu line above", "↑ %zu lines above", above), above);
		int mw = more ? text_width(more) : 0;
		if (more && mw <= cols - 2) {
			draw_text(g.info_y, cols - 1 - mw, mw, more, STYLE_TITLES, false);
			mw += 2;
		} else {
			mw = 0;
		}
		free(more);
		draw_line_info(lv, g.info_y, cols - 1 - mw);
	}
	draw_totals(ui, lv, g.totals_y);
	draw_checks(lv, g.checks_y, g.checks_h, 0, cols);

	/* TRANSLATORS: keys of the purchase list; keep within 80 cells */
	draw_text(g.hint_y, 0, cols,
	          _("+/- qty  E type qty  D remove  u/U undo/redo  n by hand  F9 order  L lists"),
	          STYLE_FRAME, false);
	if (lv->form)
		form_draw(ui, lv->form);
}

/* ---- edits -------------------------------------------------------------------- */

/* After an edit the store returned rc for: on success the list is read back
 * (the cursor on line keep) and the message said; on failure the cause. */
static void edited(struct ui *ui, struct list_view *lv, int rc, char *cause, int64_t keep,
                   const char *message)
{
	if (rc < 0) {
		ui_error(ui, "%s", cause ? cause : "");
		free(cause);
		return;
	}
	free(cause);
	if (load(ui, lv, keep) && message)
		ui_status(ui, "%s", message);
}

static void change_quantity(struct ui *ui, struct list_view *lv, int delta)
{
	struct plist_line *line = cursor_line(lv);
	if (line == NULL)
		return;
	/* Added to the quantity as stored, which another aixingou may have
	 * changed since this screen read it. */
	char *cause = NULL;
	int64_t id = line->id, now = 0;
	int rc = store_list_change_quantity(ui->store, lv->list.id, id, delta, QUANTITY_MAX, &now,
	                                    &cause);
	if (rc < 0) {
		line_edit_failed(ui, lv, id, line->name, cause);
		return;
	}
	edited(ui, lv, 0, cause, id, NULL);
	if (rc > 0) {
		if (delta < 0)
			ui_status(ui, "%s", _("The quantity is at least 1; D removes the line"));
		else
			ui_error(ui, "%s", _("The quantity cannot go higher"));
	}
}

static void remove_line(struct ui *ui, struct list_view *lv)
{
	struct plist_line *line = cursor_line(lv);
	if (line == NULL)
		return;
	char *cause = NULL;
	/* TRANSLATORS: after removing a line from a purchase list */
	char *msg = xasprintf(_("“%s” removed; u undoes"), line->name);
	int rc = store_list_remove_line(ui->store, lv->list.id, line->id, &cause);
	if (rc < 0)
		line_edit_failed(ui, lv, line->id, line->name, cause);
	else
		edited(ui, lv, rc, cause, 0, msg);
	free(msg);
}

static const struct plist_line *line_by_id(const struct plist *l, int64_t id)
{
	for (size_t i = 0; i < l->nlines; i++)
		if (l->lines[i].id == id)
			return &l->lines[i];
	return NULL;
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* What an undo or redo changed, from the list before (old) to the list now
 * (new), in a few words; NULL when nothing shows. Caller frees. */
static char *describe_change(const struct plist *old, const struct plist *new)
{
	size_t changed = 0;
	char *what = NULL;
	for (size_t i = 0; i < new->nlines; i++) {
		const struct plist_line *n = &new->lines[i];
		const struct plist_line *o = line_by_id(old, n->id);
		char *now = NULL;
		if (o == NULL)
			/* TRANSLATORS: what undo or redo did: a line came back */
			now = xasprintf(_("“%s” is back in the list"), n->name);
		else if (o->quantity != n->quantity)
			/* TRANSLATORS: what undo or redo did: a line's quantity, old → new */
			now = xasprintf(_("“%s” %lld → %lld"), n->name, (long long)o->quantity,
			                (long long)n->quantity);
		else if (o->unit_price != n->unit_price) {
			char price[MONEY_YUAN_SIZE];
			/* TRANSLATORS: what undo or redo did: a line's price */
			now = xasprintf(_("“%s” at %s again"), n->name,
			                money_format_yuan(n->unit_price, price));
		}
		if (now) {
			changed++;
			free(what);
			what = now;
		}
	}
	for (size_t i = 0; i < old->nlines; i++)
		if (line_by_id(new, old->lines[i].id) == NULL) {
			changed++;
			free(what);
			/* TRANSLATORS: what undo or redo did: a line went */
			what = xasprintf(_("“%s” taken out of the list"), old->lines[i].name);
		}
	const struct plist_info *a = &old->info, *b = &new->info;
	bool settings = !same_text(a->name, b->name) || !same_text(a->union_name, b->union_name) ||
	                !same_text(a->handler, b->handler) || !same_text(a->purpose, b->purpose) ||
	                a->headcount != b->headcount || a->pack != b->pack ||
	                memcmp(&a->rules, &b->rules, sizeof a->rules) != 0;
	if (settings) {
		changed++;
		free(what);
		/* TRANSLATORS: what undo or redo did: the list's settings */
		what = xstrdup(_("the list's settings"));
	}
	if (changed > 1) {
		free(what);
		/* TRANSLATORS: what undo or redo did: several lines at once */
		what = xasprintf(P_("%zu change", "%zu changes", changed), changed);
	}
	return what;
}

/* A copy of the list's lines and settings, enough for describe_change. */
static void copy_for_compare(struct plist *dst, const struct plist *src)
{
	memset(dst, 0, sizeof *dst);
	plist_info_copy(&dst->info, &src->info);
	dst->lines = xreallocarray(NULL, src->nlines ? src->nlines : 1, sizeof *dst->lines);
	dst->nlines = src->nlines;
	for (size_t i = 0; i < src->nlines; i++) {
		memset(&dst->lines[i], 0, sizeof dst->lines[i]);
		dst->lines[i].id = src->lines[i].id;
		dst->lines[i].name = xstrdup(src->lines[i].name ? src->lines[i].name : "");
		dst->lines[i].quantity = src->lines[i].quantity;
		dst->lines[i].unit_price = src->lines[i].unit_price;
	}
}

static void free_compare(struct plist *l)
{
	for (size_t i = 0; i < l->nlines; i++)
		free(l->lines[i].name);
	free(l->lines);
	plist_info_finish(&l->info);
}

static void undo_redo(struct ui *ui, struct list_view *lv, bool redo)
{
	if (!lv->loaded)
		return;
	char *cause = NULL;
	struct plist before;
	copy_for_compare(&before, &lv->list);
	int rc = redo ? store_list_redo(ui->store, lv->list.id, &cause)
	              : store_list_undo(ui->store, lv->list.id, &cause);
	if (rc > 0) {
		free(cause);
		free_compare(&before);
		ui_status(ui, "%s", redo ? _("Nothing to redo") : _("Nothing to undo"));
		return;
	}
	edited(ui, lv, rc, cause, cursor_line_id(lv),
	       redo ? _("Redone (u undoes)") : _("Undone (U redoes)"));
	/* Say what came back or went, when the list could be read again. */
	char *what = rc == 0 && lv->loaded ? describe_change(&before, &lv->list) : NULL;
	if (what != NULL)
		ui_status(ui, redo ? _("Redone: %s (u undoes)") : _("Undone: %s (U redoes)"), what);
	free(what);
	free_compare(&before);
}

static void update_price(struct ui *ui, struct list_view *lv)
{
	struct plist_line *line = cursor_line(lv);
	if (line == NULL)
		return;
	if (line->status != PLIST_LINE_PRICE_CHANGED) {
		ui_status(ui, "%s",
		          line->status == PLIST_LINE_OK
		              ? _("This line has the catalogue's price already")
		              : _("Only a line whose catalogue price changed can take it"));
		return;
	}
	char *cause = NULL;
	char now[MONEY_YUAN_SIZE];
	/* TRANSLATORS: after taking the catalogue's new price for a line */
	char *msg = xasprintf(_("“%s” now at the catalogue price %s; u undoes"), line->name,
	                      money_format_yuan(line->catalogue_price, now));
	int64_t id = line->id;
	int rc = store_list_update_price(ui->store, lv->list.id, id, &cause);
	if (rc < 0)
		line_edit_failed(ui, lv, id, line->name, cause);
	else
		edited(ui, lv, rc, cause, id, msg);
	free(msg);
}

/* A whole number typed into a form field within 1..QUANTITY_MAX, or -1. */
static int64_t parse_quantity(const char *text)
{
	if (*text == '\0')
		return -1;
	char *end = NULL;
	errno = 0;
	long long q = strtoll(text, &end, 10);
	if (errno != 0 || *end != '\0' || q < 1 || q > QUANTITY_MAX)
		return -1;
	return q;
}

static void open_quantity_form(struct list_view *lv)
{
	struct plist_line *line = cursor_line(lv);
	if (line == NULL)
		return;
	struct form *f = form_new(line->name, LIST_FORM_QUANTITY);
	char *q = xasprintf("%lld", (long long)line->quantity);
	form_add_text(f, FORM_NUMBER, lv->list.info.pack ? _("Quantity per member") : _("Quantity"),
	              q, NULL);
	free(q);
	if (lv->list.info.pack)
		form_set_note(f,
		              _("Each member gets this many %s; the order has it × %lld members."),
		              line->unit, (long long)lv->list.info.headcount);
	else if (line->min_order > 1)
		form_set_note(f, _("Minimum order: %lld %s"), (long long)line->min_order,
		              line->unit);
	form_free(lv->form);
	lv->form = f;
	lv->form_line = line->id;
}

static void open_custom_form(struct list_view *lv)
{
	/* TRANSLATORS: title of the form for a line that is not in the catalogue */
	struct form *f = form_new(_("A line by hand (not in the catalogue)"), LIST_FORM_CUSTOM);
	/* TRANSLATORS: fields of a line added by hand; keep each within 14 cells */
	form_add_text(f, FORM_TEXT, _("Supplier"), "", _("who sells it"));
	form_add_text(f, FORM_TEXT, _("Name"), "", NULL);
	form_add_text(f, FORM_TEXT, _("Spec"), "", _("e.g. 500 g × 2 bags"));
	form_add_text(f, FORM_TEXT, _("Unit"), "", _("e.g. box"));
	form_add_text(f, FORM_MONEY, _("Price (yuan)"), "", _("e.g. 68 or 68.50"));
	form_add_text(f, FORM_NUMBER, lv->list.info.pack ? _("Quantity per member") : _("Quantity"),
	              "1", NULL);
	form_set_note(f, "%s", _("It is marked “by hand” on the screen and in the order."));
	form_free(lv->form);
	lv->form = f;
}

/* Acts on a submitted form; it stays open with a word when a field is
 * wrong. */
static void submit_form(struct ui *ui, struct list_view *lv)
{
	struct form *f = lv->form;
	char *cause = NULL;
	if (f->tag == LIST_FORM_QUANTITY) {
		char *text = form_value(f, 0);
		int64_t q = parse_quantity(text);
		free(text);
		if (q < 0) {
			form_error(f, 0, _("A whole number from 1 to %d"), QUANTITY_MAX);
			return;
		}
		int64_t id = lv->form_line;
		int rc = store_list_set_quantity(ui->store, lv->list.id, id, q, &cause);
		if (rc != 0) {
			/* A line removed in another aixingou meanwhile: the form
			 * has nothing left to change. */
			if (load(ui, lv, id) && !has_line(lv, id)) {
				char *name = xstrdup(f->title);
				form_free(lv->form);
				lv->form = NULL;
				line_edit_failed(ui, lv, id, name, cause);
				free(name);
				return;
			}
			form_error(f, 0, "%s", cause ? cause : "");
			free(cause);
			return;
		}
		form_free(lv->form);
		lv->form = NULL;
		edited(ui, lv, 0, NULL, id, NULL);
		return;
	}

	char *supplier = form_value(f, CUS_SUPPLIER);
	char *name = form_value(f, CUS_NAME);
	char *spec = form_value(f, CUS_SPEC);
	char *unit = form_value(f, CUS_UNIT);
	char *price_text = form_value(f, CUS_PRICE);
	char *qty_text = form_value(f, CUS_QUANTITY);
	money_t price = 0;
	int64_t q = parse_quantity(qty_text);
	bool ok = false;
	if (*name == '\0')
		form_error(f, CUS_NAME, "%s", _("Type what is bought"));
	else if (*unit == '\0')
		form_error(f, CUS_UNIT, "%s", _("Type the unit, e.g. box, bag, person"));
	else if (money_parse_positive(price_text, &price) != MONEY_OK)
		form_error(f, CUS_PRICE, "%s",
		           _("The price in yuan, above 0, with at most 2 decimals, e.g. 68.50"));
	else if (q < 0)
		form_error(f, CUS_QUANTITY, _("A whole number from 1 to %d"), QUANTITY_MAX);
	else
		ok = true;
	if (ok) {
		int rc = store_list_add_custom(ui->store, lv->list.id, supplier, name, spec, unit,
		                               price, q, &cause);
		if (rc != 0) {
			form_error(f, CUS_NAME, "%s", cause ? cause : "");
			free(cause);
		} else {
			form_free(lv->form);
			lv->form = NULL;
			/* TRANSLATORS: after adding a line by hand */
			char *msg = xasprintf(_("“%s” added by hand; u undoes"), name);
			edited(ui, lv, 0, NULL, 0, msg);
			free(msg);
			/* The new line is the last added: put the cursor on it. */
			if (lv->loaded && lv->list.nlines > 0) {
				int64_t last = lv->list.lines[lv->list.nlines - 1].id;
				for (size_t i = 0; i < lv->list.nlines; i++)
					if (lv->list.lines[lv->seq[i]].id == last)
						lv->cursor = i;
			}
		}
	}
	free(supplier);
	free(name);
	free(spec);
	free(unit);
	free(price_text);
	free(qty_text);
}

/* ---- events -------------------------------------------------------------------- */

static bool move_cursor(struct list_view *lv, enum ui_action action)
{
	size_t n = lv->loaded ? lv->list.nlines : 0;
	if (lv->checks_full) {
		size_t *t = &lv->check_top;
		switch (action) {
		case ACT_UP:
		case ACT_WHEEL_UP:
			*t = *t > 0 ? *t - 1 : 0;
			return true;
		case ACT_DOWN:
		case ACT_WHEEL_DOWN:
		case ACT_PAGE_DOWN:
			(*t)++; /* drawing keeps it in range */
			return true;
		case ACT_PAGE_UP:
		case ACT_HOME:
			*t = 0;
			return true;
		default:
			return false;
		}
	}
	size_t page = lv->body_h > 2 ? (size_t)lv->body_h - 2 : 1;
	return layout_move_cursor(&lv->cursor, n, page, action);
}

/* A click on a line puts the cursor there. */
static bool click(struct ui *ui, struct list_view *lv, const struct ui_event *ev)
{
	int r = ev->mouse_y - lv->body_y;
	if (!lv->loaded || lv->checks_full || r < 0 || r >= lv->body_h)
		return ev->mouse_y != ui->layout.bar_y;
	size_t row = lv->top + (size_t)r;
	for (size_t i = 0; i < lv->list.nlines; i++)
		if (lv->seq_row[i] == row) {
			lv->cursor = i;
			if (ev->action == ACT_DOUBLE_CLICK)
				open_quantity_form(lv);
		}
	return true;
}

/* Whether the action edits the line under the cursor. */
static bool acts_on_line(enum ui_action action)
{
	switch (action) {
	case ACT_MORE:
	case ACT_ADD:
	case ACT_LESS:
	case ACT_EDIT:
	case ACT_ENTER:
	case ACT_REMOVE:
	case ACT_DELETE:
	case ACT_PRINT:
	case ACT_DOUBLE_CLICK:
		return true;
	default:
		return false;
	}
}

static bool list_event(struct ui *ui, void *state, const struct ui_event *ev)
{
	struct list_view *lv = state;
	/* What another aixingou did to the list shows before the key acts; a
	 * key meant for a line that is gone now acts on no other. */
	if (lv->form == NULL) {
		enum outside_change change = reload_if_changed(ui, lv);
		if ((change == OUTSIDE_LINE_GONE || change == OUTSIDE_LIST_GONE) &&
		    acts_on_line(ev->action))
			return true;
	}
	if (lv->form) {
		switch (form_event(lv->form, ev)) {
		case FORM_IGNORED:
			return false;
		case FORM_HANDLED:
			return true;
		case FORM_CANCEL:
			form_free(lv->form);
			lv->form = NULL;
			return true;
		case FORM_SUBMIT:
			submit_form(ui, lv);
			return true;
		}
	}
	if (move_cursor(lv, ev->action))
		return true;

	switch (ev->action) {
	case ACT_BACK:
		if (lv->checks_full) {
			lv->checks_full = false;
			return true;
		}
		ui_pop(ui);
		return true;
	case ACT_LIST:
		/* F7 again closes the list, as F5 closes the comparison. */
		ui_pop(ui);
		return true;
	case ACT_LISTS:
		view_lists_open(ui);
		return true;
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK:
		return click(ui, lv, ev);
	default:
		break;
	}
	if (!lv->loaded)
		return false;

	switch (ev->action) {
	case ACT_TAB:
		lv->checks_full = !lv->checks_full;
		lv->check_top = 0;
		return true;
	case ACT_MORE:
		change_quantity(ui, lv, 1);
		return true;
	case ACT_ADD:
		/* '+' may be bound to "add" first: in the list it means one
		 * more; 'a' has nothing to add here. */
		if (!ev->is_key && ev->ch == '+')
			change_quantity(ui, lv, 1);
		else
			ui_status(ui, "%s",
			          _("To add products, press Esc, choose them in the catalogue and "
			            "press a"));
		return true;
	case ACT_LESS:
		change_quantity(ui, lv, -1);
		return true;
	case ACT_EDIT:
	case ACT_ENTER:
		open_quantity_form(lv);
		return true;
	case ACT_REMOVE:
	case ACT_DELETE:
		remove_line(ui, lv);
		return true;
	case ACT_UNDO:
		undo_redo(ui, lv, false);
		return true;
	case ACT_REDO:
		undo_redo(ui, lv, true);
		return true;
	case ACT_NEW:
		open_custom_form(lv);
		return true;
	case ACT_PRINT:
		update_price(ui, lv);
		return true;
	case ACT_EXPORT:
		view_order_open(ui);
		return true;
	default:
		return false;
	}
}

static enum key_context list_context(struct ui *ui, void *state)
{
	(void)ui;
	const struct list_view *lv = state;
	return lv->form ? KEYS_FIELD : KEYS_LIST;
}

static const struct view_ops list_ops = {
    .name = "list",
    .draw = list_draw,
    .event = list_event,
    .destroy = list_destroy,
    .context = KEYS_LIST,
    .get_context = list_context,
};

/* Shows the current list. A list screen already on the stack is brought back
 * (the screens above it closed) rather than a second one opened. */
void view_list_open(struct ui *ui)
{
	if (ui->list_id == 0) {
		view_lists_open(ui);
		return;
	}
	for (size_t i = ui->nviews; i-- > 1;) {
		if (ui->views[i].ops != &list_ops)
			continue;
		while (ui->nviews > i + 1)
			ui_pop(ui);
		struct list_view *lv = ui->views[i].state;
		lv->covered = false;
		load(ui, lv, cursor_line_id(lv));
		return;
	}
	if (ui->nviews >= UI_MAX_VIEWS) {
		ui_error(ui, "%s", _("Too many screens are open: press Esc first"));
		return;
	}
	struct list_view *lv = xcalloc(1, sizeof *lv);
	if (!load(ui, lv, 0)) {
		list_destroy(lv);
		return;
	}
	if (!lv->loaded) {
		/* The current list was deleted: choose another. */
		list_destroy(lv);
		view_lists_open(ui);
		return;
	}
	ui_push(ui, &list_ops, lv);
}
