/* The search field's editor. The text is kept valid UTF-8 free of unsafe
 * characters at all times, so every byte offset the cursor takes is the start
 * of a character and every width comes from cp_width. */
#include "lineedit.h"

#include "core/text.h"

#include <string.h>

void lineedit_init(struct lineedit *ed)
{
	memset(ed, 0, sizeof(*ed));
}

/* The character starting at byte off of the (valid) text, and its length. */
static int char_at(const struct lineedit *ed, size_t off, uint32_t *cp)
{
	int n = utf8_decode(ed->text + off, ed->len - off, cp);

	/* Cannot happen while the text is valid; step one byte rather than
	 * loop forever should it ever be broken. */
	if (n == 0) {
		*cp = 0xFFFD;
		n = 1;
	}
	return n;
}

/* Byte offset of the character before off (off > 0). */
static size_t char_before(const struct lineedit *ed, size_t off)
{
	do {
		off--;
	} while (off > 0 && ((unsigned char)ed->text[off] & 0xC0) == 0x80);
	return off;
}

/* Puts the n bytes of one encoded character at the cursor when they fit. */
static bool insert_bytes(struct lineedit *ed, const char *bytes, size_t n)
{
	if (ed->len + n > LINEEDIT_MAX_BYTES)
		return false;
	memmove(ed->text + ed->cursor + n, ed->text + ed->cursor, ed->len - ed->cursor);
	memcpy(ed->text + ed->cursor, bytes, n);
	ed->len += n;
	ed->cursor += n;
	ed->text[ed->len] = '\0';
	return true;
}

/* Removes the bytes [from, to) and leaves the cursor at from. */
static void remove_bytes(struct lineedit *ed, size_t from, size_t to)
{
	memmove(ed->text + from, ed->text + to, ed->len - to);
	ed->len -= to - from;
	ed->cursor = from;
	ed->text[ed->len] = '\0';
}

/* Inserts the acceptable characters of text at the cursor: invalid bytes and
 * unsafe characters are skipped, and insertion stops at the first character
 * that no longer fits, so the text never ends in part of a character.
 * Returns whether anything was inserted. */
static bool insert_filtered(struct lineedit *ed, const char *text)
{
	size_t left = strlen(text);
	bool changed = false;

	while (left > 0) {
		uint32_t cp;
		int n = utf8_decode(text, left, &cp);

		if (n == 0) {
			text++;
			left--;
			continue;
		}
		if (!cp_unsafe(cp)) {
			if (!insert_bytes(ed, text, (size_t)n))
				break;
			changed = true;
		}
		text += n;
		left -= (size_t)n;
	}
	return changed;
}

void lineedit_select_all(struct lineedit *ed)
{
	ed->cursor = ed->len;
	ed->selected = ed->len > 0;
}

/* Typing over a selection replaces it. */
static void replace_selection(struct lineedit *ed)
{
	if (ed->selected)
		lineedit_init(ed);
}

void lineedit_set(struct lineedit *ed, const char *text)
{
	lineedit_init(ed);
	if (text != NULL)
		insert_filtered(ed, text);
}

bool lineedit_insert(struct lineedit *ed, uint32_t cp)
{
	char bytes[4];
	int n;

	if (cp_unsafe(cp))
		return false;
	n = utf8_encode(cp, bytes);
	if (n == 0)
		return false;
	/* A blank over a value (a folder, a name: none starts with one) would
	 * wipe it for nothing; Space also moves choice fields, and a clerk may
	 * press it on the wrong field. It turns the value into text to edit. */
	if (ed->selected && (cp == ' ' || cp == 0x3000)) {
		ed->selected = false;
		return false;
	}
	replace_selection(ed);
	return insert_bytes(ed, bytes, (size_t)n);
}

/* Invalid bytes and unsafe characters in text are dropped; when the whole of it
 * does not fit, the characters that fit are inserted (a search field is better
 * off with the start of a long paste than with nothing). */
bool lineedit_insert_text(struct lineedit *ed, const char *text)
{
	if (text == NULL)
		return false;
	replace_selection(ed);
	return insert_filtered(ed, text);
}

bool lineedit_backspace(struct lineedit *ed)
{
	ed->selected = false;
	if (ed->cursor == 0)
		return false;
	remove_bytes(ed, char_before(ed, ed->cursor), ed->cursor);
	return true;
}

bool lineedit_delete(struct lineedit *ed)
{
	uint32_t cp;
	size_t at = ed->cursor;

	ed->selected = false;
	if (at >= ed->len)
		return false;
	remove_bytes(ed, at, at + (size_t)char_at(ed, at, &cp));
	return true;
}

bool lineedit_left(struct lineedit *ed)
{
	ed->selected = false;
	if (ed->cursor == 0)
		return false;
	ed->cursor = char_before(ed, ed->cursor);
	return true;
}

bool lineedit_right(struct lineedit *ed)
{
	uint32_t cp;

	ed->selected = false;
	if (ed->cursor >= ed->len)
		return false;
	ed->cursor += (size_t)char_at(ed, ed->cursor, &cp);
	return true;
}

bool lineedit_home(struct lineedit *ed)
{
	ed->selected = false;
	if (ed->cursor == 0)
		return false;
	ed->cursor = 0;
	return true;
}

bool lineedit_end(struct lineedit *ed)
{
	ed->selected = false;
	if (ed->cursor == ed->len)
		return false;
	ed->cursor = ed->len;
	return true;
}

bool lineedit_kill_to_start(struct lineedit *ed)
{
	ed->selected = false;
	if (ed->cursor == 0)
		return false;
	remove_bytes(ed, 0, ed->cursor);
	return true;
}

bool lineedit_clear(struct lineedit *ed)
{
	if (ed->len == 0)
		return false;
	lineedit_init(ed);
	return true;
}

/* Cells of the characters in [from, to), both character starts. */
static int cells_between(const struct lineedit *ed, size_t from, size_t to)
{
	int cells = 0;

	while (from < to) {
		uint32_t cp;

		from += (size_t)char_at(ed, from, &cp);
		cells += cp_width(cp);
	}
	return cells;
}

int lineedit_cursor_cells(const struct lineedit *ed)
{
	return cells_between(ed, 0, ed->cursor);
}

/* The view keeps no state between calls, so "as little scrolling as sensible"
 * means: the leftmost start that still shows the cursor. The text is shown from
 * its beginning whenever the cursor can be seen from there; otherwise the
 * cursor sits at the right edge with as much of the text before it as fits,
 * which at the end of the text shows its tail. "Shown" means the whole
 * character under the cursor fits in the field (a hanzi needs two cells, the
 * cursor after the text one), so the cursor is never drawn on a half-hidden
 * wide character. A start on a zero-width character (a combining mark) is
 * moved past it when that costs nothing, so no mark is drawn without its
 * base. */
void lineedit_view(const struct lineedit *ed, int width, size_t *start, int *cursor_x)
{
	size_t from = ed->cursor;
	int need = 1; /* cells of what the cursor is on */
	int cells = 0;

	if (ed->cursor < ed->len) {
		uint32_t cp;

		char_at(ed, ed->cursor, &cp);
		if (cp_width(cp) > need)
			need = cp_width(cp);
	}
	while (from > 0) {
		size_t prev = char_before(ed, from);
		uint32_t cp;

		char_at(ed, prev, &cp);
		if (cells + cp_width(cp) + need > width)
			break;
		cells += cp_width(cp);
		from = prev;
	}
	while (from < ed->cursor) {
		uint32_t cp;
		int n = char_at(ed, from, &cp);

		if (cp_width(cp) != 0)
			break;
		from += (size_t)n;
	}
	*start = from;
	*cursor_x = cells;
}
