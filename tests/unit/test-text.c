/* Tests of src/core/text.c and the Unicode tables behind it (unihan-data.c). */
#include "check.h"

#include "core/text.h"
#include "core/unihan.h"

#include <stdlib.h>

/* Decodes exactly the bytes given: returns the length utf8_decode reports. */
static int decode(const char *bytes, size_t len, uint32_t *cp)
{
	*cp = 0xDEADBEEF;
	return utf8_decode(bytes, len, cp);
}

static void test_decode_valid(void)
{
	static const struct {
		const char *bytes;
		uint32_t cp;
	} good[] = {
	    {"A", 0x41},
	    {"\x7F", 0x7F},
	    {"\xC2\x80", 0x80},       /* smallest two-byte */
	    {"\xC3\xA9", 0xE9},       /* é */
	    {"\xDF\xBF", 0x7FF},      /* largest two-byte */
	    {"\xE0\xA0\x80", 0x800},  /* smallest three-byte */
	    {"\xE7\xB4\xAB", 0x7D2B}, /* 紫 */
	    {"\xED\x9F\xBF", 0xD7FF}, /* just below the surrogates */
	    {"\xEE\x80\x80", 0xE000}, /* just above them */
	    {"\xEF\xBF\xBF", 0xFFFF},
	    {"\xF0\x90\x80\x80", 0x10000}, /* smallest four-byte */
	    {"\xF0\x9F\x98\x80", 0x1F600},
	    {"\xF4\x8F\xBF\xBF", 0x10FFFF}, /* the last scalar value */
	};

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		uint32_t cp;
		size_t len = strlen(good[i].bytes);
		char enc[4];

		CHECK_INT(decode(good[i].bytes, len, &cp), len);
		CHECK_INT(cp, good[i].cp);
		/* Trailing bytes after the sequence do not matter. */
		char longer[8] = {0};
		memcpy(longer, good[i].bytes, len);
		longer[len] = 'x';
		CHECK_INT(decode(longer, len + 1, &cp), len);
		/* Encoding gives the same bytes back. */
		CHECK_INT(utf8_encode(good[i].cp, enc), len);
		CHECK(memcmp(enc, good[i].bytes, len) == 0);
		CHECK(utf8_valid(good[i].bytes, len, NULL));
	}
	/* NUL is a character when the length says so. */
	uint32_t cp;
	CHECK_INT(decode("", 1, &cp), 1);
	CHECK_INT(cp, 0);
}

static void test_decode_invalid(void)
{
	static const char *const bad[] = {
	    "\x80",             /* lone continuation byte */
	    "\xBF",             /* lone continuation byte */
	    "\xC0\x80",         /* overlong NUL */
	    "\xC1\xBF",         /* overlong 0x7F */
	    "\xE0\x80\x80",     /* overlong NUL */
	    "\xE0\x9F\xBF",     /* overlong U+07FF */
	    "\xED\xA0\x80",     /* surrogate U+D800 */
	    "\xED\xBF\xBF",     /* surrogate U+DFFF */
	    "\xF0\x80\x80\x80", /* overlong NUL */
	    "\xF0\x8F\xBF\xBF", /* overlong U+FFFF */
	    "\xF4\x90\x80\x80", /* U+110000 */
	    "\xF5\x80\x80\x80", /* lead byte above F4 */
	    "\xFF",
	    "\xFE",
	    "\xC3\x41",         /* continuation missing */
	    "\xE7\xB4\x41",     /* third byte not a continuation */
	    "\xF0\x9F\x98\x41", /* fourth byte not a continuation */
	};
	uint32_t cp;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = strlen(bad[i]), off = 99;

		CHECK_INT(decode(bad[i], len, &cp), 0);
		CHECK(!utf8_valid(bad[i], len, &off));
		CHECK_INT(off, 0);
	}
	/* Truncated: the bytes are right but the length ends too early. */
	CHECK_INT(decode("\xE7\xB4\xAB", 2, &cp), 0);
	CHECK_INT(decode("\xE7\xB4\xAB", 1, &cp), 0);
	CHECK_INT(decode("\xC3\xA9", 1, &cp), 0);
	CHECK_INT(decode("\xF0\x9F\x98\x80", 3, &cp), 0);
	CHECK_INT(decode("A", 0, &cp), 0);

	/* The offset of the first bad sequence, after good multi-byte text. */
	size_t off = 99;
	CHECK(!utf8_valid("\xE7\xB4\xAB"
	                  "ab\xED\xA0\x80x",
	                  9, &off));
	CHECK_INT(off, 5);
	CHECK(!utf8_valid("ab\xE7\xB4", 4, &off));
	CHECK_INT(off, 2);
	CHECK(utf8_valid("", 0, &off));
	CHECK(utf8_valid("\xE7\xB4\xAB\xE9\x98\xB3", 6, NULL));

	/* Code points that are not scalar values have no encoding. */
	char enc[4];
	CHECK_INT(utf8_encode(0xD800, enc), 0);
	CHECK_INT(utf8_encode(0xDFFF, enc), 0);
	CHECK_INT(utf8_encode(0x110000, enc), 0);
}

static void test_unihan(void)
{
	static const struct {
		const char *hanzi;
		const char *pinyin;
	} readings[] = {
	    {"紫", "zi"},  {"阳", "yang"}, {"富", "fu"}, {"硒", "xi"},   {"茶", "cha"},
	    {"翠", "cui"}, {"峰", "feng"}, {"绿", "lv"}, {"陽", "yang"}, {"女", "nv"},
	};
	static const struct {
		const char *from;
		const char *to;
	} simplified[] = {
	    {"陽", "阳"}, {"紫", "紫"}, {"茶", "茶"}, {"縣", "县"}, {"葉", "叶"}, {"A", "A"},
	};
	uint32_t cp, to;

	for (size_t i = 0; i < sizeof(readings) / sizeof(readings[0]); i++) {
		CHECK_INT(utf8_decode(readings[i].hanzi, strlen(readings[i].hanzi), &cp), 3);
		CHECK_STR(unihan_pinyin(cp), readings[i].pinyin);
	}
	CHECK(unihan_pinyin('a') == NULL);
	CHECK(unihan_pinyin(0x3402) == NULL); /* an ideograph without a Mandarin reading */
	CHECK(unihan_pinyin(0x10FFFF) == NULL);
	for (size_t i = 0; i < sizeof(simplified) / sizeof(simplified[0]); i++) {
		utf8_decode(simplified[i].from, strlen(simplified[i].from), &cp);
		utf8_decode(simplified[i].to, strlen(simplified[i].to), &to);
		CHECK_INT(unihan_simplified(cp), to);
	}
	CHECK(unicode_is_wide(0x7D2B)); /* 紫 */
	CHECK(!unicode_is_wide('A'));
	CHECK(unicode_is_wide(0xFF21));  /* full-width A */
	CHECK(unicode_is_wide(0x3000));  /* ideographic space */
	CHECK(unicode_is_wide(0x2A6FF)); /* unassigned in plane 2: wide by default */
	CHECK(!unicode_is_wide(0xFF61)); /* half-width katakana full stop */
	CHECK(unicode_is_zero_width(0x301));
	CHECK(unicode_is_zero_width(0x200B));
	CHECK(unicode_is_zero_width(0x1160));
	CHECK(unicode_is_zero_width(0x11FF));
	CHECK(!unicode_is_zero_width(0x1100));
	CHECK(!unicode_is_zero_width('A'));
	CHECK(!unicode_is_zero_width(0x7D2B));
}

static void test_width(void)
{
	CHECK_INT(cp_width('A'), 1);
	CHECK_INT(cp_width(0x7D2B), 2);
	CHECK_INT(cp_width(0xFF21), 2);
	CHECK_INT(cp_width(0x301), 0);
	CHECK_INT(cp_width(0x1B), 2);   /* "^[" */
	CHECK_INT(cp_width(0x7F), 2);   /* "^?" */
	CHECK_INT(cp_width(0x85), 8);   /* "<U+0085>" */
	CHECK_INT(cp_width(0x202E), 8); /* "<U+202E>", although it is a format character */
	CHECK_INT(cp_width(0xE9), 1);

	CHECK(cp_unsafe(0x00));
	CHECK(cp_unsafe('\t'));
	CHECK(cp_unsafe('\n'));
	CHECK(cp_unsafe(0x1F));
	CHECK(cp_unsafe(0x7F));
	CHECK(cp_unsafe(0x80));
	CHECK(cp_unsafe(0x9F));
	CHECK(!cp_unsafe(0xA0));
	CHECK(!cp_unsafe(' '));
	CHECK(!cp_unsafe('~'));
	static const uint32_t bidi[] = {0x61C,  0x200E, 0x200F, 0x202A, 0x202B, 0x202C,
	                                0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069};
	for (size_t i = 0; i < sizeof(bidi) / sizeof(bidi[0]); i++)
		CHECK(cp_unsafe(bidi[i]));
	CHECK(cp_unsafe(0x2028)); /* line separator: would break a line */
	CHECK(cp_unsafe(0x2029)); /* paragraph separator */
	CHECK(!cp_unsafe(0x2027));
	CHECK(!cp_unsafe(0x200D)); /* zero-width joiner: harmless */
	CHECK(!cp_unsafe(0x2065));
	CHECK(!cp_unsafe(0x206A));
	CHECK(!cp_unsafe(0x7D2B));

	CHECK_INT(text_width(""), 0);
	CHECK_INT(text_width("abc"), 3);
	CHECK_INT(text_width("紫阳abc"), 7);
	CHECK_INT(text_width("紫阳富硒茶"), 10);
	CHECK_INT(text_width("ＡＢ"), 4);
	CHECK_INT(text_width("e\xCC\x81"), 1); /* e + combining acute */
	CHECK_INT(text_width("\x1B[31m"), 6);  /* ^[ [31m */
	CHECK_INT(text_width("a\xFF"
	                     "b"),
	          8); /* a <0xFF> b */
	CHECK_INT(text_width("\xE2\x80\xAE"
	                     "ab"),
	          10); /* <U+202E> ab */
	CHECK_INT(text_width("250\xE5\x85\x8B\xC3\x97"
	                     "2"),
	          7); /* 250克×2 */
}

/* Sanitises s and compares; also checks that the result is safe text whose
 * width is the width text_width promised for s. */
static void check_sanitize(const char *s, const char *want)
{
	char *got = text_sanitize(s);
	char *again = text_sanitize(got);

	CHECK_STR(got, want);
	CHECK(utf8_valid(got, strlen(got), NULL));
	CHECK_INT(text_width(got), text_width(s));
	CHECK_STR(again, got); /* nothing unsafe is left */
	free(again);
	free(got);
}

static void test_sanitize(void)
{
	check_sanitize("", "");
	check_sanitize("紫阳富硒茶 250g", "紫阳富硒茶 250g");
	check_sanitize("\x1B[31mred\x1B[0m", "^[[31mred^[[0m");
	check_sanitize("\x1B]0;title\x07", "^[]0;title^G");
	check_sanitize("a\tb\nc\rd", "a^Ib^Jc^Md");
	check_sanitize("\x01\x1F\x7F", "^A^_^?");
	check_sanitize("\xC2\x9B"
	               "31m",
	               "<U+009B>31m"); /* C1 CSI */
	check_sanitize("\xC2\x85", "<U+0085>");
	check_sanitize("\xE2\x80\xAE"
	               "cba",
	               "<U+202E>cba");
	check_sanitize("\xE2\x81\xA6x\xE2\x81\xA9", "<U+2066>x<U+2069>");
	check_sanitize("\xD8\x9C", "<U+061C>");
	check_sanitize("\xE2\x80\x8E\xE2\x80\x8F", "<U+200E><U+200F>");
	check_sanitize("a\xFF"
	               "b",
	               "a<0xFF>b");
	check_sanitize("\xC0\x80", "<0xC0><0x80>");
	check_sanitize("\xED\xA0\x80", "<0xED><0xA0><0x80>");
	check_sanitize("ab\xE7\xB4", "ab<0xE7><0xB4>"); /* truncated 紫 at the end */
	check_sanitize("\xE7\xB4"
	               "阳",
	               "<0xE7><0xB4>阳");         /* resynchronises */
	check_sanitize("e\xCC\x81", "e\xCC\x81"); /* combining marks stay */
}

/* Checks every promise of text_truncate for s at max_cells. */
static void check_truncate(const char *s, int max_cells)
{
	char *clean = text_sanitize(s);
	char *got = text_truncate(s, max_cells);
	int full = text_width(s), width = text_width(got);
	size_t len = strlen(got), mark = strlen(TEXT_TRUNC_MARK);

	CHECK(utf8_valid(got, len, NULL));
	if (max_cells <= 0) {
		CHECK_STR(got, "");
	} else if (full <= max_cells) {
		CHECK_STR(got, clean); /* fits: unchanged, no mark */
	} else {
		/* Cut: a prefix of the sanitised text, then the mark. */
		CHECK(width <= max_cells);
		CHECK(len >= mark && strcmp(got + len - mark, TEXT_TRUNC_MARK) == 0);
		CHECK(strncmp(got, clean, len - mark) == 0);
		/* At most one cell lost to a wide character (or a placeholder) that
		 * did not fit; with this test's texts, always at least max - 1. */
		CHECK(width >= max_cells - 1);
		if (max_cells == 1)
			CHECK_STR(got, TEXT_TRUNC_MARK);
		/* The cut lies on a boundary: what is kept, sanitised again, is
		 * itself (no half placeholder, no broken sequence). */
		char *kept = strndup(got, len - mark);
		char *kept_clean = text_sanitize(kept);
		CHECK_STR(kept_clean, kept);
		free(kept_clean);
		free(kept);
	}
	if (max_cells > 0 && full > max_cells)
		CHECK(len >= mark);
	free(got);
	free(clean);
}

static void test_truncate(void)
{
	static const char *const texts[] = {
	    "紫阳abc富硒茶d",
	    "a紫阳富",
	    "ab\xE9\x98\xB3x",      /* ab阳x */
	    "e\xCC\x81紫\xCC\x81z", /* combining marks after narrow and wide */
	    "ＡＢＣ",
	    "x\x1B[1m紫",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		int w = text_width(texts[i]);
		for (int max = -1; max <= w + 2; max++)
			check_truncate(texts[i], max);
	}

	char *t;
	t = text_truncate("紫阳abc", 7);
	CHECK_STR(t, "紫阳abc");
	free(t);
	t = text_truncate("紫阳abc", 6);
	CHECK_STR(t, "紫阳a~");
	free(t);
	t = text_truncate("紫阳abc", 4);
	CHECK_STR(t, "紫~"); /* 阳 would straddle: dropped, not halved */
	free(t);
	t = text_truncate("紫阳abc", 3);
	CHECK_STR(t, "紫~");
	free(t);
	t = text_truncate("紫阳abc", 2);
	CHECK_STR(t, "~");
	free(t);
	t = text_truncate("紫阳abc", 1);
	CHECK_STR(t, "~");
	free(t);
	t = text_truncate("a", 1);
	CHECK_STR(t, "a");
	free(t);
	t = text_truncate("紫", 1);
	CHECK_STR(t, "~");
	free(t);
	t = text_truncate("紫阳", 0);
	CHECK_STR(t, "");
	free(t);
	t = text_truncate("紫阳", -5);
	CHECK_STR(t, "");
	free(t);
	/* A placeholder is one character: it is never cut in half. */
	t = text_truncate("ab\x1B", 3);
	CHECK_STR(t, "ab~");
	free(t);
	t = text_truncate("a\xE2\x80\xAE"
	                  "bc",
	                  8);
	CHECK_STR(t, "a~");
	free(t);
	t = text_truncate("a\xE2\x80\xAE"
	                  "bc",
	                  10);
	CHECK_STR(t, "a<U+202E>~");
	free(t);
	/* A combining mark that fits stays with its letter. */
	t = text_truncate("e\xCC\x81xyz", 2);
	CHECK_STR(t, "e\xCC\x81~");
	free(t);
}

static void test_fit(void)
{
	static const char *const texts[] = {"紫阳abc", "a紫", "", "e\xCC\x81紫"};
	char *t;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		int w = text_width(texts[i]);
		for (int cells = 1; cells <= w + 3; cells++) {
			char *left = text_fit(texts[i], cells, false);
			char *right = text_fit(texts[i], cells, true);
			char *cut = text_truncate(texts[i], cells);
			size_t lw = strlen(left), cw = strlen(cut);
			size_t pad = lw - cw;

			CHECK_INT(text_width(left), cells);
			CHECK_INT(text_width(right), cells);
			CHECK_INT(strlen(right), lw);
			/* Left alignment: the truncated text, then only spaces. */
			CHECK(strncmp(left, cut, cw) == 0);
			CHECK(strspn(left + cw, " ") == pad);
			/* Right alignment: only spaces, then the truncated text. */
			CHECK(strspn(right, " ") >= pad);
			CHECK_STR(right + pad, cut);
			free(cut);
			free(right);
			free(left);
		}
		t = text_fit(texts[i], 0, false);
		CHECK_STR(t, "");
		free(t);
	}
	t = text_fit("紫阳", 5, false);
	CHECK_STR(t, "紫阳 ");
	free(t);
	t = text_fit("紫阳", 5, true);
	CHECK_STR(t, " 紫阳");
	free(t);
	t = text_fit("紫阳", 3, false);
	CHECK_STR(t, "紫~");
	free(t);
	t = text_fit("紫阳a", 4, false);
	CHECK_STR(t, "紫~ "); /* 阳 dropped: one cell of padding instead */
	free(t);
	t = text_fit("紫阳", 2, true);
	CHECK_STR(t, " ~");
	free(t);
	t = text_fit("\x1B", 4, true);
	CHECK_STR(t, "  ^[");
	free(t);
}

/* Formulas a spreadsheet would run, also behind blanks a clerk cannot see. */
static void test_csv_formula(void)
{
	CHECK(text_csv_formula("=1+1"));
	CHECK(text_csv_formula("+1"));
	CHECK(text_csv_formula("-1"));
	CHECK(text_csv_formula("@SUM(A1)"));
	CHECK(text_csv_formula("'=1"));
	CHECK(text_csv_formula("  =1"));
	CHECK(text_csv_formula("\xE2\x80\x8B=1"));          /* U+200B */
	CHECK(text_csv_formula("\xEF\xBB\xBF@x"));          /* U+FEFF */
	CHECK(text_csv_formula("\xE3\x80\x80-1"));          /* U+3000 */
	CHECK(text_csv_formula("\xC2\xA0 \xE2\x80\x8B+1")); /* U+00A0, space, U+200B */
	CHECK(text_csv_formula("\tabc"));                   /* tab and CR lead: OWASP */
	CHECK(text_csv_formula("\rabc"));
	CHECK(!text_csv_formula("紫阳"));
	CHECK(!text_csv_formula(" 1=1"));
	CHECK(!text_csv_formula(""));
	CHECK(!text_csv_formula("\xE2\x80"));
}

/* Names that look the same are the same text. */
static void test_name(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"中秋", "中秋"},
	    {"中秋\xE2\x80\x8B", "中秋"},                     /* U+200B */
	    {"\xEF\xBB\xBF中秋", "中秋"},                     /* U+FEFF */
	    {"中\xC2\xAD秋", "中秋"},                         /* U+00AD */
	    {"中秋\xE2\x81\xA1", "中秋"},                     /* U+2061 */
	    {"中秋\xF3\xA0\x80\x81\xF3\xA0\x81\x81", "中秋"}, /* tags U+E0001, U+E0041 */
	    {" 中秋 ", "中秋"},
	    {"\xE3\x80\x80中秋\xE3\x80\x80", "中秋"},     /* U+3000 */
	    {"\xC2\xA0\t中秋\xE2\x80\x83", "中秋"},       /* U+00A0, tab, U+2003 */
	    {"\xE3\x80\x80 \xE3\x80\x80", ""},            /* spaces only */
	    {"中 秋", "中 秋"},                           /* a space inside stays */
	    {"Cafe\xCC\x81", "Caf\xC3\xA9"},              /* e + U+0301: NFC é */
	    {"\xE1\x84\x80\xE1\x85\xA1", "\xEA\xB0\x80"}, /* Hangul L+V: 가 */
	    {"a\xE2\x80\xAE"
	     "b",
	     "a\xE2\x80\xAE"
	     "b"}, /* a bidi control stays, to be refused */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = text_name(cases[i].in);
		CHECK_STR(t, cases[i].out);
		free(t);
	}
	/* Reordering of marks: U+0323 (class 220) before U+0307 (230). */
	char *t = text_nfc("q\xCC\x87\xCC\xA3");
	CHECK_STR(t, "q\xCC\xA3\xCC\x87");
	free(t);
	t = text_nfc("s\xCC\xA3\xCC\x87"); /* s + dot below + dot above: U+1E69 */
	CHECK_STR(t, "\xE1\xB9\xA9");
	free(t);
}

int main(void)
{
	test_decode_valid();
	test_decode_invalid();
	test_unihan();
	test_width();
	test_sanitize();
	test_truncate();
	test_fit();
	test_csv_formula();
	test_name();
	return check_done();
}
