/* Drawing on stdscr. Every text goes through here: it is sanitised (no
 * control character from a catalogue ever reaches the terminal) and fitted to
 * its cells by display width (a hanzi is two cells, never halved). */
#ifndef AIX_DRAW_H
#define AIX_DRAW_H

#include <curses.h>
#include <stdbool.h>

/* The looks the screens use. With colours they map to colour pairs; on a
 * monochrome terminal (or NO_COLOR) to bold, reverse and underline. */
enum draw_style {
	STYLE_NORMAL,
	STYLE_HEADER,    /* the title row */
	STYLE_TITLES,    /* column titles */
	STYLE_CURSOR,    /* the row under the cursor */
	STYLE_MARKED,    /* a marked product's mark */
	STYLE_BAR_KEY,   /* "F3" in the bar */
	STYLE_BAR_LABEL, /* "搜索" in the bar */
	STYLE_SAMPLE,    /* the 示例数据 notice */
	STYLE_DIFFERENT, /* compare: a row whose values differ */
	STYLE_BEST,      /* compare: the lowest price per 500 g */
	STYLE_DIM,       /* secondary text, zero counts */
	STYLE_FRAME,     /* pane frames and section titles */
	STYLE_FIELD,     /* an input field */
	STYLE_ERROR,     /* an error message */
	STYLE_COUNT
};

/* Sets up colours when the terminal has them and NO_COLOR is not set. */
void draw_init_styles(void);
/* The curses attributes of a style. */
attr_t draw_attr(enum draw_style style);
/* True when the screen is drawn in colour. */
bool draw_has_color(void);

/* Draws text at (y, x) in exactly width cells: cut with the ASCII mark when
 * too wide, padded with blanks when narrower (right-aligned when right). Does
 * nothing when width <= 0 or the place is off the screen. */
void draw_text(int y, int x, int width, const char *text, enum draw_style style, bool right);
/* Blanks width cells at (y, x) in style. */
void draw_fill(int y, int x, int width, enum draw_style style);
/* Draws text wrapped by display width into at most max_lines rows of width
 * cells from (y, x) (newlines in text start a new row; the last row shown is
 * cut with the mark when text goes on). Returns the rows used. */
int draw_wrapped(int y, int x, int width, int max_lines, const char *text, enum draw_style style);
/* The rows draw_wrapped would use for text with no limit on them. */
int draw_wrapped_rows(int width, const char *text);
/* A frame around the rectangle with an optional title in its top edge. Line
 * characters are used when the locale can show them, else ASCII. */
void draw_frame(int y, int x, int height, int width, const char *title);

#endif
