#include "ui/keys.h"

#include "core/i18n.h"

#include <curses.h>

#define CTRL(c) ((c)&0x1f)
#define ESCAPE  27

/* Every key of the browser. The help screen lists them in this order. A
 * printable letter is a command only in KEYS_LIST; in a text field it is text,
 * so only bindings marked in_field (function keys, Enter, Esc, arrows...)
 * apply there. */
static const struct key_binding table[] = {
    {ACT_HELP, 1, {KEY_F(1), '?'}, true, N_("F1  ?"), N_("Help"), N_("Show this help")},
    {ACT_SEARCH,
     3,
     {KEY_F(3), '/', 's'},
     true,
     N_("F3  /  s"),
     N_("Search"),
     N_("Search as you type: words, pinyin (cuifeng) or initials (zymj)")},
    {ACT_FILTER,
     4,
     {KEY_F(4), 'f'},
     true,
     N_("F4  f"),
     N_("Filter"),
     N_("Filter by category, township, kind, edition, platform, 832 or price")},
    {ACT_COMPARE,
     5,
     {KEY_F(5), 'c'},
     true,
     N_("F5  c"),
     N_("Compare"),
     N_("Compare the marked products side by side")},
    {ACT_SORT,
     6,
     {KEY_F(6), 'o'},
     true,
     N_("F6  o"),
     N_("Sort"),
     N_("Sort by name, price, price per 500 g, enterprise or category")},
    {ACT_LIST, 7, {KEY_F(7), 'l'}, true, N_("F7  l"), N_("List"), N_("Open the purchase list")},
    {ACT_EXPORT,
     9,
     {KEY_F(9), 'w'},
     true,
     N_("F9  w"),
     /* TRANSLATORS: the bar's label of F9: the list's order (订单) */
     N_("Order"),
     N_("Write the purchase list as an order")},
    {ACT_QUIT,
     10,
     {KEY_F(10), 'q', CTRL('q')},
     true,
     N_("F10  q"),
     N_("Quit"),
     N_("Quit aixingou")},

    {ACT_MARK,
     0,
     {' ', 'm'},
     false,
     N_("Space  m"),
     NULL,
     N_("Mark or unmark the product for comparison (up to 4)")},
    {ACT_CLEAR_MARKS, 0, {'M'}, false, N_("M"), NULL, N_("Unmark every product")},
    {ACT_ENTERPRISES,
     0,
     {'e'},
     false,
     N_("e"),
     NULL,
     N_("Show the enterprises; Enter lists one enterprise's products")},
    {ACT_CLEAR_FILTERS,
     0,
     {'x', KEY_F(8)},
     false,
     N_("x  F8"),
     NULL,
     N_("Clear every filter and the search")},
    {ACT_DETAIL, 0, {'d'}, false, N_("d"), NULL, N_("Show or hide the detail pane")},
    {ACT_REVERSE, 0, {'r'}, false, N_("r"), NULL, N_("Reverse the sort order")},
    {ACT_REDRAW, 0, {CTRL('l')}, true, N_("Ctrl-L"), NULL, N_("Repaint the whole screen")},

    {ACT_ADD,
     0,
     {'a'},
     false,
     N_("a"),
     NULL,
     N_("Add the product (or the marked ones) to the purchase list")},
    {ACT_MORE, 0, {'+', '='}, false, N_("+"), NULL, N_("In the purchase list: one more")},
    {ACT_LESS, 0, {'-'}, false, N_("-"), NULL, N_("In the purchase list: one less")},
    {ACT_REMOVE,
     0,
     {'D'},
     false,
     N_("D"),
     NULL,
     N_("In the purchase list: remove the line; in the filter panel (also Delete): clear the "
        "filter under the cursor")},
    {ACT_UNDO, 0, {'u'}, false, N_("u"), NULL, N_("Undo the last change to the purchase list")},
    {ACT_REDO, 0, {'U', CTRL('r')}, false, N_("U  Ctrl-R"), NULL, N_("Redo what was undone")},
    {ACT_EDIT,
     0,
     {KEY_F(2), 'E'},
     true,
     N_("F2  E"),
     NULL,
     N_("Edit: a line's quantity, or the list's settings and every rule it is checked against")},
    {ACT_NEW,
     0,
     {'n'},
     false,
     N_("n"),
     NULL,
     N_("In the lists: a new list; in a list: a line not from the catalogue")},
    {ACT_LISTS, 0, {'L'}, false, N_("L"), NULL, N_("Show the saved purchase lists")},
    {ACT_PRINT,
     0,
     {'p'},
     false,
     N_("p"),
     NULL,
     N_("Print the order; in a list: take a changed line to the catalogue price")},
    {ACT_HISTORY,
     0,
     {'h'},
     false,
     N_("h"),
     NULL,
     N_("In the lists: the orders written from the list")},

    {ACT_UP, 0, {KEY_UP, 'k'}, true, N_("Up  k"), NULL, N_("Move up")},
    {ACT_DOWN, 0, {KEY_DOWN, 'j'}, true, N_("Down  j"), NULL, N_("Move down")},
    {ACT_LEFT, 0, {KEY_LEFT}, true, N_("Left"), NULL, N_("Move left (in a field: the cursor)")},
    {ACT_RIGHT, 0, {KEY_RIGHT}, true, N_("Right"), NULL, N_("Move right (in a field: the cursor)")},
    {ACT_PAGE_UP, 0, {KEY_PPAGE}, true, N_("PgUp"), NULL, N_("Up one page")},
    {ACT_PAGE_DOWN, 0, {KEY_NPAGE}, true, N_("PgDn"), NULL, N_("Down one page")},
    {ACT_HOME,
     0,
     {KEY_HOME, 'g'},
     true,
     N_("Home  g"),
     NULL,
     N_("To the first line (in a field: its start)")},
    {ACT_END,
     0,
     {KEY_END, 'G'},
     true,
     N_("End  G"),
     NULL,
     N_("To the last line (in a field: its end)")},
    {ACT_ENTER, 0, {'\n', '\r', KEY_ENTER}, true, N_("Enter"), NULL, N_("Open or choose")},
    {ACT_BACK,
     0,
     {ESCAPE},
     true,
     N_("Esc"),
     NULL,
     N_("Close the screen; in the search field, clear it and leave")},
    {ACT_TAB,
     0,
     {'\t', KEY_BTAB},
     true,
     N_("Tab"),
     NULL,
     N_("Next section or field; in the search field, back to the list")},
    {ACT_BACKSPACE,
     0,
     {KEY_BACKSPACE, 127, CTRL('h')},
     true,
     N_("Backspace"),
     NULL,
     N_("Delete the character before the cursor")},
    {ACT_DELETE,
     0,
     {KEY_DC},
     true,
     N_("Delete"),
     NULL,
     N_("Delete the character under the cursor")},
    {ACT_KILL_LINE,
     0,
     {CTRL('u')},
     true,
     N_("Ctrl-U"),
     NULL,
     N_("Delete from the start of the field to the cursor")},
};

#define TABLE_SIZE (sizeof table / sizeof table[0])

const struct key_binding *keys_table(size_t *count)
{
	*count = TABLE_SIZE;
	return table;
}

enum ui_action keys_lookup(enum key_context context, int code, bool is_key)
{
	/* A printable character typed into a field is text, whatever it is
	 * bound to elsewhere; keys and control characters still act. */
	bool text = !is_key && code >= ' ' && code != 127;
	if (context == KEYS_FIELD && text)
		return ACT_NONE;
	for (size_t i = 0; i < TABLE_SIZE; i++) {
		if (context == KEYS_FIELD && !table[i].in_field)
			continue;
		for (size_t k = 0; k < 4 && table[i].codes[k] != 0; k++) {
			int c = table[i].codes[k];
			/* Key codes (KEY_*) lie above every character a binding uses. */
			bool c_is_key = c >= KEY_MIN;
			if (c == code && c_is_key == is_key)
				return table[i].action;
		}
	}
	return ACT_NONE;
}

size_t keys_bar(const struct key_binding **items, size_t max)
{
	size_t n = 0;
	for (int f = 1; f <= 12; f++)
		for (size_t i = 0; i < TABLE_SIZE && n < max; i++)
			if (table[i].fkey == f && table[i].label)
				items[n++] = &table[i];
	return n;
}
