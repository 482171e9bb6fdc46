/* The compare screen (F5): the 2-4 products marked with Space side by side,
 * one column each, one row per field. Rows whose values differ stand out, and
 * the lowest price per 500 g is marked, so that two teas of different
 * specifications can be weighed against each other at a glance.
 *
 * It covers everything between the header row and the function-key bar: a
 * title row, the product names (always shown, the column cursor on one of
 * them), the other fields (scrolling when the window is low) and a hint row. */
#include "ui/ui.h"

#include "catalogue/catalogue.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "ui/draw.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The fields, top to bottom. ROW_NAME stays on screen; the rest scroll. */
enum compare_row {
	ROW_NAME,
	ROW_ENTERPRISE,
	ROW_TOWNSHIP,
	ROW_CATEGORY,
	ROW_SPEC,
	ROW_UNIT,
	ROW_PRICE,
	ROW_PER_500G,
	ROW_NET_WEIGHT,
	ROW_MIN_ORDER,
	ROW_CERTIFIED,
	ROW_SELENIUM,
	ROW_SHELF_LIFE,
	ROW_EDITION,
	ROW_PLATFORMS,
	ROW_TAGS,
	ROW_DESCRIPTION,
	NROWS
};

/* TRANSLATORS: the row labels of the compare screen; keep each within about
 * 8 cells (e.g. 名称, 企业, 每斤价, 832认证). */
static const char *const row_labels[NROWS] = {
    [ROW_NAME] = N_("Name"),
    [ROW_ENTERPRISE] = N_("Enterprise"),
    [ROW_TOWNSHIP] = N_("Township"),
    [ROW_CATEGORY] = N_("Category"),
    [ROW_SPEC] = N_("Spec"),
    [ROW_UNIT] = N_("Unit"),
    [ROW_PRICE] = N_("Price"),
    [ROW_PER_500G] = N_("Per 500 g"),
    [ROW_NET_WEIGHT] = N_("Net weight"),
    [ROW_MIN_ORDER] = N_("Min order"),
    [ROW_CERTIFIED] = N_("832 listed"),
    [ROW_SELENIUM] = N_("Selenium"),
    [ROW_SHELF_LIFE] = N_("Shelf life"),
    [ROW_EDITION] = N_("Edition"),
    [ROW_PLATFORMS] = N_("Platforms"),
    [ROW_TAGS] = N_("Tags"),
    [ROW_DESCRIPTION] = N_("About"),
};

/* What a field shows when the catalogue does not give it. */
#define NO_VALUE "-"

/* A product column never gets wider than this on a wide screen, so that
 * the eye need not travel far between the values of a row. */
#define COLUMN_MAX_CELLS 48

/* The label column never gets wider than this (labels are cut beyond). */
#define LABEL_MAX_CELLS 14

struct compare {
	size_t count;                     /* products compared, 2..UI_MAX_MARKS */
	char *ids[UI_MAX_MARKS];          /* their ids, in the order marked */
	char *cells[NROWS][UI_MAX_MARKS]; /* every value as shown */
	money_t per_500g[UI_MAX_MARKS];   /* fen, -1 when the product has no weight */
	bool best[UI_MAX_MARKS];          /* has the lowest price per 500 g */
	size_t column;                    /* the product under the column cursor */
	size_t scroll;                    /* first scrolling row shown, from ROW_NAME + 1 */
	/* The geometry of the last draw, for clicks and paging. */
	int name_y;  /* the first row of the names */
	int name_h;  /* rows of the names: 2 when one is too wide for 1 */
	int body_y;  /* first scrolling row */
	int body_h;  /* scrolling rows that fit */
	int label_w; /* the label column, its blank included */
	int col_w;   /* each product column, its blank included */
};

/* Rows below the names. */
#define NBODY ((size_t)(NROWS - 1))

/* The platforms an enterprise is on, by name, or NO_VALUE. Caller frees. */
static char *platforms_text(unsigned platforms)
{
	/* TRANSLATORS: between the items of a list such as tags; Chinese uses 、 */
	char *text = cat_platforms_text(platforms, _(", "));
	if (*text)
		return text;
	free(text);
	return xstrdup(NO_VALUE);
}

static char *tags_text(char *const *tags, size_t ntags)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < ntags; i++) {
		if (b.len > 0)
			buf_adds(&b, _(", "));
		buf_adds(&b, tags[i]);
	}
	return b.len > 0 ? buf_steal(&b) : xstrdup(NO_VALUE);
}

/* The description's first line without leading blanks, or NO_VALUE. */
static char *first_line(const char *text)
{
	if (text == NULL)
		return xstrdup(NO_VALUE);
	text += strspn(text, " \t\r\n");
	size_t len = strcspn(text, "\r\n");
	return len > 0 ? xstrndup(text, len) : xstrdup(NO_VALUE);
}

static char *yes_no(bool yes)
{
	return xstrdup(yes ? _("Yes") : _("No"));
}

static char *or_none(const char *s)
{
	return xstrdup(s && *s ? s : NO_VALUE);
}

/* Fills column c of every row from one product's detail. */
static void fill_column(struct compare *cmp, size_t c, const struct store_item_detail *d)
{
	const struct store_product *p = &d->product;
	char money[MONEY_YUAN_SIZE];

	cmp->cells[ROW_NAME][c] = or_none(p->name);
	cmp->cells[ROW_ENTERPRISE][c] = or_none(p->enterprise_short);
	cmp->cells[ROW_TOWNSHIP][c] = or_none(p->township);
	cmp->cells[ROW_CATEGORY][c] = or_none(p->category);
	cmp->cells[ROW_SPEC][c] = or_none(p->spec);
	cmp->cells[ROW_UNIT][c] = or_none(p->unit);
	cmp->cells[ROW_PRICE][c] = xstrdup(money_format_yuan(p->price, money));
	cmp->cells[ROW_PER_500G][c] =
	    xstrdup(p->per_500g >= 0 ? money_format_yuan(p->per_500g, money) : NO_VALUE);
	/* TRANSLATORS: a net weight in grams, e.g. "500 g" (Chinese 500克) */
	cmp->cells[ROW_NET_WEIGHT][c] = p->net_weight_g > 0
	                                    ? xasprintf(_("%lld g"), (long long)p->net_weight_g)
	                                    : xstrdup(NO_VALUE);
	/* TRANSLATORS: the least quantity one may order: a number and the
	 * packing unit, e.g. "10 盒" (Chinese may drop the blank: 10盒) */
	cmp->cells[ROW_MIN_ORDER][c] =
	    xasprintf(_("%lld %s"), (long long)p->min_order, p->unit ? p->unit : "");
	cmp->cells[ROW_CERTIFIED][c] = yes_no(p->certified_832);
	cmp->cells[ROW_SELENIUM][c] = yes_no(p->selenium_rich);
	/* TRANSLATORS: a shelf life, e.g. "540 days" (Chinese 540天) */
	cmp->cells[ROW_SHELF_LIFE][c] =
	    d->shelf_life_days > 0
	        ? xasprintf(P_("%lld day", "%lld days", (unsigned long)d->shelf_life_days),
	                    (long long)d->shelf_life_days)
	        : xstrdup(NO_VALUE);
	cmp->cells[ROW_EDITION][c] = or_none(d->edition_title);
	cmp->cells[ROW_PLATFORMS][c] = platforms_text(d->platforms);
	cmp->cells[ROW_TAGS][c] = tags_text(d->tags, d->ntags);
	cmp->cells[ROW_DESCRIPTION][c] = first_line(d->description);
}

/* Marks the products with the lowest price per 500 g, but only when that
 * says something: at least two products have a weight and not all of those
 * cost the same per 500 g. */
static void find_best(struct compare *cmp)
{
	const money_t *per_500g = cmp->per_500g;
	money_t low = -1, high = -1;
	size_t weighed = 0;
	for (size_t c = 0; c < cmp->count; c++) {
		if (per_500g[c] < 0)
			continue;
		weighed++;
		if (low < 0 || per_500g[c] < low)
			low = per_500g[c];
		if (per_500g[c] > high)
			high = per_500g[c];
	}
	for (size_t c = 0; c < cmp->count; c++)
		cmp->best[c] = weighed >= 2 && low != high && per_500g[c] == low;
}

static bool row_differs(const struct compare *cmp, size_t row)
{
	for (size_t c = 1; c < cmp->count; c++)
		if (strcmp(cmp->cells[row][c], cmp->cells[row][0]) != 0)
			return true;
	return false;
}

static void free_column(struct compare *cmp, size_t c)
{
	for (size_t r = 0; r < NROWS; r++)
		free(cmp->cells[r][c]);
	free(cmp->ids[c]);
}

/* Drops column c (the others move left); the lowest price per 500 g is
 * worked out again among those left. */
static void remove_column(struct compare *cmp, size_t c)
{
	free_column(cmp, c);
	for (size_t i = c; i + 1 < cmp->count; i++) {
		for (size_t r = 0; r < NROWS; r++)
			cmp->cells[r][i] = cmp->cells[r][i + 1];
		cmp->ids[i] = cmp->ids[i + 1];
		cmp->per_500g[i] = cmp->per_500g[i + 1];
	}
	cmp->count--;
	find_best(cmp);
	if (cmp->column >= cmp->count)
		cmp->column = cmp->count - 1;
}

static void compare_destroy(void *state)
{
	struct compare *cmp = state;
	if (cmp == NULL)
		return;
	for (size_t c = 0; c < cmp->count; c++)
		free_column(cmp, c);
	free(cmp);
}

/* The label column: as wide as the widest translated label plus a blank,
 * within LABEL_MAX_CELLS and never more than a fifth of the screen. */
static int label_width(int cols)
{
	int w = 0;
	for (size_t r = 0; r < NROWS; r++) {
		int lw = text_width(_(row_labels[r]));
		if (lw > w)
			w = lw;
	}
	w++;
	if (w > LABEL_MAX_CELLS)
		w = LABEL_MAX_CELLS;
	if (w > cols / 5)
		w = cols / 5;
	return w;
}

static size_t max_scroll(const struct compare *cmp)
{
	size_t visible = cmp->body_h > 0 ? (size_t)cmp->body_h : 1;
	return NBODY > visible ? NBODY - visible : 0;
}

/* The bytes of s that fit in cells, cut at a character boundary, so that a
 * long name can go on on a second line. */
static size_t fitting_prefix(const char *s, int cells)
{
	size_t best = 0, len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		char *prefix = xstrndup(s, i);
		int w = text_width(prefix);
		free(prefix);
		if (w > cells)
			break;
		best = i;
	}
	return best;
}

/* Fewest scrolling rows worth keeping a second name row for. */
#define MIN_BODY_ROWS_FOR_TWO_NAME_ROWS 6

/* Works out where everything goes for the current layout. */
static void place(const struct ui *ui, struct compare *cmp)
{
	const struct layout *l = &ui->layout;
	cmp->label_w = label_width(l->cols);
	cmp->col_w = (l->cols - cmp->label_w) / (int)cmp->count;
	if (cmp->col_w > COLUMN_MAX_CELLS)
		cmp->col_w = COLUMN_MAX_CELLS;

	/* Below the title row; the hint goes on the row above the bar. */
	cmp->name_y = l->search_y + 1;
	cmp->name_h = 1;
	int rows = l->bar_y - 1 - cmp->name_y;
	for (size_t c = 0; c < cmp->count; c++)
		if (text_width(cmp->cells[ROW_NAME][c]) > cmp->col_w - 1 &&
		    rows - 2 >= MIN_BODY_ROWS_FOR_TWO_NAME_ROWS)
			cmp->name_h = 2;
	cmp->body_y = cmp->name_y + cmp->name_h;
	cmp->body_h = l->bar_y - 1 - cmp->body_y;
	if (cmp->scroll > max_scroll(cmp))
		cmp->scroll = max_scroll(cmp);
}

/* The names, on one or two rows: the column titles, the cursor on one. */
static void draw_names(const struct compare *cmp)
{
	int y = cmp->name_y;
	bool differs = row_differs(cmp, ROW_NAME);
	draw_text(y, 0, cmp->label_w - 1, _(row_labels[ROW_NAME]),
	          differs ? STYLE_DIFFERENT : STYLE_NORMAL, false);
	draw_fill(y, cmp->label_w - 1, 1, STYLE_NORMAL);
	if (cmp->name_h > 1)
		draw_fill(y + 1, 0, cmp->label_w, STYLE_NORMAL);
	for (size_t c = 0; c < cmp->count; c++) {
		int x = cmp->label_w + (int)c * cmp->col_w;
		int w = cmp->col_w - 1;
		const char *name = cmp->cells[ROW_NAME][c];
		enum draw_style style = c == cmp->column ? STYLE_CURSOR : STYLE_TITLES;
		if (cmp->name_h == 1) {
			draw_text(y, x, w, name, style, false);
		} else {
			size_t cut = text_width(name) > w ? fitting_prefix(name, w) : strlen(name);
			char *first = xstrndup(name, cut);
			draw_text(y, x, w, first, style, false);
			draw_text(y + 1, x, w, name + cut, style, false);
			free(first);
		}
		for (int i = 0; i < cmp->name_h; i++)
			draw_fill(y + i, x + w, 1, STYLE_NORMAL);
	}
}

/* One row: its label, then one cell per product. */
static void draw_row(const struct compare *cmp, int y, size_t row)
{
	bool differs = row_differs(cmp, row);
	/* Not STYLE_TITLES for the rest: on a monochrome terminal it looks
	 * the same as STYLE_DIFFERENT. */
	draw_text(y, 0, cmp->label_w - 1, _(row_labels[row]),
	          differs ? STYLE_DIFFERENT : STYLE_NORMAL, false);
	draw_fill(y, cmp->label_w - 1, 1, STYLE_NORMAL);
	for (size_t c = 0; c < cmp->count; c++) {
		int x = cmp->label_w + (int)c * cmp->col_w;
		const char *text = cmp->cells[row][c];
		char *owned = NULL;
		enum draw_style style = differs ? STYLE_DIFFERENT : STYLE_NORMAL;
		if (row == ROW_PER_500G && cmp->best[c]) {
			/* TRANSLATORS: the lowest price per 500 g among the
			 * compared products, e.g. "¥120.00 最低"; keep it short */
			owned = xasprintf(_("%s lowest"), text);
			/* A narrow column keeps the whole amount; the style
			 * still tells which is lowest. */
			if (text_width(owned) <= cmp->col_w - 1)
				text = owned;
			style = STYLE_BEST;
		} else if (strcmp(text, NO_VALUE) == 0)
			style = STYLE_DIM;
		draw_text(y, x, cmp->col_w - 1, text, style, false);
		draw_fill(y, x + cmp->col_w - 1, 1, STYLE_NORMAL);
		free(owned);
	}
}

static void compare_draw(struct ui *ui, void *state)
{
	struct compare *cmp = state;
	const struct layout *l = &ui->layout;
	if (l->too_small || cmp->count == 0)
		return;
	place(ui, cmp);

	/* Cover the list: every row between the header and the bar. */
	for (int y = l->search_y; y < l->bar_y; y++)
		draw_fill(y, 0, l->cols, STYLE_NORMAL);

	/* TRANSLATORS: the compare screen's title */
	char *title = xasprintf(P_("Comparing %zu product; rows that differ are highlighted",
	                           "Comparing %zu products; rows that differ are highlighted",
	                           (unsigned long)cmp->count),
	                        cmp->count);
	int title_w = l->cols;
	if (cmp->body_h > 0 && NBODY > (size_t)cmp->body_h) {
		size_t last = cmp->scroll + (size_t)cmp->body_h;
		/* TRANSLATORS: which of the compare screen's rows are shown */
		char *where = xasprintf(_("rows %zu-%zu of %zu"), cmp->scroll + 1,
		                        last < NBODY ? last : NBODY, NBODY);
		int w = text_width(where);
		if (w < l->cols / 2) {
			draw_text(l->search_y, l->cols - w, w, where, STYLE_DIM, false);
			title_w = l->cols - w - 1;
		}
		free(where);
	}
	draw_text(l->search_y, 0, title_w, title, STYLE_TITLES, false);
	free(title);

	draw_names(cmp);
	for (int i = 0; i < cmp->body_h; i++) {
		size_t row = 1 + cmp->scroll + (size_t)i;
		if (row >= NROWS)
			break;
		draw_row(cmp, cmp->body_y + i, row);
	}

	/* TRANSLATORS: the keys of the compare screen, one short line */
	draw_text(l->bar_y - 1, 0, l->cols,
	          _("Esc back  Left/Right product  Space unmark  Up/Down scroll"), STYLE_FRAME,
	          false);
}

static void scroll_by(struct compare *cmp, long delta)
{
	long s = (long)cmp->scroll + delta;
	long max = (long)max_scroll(cmp);
	cmp->scroll = (size_t)(s < 0 ? 0 : s > max ? max : s);
}

/* Unmarks the product under the column cursor; closes the screen (freeing
 * cmp) when fewer than two are left. */
static void unmark_column(struct ui *ui, struct compare *cmp)
{
	if (ui_is_marked(ui, cmp->ids[cmp->column]))
		ui_toggle_mark(ui, cmp->ids[cmp->column]);
	remove_column(cmp, cmp->column);
	if (cmp->count < 2) {
		ui_status(ui, "%s",
		          _("Fewer than 2 products are marked: the comparison is closed."));
		ui_pop(ui);
	}
}

static bool compare_click(struct compare *cmp, int y, int x)
{
	if (y < cmp->name_y || y >= cmp->body_y + cmp->body_h || x < cmp->label_w ||
	    cmp->col_w <= 0)
		return true;
	size_t c = (size_t)((x - cmp->label_w) / cmp->col_w);
	if (c < cmp->count)
		cmp->column = c;
	return true;
}

static bool compare_event(struct ui *ui, void *state, const struct ui_event *ev)
{
	struct compare *cmp = state;
	long page = cmp->body_h > 1 ? cmp->body_h - 1 : 1;

	switch (ev->action) {
	case ACT_ADD:
	case ACT_MORE: {
		ui_add_to_list(ui, (const char *const[]){cmp->ids[cmp->column]}, 1);
		return true;
	}
	case ACT_BACK:
	case ACT_COMPARE:
		ui_pop(ui);
		return true;
	case ACT_LEFT:
		if (cmp->column > 0)
			cmp->column--;
		return true;
	case ACT_RIGHT:
		if (cmp->column + 1 < cmp->count)
			cmp->column++;
		return true;
	case ACT_UP:
	case ACT_WHEEL_UP:
		scroll_by(cmp, -1);
		return true;
	case ACT_DOWN:
	case ACT_WHEEL_DOWN:
		scroll_by(cmp, 1);
		return true;
	case ACT_PAGE_UP:
		scroll_by(cmp, -page);
		return true;
	case ACT_PAGE_DOWN:
		scroll_by(cmp, page);
		return true;
	case ACT_HOME:
		cmp->scroll = 0;
		return true;
	case ACT_END:
		cmp->scroll = max_scroll(cmp);
		return true;
	case ACT_MARK:
		unmark_column(ui, cmp);
		return true;
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK:
		return compare_click(cmp, ev->mouse_y, ev->mouse_x);
	default:
		return false;
	}
}

static const struct view_ops compare_ops = {
    .name = "compare",
    .draw = compare_draw,
    .event = compare_event,
    .destroy = compare_destroy,
    .context = KEYS_LIST,
};

/* Loads every marked product and pushes the screen. With fewer than two
 * marked, or fewer than two still in the catalogue, it says what to do in the
 * status line instead. */
void view_compare_open(struct ui *ui)
{
	if (ui->nmarks < 2) {
		ui_status(ui, "%s",
		          _("Mark 2 to 4 products with Space first, then press F5 to compare."));
		return;
	}

	struct compare *cmp = xcalloc(1, sizeof *cmp);
	size_t missing = 0;
	for (size_t i = 0; i < ui->nmarks && i < UI_MAX_MARKS; i++) {
		struct store_item_detail d;
		char *cause = NULL;
		int rc = store_get_item(ui->store, ui->marks[i], &d, &cause);
		if (rc < 0) {
			ui_error(ui, "%s", cause ? cause : "");
			free(cause);
			compare_destroy(cmp);
			return;
		}
		if (rc > 0) {
			missing++;
			continue;
		}
		size_t c = cmp->count++;
		cmp->ids[c] = xstrdup(ui->marks[i]);
		cmp->per_500g[c] = d.product.per_500g;
		fill_column(cmp, c, &d);
		store_item_detail_finish(&d);
	}
	if (cmp->count < 2) {
		ui_status(ui, "%s",
		          _("The marked products are no longer in the catalogue; mark 2 to 4 "
		            "products with Space first."));
		compare_destroy(cmp);
		return;
	}
	if (missing > 0)
		ui_status(ui,
		          P_("%zu marked product is no longer in the catalogue and is left out.",
		             "%zu marked products are no longer in the catalogue and are left out.",
		             (unsigned long)missing),
		          missing);
	find_best(cmp);
	ui_push(ui, &compare_ops, cmp);
}
