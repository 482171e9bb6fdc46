/* The enterprises view ('e'): every enterprise of the catalogue in one list,
 * with its kinds, township, edition, platforms, recuperation-base mark and how
 * many products or services it offers. Enter lists that enterprise's items in
 * the browse list. It covers the screen between the header row and the
 * function-key bar:
 *
 *   row 1            title, count and the keys of this screen
 *   row 2            column titles
 *   rows 3..bar-2    the enterprises
 *   row bar-1        the registered name of the enterprise under the cursor
 */
#include "ui/ui.h"

#include "catalogue/catalogue.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "ui/draw.h"

#include <stdlib.h>
#include <string.h>

/* Rows the wheel moves the cursor. */
#define WHEEL_STEP 3

/* The list's columns, left to right. COL_FULL_NAME is shown only when the
 * screen has room left over for it after all the others. */
enum enterprise_column {
	COL_NAME,      /* short name */
	COL_KINDS,     /* 农产品/旅游/稳岗滞销 */
	COL_TOWNSHIP,  /* 毛坝镇 */
	COL_EDITION,   /* 第一期 */
	COL_PLATFORMS, /* 832/陕西工会 */
	COL_BASE,      /* recuperation-base mark */
	COL_ITEMS,     /* "5 products", "3 services" */
	COL_FULL_NAME, /* registered name, on wide screens only */
	NCOLS
};

struct column_spec {
	const char *title; /* N_() */
	int min;           /* cells it can be narrowed to (its content is cut) */
	int cap;           /* cells it never exceeds */
	bool right;        /* right-aligned */
};

static const struct column_spec column_specs[NCOLS] = {
    /* TRANSLATORS: column title in the enterprises list: the enterprise's short name. */
    [COL_NAME] = {N_("Enterprise"), 10, 30, false},
    /* TRANSLATORS: column title: farm products, tourism, epidemic hardship. */
    [COL_KINDS] = {N_("Kinds"), 7, 24, false},
    [COL_TOWNSHIP] = {N_("Township"), 6, 12, false},
    /* TRANSLATORS: column title: the catalogue edition (期) that first recommended
     * the enterprise. */
    [COL_EDITION] = {N_("Edition"), 6, 12, false},
    /* TRANSLATORS: column title: the sales platforms (832, Shaanxi union). */
    [COL_PLATFORMS] = {N_("Platforms"), 4, 20, false},
    /* TRANSLATORS: short column title: labour-model recuperation base
     * (劳模疗休养基地), e.g. 疗休养. */
    [COL_BASE] = {N_("Recup."), 4, 10, false},
    /* TRANSLATORS: column title: how many products or services it offers. */
    [COL_ITEMS] = {N_("Offers"), 8, 24, true},
    [COL_FULL_NAME] = {N_("Registered name"), 20, 60, false},
};

/* When the screen is too narrow, columns are narrowed in this order (down to
 * their min), then dropped in the order after it. The name is never dropped. */
static const enum enterprise_column shrink_order[] = {
    COL_PLATFORMS, COL_KINDS, COL_NAME, COL_BASE, COL_EDITION, COL_TOWNSHIP, COL_ITEMS,
};
static const enum enterprise_column drop_order[] = {
    COL_EDITION, COL_BASE, COL_PLATFORMS, COL_TOWNSHIP, COL_KINDS, COL_ITEMS,
};

/* The texts of one enterprise's row, translated once when the view opens. */
struct enterprise_row {
	char *cell[NCOLS]; /* owned copies; cell[COL_NAME] and [COL_FULL_NAME] too */
};

struct enterprises_view {
	struct store_enterprises list;
	struct enterprise_row *rows; /* list.count rows */
	int natural[NCOLS];          /* widest text of each column, title included */
	size_t cursor;
	size_t top;
};

/* Where the parts of the view are on the current screen. */
struct enterprises_geometry {
	int title_y;  /* title and keys */
	int titles_y; /* column titles */
	int first_y;  /* first enterprise row */
	int visible;  /* enterprise rows shown (>= 1) */
	int name_y;   /* the registered-name line */
	int cols;     /* the screen's width */
};

static void enterprises_geometry(const struct ui *ui, struct enterprises_geometry *g)
{
	const struct layout *l = &ui->layout;
	g->title_y = l->search_y;
	g->titles_y = g->title_y + 1;
	g->first_y = g->titles_y + 1;
	g->name_y = l->bar_y - 1;
	g->visible = g->name_y - g->first_y;
	if (g->visible < 1)
		g->visible = 1;
	g->cols = l->cols;
}

/* The kinds as translated words joined by '/', e.g. 农产品/稳岗滞销困难. */
static char *kinds_text(unsigned kinds)
{
	return cat_kinds_text(kinds, "/");
}

/* The platforms joined by '/', e.g. 832/陕西工会. */
static char *platforms_text(unsigned platforms)
{
	struct buf b = BUF_INIT;
	if (platforms & CAT_PLATFORM_832)
		buf_adds(&b, "832");
	if (platforms & CAT_PLATFORM_SHAANXI_UNION) {
		if (b.len > 0)
			buf_addc(&b, '/');
		/* TRANSLATORS: short name of the Shaanxi provincial trade union's
		 * poverty-alleviation procurement platform, e.g. 陕西工会. */
		buf_adds(&b, _("Shaanxi union"));
	}
	return b.len > 0 ? buf_steal(&b) : xstrdup("");
}

/* "5 products", "3 services", or both when it offers both. */
static char *offers_text(const struct store_enterprise *e)
{
	char *products = xasprintf(P_("%lld product", "%lld products", (unsigned long)e->nproducts),
	                           (long long)e->nproducts);
	if (e->nservices == 0)
		return products;
	char *services = xasprintf(P_("%lld service", "%lld services", (unsigned long)e->nservices),
	                           (long long)e->nservices);
	if (e->nproducts == 0) {
		free(products);
		return services;
	}
	/* TRANSLATORS: an enterprise offering both, e.g. "5 products, 3 services". */
	char *both = xasprintf(_("%s, %s"), products, services);
	free(products);
	free(services);
	return both;
}

/* The edition's title from the catalogue (第一期) when the store knows it,
 * else a translated "Ed. 1". */
static char *edition_text(int edition, const struct store_counts *titles)
{
	if (edition <= 0)
		return xstrdup("");
	for (size_t i = 0; titles && i < titles->count; i++) {
		const struct store_count *c = &titles->items[i];
		if (atoi(c->key) == edition && c->name && *c->name)
			return xstrdup(c->name);
	}
	/* TRANSLATORS: the catalogue's edition number when it has no title, e.g.
	 * 第%d期. */
	return xasprintf(_("Ed. %d"), edition);
}

/* Fills the row texts and each column's natural width. */
static void build_rows(struct enterprises_view *v, const struct store_counts *edition_titles)
{
	v->rows = xcalloc(v->list.count ? v->list.count : 1, sizeof *v->rows);
	for (int c = 0; c < NCOLS; c++)
		v->natural[c] = text_width(_(column_specs[c].title));
	for (size_t i = 0; i < v->list.count; i++) {
		const struct store_enterprise *e = &v->list.items[i];
		struct enterprise_row *r = &v->rows[i];
		r->cell[COL_NAME] = xstrdup(e->short_name);
		r->cell[COL_KINDS] = kinds_text(e->kinds);
		r->cell[COL_TOWNSHIP] = xstrdup(e->township);
		r->cell[COL_EDITION] = edition_text(e->edition, edition_titles);
		r->cell[COL_PLATFORMS] = platforms_text(e->platforms);
		/* TRANSLATORS: mark in the Recup. column: the enterprise is a
		 * labour-model recuperation base; keep it short, e.g. 基地. */
		r->cell[COL_BASE] = xstrdup(e->recuperation_base ? _("base") : "");
		r->cell[COL_ITEMS] = offers_text(e);
		r->cell[COL_FULL_NAME] = xstrdup(e->name);
		for (int c = 0; c < NCOLS; c++) {
			int w = text_width(r->cell[c]);
			if (w > v->natural[c])
				v->natural[c] = w;
		}
	}
	for (int c = 0; c < NCOLS; c++)
		if (v->natural[c] > column_specs[c].cap)
			v->natural[c] = column_specs[c].cap;
}

static int columns_total(const int *width, int gap)
{
	int total = 0;
	for (int c = 0; c < NCOLS; c++)
		if (width[c] > 0)
			total += width[c] + (total > 0 ? gap : 0);
	return total;
}

/* Splits avail cells among the columns: every column at its natural width
 * when they fit, two blanks apart when there is room (the registered name
 * then takes what is left, if that is enough for it), else one blank apart,
 * narrowed and then dropped in the orders above. *gap gets the blanks between
 * neighbours. x[c] + width[c] never exceeds avail; width 0 is hidden. */
static void enterprises_columns(const struct enterprises_view *v, int avail, int *x, int *width,
                                int *gap)
{
	for (int c = 0; c < NCOLS; c++)
		width[c] = v->natural[c];
	width[COL_FULL_NAME] = 0;
	*gap = columns_total(width, 2) <= avail ? 2 : 1;

	for (size_t i = 0; i < sizeof shrink_order / sizeof shrink_order[0]; i++) {
		int over = columns_total(width, *gap) - avail;
		if (over <= 0)
			break;
		enum enterprise_column c = shrink_order[i];
		int min = column_specs[c].min < v->natural[c] ? column_specs[c].min : v->natural[c];
		int give = width[c] - min < over ? width[c] - min : over;
		width[c] -= give;
	}
	for (size_t i = 0; i < sizeof drop_order / sizeof drop_order[0]; i++) {
		if (columns_total(width, *gap) <= avail)
			break;
		width[drop_order[i]] = 0;
	}
	int over = columns_total(width, *gap) - avail;
	if (over > 0)
		width[COL_NAME] = width[COL_NAME] - over > 1 ? width[COL_NAME] - over : 1;

	int left = avail - columns_total(width, *gap) - *gap;
	if (left >= column_specs[COL_FULL_NAME].min)
		width[COL_FULL_NAME] =
		    left < v->natural[COL_FULL_NAME] ? left : v->natural[COL_FULL_NAME];

	int at = 0;
	for (int c = 0; c < NCOLS; c++) {
		x[c] = at;
		if (width[c] > 0)
			at += width[c] + *gap;
	}
}

/* Draws one row of cells (titles or an enterprise) at y from cell x0. */
static void draw_cells(int y, int x0, const int *x, const int *width, const char *const *cells,
                       enum draw_style style)
{
	for (int c = 0; c < NCOLS; c++)
		if (width[c] > 0)
			draw_text(y, x0 + x[c], width[c], cells[c], style, column_specs[c].right);
}

/* Title on the left, this screen's keys right-aligned in what is left. */
static void draw_title(const struct enterprises_view *v, const struct enterprises_geometry *g)
{
	draw_fill(g->title_y, 0, g->cols, STYLE_NORMAL);
	char *title =
	    xasprintf(P_("Enterprises: %zu", "Enterprises: %zu", v->list.count), v->list.count);
	int tw = text_width(title) + 1;
	if (tw > g->cols - 1)
		tw = g->cols - 1;
	draw_text(g->title_y, 1, tw, title, STYLE_TITLES, false);
	/* TRANSLATORS: the keys of the enterprises screen, one short line. */
	const char *keys = _("Enter: show its products   Esc: back");
	int kx = 1 + tw + 1;
	draw_text(g->title_y, kx, g->cols - kx - 1, keys, STYLE_DIM, true);
	free(title);
}

static bool ends_wide(const char *s)
{
	size_t len = strlen(s), start = len;
	/* Back to the start of the last UTF-8 sequence. */
	while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0)
		return false;
	start--;
	uint32_t cp;
	return utf8_decode(s + start, len - start, &cp) > 0 && cp_width(cp) == 2;
}

/* The registered name under the cursor, so the clerk sees the real name the
 * short one stands for, and whether it is a recuperation base. */
static void draw_name_line(const struct enterprises_view *v, const struct enterprises_geometry *g)
{
	draw_fill(g->name_y, 0, g->cols, STYLE_NORMAL);
	if (v->list.count == 0)
		return;
	const struct store_enterprise *e = &v->list.items[v->cursor];
	/* TRANSLATORS: label before the registered name of the enterprise under
	 * the cursor, e.g. 全称：. */
	const char *label = _("Registered name:");
	int x = 1, end = g->cols - 1;
	int lw = text_width(label);
	draw_text(g->name_y, x, lw < end - x ? lw : end - x, label, STYLE_DIM, false);
	/* A label ending in a full-width colon (全称：) needs no blank after it. */
	x += lw + (ends_wide(label) ? 0 : 1);
	int nw = text_width(e->name);
	if (x < end)
		draw_text(g->name_y, x, nw < end - x ? nw : end - x, e->name, STYLE_TITLES, false);
	x += nw + 2;
	if (e->recuperation_base && x < end)
		draw_text(g->name_y, x, end - x, _("labour-model recuperation base"), STYLE_MARKED,
		          false);
}

static void enterprises_draw(struct ui *ui, void *state)
{
	struct enterprises_view *v = state;
	struct enterprises_geometry g;
	int x[NCOLS], width[NCOLS];
	const char *titles[NCOLS];

	if (ui->layout.too_small)
		return;
	enterprises_geometry(ui, &g);
	draw_title(v, &g);

	/* One cell of margin on each side. */
	int gap;
	enterprises_columns(v, g.cols - 2, x, width, &gap);
	for (int c = 0; c < NCOLS; c++)
		titles[c] = _(column_specs[c].title);
	draw_fill(g.titles_y, 0, g.cols, STYLE_NORMAL);
	draw_cells(g.titles_y, 1, x, width, titles, STYLE_TITLES);

	v->top = layout_scroll(v->cursor, v->top, g.visible, v->list.count);
	for (int i = 0; i < g.visible; i++) {
		int y = g.first_y + i;
		size_t row = v->top + (size_t)i;
		if (row >= v->list.count) {
			draw_fill(y, 0, g.cols, STYLE_NORMAL);
			continue;
		}
		enum draw_style style = row == v->cursor ? STYLE_CURSOR : STYLE_NORMAL;
		draw_fill(y, 0, g.cols, style);
		draw_cells(y, 1, x, width, (const char *const *)v->rows[row].cell, style);
	}
	if (v->list.count == 0)
		draw_text(g.first_y, 1, g.cols - 2, _("The catalogue has no enterprises."),
		          STYLE_DIM, false);
	draw_name_line(v, &g);
}

static void move_cursor(struct enterprises_view *v, long delta)
{
	if (v->list.count == 0)
		return;
	long last = (long)v->list.count - 1;
	long to = (long)v->cursor + delta;
	v->cursor = (size_t)(to < 0 ? 0 : to > last ? last : to);
}

/* The enterprise row at screen row y, or -1. */
static long row_at(const struct enterprises_view *v, const struct enterprises_geometry *g, int y)
{
	if (y < g->first_y || y >= g->first_y + g->visible)
		return -1;
	size_t row = v->top + (size_t)(y - g->first_y);
	return row < v->list.count ? (long)row : -1;
}

/* Lists the enterprise under the cursor in the browse list and closes the
 * view (which frees v). */
static void choose(struct ui *ui, struct enterprises_view *v)
{
	if (v->list.count == 0)
		return;
	const struct store_enterprise *e = &v->list.items[v->cursor];
	/* A tourism enterprise offers services, which the browse list leaves
	 * out unless asked; ui_clear_filters resets this. */
	if (e->nservices > 0 || (e->kinds & CAT_KIND_TOURISM))
		ui->filter.store.with_services = true;
	ui_set_enterprise(ui, e->id, e->short_name);

	ui_pop(ui);
}

static bool enterprises_event(struct ui *ui, void *state, const struct ui_event *ev)
{
	struct enterprises_view *v = state;
	struct enterprises_geometry g;
	long page = 1;
	long row;

	enterprises_geometry(ui, &g);
	if (g.visible > 1)
		page = g.visible - 1;
	switch (ev->action) {
	case ACT_UP:
		move_cursor(v, -1);
		return true;
	case ACT_DOWN:
		move_cursor(v, 1);
		return true;
	case ACT_PAGE_UP:
		move_cursor(v, -page);
		return true;
	case ACT_PAGE_DOWN:
		move_cursor(v, page);
		return true;
	case ACT_HOME:
		v->cursor = 0;
		return true;
	case ACT_END:
		move_cursor(v, (long)v->list.count);
		return true;
	case ACT_WHEEL_UP:
		move_cursor(v, -WHEEL_STEP);
		return true;
	case ACT_WHEEL_DOWN:
		move_cursor(v, WHEEL_STEP);
		return true;
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK:
		/* The header row and the bar belong to the app. */
		if (ev->mouse_y < g.title_y || ev->mouse_y > g.name_y)
			return false;
		row = row_at(v, &g, ev->mouse_y);
		if (row < 0)
			return true;
		v->cursor = (size_t)row;
		if (ev->action == ACT_DOUBLE_CLICK)
			choose(ui, v);
		return true;
	case ACT_ENTER:
		choose(ui, v);
		return true;
	case ACT_BACK:
	case ACT_ENTERPRISES:
		ui_pop(ui);
		return true;
	case ACT_LEFT:
	case ACT_RIGHT:
	case ACT_TAB:
	case ACT_MARK:
	case ACT_CLEAR_MARKS:
	case ACT_DETAIL:
	case ACT_REVERSE:
		/* These act on the product list, hidden under this view: taking
		 * them here keeps it from changing unseen. */
		return true;
	default:
		return false;
	}
}

static void enterprises_destroy(void *state)
{
	struct enterprises_view *v = state;
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->list.count; i++)
		for (int c = 0; c < NCOLS; c++)
			free(v->rows[i].cell[c]);
	free(v->rows);
	store_enterprises_finish(&v->list);
	free(v);
}

static const struct view_ops view_enterprises = {
    .name = "enterprises",
    .draw = enterprises_draw,
    .event = enterprises_event,
    .destroy = enterprises_destroy,
    .context = KEYS_LIST,
};

/* Pushes the view with the cursor on the enterprise the list is filtered by,
 * if any; on a store error only says so on the status line. */
void view_enterprises_open(struct ui *ui)
{
	struct enterprises_view *v = xcalloc(1, sizeof *v);
	char *cause = NULL;

	if (store_query_enterprises(ui->store, &v->list, &cause) != 0) {
		ui_error(ui, "%s", cause);
		free(cause);
		free(v);
		return;
	}
	/* Edition titles (第一期) come from the catalogue; without them the
	 * numbers are shown. */
	struct store_filter any = {0};
	struct store_counts editions = {0};
	bool have_titles =
	    store_count_by(ui->store, &any, STORE_GROUP_EDITION, &editions, &cause) == 0;
	if (!have_titles) {
		free(cause);
		cause = NULL;
	}
	build_rows(v, have_titles ? &editions : NULL);
	if (have_titles)
		store_counts_finish(&editions);

	for (size_t i = 0; ui->filter.enterprise && i < v->list.count; i++)
		if (strcmp(v->list.items[i].id, ui->filter.enterprise) == 0)
			v->cursor = i;
	ui_push(ui, &view_enterprises, v);
}
