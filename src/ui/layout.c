/* The browse screen's geometry. Rows from the top: the header (0), the search
 * field (1), the list with its column-title row (from 2), the detail pane when
 * it goes below the list, and the function-key bar on the last row. */
#include "layout.h"

#include <string.h>

/* Rows above the list (header, search) and below it (the bar). */
#define ROWS_ABOVE_LIST 2
#define ROWS_BELOW_LIST 1

/* The pane below the list: about a third of the screen's rows, frame
 * included, between these bounds. */
#define DETAIL_BELOW_MIN_ROWS 6
#define DETAIL_BELOW_MAX_ROWS 10
/* The pane beside the list: about 40% of the columns, between these bounds. */
#define DETAIL_SIDE_PERCENT  40
#define DETAIL_SIDE_MIN_COLS 36
#define DETAIL_SIDE_MAX_COLS 60

/* Product rows (the column-title row not counted) the list keeps whatever the
 * pane wants. */
#define LIST_MIN_PRODUCT_ROWS 5
/* Columns the list keeps beside the pane: what it has at 80 columns with the
 * pane below, so that a wider window never cuts names more. */
#define LIST_SIDE_MIN_COLS 80

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Below LAYOUT_MIN_* only rows, cols and too_small are set (the rest is 0).
 * At LAYOUT_MIN_ROWS the list gets rows 2..rows-2, at least 11 rows, so
 * list_h >= 3 holds with room to spare. The side pane runs from the list's
 * first row to the row above the bar and starts right after the list; its frame
 * separates the two. It takes no more than leaves the list
 * LIST_SIDE_MIN_COLS (40 at 120 columns), so the list's columns are never
 * narrower than at 80 columns. The pane below the list takes rows/3 rows (clamped to
 * 6..10) and is dropped when fewer than 5 product rows would be left. */
void layout_browse(int rows, int cols, bool want_detail, struct layout *out)
{
	int body_h;

	memset(out, 0, sizeof(*out));
	out->rows = rows;
	out->cols = cols;
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		out->too_small = true;
		return;
	}
	out->header_y = 0;
	out->search_y = 1;
	out->list_y = ROWS_ABOVE_LIST;
	out->list_x = 0;
	out->bar_y = rows - 1;
	body_h = rows - ROWS_ABOVE_LIST - ROWS_BELOW_LIST;
	out->list_w = cols;
	out->list_h = body_h;
	if (!want_detail)
		return;

	if (cols >= LAYOUT_SIDE_DETAIL_COLS) {
		int w = clamp(cols * DETAIL_SIDE_PERCENT / 100, DETAIL_SIDE_MIN_COLS,
		              DETAIL_SIDE_MAX_COLS);

		if (cols - w < LIST_SIDE_MIN_COLS)
			w = cols - LIST_SIDE_MIN_COLS;

		out->detail = true;
		out->detail_side = true;
		out->list_w = cols - w;
		out->detail_x = out->list_w;
		out->detail_y = out->list_y;
		out->detail_w = w;
		out->detail_h = body_h;
		return;
	}

	int h = clamp(rows / 3, DETAIL_BELOW_MIN_ROWS, DETAIL_BELOW_MAX_ROWS);

	if (body_h - h - 1 < LIST_MIN_PRODUCT_ROWS)
		return;
	out->detail = true;
	out->list_h = body_h - h;
	out->detail_x = 0;
	out->detail_y = out->list_y + out->list_h;
	out->detail_w = cols;
	out->detail_h = h;
}

/* Cells of the fixed columns: "¥99,999.00" is 10 cells; flags such as
 * "832 硒" are 6 ("832", a blank, a two-cell hanzi). */
#define MARK_W   1
#define PRICE_W  10
#define PER500_W 10
#define FLAGS_W  6

/* How the text columns share what the fixed ones leave: a share in percent,
 * a minimum and a maximum. The name comes first: ties go to it, and once the
 * others are at their maximum the rest goes to it up to its own (the longest
 * names of the shipped catalogue are 42 cells); beyond that it stays blank
 * at the right end of the list (wider text columns would only spread the
 * list's few characters apart). The name's minimum is a fair one: 8 hanzi,
 * so that 紫阳毛尖·翠芽 and 紫阳毛尖·翠峰 do not both become 紫阳毛尖·翠~;
 * other columns go before the name gets less (LAYOUT_NAME_MIN only when
 * the list is narrower than the browser ever makes it). */
static const struct {
	enum list_column col;
	int percent, min, max;
} text_columns[] = {
    {LIST_COL_NAME, 45, LAYOUT_NAME_FAIR, 44},
    {LIST_COL_ENTERPRISE, 25, 6, 20},
    {LIST_COL_SPEC, 30, 6, 24},
};
#define NTEXT (sizeof(text_columns) / sizeof(text_columns[0]))

#define BIT(c)      (1u << (c))
#define ALL_COLUMNS (BIT(LIST_NCOLS) - 1)

/* The sets of columns tried, widest first. The header promises the price
 * per 500 g goes first (the detail pane and the comparison show it), then the
 * spec, then the enterprise. Narrower than that (below 41 cells, which the
 * browser never uses since LAYOUT_MIN_COLS is 60) the fixed columns go too
 * and the name may go below its fair minimum, down to LAYOUT_NAME_MIN: the
 * flags, then the price, then the mark; below that nothing is shown. */
static const unsigned column_sets[] = {
    ALL_COLUMNS,
    ALL_COLUMNS & ~BIT(LIST_COL_PER500),
    ALL_COLUMNS & ~(BIT(LIST_COL_PER500) | BIT(LIST_COL_SPEC)),
    ALL_COLUMNS & ~(BIT(LIST_COL_PER500) | BIT(LIST_COL_SPEC) | BIT(LIST_COL_ENTERPRISE)),
    BIT(LIST_COL_MARK) | BIT(LIST_COL_NAME) | BIT(LIST_COL_PRICE),
    BIT(LIST_COL_MARK) | BIT(LIST_COL_NAME),
    BIT(LIST_COL_NAME),
};

static int fixed_width(enum list_column col)
{
	switch (col) {
	case LIST_COL_MARK:
		return MARK_W;
	case LIST_COL_PRICE:
		return PRICE_W;
	case LIST_COL_PER500:
		return PER500_W;
	case LIST_COL_FLAGS:
		return FLAGS_W;
	default:
		return 0;
	}
}

/* Gives the shown text columns their widths out of text_w cells, which is at
 * least the sum of their minimums. Each starts at its minimum; then the cells
 * are handed out one at a time to the column whose share is largest for what
 * it already has (share / (width + 1), a divisor method), skipping columns at
 * their maximum. The result is close to the shares, and since one more cell
 * of width only adds one more step, widening the list never narrows a text
 * column: nothing jitters while a window is being resized. */
static int text_min(size_t i, int name_min)
{
	return text_columns[i].col == LIST_COL_NAME ? name_min : text_columns[i].min;
}

static void share_text(unsigned set, int text_w, int name_min, int width[LIST_NCOLS])
{
	int used = 0;

	for (size_t i = 0; i < NTEXT; i++) {
		if (set & BIT(text_columns[i].col)) {
			width[text_columns[i].col] = text_min(i, name_min);
			used += text_min(i, name_min);
		}
	}
	for (; used < text_w; used++) {
		size_t best = NTEXT;

		for (size_t i = 0; i < NTEXT; i++) {
			int w = width[text_columns[i].col];

			if (!(set & BIT(text_columns[i].col)) || w >= text_columns[i].max)
				continue;
			/* percent / (w + 1) > best's, without division */
			if (best == NTEXT ||
			    text_columns[i].percent * (width[text_columns[best].col] + 1) >
			        text_columns[best].percent * (w + 1))
				best = i;
		}
		if (best == NTEXT)
			break; /* all at their maximum */
		width[text_columns[best].col]++;
	}
}

/* Every set with the name's fair minimum first, then with LAYOUT_NAME_MIN. */
void layout_list_columns(int width, struct list_columns *out)
{
	size_t nsets = sizeof(column_sets) / sizeof(column_sets[0]);

	memset(out, 0, sizeof(*out));
	for (size_t s = 0; s < 2 * nsets; s++) {
		unsigned set = column_sets[s % nsets];
		int name_min = s < nsets ? LAYOUT_NAME_FAIR : LAYOUT_NAME_MIN;
		int shown = 0, fixed = 0, text_need = 0;

		for (int c = 0; c < LIST_NCOLS; c++) {
			if (set & BIT(c)) {
				shown++;
				fixed += fixed_width((enum list_column)c);
			}
		}
		for (size_t i = 0; i < NTEXT; i++)
			if (set & BIT(text_columns[i].col))
				text_need += text_min(i, name_min);
		int text_w = width - fixed - (shown - 1);

		if (text_w < text_need)
			continue;
		for (int c = 0; c < LIST_NCOLS; c++)
			if (set & BIT(c))
				out->width[c] = fixed_width((enum list_column)c);
		share_text(set, text_w, name_min, out->width);

		int x = 0;

		for (int c = 0; c < LIST_NCOLS; c++) {
			if (out->width[c] == 0)
				continue;
			out->x[c] = x;
			x += out->width[c] + 1;
		}
		return;
	}
}

/* Classic minimal scrolling: top moves only when the cursor would leave the
 * window, and then just far enough. Besides, the window never shows rows past
 * the end when it could show more of the list (after the list shrank, e.g. a
 * narrower search), so a list shorter than the window starts at 0. A cursor
 * beyond the list counts as on its last row; visible < 1 counts as 1. */
size_t layout_scroll(size_t cursor, size_t top, int visible, size_t count)
{
	size_t vis = visible < 1 ? 1 : (size_t)visible;

	if (count == 0)
		return 0;
	if (cursor >= count)
		cursor = count - 1;
	if (cursor < top)
		top = cursor;
	else if (cursor - top >= vis)
		top = cursor - vis + 1;
	if (count <= vis)
		return 0;
	if (top > count - vis)
		top = count - vis;
	return top;
}

/* A negative item width counts as 0. Once an item does not fit, the items
 * after it are dropped as well, even a shorter one that would, so the bar
 * keeps its order and only ever loses its tail. */
size_t layout_bar(const int *widths, size_t n, int width, int *x)
{
	size_t shown = 0;
	int at = 0;

	for (size_t i = 0; i < n; i++) {
		int w = widths[i] < 0 ? 0 : widths[i];

		if (shown < i || at + w > width) {
			x[i] = -1;
			continue;
		}
		x[i] = at;
		at += w + 1;
		shown++;
	}
	return shown;
}

/* The blanks between items and the cells after the last belong to none. */
int layout_bar_hit(const int *widths, const int *x, size_t n, int col)
{
	for (size_t i = 0; i < n; i++) {
		if (x[i] < 0)
			continue;
		if (col >= x[i] && col < x[i] + widths[i])
			return (int)i;
	}
	return -1;
}

bool layout_move_cursor(size_t *cursor, size_t count, size_t page, enum ui_action action)
{
	if (count == 0)
		return false;
	size_t c = *cursor < count ? *cursor : count - 1;
	if (page < 1)
		page = 1;
	switch (action) {
	case ACT_UP:
	case ACT_WHEEL_UP:
		c = c > 0 ? c - 1 : 0;
		break;
	case ACT_DOWN:
	case ACT_WHEEL_DOWN:
		c = c + 1 < count ? c + 1 : count - 1;
		break;
	case ACT_PAGE_UP:
		c = c > page ? c - page : 0;
		break;
	case ACT_PAGE_DOWN:
		c = c + page < count ? c + page : count - 1;
		break;
	case ACT_HOME:
		c = 0;
		break;
	case ACT_END:
		c = count - 1;
		break;
	default:
		return false;
	}
	*cursor = c;
	return true;
}

/* The purchase list screen: "¥99,999.00" in the price; "2 盒 × 30" in the
 * quantity; "¥99,999.00" and more in the amount; "现价¥158.00" in the note. */
#define PLIST_PRICE_W    10
#define PLIST_QTY_W      11
#define PLIST_AMOUNT_W   11
#define PLIST_NOTE_W     12
#define PLIST_SPEC_W     10
#define PLIST_SPEC_MAX_W 16
/* A name wider than this gives the spec up to PLIST_SPEC_MAX_W. */
#define PLIST_NAME_ROOMY 40

/* The name's cells come first: the spec is shown when the name keeps its
 * fair minimum beside it, then the note likewise; what is left over beyond
 * a roomy name widens the spec a little, and the rest is the name's. */
void layout_plist_columns(int cols, struct plist_columns *c)
{
	memset(c, 0, sizeof(*c));
	c->price = PLIST_PRICE_W;
	c->qty = PLIST_QTY_W;
	c->amount = PLIST_AMOUNT_W;

	/* Cells 0-1, the name, a blank, price, blank, quantity, blank, amount. */
	int name = cols - (2 + 1 + c->price + 1 + c->qty + 1 + c->amount);

	if (name - (PLIST_SPEC_W + 1) >= LAYOUT_NAME_FAIR) {
		c->spec = PLIST_SPEC_W;
		name -= c->spec + 1;
		if (name - (PLIST_NOTE_W + 1) >= LAYOUT_NAME_FAIR) {
			c->note = PLIST_NOTE_W;
			name -= c->note + 1;
		}
		if (name > PLIST_NAME_ROOMY) {
			int more = name - PLIST_NAME_ROOMY;

			if (more > PLIST_SPEC_MAX_W - PLIST_SPEC_W)
				more = PLIST_SPEC_MAX_W - PLIST_SPEC_W;
			c->spec += more;
			name -= more;
		}
	}
	c->name = name < LAYOUT_NAME_MIN ? LAYOUT_NAME_MIN : name;
	c->x_name = 2;
	c->x_spec = c->x_name + c->name + 1;
	c->x_price = c->x_spec + (c->spec ? c->spec + 1 : 0);
	c->x_qty = c->x_price + c->price + 1;
	c->x_amount = c->x_qty + c->qty + 1;
	c->x_note = c->note ? c->x_amount + c->amount + 1 : 0;
}
