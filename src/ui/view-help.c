/* The help screen (F1, ?): a few lines on what the program is for, then every
 * key of the key table with its help text, in two columns aligned by display
 * width. Nothing here names a key on its own: the table (keys.c) is the one
 * list, so the help cannot drift from what the keys do. It covers the screen
 * between the header row and the function-key bar and scrolls. */
#include "ui/ui.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "ui/draw.h"

#include <stdlib.h>
#include <string.h>

/* Lines the wheel scrolls. */
#define WHEEL_STEP 3
/* Cells left blank on either side of the text. */
#define MARGIN 1
/* Indent of the key column, and the gap between it and the help text. */
#define KEY_INDENT 2
#define KEY_GAP    2
/* The key column is as wide as the widest key text, but not wider than this
 * (nor than a third of the screen). */
#define KEY_COLUMN_MAX 20

/* One screen line of the help, already fitted to the width. */
struct help_line {
	char *key;  /* key text on a binding's first line, else NULL */
	char *text; /* the words (one wrapped piece) */
	enum draw_style style;
};

struct help_view {
	enum key_context context; /* which bindings to show */
	struct help_line *lines;
	size_t nlines, cap;
	int built_cols;     /* screen width the lines were wrapped for; 0 for none */
	int key_width;      /* cells of the key column */
	size_t table_start; /* lines from here are the key table */
	size_t top;         /* first line shown */
};

/* Where the parts of the view are on the current screen. */
struct help_geometry {
	int title_y; /* title and keys */
	int first_y; /* first help line */
	int visible; /* help lines shown (>= 1) */
	int cols;    /* the screen's width */
};

static void help_geometry(const struct ui *ui, struct help_geometry *g)
{
	g->title_y = ui->layout.search_y;
	g->first_y = g->title_y + 1;
	g->visible = ui->layout.bar_y - g->first_y;
	if (g->visible < 1)
		g->visible = 1;
	g->cols = ui->layout.cols;
}

static void add_line(struct help_view *v, const char *key, char *text, enum draw_style style)
{
	if (v->nlines == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->lines = xreallocarray(v->lines, v->cap, sizeof *v->lines);
	}
	v->lines[v->nlines++] = (struct help_line){key ? xstrdup(key) : NULL, text, style};
}

static void clear_lines(struct help_view *v)
{
	for (size_t i = 0; i < v->nlines; i++) {
		free(v->lines[i].key);
		free(v->lines[i].text);
	}
	v->nlines = 0;
}

/* Chinese punctuation that must not begin a line (，。、；：！？）》」”). */
static bool no_break_before(uint32_t cp)
{
	static const uint32_t closing[] = {0x3001, 0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0xFF01,
	                                   0xFF1F, 0xFF09, 0x300B, 0x300D, 0x201D, 0x2019};
	for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++)
		if (cp == closing[i])
			return true;
	return false;
}

/* Chinese punctuation that must not end a line (（《「“). */
static bool no_break_after(uint32_t cp)
{
	return cp == 0xFF08 || cp == 0x300A || cp == 0x300C || cp == 0x201C || cp == 0x2018;
}

/* Cells the character at s takes as draw_text prints it, and its length in
 * bytes (an invalid byte is shown as "<0xFF>"). */
static int char_cells(const char *s, uint32_t *cp, int *len)
{
	*len = utf8_decode(s, strlen(s), cp);
	if (*len == 0) {
		*len = 1;
		*cp = 0xFFFD;
		return 6;
	}
	return cp_width(*cp);
}

/* Splits text into pieces at most width cells wide (width >= 1), breaking at
 * a blank or between two wide characters where it can, else anywhere, and
 * adds each piece as a line: the first with key, the rest without. Blanks at a
 * break are dropped. An empty text gives one empty line. */
static void add_wrapped(struct help_view *v, const char *key, const char *text, int width,
                        enum draw_style style)
{
	const char *p = text;
	bool first = true;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0' && !first)
			break;
		const char *q = p, *brk = NULL;
		int w = 0;
		uint32_t prev = 0;
		int prev_cw = 0;
		while (*q) {
			uint32_t cp;
			int len;
			int cw = char_cells(q, &cp, &len);
			/* Hanzi need no blank to break between them, but not
			 * before closing or after opening punctuation. */
			bool between_wide = (cw == 2 || prev_cw == 2) && !no_break_before(cp) &&
			                    !no_break_after(prev);
			if (q > p && (cp == ' ' || between_wide))
				brk = q;
			if (w + cw > width)
				break;
			w += cw;
			prev = cp;
			prev_cw = cw;
			q += len;
		}
		const char *end = q;
		if (*q != '\0' && brk != NULL)
			end = brk;
		if (end == p && *p != '\0') {
			/* A character wider than the whole line: take it anyway. */
			uint32_t cp;
			int len;
			char_cells(p, &cp, &len);
			end = p + len;
		}
		const char *trim = end;
		while (trim > p && trim[-1] == ' ')
			trim--;
		add_line(v, first ? key : NULL, xstrndup(p, (size_t)(trim - p)), style);
		first = false;
		p = end;
		if (*p == '\0')
			break;
	}
}

/* The first of the keys the table gives action, translated, for prose:
 * "F3" of "F3  /  s" (the table separates keys by two blanks). Caller frees. */
static char *first_key_of(enum ui_action action)
{
	size_t n;
	const struct key_binding *table = keys_table(&n);
	for (size_t i = 0; i < n; i++) {
		if (table[i].action != action)
			continue;
		const char *keys = _(table[i].keys);
		const char *gap = strstr(keys, "  ");
		return gap ? xstrndup(keys, (size_t)(gap - keys)) : xstrdup(keys);
	}
	return xstrdup("?");
}

/* The keys text as it holds in a text field: the table separates keys by two
 * blanks, and a key that is one printable character types that character
 * there, so "F3  /  s" becomes "F3". Caller frees. */
static char *field_keys(const char *keys)
{
	char *out = xstrdup("");
	const char *p = keys;
	while (*p) {
		const char *gap = strstr(p, "  ");
		size_t len = gap ? (size_t)(gap - p) : strlen(p);
		bool typed = len == 1 && p[0] > ' ' && p[0] < 127;
		if (len > 0 && !typed) {
			char *joined = xasprintf("%s%s%.*s", out, *out ? "  " : "", (int)len, p);
			free(out);
			out = joined;
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	return out;
}

/* The translated keys of a binding as they work in the view's context.
 * Caller frees. */
static char *binding_keys(const struct help_view *v, const struct key_binding *b)
{
	return v->context == KEYS_FIELD ? field_keys(_(b->keys)) : xstrdup(_(b->keys));
}

/* Wraps the whole help for a screen cols wide: orientation, then the table. */
static void build_lines(struct help_view *v, int cols)
{
	int body = cols - 2 * MARGIN;
	size_t n;
	const struct key_binding *table = keys_table(&n);

	clear_lines(v);
	v->built_cols = cols;

	char *what = xstrdup(_("aixingou shows the union's recommended catalogue of "
	                       "poverty-alleviation products: browse, filter and compare them, "
	                       "and put together a purchase list."));
	char *search_key = first_key_of(ACT_SEARCH);
	char *mark_key = first_key_of(ACT_MARK);
	char *compare_key = first_key_of(ACT_COMPARE);
	/* TRANSLATORS: %s is the search key (F3). Keep the example: the pinyin
	 * initials zymj find 紫阳毛尖. */
	char *search = xasprintf(_("To search, press %s and type words, pinyin or pinyin "
	                           "initials: \"zymj\" finds 紫阳毛尖."),
	                         search_key);
	/* TRANSLATORS: the first %s is the key that marks (Space), %d the most
	 * products that can be marked, the last %s the key of Compare (F5). */
	char *mark = xasprintf(_("%s marks a product for comparison (up to %d); %s shows the "
	                         "marked ones side by side."),
	                       mark_key, UI_MAX_MARKS, compare_key);
	free(search_key);
	free(mark_key);
	free(compare_key);
	add_wrapped(v, NULL, what, body, STYLE_NORMAL);
	add_wrapped(v, NULL, search, body, STYLE_NORMAL);
	add_wrapped(v, NULL, mark, body, STYLE_NORMAL);
	free(what);
	free(search);
	free(mark);
	add_line(v, NULL, xstrdup(""), STYLE_NORMAL);
	if (v->context == KEYS_FIELD) {
		add_wrapped(v, NULL,
		            _("You are in the search field: letters and digits are typed as "
		              "search text. These keys still work there:"),
		            body, STYLE_MARKED);
		add_line(v, NULL, xstrdup(""), STYLE_NORMAL);
	}

	/* The key column: as wide as the widest key text, within bounds. */
	const char *key_title = _("Keys");
	int cap = body / 3 < KEY_COLUMN_MAX ? body / 3 : KEY_COLUMN_MAX;
	v->key_width = text_width(key_title);
	for (size_t i = 0; i < n; i++) {
		if (v->context == KEYS_FIELD && !table[i].in_field)
			continue;
		char *keys = binding_keys(v, &table[i]);
		int w = text_width(keys);
		free(keys);
		if (w > v->key_width)
			v->key_width = w;
	}
	if (v->key_width > cap)
		v->key_width = cap;
	int help_width = body - KEY_INDENT - v->key_width - KEY_GAP;
	if (help_width < 1)
		help_width = 1;

	v->table_start = v->nlines;
	/* TRANSLATORS: title of the help column next to "Keys". */
	add_line(v, key_title, xstrdup(_("What they do")), STYLE_TITLES);
	for (size_t i = 0; i < n; i++) {
		if (v->context == KEYS_FIELD && !table[i].in_field)
			continue;
		char *keys = binding_keys(v, &table[i]);
		/* A binding with only typed keys does nothing in a field. */
		if (*keys != '\0')
			add_wrapped(v, keys, _(table[i].help), help_width, STYLE_NORMAL);
		free(keys);
	}
}

static size_t max_top(const struct help_view *v, int visible)
{
	return v->nlines > (size_t)visible ? v->nlines - (size_t)visible : 0;
}

/* Title on the left (with the lines shown when it scrolls), this screen's
 * keys right-aligned in what is left. */
static void draw_title(const struct help_view *v, const struct help_geometry *g)
{
	char *title;
	if (v->nlines > (size_t)g->visible) {
		size_t last = v->top + (size_t)g->visible;
		if (last > v->nlines)
			last = v->nlines;
		/* TRANSLATORS: the help's title while it scrolls: lines shown and
		 * how many there are. */
		title = xasprintf(_("Help %zu-%zu/%zu"), v->top + 1, last, v->nlines);
	} else {
		title = xstrdup(_("Help"));
	}
	draw_fill(g->title_y, 0, g->cols, STYLE_NORMAL);
	int tw = text_width(title);
	if (tw > g->cols - 2 * MARGIN)
		tw = g->cols - 2 * MARGIN;
	draw_text(g->title_y, MARGIN, tw, title, STYLE_TITLES, false);
	int kx = MARGIN + tw + 2;
	/* TRANSLATORS: the keys of the help screen, one short line. */
	draw_text(g->title_y, kx, g->cols - kx - MARGIN, _("Up/Down PgUp/PgDn: scroll   Esc: back"),
	          STYLE_DIM, true);
	free(title);
}

static void help_draw(struct ui *ui, void *state)
{
	struct help_view *v = state;
	struct help_geometry g;

	if (ui->layout.too_small)
		return;
	help_geometry(ui, &g);
	if (v->built_cols != g.cols)
		build_lines(v, g.cols);
	if (v->top > max_top(v, g.visible))
		v->top = max_top(v, g.visible);
	draw_title(v, &g);

	int key_x = MARGIN + KEY_INDENT;
	int text_x = key_x + v->key_width + KEY_GAP;
	for (int i = 0; i < g.visible; i++) {
		int y = g.first_y + i;
		size_t at = v->top + (size_t)i;
		draw_fill(y, 0, g.cols, STYLE_NORMAL);
		if (at >= v->nlines)
			continue;
		const struct help_line *l = &v->lines[at];
		if (at < v->table_start) {
			draw_text(y, MARGIN, g.cols - 2 * MARGIN, l->text, l->style, false);
			continue;
		}
		if (l->key)
			draw_text(y, key_x, v->key_width, l->key,
			          l->style == STYLE_NORMAL ? STYLE_BAR_KEY : l->style, false);
		draw_text(y, text_x, g.cols - text_x - MARGIN, l->text, l->style, false);
	}
}

static void scroll_by(struct help_view *v, long delta, int visible)
{
	long last = (long)max_top(v, visible);
	long to = (long)v->top + delta;
	v->top = (size_t)(to < 0 ? 0 : to > last ? last : to);
}

static bool help_event(struct ui *ui, void *state, const struct ui_event *ev)
{
	struct help_view *v = state;
	struct help_geometry g;

	help_geometry(ui, &g);
	long page = g.visible > 1 ? g.visible - 1 : 1;
	switch (ev->action) {
	case ACT_UP:
		scroll_by(v, -1, g.visible);
		return true;
	case ACT_DOWN:
		scroll_by(v, 1, g.visible);
		return true;
	case ACT_PAGE_UP:
		scroll_by(v, -page, g.visible);
		return true;
	case ACT_PAGE_DOWN:
		scroll_by(v, page, g.visible);
		return true;
	case ACT_HOME:
		v->top = 0;
		return true;
	case ACT_END:
		v->top = max_top(v, g.visible);
		return true;
	case ACT_WHEEL_UP:
		scroll_by(v, -WHEEL_STEP, g.visible);
		return true;
	case ACT_WHEEL_DOWN:
		scroll_by(v, WHEEL_STEP, g.visible);
		return true;
	case ACT_BACK:
	case ACT_HELP:
		ui_pop(ui);
		return true;
	case ACT_QUIT:
		/* q closes the help; F10 and Ctrl-Q still quit the program. */
		if (!ev->is_key && ev->ch == 'q') {
			ui_pop(ui);
			return true;
		}
		return false;
	case ACT_CLICK:
	case ACT_DOUBLE_CLICK:
		/* The header row and the bar belong to the app. */
		return ev->mouse_y >= g.title_y && ev->mouse_y < g.first_y + g.visible;
	case ACT_NONE:
	case ACT_SEARCH:
	case ACT_FILTER:
	case ACT_COMPARE:
	case ACT_SORT:
	case ACT_LIST:
	case ACT_EXPORT:
		/* The bar's actions work from here as from anywhere. */
		return false;
	default:
		/* Everything else would act unseen on the list under the help. */
		return true;
	}
}

static void help_destroy(void *state)
{
	struct help_view *v = state;
	if (v == NULL)
		return;
	clear_lines(v);
	free(v->lines);
	free(v);
}

static const struct view_ops view_help = {
    .name = "help",
    .draw = help_draw,
    .event = help_event,
    .destroy = help_destroy,
    .context = KEYS_LIST,
};

/* Pushes the help for the keys of context (KEYS_FIELD: only those that work
 * in the search field). The lines are wrapped when first drawn. */
void view_help_open(struct ui *ui, enum key_context context)
{
	struct help_view *v = xcalloc(1, sizeof *v);
	v->context = context;
	ui_push(ui, &view_help, v);
}
