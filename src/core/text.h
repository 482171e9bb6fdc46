/* Text: UTF-8, display width, truncation and sanitising. Hanzi and other
 * East Asian wide characters take two terminal cells; every column, truncation
 * and cursor move in the program uses these functions, never strlen or wcwidth
 * (whose answer depends on the locale). */
#ifndef AIX_TEXT_H
#define AIX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes one UTF-8 sequence at s (len bytes available). Returns its length
 * (1-4) and sets *cp, or returns 0 for an invalid sequence (bad lead byte,
 * truncated, overlong, surrogate, above U+10FFFF) or len == 0. */
int utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp into out (4 bytes available); returns the length, 0 if cp is not
 * a scalar value. */
int utf8_encode(uint32_t cp, char out[4]);
/* True when s[0..len) is valid UTF-8. Otherwise, *bad (when not NULL) gets the
 * byte offset of the first invalid sequence. */
bool utf8_valid(const char *s, size_t len, size_t *bad);

/* Cells a code point takes: 2 for wide and full-width, 0 for combining marks
 * and zero-width characters, 1 otherwise. Unsafe characters (see below) count
 * as the width of their placeholder. */
int cp_width(uint32_t cp);
/* True for characters that must never reach a terminal or a file raw: C0 and
 * C1 controls, DEL, the line and paragraph separators U+2028-2029, and the
 * bidi controls (U+061C, U+200E-200F, U+202A-202E, U+2066-2069). Tab and
 * newline are unsafe too; text fields are single-line. */
bool cp_unsafe(uint32_t cp);

/* Display width of s in cells, as text_sanitize would print it. */
int text_width(const char *s);

/* A copy of s with every unsafe character replaced by a visible placeholder:
 * C0 controls and DEL in caret notation (ESC -> "^["), other unsafe
 * characters as "<U+202E>", invalid UTF-8 bytes as "<0xFF>". Caller frees. */
char *text_sanitize(const char *s);

/* True when a spreadsheet would run s as a formula: after any apostrophes,
 * it starts with = + - or @, also behind spaces, tabs, line breaks, U+00A0,
 * U+200B, U+3000 or U+FEFF (which a spreadsheet may skip or a reader may not
 * see), or it starts with a tab or a carriage return (OWASP). A CSV writer
 * puts an apostrophe in front of such a text; a reader takes one apostrophe
 * off a text that starts with one and is such a text. */
bool text_csv_formula(const char *s);

/* s in Unicode normalisation form C (composed: "e" + U+0301 becomes "é"),
 * from the tables tools/gen-nfc.py generates. Invalid UTF-8 is returned as
 * it is. Caller frees. */
char *text_nfc(const char *s);
/* True for the format characters (Unicode category Cf): invisible ones such
 * as U+200B, U+FEFF, U+00AD, U+2061 and the tag characters. */
bool cp_format(uint32_t cp);
/* True for spaces of any kind: ASCII white space, U+00A0, U+3000 and the
 * other Unicode spaces, and the Hangul fillers that show as blanks. */
bool cp_space(uint32_t cp);
/* A name as it is stored and compared (a list's name, a union, a handler,
 * a purpose): format characters dropped (unsafe ones such as bidi controls
 * kept, so that they are refused), NFC, spaces of any kind trimmed at both
 * ends. Two names that look the same are then the same text. Invalid UTF-8
 * is returned as it is. Caller frees. */
char *text_name(const char *s);

/* The ASCII mark appended when text is cut short. */
#define TEXT_TRUNC_MARK "~"

/* Writes at most max_cells cells of s (sanitised) into a new string. When s is
 * wider, it is cut at a character boundary and TEXT_TRUNC_MARK appended so that
 * the result is at most max_cells wide (a wide character that would straddle
 * the edge is dropped, never halved). max_cells <= 0 gives "". Caller frees. */
char *text_truncate(const char *s, int max_cells);
/* As text_truncate, then padded with spaces to exactly cells wide (on the
 * right, or on the left when align_right). Caller frees. */
char *text_fit(const char *s, int cells, bool align_right);

#endif
