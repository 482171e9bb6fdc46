/* A one-line text editor for the search field: UTF-8 text, a cursor that
 * moves by character and is shown by display width (a hanzi is two cells).
 * No curses here, so tests drive it directly. */
#ifndef AIX_LINEEDIT_H
#define AIX_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest text the field takes, in bytes; input beyond is refused. */
#define LINEEDIT_MAX_BYTES 256

struct lineedit {
	char text[LINEEDIT_MAX_BYTES + 1]; /* NUL-terminated, valid UTF-8 */
	size_t len;                        /* bytes in text */
	size_t cursor;                     /* byte offset, always at a character start */
	/* The whole text is selected, as a spreadsheet cell holds its value:
	 * the next character typed replaces it; a move, Backspace or Delete
	 * first makes it plain text to edit. */
	bool selected;
};

void lineedit_init(struct lineedit *ed);
/* Replaces the whole text (invalid UTF-8 and unsafe characters dropped, cut
 * at a character to fit); the cursor goes to the end. */
void lineedit_set(struct lineedit *ed, const char *text);

/* Selects the whole text (when there is any), the cursor at its end, so
 * that typing replaces it: a form field that holds a value. */
void lineedit_select_all(struct lineedit *ed);

/* Each returns true when the text or the cursor changed. Every one of them
 * ends a selection: typing replaces the selected text, the others edit it. */
/* Inserts one character at the cursor. Unsafe characters (cp_unsafe) and
 * anything that would not fit are refused. */
bool lineedit_insert(struct lineedit *ed, uint32_t cp);
/* Inserts UTF-8 text (e.g. what an input method sends at once). */
bool lineedit_insert_text(struct lineedit *ed, const char *text);
bool lineedit_backspace(struct lineedit *ed); /* deletes the character before the cursor */
bool lineedit_delete(struct lineedit *ed);    /* deletes the character under the cursor */
bool lineedit_left(struct lineedit *ed);
bool lineedit_right(struct lineedit *ed);
bool lineedit_home(struct lineedit *ed);
bool lineedit_end(struct lineedit *ed);
/* Ctrl-U: deletes from the start of the line to the cursor. */
bool lineedit_kill_to_start(struct lineedit *ed);
/* Empties the field. */
bool lineedit_clear(struct lineedit *ed);

/* Display cells before the cursor. */
int lineedit_cursor_cells(const struct lineedit *ed);

/* What to show in a field `width` cells wide (width >= 2) so that the cursor
 * stays visible: *start gets the byte offset of the first character shown and
 * *cursor_x the cell of the cursor within the field (0 .. width-1). The text
 * from *start is then drawn cut to width cells; the cursor never lands on the
 * second cell of a wide character. */
void lineedit_view(const struct lineedit *ed, int width, size_t *start, int *cursor_x);

#endif
