#include "ui/draw.h"

#include "core/text.h"
#include "core/xalloc.h"

#include <langinfo.h>
#include <stdint.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static attr_t styles[STYLE_COUNT];
static bool colour;

void draw_init_styles(void)
{
	/* Monochrome: what every terminal can show. */
	static const attr_t mono[STYLE_COUNT] = {
	    [STYLE_NORMAL] = A_NORMAL,     [STYLE_HEADER] = A_REVERSE,
	    [STYLE_TITLES] = A_BOLD,       [STYLE_CURSOR] = A_REVERSE,
	    [STYLE_MARKED] = A_BOLD,       [STYLE_BAR_KEY] = A_BOLD,
	    [STYLE_BAR_LABEL] = A_REVERSE, [STYLE_SAMPLE] = A_BOLD | A_REVERSE,
	    [STYLE_DIFFERENT] = A_BOLD,    [STYLE_BEST] = A_BOLD | A_UNDERLINE,
	    [STYLE_DIM] = A_DIM,           [STYLE_FRAME] = A_NORMAL,
	    [STYLE_FIELD] = A_UNDERLINE,   [STYLE_ERROR] = A_BOLD | A_REVERSE,
	};
	memcpy(styles, mono, sizeof styles);

	const char *no_color = getenv("NO_COLOR");
	colour = has_colors() && (no_color == NULL || *no_color == '\0') && start_color() == OK;
	if (!colour)
		return;
	use_default_colors();
	/* Pair numbers: one per coloured style. -1 is the terminal's own colour. */
	static const struct {
		enum draw_style style;
		short fg, bg;
		attr_t extra;
	} pairs[] = {
	    {STYLE_HEADER, COLOR_WHITE, COLOR_BLUE, A_BOLD},
	    {STYLE_TITLES, COLOR_CYAN, -1, A_BOLD},
	    {STYLE_CURSOR, COLOR_BLACK, COLOR_CYAN, 0},
	    {STYLE_MARKED, COLOR_YELLOW, -1, A_BOLD},
	    {STYLE_BAR_LABEL, COLOR_BLACK, COLOR_CYAN, 0},
	    {STYLE_SAMPLE, COLOR_WHITE, COLOR_RED, A_BOLD},
	    {STYLE_DIFFERENT, COLOR_YELLOW, -1, A_BOLD},
	    {STYLE_BEST, COLOR_GREEN, -1, A_BOLD},
	    {STYLE_FRAME, COLOR_CYAN, -1, 0},
	    {STYLE_FIELD, COLOR_WHITE, COLOR_BLUE, 0},
	    {STYLE_ERROR, COLOR_WHITE, COLOR_RED, A_BOLD},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		short n = (short)(i + 1);
		if (init_pair(n, pairs[i].fg, pairs[i].bg) == OK)
			styles[pairs[i].style] = COLOR_PAIR(n) | pairs[i].extra;
	}
}

attr_t draw_attr(enum draw_style style)
{
	return style < STYLE_COUNT ? styles[style] : A_NORMAL;
}

bool draw_has_color(void)
{
	return colour;
}

void draw_fill(int y, int x, int width, enum draw_style style)
{
	if (width <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (x + width > COLS)
		width = COLS - x;
	attrset(draw_attr(style));
	mvhline(y, x, ' ', width);
	attrset(A_NORMAL);
}

void draw_text(int y, int x, int width, const char *text, enum draw_style style, bool right)
{
	if (width <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
		return;
	if (x + width > COLS)
		width = COLS - x;
	/* text_fit sanitises: control and bidi characters become visible
	 * placeholders, so nothing from a catalogue can steer the terminal. */
	char *fitted = text_fit(text ? text : "", width, right);
	attrset(draw_attr(style));
	mvaddstr(y, x, fitted);
	attrset(A_NORMAL);
	free(fitted);
}

/* Line characters only where the terminal's character set has them: the
 * Linux console and non-UTF-8 locales get ASCII. */
static bool line_drawing_ok(void)
{
	const char *term = getenv("TERM");
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0 && !(term && strcmp(term, "linux") == 0);
}

void draw_frame(int y, int x, int height, int width, const char *title)
{
	if (height < 2 || width < 2)
		return;
	attrset(draw_attr(STYLE_FRAME));
	if (line_drawing_ok()) {
		mvhline(y, x + 1, ACS_HLINE, width - 2);
		mvhline(y + height - 1, x + 1, ACS_HLINE, width - 2);
		mvvline(y + 1, x, ACS_VLINE, height - 2);
		mvvline(y + 1, x + width - 1, ACS_VLINE, height - 2);
		mvaddch(y, x, ACS_ULCORNER);
		mvaddch(y, x + width - 1, ACS_URCORNER);
		mvaddch(y + height - 1, x, ACS_LLCORNER);
		mvaddch(y + height - 1, x + width - 1, ACS_LRCORNER);
	} else {
		mvhline(y, x + 1, '-', width - 2);
		mvhline(y + height - 1, x + 1, '-', width - 2);
		mvvline(y + 1, x, '|', height - 2);
		mvvline(y + 1, x + width - 1, '|', height - 2);
		mvaddch(y, x, '+');
		mvaddch(y, x + width - 1, '+');
		mvaddch(y + height - 1, x, '+');
		mvaddch(y + height - 1, x + width - 1, '+');
	}
	attrset(A_NORMAL);
	if (title && *title && width > 6) {
		char *t = text_truncate(title, width - 6);
		char *padded = xasprintf(" %s ", t);
		draw_text(y, x + 2, text_width(padded), padded, STYLE_TITLES, false);
		free(padded);
		free(t);
	}
}

/* An ASCII letter, digit or one of the marks inside English words. */
static bool is_word_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '\'' || c == '-' || c == '.' || c == ',' || c == ')' || c == '(';
}

/* draw_wrapped, drawing only when draw is true: the rows are counted the
 * same way either way. */
static int wrap(int y, int x, int width, int max_lines, const char *text, enum draw_style style,
                bool draw)
{
	if (width <= 0 || max_lines <= 0 || text == NULL)
		return 0;
	int used = 0;
	const char *p = text;
	size_t left = strlen(text);
	while (used < max_lines) {
		/* One row: as many characters as fit, up to a newline. */
		size_t len = 0, after_space = 0;
		int cells = 0;
		while (len < left && p[len] != '\n') {
			uint32_t cp;
			int n = utf8_decode(p + len, left - len, &cp);
			/* An invalid byte prints as "<0xFF>". */
			int w = n > 0 ? cp_width(cp) : 6;
			if (n == 0)
				n = 1;
			if (cells + w > width)
				break;
			cells += w;
			len += (size_t)n;
			if (cp == ' ')
				after_space = len;
		}
		/* A row that would end inside a word of letters (English, pinyin)
		 * ends after the last blank instead; hanzi break anywhere. */
		if (len < left && p[len] != '\n' && after_space > 0 && len > 0 &&
		    is_word_byte(p[len]) && is_word_byte(p[len - 1]))
			len = after_space;
		bool more = len < left;
		bool last_row = used + 1 == max_lines;
		char *row = xstrndup(p, len);
		if (last_row && more && p[len] != '\n') {
			/* The paragraph goes on past the last row: let draw_text cut
			 * it with the mark. */
			free(row);
			row = xstrndup(p, strcspn(p, "\n"));
		}
		if (draw)
			draw_text(y + used, x, width, row, style, false);
		free(row);
		used++;
		if (!more)
			break;
		p += len;
		left -= len;
		if (*p == '\n') {
			p++;
			left--;
			if (left == 0)
				break;
		}
	}
	return used;
}

int draw_wrapped(int y, int x, int width, int max_lines, const char *text, enum draw_style style)
{
	return wrap(y, x, width, max_lines, text, style, true);
}

int draw_wrapped_rows(int width, const char *text)
{
	return wrap(0, 0, width, INT_MAX, text, STYLE_NORMAL, false);
}
