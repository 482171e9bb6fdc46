/* Tests of src/ui/lineedit.c: the search field's editor, driven without a
 * terminal. */
#include "check.h"

#include "core/text.h"
#include "ui/lineedit.h"

/* Code points used below. */
#define CP_ZI    0x7D2B /* 紫, two cells */
#define CP_YANG  0x9633 /* 阳, two cells */
#define CP_ESC   0x1B   /* unsafe: C0 control */
#define CP_RLO   0x202E /* unsafe: right-to-left override */
#define CP_ACUTE 0x0301 /* combining acute accent, zero cells */

/* The cursor is at a character start and the text is valid, safe and
 * NUL-terminated where len says. */
static void check_consistent(const struct lineedit *ed)
{
	size_t off = 0;

	CHECK(ed->len <= LINEEDIT_MAX_BYTES);
	CHECK(ed->cursor <= ed->len);
	CHECK_INT(strlen(ed->text), ed->len);
	CHECK(utf8_valid(ed->text, ed->len, NULL));
	while (off < ed->cursor) {
		uint32_t cp;
		int n = utf8_decode(ed->text + off, ed->len - off, &cp);

		if (n == 0)
			break;
		CHECK(!cp_unsafe(cp));
		off += (size_t)n;
	}
	CHECK_INT(off, ed->cursor);
}

static void test_typing(void)
{
	struct lineedit ed;

	lineedit_init(&ed);
	CHECK_STR(ed.text, "");
	CHECK_INT(ed.len, 0);
	CHECK_INT(ed.cursor, 0);
	CHECK_INT(lineedit_cursor_cells(&ed), 0);

	CHECK(lineedit_insert(&ed, 'a'));
	CHECK(lineedit_insert(&ed, 'b'));
	CHECK_STR(ed.text, "ab");
	CHECK_INT(ed.cursor, 2);
	CHECK_INT(lineedit_cursor_cells(&ed), 2);

	CHECK(lineedit_insert(&ed, CP_ZI));
	CHECK_STR(ed.text, "ab紫");
	CHECK_INT(ed.len, 5);
	CHECK_INT(ed.cursor, 5);
	CHECK_INT(lineedit_cursor_cells(&ed), 4);

	/* In the middle: before the hanzi. */
	CHECK(lineedit_left(&ed));
	CHECK_INT(ed.cursor, 2);
	CHECK_INT(lineedit_cursor_cells(&ed), 2);
	CHECK(lineedit_insert(&ed, CP_YANG));
	CHECK_STR(ed.text, "ab阳紫");
	CHECK_INT(ed.cursor, 5);
	CHECK_INT(lineedit_cursor_cells(&ed), 4);
	CHECK(lineedit_insert(&ed, 'c'));
	CHECK_STR(ed.text, "ab阳c紫");
	CHECK_INT(lineedit_cursor_cells(&ed), 5);
	check_consistent(&ed);

	/* A combining mark takes a byte range but no cell. */
	CHECK(lineedit_end(&ed));
	CHECK(lineedit_insert(&ed, 'e'));
	CHECK(lineedit_insert(&ed, CP_ACUTE));
	CHECK_STR(ed.text, "ab阳c紫e\xCC\x81");
	CHECK_INT(lineedit_cursor_cells(&ed), 8);
	check_consistent(&ed);
}

static void test_insert_text(void)
{
	struct lineedit ed;

	lineedit_set(&ed, "ab");
	CHECK(lineedit_left(&ed));
	/* An input method sends a whole phrase at once. */
	CHECK(lineedit_insert_text(&ed, "紫阳富硒茶"));
	CHECK_STR(ed.text, "a紫阳富硒茶b");
	CHECK_INT(ed.cursor, 1 + 15);
	CHECK_INT(lineedit_cursor_cells(&ed), 11);
	check_consistent(&ed);

	/* Nothing to insert is no change. */
	CHECK(!lineedit_insert_text(&ed, ""));
	CHECK(!lineedit_insert_text(&ed, NULL));
	/* Unsafe characters and invalid bytes inside are dropped, the rest
	 * goes in. */
	lineedit_set(&ed, "");
	CHECK(lineedit_insert_text(&ed, "x\x1B[31my\xE2\x80\xAEz\xFF紫"));
	CHECK_STR(ed.text, "x[31myz紫");
	check_consistent(&ed);
	/* Only unsafe characters: refused. */
	CHECK(!lineedit_insert_text(&ed, "\x1B\t\n\xE2\x80\xAE"));
	CHECK_STR(ed.text, "x[31myz紫");
}

static void test_moves(void)
{
	struct lineedit ed;

	lineedit_init(&ed);
	/* Empty: every move is a no-op. */
	CHECK(!lineedit_left(&ed));
	CHECK(!lineedit_right(&ed));
	CHECK(!lineedit_home(&ed));
	CHECK(!lineedit_end(&ed));
	CHECK(!lineedit_backspace(&ed));
	CHECK(!lineedit_delete(&ed));
	CHECK(!lineedit_kill_to_start(&ed));
	CHECK(!lineedit_clear(&ed));

	lineedit_set(&ed, "a紫b");
	CHECK_INT(ed.cursor, 5);
	/* At the end. */
	CHECK(!lineedit_right(&ed));
	CHECK(!lineedit_end(&ed));
	CHECK(!lineedit_delete(&ed));
	CHECK_INT(ed.cursor, 5);
	/* Left steps over whole characters. */
	CHECK(lineedit_left(&ed));
	CHECK_INT(ed.cursor, 4);
	CHECK(lineedit_left(&ed));
	CHECK_INT(ed.cursor, 1);
	CHECK_INT(lineedit_cursor_cells(&ed), 1);
	CHECK(lineedit_left(&ed));
	CHECK_INT(ed.cursor, 0);
	/* At the start. */
	CHECK(!lineedit_left(&ed));
	CHECK(!lineedit_home(&ed));
	CHECK(!lineedit_backspace(&ed));
	CHECK(!lineedit_kill_to_start(&ed));
	CHECK_INT(ed.cursor, 0);
	CHECK_STR(ed.text, "a紫b");
	/* Right steps over whole characters too. */
	CHECK(lineedit_right(&ed));
	CHECK_INT(ed.cursor, 1);
	CHECK(lineedit_right(&ed));
	CHECK_INT(ed.cursor, 4);
	CHECK_INT(lineedit_cursor_cells(&ed), 3);
	CHECK(lineedit_home(&ed));
	CHECK_INT(ed.cursor, 0);
	CHECK(lineedit_end(&ed));
	CHECK_INT(ed.cursor, 5);
}

static void test_deleting(void)
{
	struct lineedit ed;

	lineedit_set(&ed, "富硒ab茶叶");
	/* Cursor before 茶: backspace takes the 'b', delete takes 茶. */
	CHECK(lineedit_left(&ed));
	CHECK(lineedit_left(&ed));
	CHECK_INT(ed.cursor, 8);
	CHECK(lineedit_backspace(&ed));
	CHECK_STR(ed.text, "富硒a茶叶");
	CHECK_INT(ed.cursor, 7);
	CHECK(lineedit_delete(&ed));
	CHECK_STR(ed.text, "富硒a叶");
	CHECK_INT(ed.cursor, 7);
	/* Backspace over a hanzi removes all three bytes. */
	CHECK(lineedit_left(&ed));
	CHECK_INT(ed.cursor, 6);
	CHECK(lineedit_backspace(&ed));
	CHECK_STR(ed.text, "富a叶");
	CHECK_INT(ed.cursor, 3);
	CHECK_INT(lineedit_cursor_cells(&ed), 2);
	/* Delete of a hanzi under the cursor. */
	CHECK(lineedit_home(&ed));
	CHECK(lineedit_delete(&ed));
	CHECK_STR(ed.text, "a叶");
	CHECK_INT(ed.cursor, 0);
	check_consistent(&ed);

	/* A base and its combining mark are two characters. */
	lineedit_set(&ed, "e\xCC\x81x");
	CHECK(lineedit_left(&ed));
	CHECK(lineedit_backspace(&ed));
	CHECK_STR(ed.text, "ex");
	check_consistent(&ed);
}

static void test_kill_and_clear(void)
{
	struct lineedit ed;

	lineedit_set(&ed, "紫阳 富硒茶");
	CHECK(lineedit_left(&ed));
	CHECK(lineedit_left(&ed));
	CHECK(lineedit_kill_to_start(&ed));
	CHECK_STR(ed.text, "硒茶");
	CHECK_INT(ed.len, 6);
	CHECK_INT(ed.cursor, 0);
	CHECK(!lineedit_kill_to_start(&ed));
	CHECK_STR(ed.text, "硒茶");

	/* At the end Ctrl-U empties the field. */
	CHECK(lineedit_end(&ed));
	CHECK(lineedit_kill_to_start(&ed));
	CHECK_STR(ed.text, "");
	CHECK_INT(ed.len, 0);

	lineedit_set(&ed, "abc紫");
	CHECK(lineedit_home(&ed));
	CHECK(lineedit_clear(&ed));
	CHECK_STR(ed.text, "");
	CHECK_INT(ed.len, 0);
	CHECK_INT(ed.cursor, 0);
	CHECK(!lineedit_clear(&ed));
}

static void test_unsafe(void)
{
	struct lineedit ed;
	static const uint32_t refused[] = {
	    CP_ESC,   CP_RLO, 0,      '\t',   '\n',   '\r',
	    0x7F,     0x85,   0x200E, 0x2028, 0x2066, 0xD800, /* a surrogate is no character */
	    0x110000,
	};

	lineedit_set(&ed, "ab");
	CHECK(lineedit_left(&ed));
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		CHECK(!lineedit_insert(&ed, refused[i]));
		CHECK_STR(ed.text, "ab");
		CHECK_INT(ed.cursor, 1);
	}
	/* Near misses are fine. */
	CHECK(lineedit_insert(&ed, ' '));
	CHECK(lineedit_insert(&ed, 0x202F)); /* narrow no-break space */
	CHECK_STR(ed.text, "a \xE2\x80\xAF"
	                   "b");
	check_consistent(&ed);
}

static void test_byte_limit(void)
{
	struct lineedit ed;
	char want[LINEEDIT_MAX_BYTES + 1];

	/* Fill with hanzi: 85 of them take 255 bytes; the 86th does not fit,
	 * nor does one more byte plus a hanzi, but one ASCII byte does. */
	lineedit_init(&ed);
	for (int i = 0; i < LINEEDIT_MAX_BYTES / 3; i++)
		CHECK(lineedit_insert(&ed, CP_ZI));
	CHECK_INT(ed.len, LINEEDIT_MAX_BYTES / 3 * 3);
	CHECK(!lineedit_insert(&ed, CP_YANG));
	CHECK_INT(ed.len, LINEEDIT_MAX_BYTES / 3 * 3);
	CHECK(lineedit_insert(&ed, 'x'));
	CHECK_INT(ed.len, LINEEDIT_MAX_BYTES);
	CHECK(!lineedit_insert(&ed, 'y'));
	CHECK_INT(ed.len, LINEEDIT_MAX_BYTES);
	check_consistent(&ed);

	/* Inserting a phrase into a nearly full field takes the characters
	 * that fit, never part of one. */
	memset(want, 'a', LINEEDIT_MAX_BYTES - 4);
	want[LINEEDIT_MAX_BYTES - 4] = '\0';
	lineedit_set(&ed, want);
	CHECK_INT(ed.len, LINEEDIT_MAX_BYTES - 4);
	CHECK(lineedit_insert_text(&ed, "紫阳茶"));
	CHECK_INT(ed.len, LINEEDIT_MAX_BYTES - 1);
	CHECK_STR(ed.text + LINEEDIT_MAX_BYTES - 4, "紫");
	check_consistent(&ed);
	CHECK(!lineedit_insert_text(&ed, "茶"));
	/* Insertion stops at the first character that does not fit: a
	 * shorter one after it is not taken out of order. */
	CHECK(!lineedit_insert_text(&ed, "茶z"));
	CHECK_STR(ed.text + LINEEDIT_MAX_BYTES - 4, "紫");
	CHECK(lineedit_insert_text(&ed, "z茶"));
	CHECK_STR(ed.text + LINEEDIT_MAX_BYTES - 4, "紫z");
	CHECK_INT(ed.len, LINEEDIT_MAX_BYTES);

	/* lineedit_set cuts a long text at a character. */
	char longer[2 * LINEEDIT_MAX_BYTES];
	size_t n = 0;

	longer[n++] = 'a';
	while (n + 3 < sizeof(longer)) {
		memcpy(longer + n, "硒", 3);
		n += 3;
	}
	longer[n] = '\0';
	lineedit_set(&ed, longer);
	/* 1 + 85 * 3 = 256: exactly full. */
	CHECK_INT(ed.len, LINEEDIT_MAX_BYTES);
	CHECK_INT(ed.cursor, ed.len);
	check_consistent(&ed);
	lineedit_set(&ed, longer + 1);
	CHECK_INT(ed.len, LINEEDIT_MAX_BYTES / 3 * 3);
	check_consistent(&ed);
	CHECK(!lineedit_insert(&ed, CP_ZI));
	CHECK(lineedit_insert(&ed, 'a'));
	CHECK_INT(ed.len, LINEEDIT_MAX_BYTES);
}

static void test_set_invalid(void)
{
	struct lineedit ed;

	lineedit_set(&ed, "a\xFF"
	                  "b\xE7\xB4"
	                  "c\xC0\x80"
	                  "d\xED\xA0\x80"
	                  "e紫");
	CHECK_STR(ed.text, "abcde紫");
	CHECK_INT(ed.cursor, ed.len);
	check_consistent(&ed);

	lineedit_set(&ed, "\x1B[1m\xE2\x80\xAE"
	                  "evil\x7F");
	CHECK_STR(ed.text, "[1mevil");
	check_consistent(&ed);

	/* A truncated sequence at the very end. */
	lineedit_set(&ed, "茶\xE8\x8C");
	CHECK_STR(ed.text, "茶");
	check_consistent(&ed);

	lineedit_set(&ed, NULL);
	CHECK_STR(ed.text, "");
	CHECK_INT(ed.cursor, 0);
}

/* Cells of the text between byte offsets from and to (character starts). */
static int cells_between(const struct lineedit *ed, size_t from, size_t to)
{
	int cells = 0;

	while (from < to) {
		uint32_t cp;
		int n = utf8_decode(ed->text + from, ed->len - from, &cp);

		CHECK(n > 0);
		if (n <= 0)
			break;
		cells += cp_width(cp);
		from += (size_t)n;
	}
	return cells;
}

/* Checks what lineedit_view promises for the editor as it is. */
static void check_view(const struct lineedit *ed, int width)
{
	size_t start = 9999;
	int x = -1;
	int need = 1; /* cells the cursor's character takes, 1 after the text */

	lineedit_view(ed, width, &start, &x);
	CHECK(start <= ed->cursor);
	CHECK(x >= 0 && x < width);
	/* start is a character boundary: not a continuation byte, and the text
	 * from it is valid UTF-8. */
	CHECK(start == ed->len || ((unsigned char)ed->text[start] & 0xC0) != 0x80);
	CHECK(utf8_valid(ed->text + start, ed->len - start, NULL));
	/* The cells from start to the cursor are the cursor's column. */
	CHECK_INT(x, cells_between(ed, start, ed->cursor));
	CHECK_INT(x, lineedit_cursor_cells(ed) - cells_between(ed, 0, start));

	/* The cursor is shown: the whole character under it fits (never the
	 * second cell of a hanzi at the edge). */
	if (ed->cursor < ed->len) {
		uint32_t cp;

		if (utf8_decode(ed->text + ed->cursor, ed->len - ed->cursor, &cp) > 0 &&
		    cp_width(cp) > 1)
			need = cp_width(cp);
	}
	CHECK(x + need <= width);

	/* As little scrolling as sensible: from the start whenever the cursor
	 * can be seen from there; otherwise the visible character before
	 * start would push the cursor out (zero-width marks before start do
	 * not count: the view may skip them so as not to begin with a mark). */
	if (lineedit_cursor_cells(ed) + need <= width) {
		CHECK_INT(start, 0);
	} else {
		size_t prev = start;

		CHECK(start > 0);
		while (prev > 0) {
			prev--;
			while (prev > 0 && ((unsigned char)ed->text[prev] & 0xC0) == 0x80)
				prev--;
			if (cells_between(ed, prev, start) > 0)
				break;
		}
		CHECK(cells_between(ed, prev, ed->cursor) + need > width);
	}
}

static void test_view_all_positions(void)
{
	static const char *const texts[] = {
	    "紫阳富硒茶ab250克x2罐c", "a紫b阳cc富硒dd", "茶", "x", "",
	    "ae\xCC\x81紫e\xCC\x81z", /* combining marks */
	};
	struct lineedit ed;

	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		for (int width = 2; width <= 12; width++) {
			lineedit_set(&ed, texts[t]);
			lineedit_home(&ed);
			for (;;) {
				check_view(&ed, width);
				if (!lineedit_right(&ed))
					break;
			}
		}
	}
}

static void test_view_cases(void)
{
	struct lineedit ed;
	size_t start;
	int x;

	/* Text that fits starts at 0, cursor after it. */
	lineedit_set(&ed, "ab紫");
	lineedit_view(&ed, 10, &start, &x);
	CHECK_INT(start, 0);
	CHECK_INT(x, 4);
	/* Exactly as wide as the field: the cursor after it needs one more
	 * cell, so the view scrolls by the first character. */
	lineedit_view(&ed, 4, &start, &x);
	CHECK_INT(start, 1);
	CHECK_INT(x, 3);
	lineedit_view(&ed, 5, &start, &x);
	CHECK_INT(start, 0);
	CHECK_INT(x, 4);

	/* At the end of a long text the tail is shown. */
	lineedit_set(&ed, "紫阳富硒茶");
	lineedit_view(&ed, 5, &start, &x);
	CHECK_STR(ed.text + start, "硒茶");
	CHECK_INT(x, 4);
	/* Width 4: the two last hanzi would leave no cell for the cursor. */
	lineedit_view(&ed, 4, &start, &x);
	CHECK_STR(ed.text + start, "茶");
	CHECK_INT(x, 2);
	/* A cursor on a hanzi is not put in the last cell, where only half
	 * of it would show. */
	lineedit_left(&ed);
	lineedit_view(&ed, 5, &start, &x);
	CHECK_STR(ed.text + start, "硒茶");
	CHECK_INT(x, 2);
	lineedit_view(&ed, 3, &start, &x);
	CHECK_STR(ed.text + start, "茶");
	CHECK_INT(x, 0);
	/* Back at the start the view starts at 0. */
	lineedit_home(&ed);
	lineedit_view(&ed, 3, &start, &x);
	CHECK_INT(start, 0);
	CHECK_INT(x, 0);
}

/* A form field that holds a value: typing replaces it, as in a spreadsheet
 * cell ("1", then 2, is 2, not 12); a move or Backspace edits it instead. */
static void test_select_replaces(void)
{
	struct lineedit ed;

	lineedit_set(&ed, "1");
	lineedit_select_all(&ed);
	CHECK(ed.selected);
	CHECK(lineedit_insert(&ed, '2'));
	CHECK_STR(ed.text, "2");
	CHECK(!ed.selected);
	/* The next key types on. */
	lineedit_insert(&ed, '4');
	CHECK_STR(ed.text, "24");

	/* Pasted text replaces it too. */
	lineedit_set(&ed, "120.00");
	lineedit_select_all(&ed);
	lineedit_insert_text(&ed, "紫阳");
	CHECK_STR(ed.text, "紫阳");
	CHECK_INT(ed.cursor, strlen("紫阳"));

	/* Backspace edits: one character goes, the rest stays. */
	lineedit_set(&ed, "120");
	lineedit_select_all(&ed);
	CHECK(lineedit_backspace(&ed));
	CHECK_STR(ed.text, "12");
	lineedit_insert(&ed, '5');
	CHECK_STR(ed.text, "125");

	/* An arrow edits: typing then inserts at the cursor. */
	lineedit_set(&ed, "10");
	lineedit_select_all(&ed);
	lineedit_left(&ed);
	lineedit_insert(&ed, '5');
	CHECK_STR(ed.text, "150");
	lineedit_set(&ed, "10");
	lineedit_select_all(&ed);
	lineedit_end(&ed);
	lineedit_insert(&ed, '5');
	CHECK_STR(ed.text, "105");

	/* A blank over a value keeps it (Space is the choice fields' key, and
	 * no value starts with a blank): it turns it into text to edit. */
	lineedit_set(&ed, "/home/clerk/aixingou-orders");
	lineedit_select_all(&ed);
	CHECK(!lineedit_insert(&ed, ' '));
	CHECK_STR(ed.text, "/home/clerk/aixingou-orders");
	CHECK(!ed.selected);
	lineedit_insert(&ed, '2');
	CHECK_STR(ed.text, "/home/clerk/aixingou-orders2");
	lineedit_set(&ed, "中秋");
	lineedit_select_all(&ed);
	CHECK(!lineedit_insert(&ed, 0x3000));
	CHECK_STR(ed.text, "中秋");

	/* An empty field has nothing to select. */
	lineedit_init(&ed);
	lineedit_select_all(&ed);
	CHECK(!ed.selected);
	/* lineedit_set alone (the search field) selects nothing. */
	lineedit_set(&ed, "zy");
	lineedit_insert(&ed, 'm');
	CHECK_STR(ed.text, "zym");
}

int main(void)
{
	test_select_replaces();
	test_typing();
	test_insert_text();
	test_moves();
	test_deleting();
	test_kill_and_clear();
	test_unsafe();
	test_byte_limit();
	test_set_invalid();
	test_view_all_positions();
	test_view_cases();
	return check_done();
}
