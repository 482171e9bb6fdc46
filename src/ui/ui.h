/* The browser: shared state and the view interface.
 *
 * One struct ui holds what every screen works on: the store, the filter and
 * search, the product list it gives, the cursor, the products marked for
 * comparison. Screens are views on a stack (browse at the bottom; filter,
 * sort, compare, enterprises and help pushed over it), each one file
 * (view-*.c) filling a struct view_ops. The app loop (app.c) draws every view
 * from the bottom up, then gives each key or mouse event to the top view;
 * what it does not take, the app handles (quit, help, resize).
 *
 * Drawing goes to stdscr through draw.h, which sanitises and fits every text
 * by display width. */
#ifndef AIX_UI_H
#define AIX_UI_H

#include "store/store.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/lineedit.h"

#include <stdbool.h>
#include <stddef.h>

/* At most this many products can be marked for comparison. */
#define UI_MAX_MARKS 4
/* Views on the stack at once. */
#define UI_MAX_VIEWS 8

struct ui;

/* What a key or a click was, after the key table had its say. */
struct ui_event {
	enum ui_action action; /* from the key table; ACT_NONE when the key is unbound */
	int key;               /* the curses key code (KEY_*) when is_key, else 0 */
	unsigned int ch;       /* the character typed when !is_key (text input), else 0 */
	bool is_key;           /* a function or cursor key rather than a character */
	int mouse_y, mouse_x;  /* for ACT_CLICK, ACT_WHEEL_UP, ACT_WHEEL_DOWN: the cell */
};

struct view_ops {
	const char *name; /* for debugging */
	/* Draws the view over what is below it. ui->layout is current. */
	void (*draw)(struct ui *ui, void *state);
	/* Handles an event; returns true when it did (the app then redraws). */
	bool (*event)(struct ui *ui, void *state, const struct ui_event *ev);
	/* Frees state (may be NULL). */
	void (*destroy)(void *state);
	/* Which key-table context it uses for dispatch and help (keys.h). */
	enum key_context context;
	/* When not NULL, overrides context, e.g. while one of its fields has the
	 * focus. */
	enum key_context (*get_context)(struct ui *ui, void *state);
};

/* The values chosen in a filter that takes several (categories,
 * townships): keys for the store, names for the screen. None: any. */
struct ui_choices {
	char **keys;
	char **names;
	size_t count;
};

/* A filter that owns its strings: struct store_filter points into it. */
struct ui_filter {
	struct store_filter store;    /* search, categories... point to the fields below */
	struct ui_choices categories; /* category ids */
	struct ui_choices townships;  /* township codes as text */
	char *enterprise;             /* enterprise id, NULL for any */
	char *enterprise_name;
};

struct ui {
	struct store *store;
	struct store_info info; /* title, sample, counts, rules */
	/* The search keys in memory; NULL when the database has none (searches
	 * then run as queries). */
	struct store_search_index *index;
	bool mouse; /* mouse reporting is on */

	/* What the list shows. */
	struct ui_filter filter;
	struct lineedit search;      /* the search field; filter.store.search points to its text */
	bool search_focus;           /* typing goes to the search field */
	struct store_positions list; /* the result of the filter, in order */
	/* The rows of list on screen, fetched when drawn (ui_show_rows, ui_row):
	 * rows.items[k] is the product at list.items[rows_first + k]. */
	struct store_products rows;
	size_t rows_first;
	size_t cursor;    /* index into list (0 when empty) */
	size_t top;       /* first list row shown */
	bool want_detail; /* the user wants the detail pane */

	/* The purchase list being built (F7, and where "add" puts products);
	 * 0 when none is chosen yet. */
	int64_t list_id;

	/* Products marked for comparison, by id, in the order marked. */
	char *marks[UI_MAX_MARKS];
	size_t nmarks;

	struct layout layout; /* for the current terminal size */
	/* Where the terminal's cursor goes after drawing: a view with a focused
	 * text field sets it while drawing; -1 hides the cursor. Reset to -1
	 * before each redraw. */
	int caret_y, caret_x;

	/* A one-line message shown in place of the function-key bar until the
	 * next key. */
	char status[256];
	bool status_is_error;
	/* Until then (CLOCK_MONOTONIC, ms) a key that says nothing itself keeps
	 * the message: one that came without a key (the catalogue imported
	 * again) is not wiped by the next key before it is read. 0: none. */
	long long status_kept_until;
	/* An error too long for that line: the loop shows it whole in a notice
	 * (view-notice.c) once the event that caused it is handled. */
	char *long_error;
	char *long_error_shown; /* the last one shown: the same is not shown again */

	struct {
		const struct view_ops *ops;
		void *state;
	} views[UI_MAX_VIEWS];
	size_t nviews;
	size_t drawn_views; /* nviews at the last redraw */

	bool quit; /* leave the loop */

	/* The editions' titles (第二期), read when first asked for. */
	struct store_counts editions;
	bool editions_read;
};

/* The title the catalogue gives an edition (e.g. 第二期, as the detail shows
 * it); else "Edition 2" in the UI's language. Caller frees. */
char *ui_edition_name(struct ui *ui, int edition);

/* Runs the browser on an open, synced store until the user quits or a signal
 * asks to; notice, when not NULL, is shown over the list first
 * (view_notice_open). The terminal is always restored before it returns.
 * Returns 0 when the user quit, the signal's number when SIGTERM, SIGHUP or
 * SIGINT ended it, or -1 with *cause (caller frees) when the terminal could
 * not be used. */
int ui_run(struct store *st, bool mouse, const char *notice, char **cause);

/* Reruns the query after a change of filter, search or sort; the cursor stays
 * on the same product when it is still listed. */
void ui_requery(struct ui *ui);
/* The products filter f lists, in an order of no meaning (for counting): with
 * the search index, the query without the search, narrowed in memory. 0, or
 * -1 with *cause (caller frees). */
int ui_positions(struct ui *ui, const struct store_filter *f, struct store_positions *out,
                 char **cause);
/* The product under the cursor, NULL when the list is empty (or its row
 * cannot be read: the status line then says why). */
const struct store_product *ui_current(struct ui *ui);
/* The product at index i of list (i < list.count), fetched when it is not
 * among the rows held; NULL as for ui_current. Valid until the next call of
 * ui_row, ui_current, ui_show_rows or ui_requery. */
const struct store_product *ui_row(struct ui *ui, size_t i);
/* Fetches the rows first..first+count-1 of list (fewer at its end) in one
 * go, so that drawing a screen of rows costs one fetch. */
void ui_show_rows(struct ui *ui, size_t first, size_t count);

/* Marks: toggles id; returns false (and sets a status message) when
 * UI_MAX_MARKS are already marked. */
bool ui_toggle_mark(struct ui *ui, const char *id);
bool ui_is_marked(const struct ui *ui, const char *id);
void ui_clear_marks(struct ui *ui);

/* Filter changes; each takes copies and requeries. A category or township
 * not chosen is added to the choice, one chosen is taken out; NULL clears
 * that filter. */
void ui_toggle_category(struct ui *ui, const char *id, const char *name);
void ui_toggle_township(struct ui *ui, const char *code, const char *name);
bool ui_choices_have(const struct ui_choices *c, const char *key);
/* The choices' names joined by sep. Caller frees. */
char *ui_choices_text(const struct ui_choices *c, const char *sep);
void ui_set_enterprise(struct ui *ui, const char *id, const char *name);
/* Clears every filter and the search; requeries. */
void ui_clear_filters(struct ui *ui);
/* True when any filter or a search is active. */
bool ui_filtered(const struct ui *ui);

/* Sets the status line (printf rules; the text is sanitised when drawn). */
void ui_status(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ui_error(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A status message that must be read whole (e.g. every file written): when
 * the line would cut it, it is shown whole in a notice, as a long error. */
void ui_status_whole(struct ui *ui, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The view stack. push takes ownership of state (destroyed on pop). */
void ui_push(struct ui *ui, const struct view_ops *ops, void *state);
void ui_pop(struct ui *ui);

/* The views, each in its view-*.c. The open functions push the view. */
extern const struct view_ops view_browse;
void view_filter_open(struct ui *ui);
void view_sort_open(struct ui *ui);
/* The notice (view-notice.c): text the clerk must read before working on,
 * what the start had to say or a long error; any key closes it. */
void view_notice_open(struct ui *ui, const char *text);
void view_compare_open(struct ui *ui); /* needs 2-4 marks; says so otherwise */
void view_enterprises_open(struct ui *ui);
void view_help_open(struct ui *ui, enum key_context context);
/* F7: the current purchase list; the saved lists when none is chosen. */
void view_list_open(struct ui *ui);
/* The saved lists: choose, create, rename, delete. */
void view_lists_open(struct ui *ui);
/* F9: the order of the current list: preview, then write and print. */
void view_order_open(struct ui *ui);
/* An order of the history as it was written (its stored text); p prints it
 * again. */
struct order_record;
void view_order_open_stored(struct ui *ui, const struct order_record *o);
/* Prints an order's text with lp or lpr and says how it went. */
void view_order_print_text(struct ui *ui, const char *number, const char *text);
/* Adds these products (ids) to the current list with their minimum order,
 * first asking for a list when none is chosen; says what it did in the status
 * line. */
void ui_add_to_list(struct ui *ui, const char *const *product_ids, size_t count);

#endif
