/* Fuzzes money.h: the input, as a C string, is parsed as yuan; every amount
 * parsed is written back with each formatter and must read back the same.
 * The first 16 bytes of the input also give two arbitrary int64 values for
 * the formatters and the checked arithmetic, which must never overflow,
 * wrap or write outside their buffers. */
#include "fuzz.h"

#include "core/money.h"

#include <stdlib.h>
#include <string.h>

/* The characters of capital figures, in the order of their values. */
static const char *const capital_digits[10] = {"零", "壹", "贰", "叁", "肆",
                                               "伍", "陆", "柒", "捌", "玖"};
static const char *const capital_places[3] = {"拾", "佰", "仟"};

/* True when s starts with word; *s then moves past it. */
static bool eat(const char **s, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*s, word, n) != 0)
		return false;
	*s += n;
	return true;
}

/* Reads capital figures back into fen, independently of how money.c writes
 * them: digits times their units, groups of four digits times 亿 and 万.
 * False when the text is not well formed: an unknown character, a digit
 * without its unit, 角 or 分 before 元, or no 整 after a whole amount. */
static bool capital_value(const char *s, money_t *out)
{
	int64_t yuan = 0, group = 0;
	int digit = 0, jiao = 0, fen = 0;
	bool pending = false, after_yuan = false;

	if (!eat(&s, "人民币"))
		return false;
	while (*s != '\0') {
		int d, place;

		for (d = 0; d < 10 && !eat(&s, capital_digits[d]); d++)
			;
		if (d < 10) {
			if (pending)
				return false; /* two digits in a row: a unit went missing */
			digit = d;
			pending = d != 0;
			continue;
		}
		for (place = 0; place < 3 && !eat(&s, capital_places[place]); place++)
			;
		if (place < 3) {
			if (!pending)
				return false;
			group += digit * (place == 0 ? 10 : place == 1 ? 100 : 1000);
			digit = 0;
			pending = false;
		} else if (eat(&s, "亿")) {
			yuan += (group + digit) * INT64_C(100000000);
			group = digit = 0;
			pending = false;
		} else if (eat(&s, "万")) {
			yuan += (group + digit) * 10000;
			group = digit = 0;
			pending = false;
		} else if (eat(&s, "元")) {
			yuan += group + digit;
			group = digit = 0;
			pending = false;
			after_yuan = true;
		} else if (eat(&s, "角")) {
			if (!pending)
				return false;
			jiao = digit;
			digit = 0;
			pending = false;
		} else if (eat(&s, "分")) {
			if (!pending)
				return false;
			fen = digit;
			digit = 0;
			pending = false;
		} else if (eat(&s, "整")) {
			if (!after_yuan || *s != '\0')
				return false;
		} else {
			return false;
		}
	}
	if (pending || group != 0)
		return false;
	*out = yuan * 100 + jiao * 10 + fen;
	return true;
}

/* Every formatter on an amount of any size, against what money.h promises. */
static void check_formats(money_t fen)
{
	char plain[MONEY_PLAIN_SIZE], yuan[MONEY_YUAN_SIZE], capital[MONEY_CAPITAL_SIZE];
	char digits[MONEY_YUAN_SIZE];
	size_t n = 0;
	money_t back;
	const char *p;

	/* "-" only for negatives, then digits, '.', two decimals. */
	money_format_plain(fen, plain);
	p = plain + (fen < 0);
	FUZZ_ASSERT_TEXT((plain[0] == '-') == (fen < 0), plain);
	FUZZ_ASSERT_TEXT(strlen(p) >= 4 && p[strlen(p) - 3] == '.', plain);
	/* The magnitude reads back, or is too large for money. */
	if (fen >= -MONEY_MAX && fen <= MONEY_MAX) {
		FUZZ_ASSERT_TEXT(money_parse(p, &back) == MONEY_OK, plain);
		FUZZ_ASSERT_TEXT(back == (fen < 0 ? -fen : fen), plain);
	} else {
		FUZZ_ASSERT_TEXT(money_parse(p, &back) == MONEY_OVERFLOW, plain);
	}

	/* The same figures with a sign, ¥ and commas every three digits. */
	money_format_yuan(fen, yuan);
	p = yuan;
	if (fen < 0)
		FUZZ_ASSERT_TEXT(*p++ == '-', yuan);
	FUZZ_ASSERT_TEXT(strncmp(p, "¥", strlen("¥")) == 0, yuan);
	p += strlen("¥");
	size_t int_len = strcspn(p, ".");
	size_t first_group = strcspn(p, ",.");
	FUZZ_ASSERT_TEXT(first_group >= 1 && first_group <= 3, yuan);
	for (size_t i = 0; p[i] != '\0'; i++) {
		if (p[i] == ',') {
			/* Commas between digits, with three digits to the next
			 * comma or the point. */
			FUZZ_ASSERT_TEXT(i > 0 && i < int_len && (int_len - i - 1) % 4 == 3, yuan);
			continue;
		}
		FUZZ_ASSERT(n + 1 < sizeof digits);
		digits[n++] = p[i];
	}
	digits[n] = '\0';
	FUZZ_ASSERT_TEXT(strcmp(digits, plain + (fen < 0)) == 0, yuan);

	/* Capital figures for 0..MONEY_MAX only, and they say the same amount. */
	bool ok = money_to_capital(fen, capital);
	FUZZ_ASSERT(ok == (fen >= 0 && fen <= MONEY_MAX));
	FUZZ_ASSERT(strlen(capital) < MONEY_CAPITAL_SIZE);
	if (!ok) {
		FUZZ_ASSERT(capital[0] == '\0');
		return;
	}
	FUZZ_ASSERT_TEXT(fuzz_printable(capital, NULL), capital);
	FUZZ_ASSERT_TEXT(capital_value(capital, &back), capital);
	FUZZ_ASSERT_TEXT(back == fen, capital);
	/* 整 exactly when there are no jiao and fen, and only after 元. */
	size_t len = strlen(capital), zlen = strlen("整");
	bool whole = len >= zlen && strcmp(capital + len - zlen, "整") == 0;
	FUZZ_ASSERT_TEXT(whole == (fen % 100 == 0), capital);
	/* One 零 after 元 when 角 is zero, or when the ones of the yuan are
	 * zero (the People's Bank rule money_to_capital follows). */
	if (fen >= 100 && !whole) {
		const char *after = strstr(capital, "元") + strlen("元");
		bool zero = fen / 10 % 10 == 0 || fen / 100 % 10 == 0;
		FUZZ_ASSERT_TEXT(eat(&after, "零") == zero, capital);
	}
}

/* The checked arithmetic: the exact result when it lies within
 * [-MONEY_MAX, MONEY_MAX], else false with *out untouched. */
static void check_arithmetic(money_t a, int64_t b)
{
	int64_t exact;
	money_t out = 12345;
	bool fits;

	fits = !__builtin_add_overflow(a, b, &exact) && exact >= -MONEY_MAX && exact <= MONEY_MAX;
	FUZZ_ASSERT(money_add(a, b, &out) == fits);
	FUZZ_ASSERT(fits ? out == exact : out == 12345);

	out = 12345;
	fits = !__builtin_mul_overflow(a, b, &exact) && exact >= -MONEY_MAX && exact <= MONEY_MAX;
	FUZZ_ASSERT(money_mul(a, b, &out) == fits);
	FUZZ_ASSERT(fits ? out == exact : out == 12345);

	/* price * 500 / grams, rounded half up; -1 without a weight. */
	money_t unit = money_per_500g(a, b);
	if (b <= 0 || a < 0 || a > MONEY_MAX) {
		FUZZ_ASSERT(unit == -1);
		return;
	}
	FUZZ_ASSERT(unit >= 0 && unit <= a * 500);
	if (b == 500)
		FUZZ_ASSERT(unit == a);
#ifdef __SIZEOF_INT128__
	/* |unit * grams - price * 500| <= grams / 2, the half going up. */
	__int128 diff = (__int128)unit * b - (__int128)a * 500;
	FUZZ_ASSERT(2 * diff <= b && 2 * diff > -(__int128)b);
#endif
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	money_t fen = -7, pos = -7;
	enum money_status st = money_parse(text, &fen);
	enum money_status st_pos = money_parse_positive(text, &pos);

	FUZZ_ASSERT(st <= MONEY_OVERFLOW);
	if (st == MONEY_OK) {
		FUZZ_ASSERT(fen >= 0 && fen <= MONEY_MAX);
		FUZZ_ASSERT(st_pos == (fen > 0 ? MONEY_OK : MONEY_NOT_POSITIVE));
		FUZZ_ASSERT(st_pos != MONEY_OK || pos == fen);
		check_formats(fen);
		check_arithmetic(fen, fen);
	} else {
		/* Nothing is written on an error. */
		FUZZ_ASSERT(fen == -7 && st_pos == st && pos == -7);
	}

	if (size >= 2 * sizeof(int64_t)) {
		int64_t a, b;

		memcpy(&a, data, sizeof a);
		memcpy(&b, data + sizeof a, sizeof b);
		check_formats(a);
		check_formats(b);
		check_arithmetic(a, b);
		check_arithmetic(b, a);
	}
	free(text);
	return 0;
}
