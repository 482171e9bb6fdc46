/* Where things go on the browser's screen, as plain arithmetic: no curses, so
 * tests check every size without a terminal. All sizes are in cells. */
#ifndef AIX_LAYOUT_H
#define AIX_LAYOUT_H

#include "keys.h"

#include <stdbool.h>
#include <stddef.h>

/* Below this the browser shows only a short "enlarge the window" message. */
#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_ROWS 14

/* At this width and above the detail pane goes to the right of the list,
 * below it the pane goes under the list. */
#define LAYOUT_SIDE_DETAIL_COLS 120

struct layout {
	int rows, cols;   /* the terminal */
	bool too_small;   /* below LAYOUT_MIN_*: nothing else is set */
	int header_y;     /* title, edition, match count, sample notice: row 0 */
	int search_y;     /* search field and active filters: row 1 */
	int list_y;       /* first row of the list (its column titles) */
	int list_x;       /* first column of the list: 0 */
	int list_w;       /* width of the list */
	int list_h;       /* rows of the list, column titles included (>= 3) */
	bool detail;      /* whether a detail pane is shown */
	bool detail_side; /* the pane is right of the list (else below it) */
	int detail_y, detail_x, detail_w, detail_h; /* the pane, frame included */
	int bar_y;                                  /* the function-key bar: the last row */
};

/* Lays out the browse screen. want_detail is the user's choice; the pane is
 * dropped anyway when the window is too low for it (the list keeps at least 5
 * product rows). Below the side width the pane takes about a third of the rows
 * (at least 6, at most 10); beside the list about 40% of the columns (36 to
 * 60), but the list keeps at least 80, the width it has at 80 columns. */
void layout_browse(int rows, int cols, bool want_detail, struct layout *out);

/* The product list's columns, left to right. Hidden columns get width 0. */
enum list_column {
	LIST_COL_MARK,       /* 1 cell: marked for compare */
	LIST_COL_NAME,       /* product name */
	LIST_COL_ENTERPRISE, /* enterprise short name */
	LIST_COL_SPEC,       /* 规格 */
	LIST_COL_PRICE,      /* right-aligned, fits "¥99,999.00" */
	LIST_COL_PER500,     /* right-aligned price per 500 g */
	LIST_COL_FLAGS,      /* 832 / 硒 / in-list marks */
	LIST_NCOLS
};

struct list_columns {
	int x[LIST_NCOLS];     /* first cell of each column within the list */
	int width[LIST_NCOLS]; /* 0 when the column is hidden */
};

/* The name column's fair minimum (8 hanzi): other columns go before the name
 * gets less. LAYOUT_NAME_MIN is the least it ever gets. */
#define LAYOUT_NAME_FAIR 16
#define LAYOUT_NAME_MIN  8

/* Splits width cells among the columns, one blank between neighbours. The
 * fixed columns (mark, price, per 500 g, flags) keep their size; the text
 * columns share the rest (name most). When width is too small for all with
 * a name of LAYOUT_NAME_FAIR cells, the price per 500 g goes first, then the
 * spec, then the enterprise (at 60 cells the name gets 20); the name never
 * goes below LAYOUT_NAME_MIN. Every x + width stays within width. */
void layout_list_columns(int width, struct list_columns *out);

/* The purchase list screen's columns (view-list.c), from cell 2: name,
 * spec, price, quantity, amount, note; one blank between neighbours. The
 * name gets what the others leave, at least LAYOUT_NAME_FAIR cells when
 * cols allows: below that the note column goes first (note 0: a one-cell
 * mark at cell 0 stands for it), the spec is shown only when the name keeps
 * its fair minimum, and a wide screen widens the spec a little (the name
 * keeps the most). */
struct plist_columns {
	int name, spec, price, qty, amount, note; /* widths; spec, note 0 when hidden */
	int x_name, x_spec, x_price, x_qty, x_amount, x_note;
};
void layout_plist_columns(int cols, struct plist_columns *out);

/* The first row to show so that cursor stays visible in a window of visible
 * rows over count rows, moving as little as possible from top; count == 0
 * gives 0. */
size_t layout_scroll(size_t cursor, size_t top, int visible, size_t count);

/* Moves *cursor in a list of count rows for a movement action: Up, Down and
 * the wheel a row, Page Up and Page Down page rows, Home and End the ends,
 * always inside the list. False, *cursor unchanged, for any other action or
 * an empty list. */
bool layout_move_cursor(size_t *cursor, size_t count, size_t page, enum ui_action action);

/* The function-key bar: items of the given widths (label included) placed left
 * to right with one blank between them. x[i] gets each item's first cell, or
 * -1 when it no longer fits in width (items are dropped from the end).
 * Returns how many are shown. */
size_t layout_bar(const int *widths, size_t n, int width, int *x);
/* The item under cell col of the bar, or -1. */
int layout_bar_hit(const int *widths, const int *x, size_t n, int col);

#endif
