/* The sort menu (F6): a small framed list over the browse screen, one line per
 * order the store can give, each way round. Choosing one sets the filter's
 * sort and requeries; Esc leaves the list as it was. */
#include "ui/ui.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "ui/draw.h"

#include <stdlib.h>

struct sort_choice {
	enum store_sort sort;
	bool descending;
	const char *label; /* N_() */
};

/* TRANSLATORS: the sort menu's lines. Keep them short (about 20 cells) and
 * plain; "pinyin" means the order of the names' pinyin spelling. */
static const struct sort_choice choices[] = {
    {STORE_SORT_CATALOGUE, false, N_("Catalogue order")},
    {STORE_SORT_CATALOGUE, true, N_("Catalogue order, reversed")},
    {STORE_SORT_NAME, false, N_("Name, A to Z (pinyin)")},
    {STORE_SORT_NAME, true, N_("Name, Z to A (pinyin)")},
    {STORE_SORT_PRICE, false, N_("Price, low to high")},
    {STORE_SORT_PRICE, true, N_("Price, high to low")},
    {STORE_SORT_UNIT_PRICE, false, N_("Price per 500 g, low to high")},
    {STORE_SORT_UNIT_PRICE, true, N_("Price per 500 g, high to low")},
    {STORE_SORT_ENTERPRISE, false, N_("Enterprise, A to Z (pinyin)")},
    {STORE_SORT_ENTERPRISE, true, N_("Enterprise, Z to A (pinyin)")},
    {STORE_SORT_CATEGORY, false, N_("Category, catalogue order")},
    {STORE_SORT_CATEGORY, true, N_("Category, reversed")},
};

#define NCHOICES (sizeof choices / sizeof choices[0])

/* Cells left of a line's label: the current-sort mark and a blank. */
#define MARK_CELLS 2

struct sort_menu {
	size_t cursor; /* index into choices */
	size_t top;    /* first choice shown when the menu has to scroll */
	/* Where the menu was last drawn, for clicks. */
	int y, x, h, w;
};

/* The choice that matches the filter's sort now, or NCHOICES when none does. */
static size_t current_choice(const struct ui *ui)
{
	for (size_t i = 0; i < NCHOICES; i++)
		if (choices[i].sort == ui->filter.store.sort &&
		    choices[i].descending == ui->filter.store.descending)
			return i;
	return NCHOICES;
}

static const char *hint_text(void)
{
	/* TRANSLATORS: the keys of the sort menu, shown in its bottom edge. */
	return _("Enter choose  Esc back");
}

/* Places the menu: as wide as its widest line (and its title and hint), as
 * high as its choices, centred over the list and the rows between the header
 * and the bar, and always inside the screen. Rows that do not fit scroll. */
static void place_menu(const struct ui *ui, struct sort_menu *m)
{
	const struct layout *l = &ui->layout;
	int inner = text_width(_("Sort by")) + 4;
	for (size_t i = 0; i < NCHOICES; i++) {
		int w = MARK_CELLS + text_width(_(choices[i].label)) + 1;
		if (w > inner)
			inner = w;
	}
	/* The hint is drawn with a blank on each side, inside the frame's
	 * margins: 6 cells around it. */
	if (text_width(hint_text()) + 6 > inner)
		inner = text_width(hint_text()) + 6;
	int max_w = l->cols - 2;
	m->w = inner + 2 < max_w ? inner + 2 : max_w;
	/* Over the list, not the detail pane beside it. */
	m->x = l->list_x + (l->list_w - m->w) / 2;
	if (m->x + m->w > l->cols)
		m->x = l->cols - m->w;
	if (m->x < 0)
		m->x = 0;

	/* Rows 1 .. bar_y - 1: the header row and the bar stay visible. */
	int avail = l->bar_y - 1;
	int want = (int)NCHOICES + 2;
	m->h = want < avail ? want : avail;
	m->y = 1 + (avail - m->h) / 2;
}

/* Applies the choice and closes the menu (which frees m). */
static void choose(struct ui *ui, size_t i)
{
	ui->filter.store.sort = choices[i].sort;
	ui->filter.store.descending = choices[i].descending;
	ui_pop(ui);
	ui_requery(ui);
	/* A new order is read from its top. */
	ui->cursor = 0;
	ui->top = 0;
}

static void sort_draw(struct ui *ui, void *state)
{
	struct sort_menu *m = state;
	if (ui->layout.too_small)
		return;
	place_menu(ui, m);
	int rows = m->h - 2;
	int inner = m->w - 2;
	if (rows < 1 || inner < 1)
		return;
	m->top = layout_scroll(m->cursor, m->top, rows, NCHOICES);

	size_t current = current_choice(ui);
	for (int r = 0; r < rows; r++) {
		size_t i = m->top + (size_t)r;
		int y = m->y + 1 + r;
		if (i >= NCHOICES) {
			draw_fill(y, m->x + 1, inner, STYLE_NORMAL);
			continue;
		}
		bool on_cursor = i == m->cursor;
		enum draw_style style = on_cursor ? STYLE_CURSOR : STYLE_NORMAL;
		draw_text(y, m->x + 1, MARK_CELLS, i == current ? "*" : "",
		          on_cursor ? STYLE_CURSOR : STYLE_MARKED, false);
		draw_text(y, m->x + 1 + MARK_CELLS, inner - MARK_CELLS, _(choices[i].label), style,
		          false);
	}
	draw_frame(m->y, m->x, m->h, m->w, _("Sort by"));
	/* ASCII marks in the right end of the edges say that more lines are
	 * above or below when the window is too low for all of them. */
	if (m->top > 0)
		draw_text(m->y, m->x + m->w - 3, 1, "^", STYLE_FRAME, false);
	if (m->top + (size_t)rows < NCHOICES)
		draw_text(m->y + m->h - 1, m->x + m->w - 3, 1, "v", STYLE_FRAME, false);

	/* The keys go in the bottom edge, so the menu needs no extra row. */
	const char *hint = hint_text();
	int hint_w = text_width(hint) + 2;
	if (hint_w > inner - 4)
		hint_w = inner - 4;
	if (hint_w > 2) {
		char *t = text_truncate(hint, hint_w - 2);
		char *padded = xasprintf(" %s ", t);
		draw_text(m->y + m->h - 1, m->x + 2, hint_w, padded, STYLE_FRAME, false);
		free(padded);
		free(t);
	}
}

/* A click on a line chooses it; a click outside the menu closes it. */
static bool sort_click(struct ui *ui, struct sort_menu *m, int y, int x)
{
	bool inside = y >= m->y && y < m->y + m->h && x >= m->x && x < m->x + m->w;
	if (!inside) {
		ui_pop(ui);
		return true;
	}
	if (y > m->y && y < m->y + m->h - 1 && x > m->x && x < m->x + m->w - 1) {
		size_t i = m->top + (size_t)(y - m->y - 1);
		if (i < NCHOICES)
			choose(ui, i);
	}
	return true;
}

static bool sort_event(struct ui *ui, void *state, const struct ui_event *ev)
{
	struct sort_menu *m = state;
	size_t page = m->h > 2 ? (size_t)(m->h - 2) : 1;

	switch (ev->action) {
	case ACT_BACK:
	case ACT_SORT:
		ui_pop(ui);
		return true;
	case ACT_ENTER:
		choose(ui, m->cursor);
		return true;
	case ACT_UP:
	case ACT_WHEEL_UP:
		if (m->cursor > 0)
			m->cursor--;
		return true;
	case ACT_DOWN:
	case ACT_WHEEL_DOWN:
		if (m->cursor + 1 < NCHOICES)
			m->cursor++;
		return true;
	case ACT_PAGE_UP:
		m->cursor = m->cursor > page ? m->cursor - page : 0;
		return true;
	case ACT_PAGE_DOWN:
		m->cursor = m->cursor + page < NCHOICES ? m->cursor + page : NCHOICES - 1;
		return true;
	case ACT_HOME:
		m->cursor = 0;
		return true;
	case ACT_END:
		m->cursor = NCHOICES - 1;
		return true;
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK:
		return sort_click(ui, m, ev->mouse_y, ev->mouse_x);
	default:
		return false;
	}
}

static void sort_destroy(void *state)
{
	free(state);
}

static const struct view_ops sort_ops = {
    .name = "sort",
    .draw = sort_draw,
    .event = sort_event,
    .destroy = sort_destroy,
    .context = KEYS_LIST,
};

/* Opens the menu with the cursor on the sort in use (on the first line when
 * the filter holds a sort the menu does not list). */
void view_sort_open(struct ui *ui)
{
	struct sort_menu *m = xcalloc(1, sizeof *m);
	size_t current = current_choice(ui);
	m->cursor = current < NCHOICES ? current : 0;
	place_menu(ui, m);
	ui_push(ui, &sort_ops, m);
}
