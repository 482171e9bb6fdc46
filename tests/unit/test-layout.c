/* Tests of src/ui/layout.c: the browse screen's geometry at every terminal
 * size, the list's columns, scrolling and the function-key bar. */
#include "check.h"

#include "ui/layout.h"

#include <stdbool.h>

struct rect {
	int y, x, h, w;
};

static bool inside(struct rect r, int rows, int cols)
{
	return r.y >= 0 && r.x >= 0 && r.h > 0 && r.w > 0 && r.y + r.h <= rows && r.x + r.w <= cols;
}

static bool overlap(struct rect a, struct rect b)
{
	return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void check_browse(int rows, int cols, bool want_detail)
{
	struct layout l;

	layout_browse(rows, cols, want_detail, &l);
	CHECK_INT(l.rows, rows);
	CHECK_INT(l.cols, cols);
	CHECK_INT(l.too_small, rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS);
	if (l.too_small)
		return;

	struct rect header = {l.header_y, 0, 1, cols};
	struct rect search = {l.search_y, 0, 1, cols};
	struct rect list = {l.list_y, l.list_x, l.list_h, l.list_w};
	struct rect detail = {l.detail_y, l.detail_x, l.detail_h, l.detail_w};
	struct rect bar = {l.bar_y, 0, 1, cols};
	struct rect all[5] = {header, search, list, detail, bar};
	size_t n = l.detail ? 5 : 4;

	if (!l.detail)
		all[3] = bar;
	CHECK_INT(l.header_y, 0);
	CHECK_INT(l.search_y, 1);
	CHECK_INT(l.list_x, 0);
	CHECK_INT(l.bar_y, rows - 1);
	CHECK(l.list_h >= 3);
	for (size_t i = 0; i < n; i++) {
		CHECK(inside(all[i], rows, cols));
		for (size_t j = i + 1; j < n; j++)
			CHECK(!overlap(all[i], all[j]));
	}

	/* The pane is shown only when asked for; beside the list from the side
	 * width on, below it otherwise. */
	if (!want_detail)
		CHECK(!l.detail);
	if (!l.detail) {
		/* The list then takes all the rows and columns there are. */
		CHECK_INT(l.list_w, cols);
		CHECK_INT(l.list_y + l.list_h, l.bar_y);
		return;
	}
	CHECK_INT(l.detail_side, cols >= LAYOUT_SIDE_DETAIL_COLS);
	if (l.detail_side) {
		CHECK_INT(l.detail_x, l.list_x + l.list_w);
		CHECK_INT(l.detail_x + l.detail_w, cols);
		CHECK_INT(l.detail_y, l.list_y);
		CHECK_INT(l.detail_h, l.list_h);
		CHECK_INT(l.list_y + l.list_h, l.bar_y);
		/* About 40% of the width, 36 to 60 columns, less when the
		 * list would keep fewer than 80. */
		CHECK(l.detail_w >= 36 && l.detail_w <= 60);
		CHECK(l.detail_w >= cols * 40 / 100 - 1 || l.detail_w == 60 || l.list_w == 80);
		CHECK(l.detail_w <= cols * 40 / 100 + 1 || l.detail_w == 36);
		CHECK(l.list_w >= 80);
	} else {
		CHECK_INT(l.detail_x, 0);
		CHECK_INT(l.detail_w, cols);
		CHECK_INT(l.list_w, cols);
		CHECK_INT(l.detail_y, l.list_y + l.list_h);
		CHECK_INT(l.detail_y + l.detail_h, l.bar_y);
		/* About a third of the rows, 6 to 10. */
		CHECK(l.detail_h >= 6 && l.detail_h <= 10);
		CHECK(l.detail_h >= rows / 3 - 1 || l.detail_h == 10);
		CHECK(l.detail_h <= rows / 3 + 1 || l.detail_h == 6);
		/* At least 5 product rows besides the column titles. */
		CHECK(l.list_h - 1 >= 5);
	}
}

static void test_browse_every_size(void)
{
	for (int rows = 8; rows <= 60; rows++) {
		for (int cols = 20; cols <= 200; cols++) {
			check_browse(rows, cols, false);
			check_browse(rows, cols, true);
		}
	}
}

static void test_browse_cases(void)
{
	struct layout l;

	/* Exactly at the minimum is usable; one less either way is not. */
	layout_browse(LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS, true, &l);
	CHECK(!l.too_small);
	layout_browse(LAYOUT_MIN_ROWS - 1, LAYOUT_MIN_COLS, true, &l);
	CHECK(l.too_small);
	layout_browse(LAYOUT_MIN_ROWS, LAYOUT_MIN_COLS - 1, true, &l);
	CHECK(l.too_small);

	/* 80x24: list from row 2, the pane below it, the bar on row 23. */
	layout_browse(24, 80, true, &l);
	CHECK(l.detail);
	CHECK(!l.detail_side);
	CHECK_INT(l.list_y, 2);
	CHECK_INT(l.detail_h, 8);
	CHECK_INT(l.list_h, 13);
	CHECK_INT(l.detail_y, 15);
	CHECK_INT(l.bar_y, 23);
	layout_browse(24, 80, false, &l);
	CHECK(!l.detail);
	CHECK_INT(l.list_h, 21);

	/* Too low for the pane below: it is dropped, whatever the user
	 * wants. With 14 rows only 11 are left for list and pane. */
	layout_browse(14, 80, true, &l);
	CHECK(!l.detail);
	CHECK_INT(l.list_h, 11);
	layout_browse(15, 80, true, &l);
	CHECK(l.detail);
	CHECK_INT(l.list_h, 6);

	/* Side by side from 120 columns, even when low; the list keeps the 80
	 * columns it has at 80 (the pane gets 40, not 48). */
	layout_browse(14, 120, true, &l);
	CHECK(l.detail);
	CHECK(l.detail_side);
	CHECK_INT(l.detail_w, 40);
	CHECK_INT(l.list_w, 80);
	layout_browse(40, 130, true, &l);
	CHECK_INT(l.detail_w, 50);
	CHECK_INT(l.list_w, 80);
	layout_browse(40, 140, true, &l);
	CHECK_INT(l.detail_w, 56);
	CHECK_INT(l.list_w, 84);
	layout_browse(40, 200, true, &l);
	CHECK_INT(l.detail_w, 60);
	CHECK_INT(l.list_w, 140);
	layout_browse(40, 119, true, &l);
	CHECK(!l.detail_side);
	CHECK_INT(l.detail_h, 10);
}

static const int fixed_cols[] = {LIST_COL_MARK, LIST_COL_PRICE, LIST_COL_PER500, LIST_COL_FLAGS};
static const int fixed_size[] = {1, 10, 10, 6};

static void check_columns(int width)
{
	struct list_columns c;
	int prev_end = -1; /* cell after the last shown column, -1 before the first */
	int shown = 0;

	memset(&c, 0x55, sizeof(c));
	layout_list_columns(width, &c);
	for (int i = 0; i < LIST_NCOLS; i++) {
		CHECK(c.width[i] >= 0);
		if (c.width[i] == 0)
			continue;
		shown++;
		/* In order, one blank between neighbours, within the width. */
		CHECK(c.x[i] >= 0);
		if (prev_end >= 0)
			CHECK_INT(c.x[i], prev_end + 1);
		else
			CHECK_INT(c.x[i], 0);
		CHECK(c.x[i] + c.width[i] <= width);
		prev_end = c.x[i] + c.width[i];
	}
	/* The fixed columns keep their size when shown. */
	for (size_t k = 0; k < sizeof(fixed_cols) / sizeof(fixed_cols[0]); k++)
		CHECK(c.width[fixed_cols[k]] == 0 || c.width[fixed_cols[k]] == fixed_size[k]);
	/* The name is always there from 8 cells on, never narrower, and has
	 * its fair 16 cells (8 hanzi) wherever they fit: other columns go
	 * first. */
	if (width >= 8)
		CHECK(c.width[LIST_COL_NAME] >= 8);
	else
		CHECK_INT(shown, 0);
	if (width >= LAYOUT_NAME_FAIR)
		CHECK(c.width[LIST_COL_NAME] >= LAYOUT_NAME_FAIR);
	CHECK(c.width[LIST_COL_NAME] <= 44);
	CHECK(c.width[LIST_COL_ENTERPRISE] == 0 || c.width[LIST_COL_ENTERPRISE] >= 6);
	CHECK(c.width[LIST_COL_ENTERPRISE] <= 20);
	CHECK(c.width[LIST_COL_SPEC] == 0 || c.width[LIST_COL_SPEC] >= 6);
	CHECK(c.width[LIST_COL_SPEC] <= 24);
	/* The price per 500 g goes first, then the spec, then the enterprise,
	 * and only then the other fixed columns. */
	if (c.width[LIST_COL_PER500] > 0)
		CHECK(c.width[LIST_COL_SPEC] > 0);
	if (c.width[LIST_COL_SPEC] > 0)
		CHECK(c.width[LIST_COL_ENTERPRISE] > 0);
	if (c.width[LIST_COL_ENTERPRISE] > 0)
		CHECK(c.width[LIST_COL_MARK] > 0 && c.width[LIST_COL_PRICE] > 0 &&
		      c.width[LIST_COL_FLAGS] > 0);
	/* Space is left over only when the name is at its maximum. */
	if (shown > 0 && prev_end < width)
		CHECK(c.width[LIST_COL_NAME] == 44);
	/* The name has the largest share. */
	CHECK(c.width[LIST_COL_NAME] >= c.width[LIST_COL_ENTERPRISE]);
	if (width >= 60)
		CHECK(c.width[LIST_COL_NAME] >= c.width[LIST_COL_SPEC]);
}

static void test_columns(void)
{
	struct list_columns c;
	struct list_columns prev;

	for (int width = 0; width <= 200; width++)
		check_columns(width);

	/* Widening the list never takes cells from a text column while the
	 * same columns are shown. */
	layout_list_columns(61, &prev);
	for (int width = 62; width <= 200; width++) {
		layout_list_columns(width, &c);
		CHECK(c.width[LIST_COL_NAME] >= prev.width[LIST_COL_NAME]);
		CHECK(c.width[LIST_COL_ENTERPRISE] >= prev.width[LIST_COL_ENTERPRISE]);
		CHECK(c.width[LIST_COL_SPEC] >= prev.width[LIST_COL_SPEC]);
		prev = c;
	}

	/* All seven from 61 cells: 27 fixed, 6 blanks, 28 text minimums. */
	layout_list_columns(61, &c);
	CHECK(c.width[LIST_COL_PER500] > 0);
	/* At the browser's narrowest the price per 500 g has gone and the
	 * name has more than its fair minimum (the old layout cut it to 12
	 * cells: 紫阳毛尖·翠芽 and 紫阳毛尖·翠峰 both 紫阳毛尖·翠~). */
	layout_list_columns(60, &c);
	CHECK_INT(c.width[LIST_COL_PER500], 0);
	CHECK(c.width[LIST_COL_SPEC] > 0);
	CHECK(c.width[LIST_COL_NAME] >= 18);
	/* Without the spec below 50, without the enterprise below 43. */
	layout_list_columns(50, &c);
	CHECK(c.width[LIST_COL_SPEC] > 0);
	layout_list_columns(49, &c);
	CHECK_INT(c.width[LIST_COL_SPEC], 0);
	CHECK(c.width[LIST_COL_ENTERPRISE] > 0);
	layout_list_columns(43, &c);
	CHECK(c.width[LIST_COL_ENTERPRISE] > 0);
	layout_list_columns(42, &c);
	CHECK_INT(c.width[LIST_COL_ENTERPRISE], 0);
	CHECK(c.width[LIST_COL_NAME] >= LAYOUT_NAME_FAIR);
	CHECK_INT(c.width[LIST_COL_PRICE], 10);

	/* 80 columns: the text columns share 47 cells. */
	layout_list_columns(80, &c);
	CHECK_INT(c.x[LIST_COL_MARK], 0);
	CHECK_INT(c.x[LIST_COL_NAME], 2);
	CHECK_INT(c.width[LIST_COL_NAME] + c.width[LIST_COL_ENTERPRISE] + c.width[LIST_COL_SPEC],
	          47);
	CHECK_INT(c.x[LIST_COL_FLAGS] + c.width[LIST_COL_FLAGS], 80);
	CHECK(c.width[LIST_COL_NAME] > c.width[LIST_COL_SPEC]);
	CHECK(c.width[LIST_COL_SPEC] > c.width[LIST_COL_ENTERPRISE]);

	/* Wide: every text column at its maximum, the rest blank. */
	layout_list_columns(200, &c);
	CHECK_INT(c.width[LIST_COL_NAME], 44);
	CHECK_INT(c.width[LIST_COL_ENTERPRISE], 20);
	CHECK_INT(c.width[LIST_COL_SPEC], 24);
	/* 27 fixed cells (the mark included) and 6 blanks. */
	CHECK_INT(c.x[LIST_COL_FLAGS] + c.width[LIST_COL_FLAGS], 44 + 20 + 24 + 27 + 6);
}

/* The name column in the browser at a terminal size, the pane shown. */
static int browse_name_width(int rows, int cols)
{
	struct layout l;
	struct list_columns c;

	layout_browse(rows, cols, true, &l);
	layout_list_columns(l.list_w, &c);
	return c.width[LIST_COL_NAME];
}

/* A wider window never gives the names less room than 80x24 does: the pane
 * beside the list from 120 columns used to leave it 72 columns, and names
 * were cut more at 120x40 than at 80x24. */
static void test_wide_window(void)
{
	int at80 = browse_name_width(24, 80);

	CHECK(at80 >= 20);
	CHECK_INT(browse_name_width(40, 120), at80);
	for (int rows = 14; rows <= 60; rows += 2)
		for (int cols = 80; cols <= 300; cols++)
			CHECK(browse_name_width(rows, cols) >= at80);
	/* With the pane beside the list, wider is never narrower. */
	for (int cols = LAYOUT_SIDE_DETAIL_COLS + 1; cols <= 300; cols++)
		CHECK(browse_name_width(40, cols) >= browse_name_width(40, cols - 1));
	CHECK(browse_name_width(40, 200) > at80);
}

/* The purchase list screen's columns. */
static void check_plist_columns(int cols)
{
	struct plist_columns c;

	memset(&c, 0x55, sizeof(c));
	layout_plist_columns(cols, &c);
	CHECK_INT(c.x_name, 2);
	CHECK(c.name >= LAYOUT_NAME_FAIR);
	CHECK_INT(c.price, 10);
	CHECK_INT(c.qty, 11);
	CHECK_INT(c.amount, 11);
	CHECK(c.spec == 0 || (c.spec >= 10 && c.spec <= 16));
	CHECK(c.note == 0 || c.note == 12);
	/* The note comes only after the spec. */
	if (c.note)
		CHECK(c.spec > 0);
	/* In order, one blank between neighbours, ending at the right edge. */
	int x = c.x_name + c.name + 1;
	if (c.spec) {
		CHECK_INT(c.x_spec, x);
		x += c.spec + 1;
	}
	CHECK_INT(c.x_price, x);
	CHECK_INT(c.x_qty, c.x_price + c.price + 1);
	CHECK_INT(c.x_amount, c.x_qty + c.qty + 1);
	if (c.note) {
		CHECK_INT(c.x_note, c.x_amount + c.amount + 1);
		CHECK_INT(c.x_note + c.note, cols);
	} else {
		CHECK_INT(c.x_amount + c.amount, cols);
	}
	/* The name keeps the most. */
	CHECK(c.name >= c.spec);
}

static void test_plist_columns(void)
{
	struct plist_columns c, prev;

	for (int cols = LAYOUT_MIN_COLS; cols <= 300; cols++)
		check_plist_columns(cols);
	/* Wider never narrows the name while the same columns are shown. */
	layout_plist_columns(LAYOUT_MIN_COLS, &prev);
	for (int cols = LAYOUT_MIN_COLS + 1; cols <= 300; cols++) {
		layout_plist_columns(cols, &c);
		if (c.spec && prev.spec && c.note == prev.note)
			CHECK(c.spec >= prev.spec);
		if ((c.spec > 0) == (prev.spec > 0) && c.note == prev.note)
			CHECK(c.name >= prev.name);
		prev = c;
	}
	/* 60 columns: no note column (a mark stands for it), no spec; the name
	 * gets 23 cells, not the 10 the fixed columns left it before. */
	layout_plist_columns(60, &c);
	CHECK_INT(c.note, 0);
	CHECK_INT(c.spec, 0);
	CHECK_INT(c.name, 23);
	/* 80 columns as before: name 19, spec 10, note 12. */
	layout_plist_columns(80, &c);
	CHECK_INT(c.name, 19);
	CHECK_INT(c.spec, 10);
	CHECK_INT(c.note, 12);
	/* 120: the extra goes to the name, the spec a little wider. */
	layout_plist_columns(120, &c);
	CHECK_INT(c.spec, 16);
	CHECK_INT(c.name, 53);
	layout_plist_columns(200, &c);
	CHECK_INT(c.spec, 16);
	CHECK_INT(c.name, 133);
}

/* Where the cursor goes for a movement key, in a list of 50 with pages of
 * 10; every move stays inside the list. */
static void test_move_cursor(void)
{
	size_t c = 5;
	CHECK(layout_move_cursor(&c, 50, 10, ACT_UP));
	CHECK_INT(c, 4);
	CHECK(layout_move_cursor(&c, 50, 10, ACT_WHEEL_DOWN));
	CHECK_INT(c, 5);
	CHECK(layout_move_cursor(&c, 50, 10, ACT_PAGE_UP));
	CHECK_INT(c, 0); /* not 5 - 10 */
	CHECK(layout_move_cursor(&c, 50, 10, ACT_UP));
	CHECK_INT(c, 0);
	CHECK(layout_move_cursor(&c, 50, 10, ACT_PAGE_DOWN));
	CHECK_INT(c, 10);
	CHECK(layout_move_cursor(&c, 50, 10, ACT_END));
	CHECK_INT(c, 49);
	CHECK(layout_move_cursor(&c, 50, 10, ACT_DOWN));
	CHECK_INT(c, 49);
	c = 45;
	CHECK(layout_move_cursor(&c, 50, 10, ACT_PAGE_DOWN));
	CHECK_INT(c, 49);
	CHECK(layout_move_cursor(&c, 50, 10, ACT_HOME));
	CHECK_INT(c, 0);
	/* A cursor left past the end (the list shrank) comes back inside. */
	c = 80;
	CHECK(layout_move_cursor(&c, 50, 10, ACT_UP));
	CHECK_INT(c, 48);
	/* A page of 0 rows moves by one. */
	c = 3;
	CHECK(layout_move_cursor(&c, 50, 0, ACT_PAGE_DOWN));
	CHECK_INT(c, 4);
	/* Not a movement, or nothing to move in: no change, false. */
	c = 7;
	CHECK(!layout_move_cursor(&c, 50, 10, ACT_SEARCH));
	CHECK_INT(c, 7);
	CHECK(!layout_move_cursor(&c, 0, 10, ACT_DOWN));
	CHECK_INT(c, 7);
}

static void test_scroll(void)
{
	/* Nothing to show. */
	CHECK_INT(layout_scroll(0, 0, 10, 0), 0);
	CHECK_INT(layout_scroll(5, 7, 10, 0), 0);
	/* Fewer rows than the window: from the top. */
	CHECK_INT(layout_scroll(3, 0, 10, 5), 0);
	CHECK_INT(layout_scroll(4, 2, 10, 5), 0);
	CHECK_INT(layout_scroll(9, 0, 10, 10), 0);
	/* Cursor inside the window: no move. */
	CHECK_INT(layout_scroll(25, 20, 10, 100), 20);
	CHECK_INT(layout_scroll(20, 20, 10, 100), 20);
	CHECK_INT(layout_scroll(29, 20, 10, 100), 20);
	/* Above: the cursor becomes the first row. */
	CHECK_INT(layout_scroll(19, 20, 10, 100), 19);
	CHECK_INT(layout_scroll(0, 20, 10, 100), 0);
	/* Below: the cursor becomes the last row. */
	CHECK_INT(layout_scroll(30, 20, 10, 100), 21);
	CHECK_INT(layout_scroll(99, 20, 10, 100), 90);
	/* The list shrank under the window: no blank rows at the bottom. */
	CHECK_INT(layout_scroll(12, 20, 10, 15), 5);
	/* A cursor past the end counts as the last row. */
	CHECK_INT(layout_scroll(500, 0, 10, 100), 90);
	/* A one-row window follows the cursor. */
	CHECK_INT(layout_scroll(7, 3, 1, 100), 7);

	/* Every combination keeps the cursor visible and moves minimally. */
	for (size_t count = 1; count <= 30; count++) {
		for (int visible = 1; visible <= 12; visible++) {
			for (size_t top = 0; top < count; top++) {
				for (size_t cur = 0; cur < count; cur++) {
					size_t t = layout_scroll(cur, top, visible, count);

					CHECK(t <= cur && cur < t + (size_t)visible);
					if (count > (size_t)visible)
						CHECK(t + (size_t)visible <= count);
					else
						CHECK_INT(t, 0);
					/* Already visible and no blank rows: stays. */
					if (cur >= top && cur < top + (size_t)visible &&
					    top + (size_t)visible <= count)
						CHECK_INT(t, top);
				}
			}
		}
	}
}

static void test_bar(void)
{
	/* e.g. "F1 帮助" is 7 cells. */
	static const int widths[] = {7, 7, 7, 9, 5};
	int x[5];

	/* Everything fits: 7+1+7+1+7+1+9+1+5 = 39. */
	CHECK_INT(layout_bar(widths, 5, 39, x), 5);
	CHECK_INT(x[0], 0);
	CHECK_INT(x[1], 8);
	CHECK_INT(x[2], 16);
	CHECK_INT(x[3], 24);
	CHECK_INT(x[4], 34);
	CHECK_INT(layout_bar(widths, 5, 80, x), 5);
	CHECK_INT(x[4], 34);

	/* One cell less: the last item is dropped. */
	CHECK_INT(layout_bar(widths, 5, 38, x), 4);
	CHECK_INT(x[3], 24);
	CHECK_INT(x[4], -1);
	/* Dropped from the end: the 5-cell item would fit after the 7s, but
	 * comes after the 9-cell one that does not. */
	CHECK_INT(layout_bar(widths, 5, 30, x), 3);
	CHECK_INT(x[2], 16);
	CHECK_INT(x[3], -1);
	CHECK_INT(x[4], -1);
	CHECK_INT(layout_bar(widths, 5, 6, x), 0);
	for (int i = 0; i < 5; i++)
		CHECK_INT(x[i], -1);
	CHECK_INT(layout_bar(widths, 0, 80, x), 0);

	/* Hit testing on the full bar. */
	layout_bar(widths, 5, 80, x);
	CHECK_INT(layout_bar_hit(widths, x, 5, 0), 0);
	CHECK_INT(layout_bar_hit(widths, x, 5, 6), 0);
	CHECK_INT(layout_bar_hit(widths, x, 5, 7), -1); /* the blank */
	CHECK_INT(layout_bar_hit(widths, x, 5, 8), 1);
	CHECK_INT(layout_bar_hit(widths, x, 5, 23), -1);
	CHECK_INT(layout_bar_hit(widths, x, 5, 24), 3);
	CHECK_INT(layout_bar_hit(widths, x, 5, 38), 4);
	CHECK_INT(layout_bar_hit(widths, x, 5, 39), -1); /* after the last */
	CHECK_INT(layout_bar_hit(widths, x, 5, 79), -1);
	CHECK_INT(layout_bar_hit(widths, x, 5, -1), -1);

	/* Every cell of a cut bar: each item's own cells give it, gaps and
	 * dropped items nothing. */
	for (int width = 0; width <= 45; width++) {
		size_t shown = layout_bar(widths, 5, width, x);
		size_t counted = 0;

		for (size_t i = 0; i < 5; i++) {
			if (x[i] >= 0) {
				counted++;
				CHECK(x[i] + widths[i] <= width);
			}
		}
		CHECK_INT(counted, shown);
		for (int col = -2; col < width + 3; col++) {
			int hit = layout_bar_hit(widths, x, 5, col);
			int want = -1;

			for (size_t i = 0; i < shown; i++)
				if (col >= x[i] && col < x[i] + widths[i])
					want = (int)i;
			CHECK_INT(hit, want);
			if (col >= width)
				CHECK_INT(hit, -1);
		}
	}
}

int main(void)
{
	test_browse_every_size();
	test_browse_cases();
	test_columns();
	test_wide_window();
	test_plist_columns();
	test_scroll();
	test_move_cursor();
	test_bar();
	return check_done();
}
