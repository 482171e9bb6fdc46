/* The key table: every action with its keys, its translated bar label and its
 * help text. The function-key bar, the help screen and the dispatch of keys
 * are all read from this one table (keys.c), so they cannot disagree. */
#ifndef AIX_KEYS_H
#define AIX_KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum ui_action {
	ACT_NONE = 0,
	/* The function keys of the bar. */
	ACT_HELP,    /* F1 ? */
	ACT_SEARCH,  /* F3 / */
	ACT_FILTER,  /* F4 f */
	ACT_COMPARE, /* F5 c */
	ACT_SORT,    /* F6 o */
	ACT_LIST,    /* F7 l: the purchase list */
	ACT_EXPORT,  /* F9 w: write an order */
	ACT_QUIT,    /* F10 q */
	/* Moving. */
	ACT_UP,
	ACT_DOWN,
	ACT_LEFT,
	ACT_RIGHT,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_ENTER, /* open, choose */
	ACT_BACK,  /* Esc: close, leave the field */
	ACT_TAB,   /* next section or field */
	/* Browsing. */
	ACT_MARK,          /* Space: mark for comparison */
	ACT_CLEAR_MARKS,   /* M */
	ACT_CLEAR_FILTERS, /* x: every filter and the search */
	ACT_ENTERPRISES,   /* e */
	ACT_DETAIL,        /* d: the detail pane on or off */
	ACT_REVERSE,       /* r: reverse the sort */
	ACT_REDRAW,        /* Ctrl-L: repaint the whole screen */
	/* Purchase lists. */
	ACT_ADD,     /* a, +: add to the purchase list */
	ACT_MORE,    /* + in the list: one more */
	ACT_LESS,    /* -: one less */
	ACT_REMOVE,  /* Delete, D: remove the line */
	ACT_UNDO,    /* u */
	ACT_REDO,    /* Ctrl-R, U */
	ACT_EDIT,    /* F2, E: edit the list's settings or a line's quantity */
	ACT_NEW,     /* n: a new list; in a list, a line added by hand */
	ACT_LISTS,   /* L: the saved lists */
	ACT_PRINT,   /* p: print the written order */
	ACT_HISTORY, /* h: the order history */
	/* Line editing (search field, price fields). */
	ACT_BACKSPACE,
	ACT_DELETE,
	ACT_KILL_LINE, /* Ctrl-U */
	/* Mouse, made by the app from mouse events, never from a key. */
	ACT_CLICK,
	ACT_DOUBLE_CLICK,
	ACT_WHEEL_UP,
	ACT_WHEEL_DOWN,
	ACT_COUNT
};

/* Where a key is pressed: a field being edited takes printable characters as
 * text, so there the letter bindings do not apply. */
enum key_context {
	KEYS_LIST,  /* a list or a screen: letters are commands */
	KEYS_FIELD, /* a text field has the focus: letters are text */
};

struct key_binding {
	enum ui_action action;
	int fkey;          /* 1-10 when the action is on the bar, else 0 */
	int codes[4];      /* curses key codes and characters; 0 ends the list */
	bool in_field;     /* also bound while a text field has the focus */
	const char *keys;  /* N_(): the keys as the help screen names them */
	const char *label; /* N_(): the short bar label, e.g. "Search"; NULL off the bar */
	const char *help;  /* N_(): one line for the help screen */
};

/* The whole table, in help-screen order; *count gets its length. */
const struct key_binding *keys_table(size_t *count);
/* The action a key code (is_key) or a character has in context, or ACT_NONE. */
enum ui_action keys_lookup(enum key_context context, int code, bool is_key);
/* The bar: the actions that have a function key, in key order. */
size_t keys_bar(const struct key_binding **items, size_t max);

#endif
