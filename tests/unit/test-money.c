/* Tests for src/core/money.c: parsing yuan text, the two printed forms, capital
 * figures by the People's Bank rules, checked arithmetic and the price per
 * 500 g. Tables hold the examples from docs/domain.md and the edge cases; the
 * loops check properties over many amounts. */
#include "check.h"

#include "core/money.h"

#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A fixed pseudo-random sequence, so a failure can be reproduced. */
static uint64_t lcg_state = 20200806;

static uint64_t lcg_next(void)
{
	lcg_state = lcg_state * 6364136223846793005u + 1442695040888963407u;
	return lcg_state >> 11;
}

/* A pseudo-random amount in [0, MONEY_MAX]. */
static money_t random_amount(void)
{
	return (money_t)(lcg_next() % (uint64_t)(MONEY_MAX + 1));
}

struct parse_case {
	const char *text;
	enum money_status status;
	money_t fen; /* only when status is MONEY_OK */
};

static const struct parse_case parse_cases[] = {
    {"168", MONEY_OK, 16800},
    {"168.5", MONEY_OK, 16850},
    {"168.50", MONEY_OK, 16850},
    {"168.05", MONEY_OK, 16805},
    {"0.01", MONEY_OK, 1},
    {"0.1", MONEY_OK, 10},
    {"0", MONEY_OK, 0},
    {"0.00", MONEY_OK, 0},
    {"007.5", MONEY_OK, 750},
    {"1064", MONEY_OK, 106400},
    {"2200", MONEY_OK, 220000},
    {"999999999999.99", MONEY_OK, MONEY_MAX},
    {"999999999999", MONEY_OK, MONEY_MAX - 99},
    {"0000000000000000000000000000000000000001", MONEY_OK, 100},
    {"0000000000000000000000000000000000000000.5", MONEY_OK, 50},

    {"", MONEY_SYNTAX, 0},
    {".", MONEY_SYNTAX, 0},
    {"168.", MONEY_SYNTAX, 0},
    {".5", MONEY_SYNTAX, 0},
    {"1.2.3", MONEY_SYNTAX, 0},
    {"1..2", MONEY_SYNTAX, 0},
    {"-1", MONEY_SYNTAX, 0},
    {"+1", MONEY_SYNTAX, 0},
    {" 1", MONEY_SYNTAX, 0},
    {"1 ", MONEY_SYNTAX, 0},
    {"1 000", MONEY_SYNTAX, 0},
    {"1,000", MONEY_SYNTAX, 0},
    {"1,5", MONEY_SYNTAX, 0},
    {"1e3", MONEY_SYNTAX, 0},
    {"1E3", MONEY_SYNTAX, 0},
    {"0x10", MONEY_SYNTAX, 0},
    {"inf", MONEY_SYNTAX, 0},
    {"nan", MONEY_SYNTAX, 0},
    {"¥168", MONEY_SYNTAX, 0},
    {"168元", MONEY_SYNTAX, 0},
    {"１６８", MONEY_SYNTAX, 0}, /* full-width digits */
    {"12a", MONEY_SYNTAX, 0},
    {"1.5a", MONEY_SYNTAX, 0},
    {"1.\n", MONEY_SYNTAX, 0},
    {"99999999999999999999999999999999999999999,5", MONEY_SYNTAX, 0},

    {"1.000", MONEY_DECIMALS, 0},
    {"168.505", MONEY_DECIMALS, 0},
    {"0.001", MONEY_DECIMALS, 0},
    {"999999999999.999", MONEY_DECIMALS, 0},

    {"1000000000000", MONEY_OVERFLOW, 0},
    {"1000000000000.00", MONEY_OVERFLOW, 0},
    {"9223372036854775807", MONEY_OVERFLOW, 0},
    {"92233720368547758.08", MONEY_OVERFLOW, 0},
    {"18446744073709551616", MONEY_OVERFLOW, 0},
    {"9999999999999999999999999999999999999999", MONEY_OVERFLOW, 0},
    {"1234567890123456789012345678901234567890.12", MONEY_OVERFLOW, 0},
};

static void test_parse(void)
{
	for (size_t i = 0; i < COUNT(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		money_t fen = -12345;
		enum money_status status = money_parse(c->text, &fen);
		if (status != c->status)
			fprintf(stderr, "parse \"%s\"\n", c->text);
		CHECK_INT(status, c->status);
		if (c->status == MONEY_OK)
			CHECK_INT(fen, c->fen);
		else
			CHECK_INT(fen, -12345); /* untouched on error */
	}
}

static void test_parse_positive(void)
{
	money_t fen = -12345;
	CHECK_INT(money_parse_positive("0", &fen), MONEY_NOT_POSITIVE);
	CHECK_INT(money_parse_positive("0.00", &fen), MONEY_NOT_POSITIVE);
	CHECK_INT(money_parse_positive("000.0", &fen), MONEY_NOT_POSITIVE);
	CHECK_INT(fen, -12345);
	CHECK_INT(money_parse_positive("0.01", &fen), MONEY_OK);
	CHECK_INT(fen, 1);
	CHECK_INT(money_parse_positive("168.5", &fen), MONEY_OK);
	CHECK_INT(fen, 16850);

	/* Every other error is reported as money_parse reports it. */
	for (size_t i = 0; i < COUNT(parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		if (c->status == MONEY_OK)
			continue;
		CHECK_INT(money_parse_positive(c->text, &fen), c->status);
	}
}

struct format_case {
	money_t fen;
	const char *plain;
	const char *yuan;
};

static const struct format_case format_cases[] = {
    {106400, "1064.00", "¥1,064.00"},
    {5, "0.05", "¥0.05"},
    {50, "0.50", "¥0.50"},
    {-350, "-3.50", "-¥3.50"},
    {-1, "-0.01", "-¥0.01"},
    {0, "0.00", "¥0.00"},
    {99999, "999.99", "¥999.99"},
    {100000, "1000.00", "¥1,000.00"},
    {10000000, "100000.00", "¥100,000.00"},
    {12345678, "123456.78", "¥123,456.78"},
    {106400000, "1064000.00", "¥1,064,000.00"},
    {MONEY_MAX, "999999999999.99", "¥999,999,999,999.99"},
    {-MONEY_MAX, "-999999999999.99", "-¥999,999,999,999.99"},
    {INT64_MAX, "92233720368547758.07", "¥92,233,720,368,547,758.07"},
    {INT64_MIN, "-92233720368547758.08", "-¥92,233,720,368,547,758.08"},
};

static void check_format_cases(void)
{
	char plain[MONEY_PLAIN_SIZE];
	char yuan[MONEY_YUAN_SIZE];
	for (size_t i = 0; i < COUNT(format_cases); i++) {
		const struct format_case *c = &format_cases[i];
		CHECK(money_format_plain(c->fen, plain) == plain);
		CHECK_STR(plain, c->plain);
		CHECK(money_format_yuan(c->fen, yuan) == yuan);
		CHECK_STR(yuan, c->yuan);
	}
}

/* The yuan form is the plain form with commas every three digits and ¥. */
static void check_yuan_matches_plain(money_t fen)
{
	char plain[MONEY_PLAIN_SIZE];
	char yuan[MONEY_YUAN_SIZE];
	char want[MONEY_YUAN_SIZE + 8];
	money_format_plain(fen, plain);
	money_format_yuan(fen, yuan);

	const char *digits = plain[0] == '-' ? plain + 1 : plain;
	size_t whole = strcspn(digits, ".");
	char *w = want;
	if (plain[0] == '-')
		*w++ = '-';
	w += sprintf(w, "¥");
	for (size_t i = 0; i < whole; i++) {
		if (i > 0 && (whole - i) % 3 == 0)
			*w++ = ',';
		*w++ = digits[i];
	}
	strcpy(w, digits + whole);
	CHECK_STR(yuan, want);
}

static void check_round_trip(money_t fen)
{
	char plain[MONEY_PLAIN_SIZE];
	money_t back = -1;
	money_format_plain(fen, plain);
	CHECK_INT(money_parse(plain, &back), MONEY_OK);
	CHECK_INT(back, fen);
}

static void test_format(void)
{
	check_format_cases();

	static const money_t edges[] = {
	    0,
	    1,
	    9,
	    10,
	    99,
	    100,
	    101,
	    999,
	    1000,
	    99999,
	    100000,
	    100001,
	    99999999999,
	    100000000000,
	    MONEY_MAX / 2,
	    MONEY_MAX - 1,
	    MONEY_MAX,
	};
	for (size_t i = 0; i < COUNT(edges); i++) {
		check_round_trip(edges[i]);
		check_yuan_matches_plain(edges[i]);
		check_yuan_matches_plain(-edges[i]);
	}
	for (int i = 0; i < 2000; i++) {
		money_t fen = random_amount();
		/* Spread over every length, not only 14-digit amounts. */
		fen /= (money_t)(lcg_next() % 1000000000 + 1);
		check_round_trip(fen);
		check_yuan_matches_plain(fen);
		check_yuan_matches_plain(-fen);
	}

	/* A negative amount printed for a file is not an amount a user may type. */
	money_t fen = 7;
	CHECK_INT(money_parse("-3.50", &fen), MONEY_SYNTAX);
	CHECK_INT(fen, 7);
}

/* Where the decimal comma is the custom, printing and parsing must still use
 * '.'. Skipped when the machine has no such locale. */
static void test_locale_independence(void)
{
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") == NULL &&
	    setlocale(LC_NUMERIC, "de_DE.utf8") == NULL) {
		printf("de_DE.UTF-8 not available: LC_NUMERIC checks skipped\n");
		return;
	}
	check_format_cases();
	for (size_t i = 0; i < COUNT(parse_cases); i++) {
		money_t fen = -1;
		CHECK_INT(money_parse(parse_cases[i].text, &fen), parse_cases[i].status);
	}
	for (int i = 0; i < 200; i++)
		check_round_trip(random_amount());
	setlocale(LC_NUMERIC, "C");
}

struct capital_case {
	money_t fen;
	const char *text;
};

static const struct capital_case capital_cases[] = {
    /* docs/domain.md */
    {106400, "人民币壹仟零陆拾肆元整"},
    {140950, "人民币壹仟肆佰零玖元伍角"},
    {600714, "人民币陆仟零柒元壹角肆分"},
    {32504, "人民币叁佰贰拾伍元零肆分"},
    {10700053, "人民币壹拾万柒仟元零伍角叁分"},

    /* Zeros inside */
    {10000000100, "人民币壹亿零壹元整"},
    {1001000, "人民币壹万零壹拾元整"},
    {100000000, "人民币壹佰万元整"},
    {10100000, "人民币壹拾万壹仟元整"},
    {10010000, "人民币壹拾万零壹佰元整"},
    {10000050000, "人民币壹亿零伍佰元整"},
    {12000000000, "人民币壹亿贰仟万元整"},
    {10002000000, "人民币壹亿零贰万元整"},
    {10000100000, "人民币壹亿零壹仟元整"},
    {101010101010, "人民币壹拾亿壹仟零壹拾万壹仟零壹拾元零壹角"},
    {100005, "人民币壹仟元零伍分"},
    {1050, "人民币壹拾元零伍角"},
    {20000000000001, "人民币贰仟亿元零壹分"},

    /* Under one yuan */
    {50, "人民币伍角"},
    {5, "人民币伍分"},
    {55, "人民币伍角伍分"},
    {10, "人民币壹角"},
    {0, "人民币零元整"},

    /* A leading 拾 */
    {1000, "人民币壹拾元整"},
    {1500, "人民币壹拾伍元整"},
    {100000000000, "人民币壹拾亿元整"},
    {10000000000000, "人民币壹仟亿元整"},

    {100, "人民币壹元整"},
    {220000, "人民币贰仟贰佰元整"},
    {MONEY_MAX, "人民币玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"},
};

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Reads capital figures back into fen, independently of how they were
 * written, or returns -1 for a character that does not belong. */
static money_t capital_value(const char *text)
{
	static const char *const digits[10] = {
	    "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
	};
	if (!has_prefix(text, "人民币"))
		return -1;
	const char *p = text + strlen("人民币");
	int64_t yi = 0, wan = 0, group = 0, digit = 0, yuan = 0, fen = 0;
	while (*p != '\0') {
		bool found = false;
		for (int d = 0; d < 10; d++) {
			if (has_prefix(p, digits[d])) {
				digit = d;
				p += strlen(digits[d]);
				found = true;
				break;
			}
		}
		if (found)
			continue;
		if (has_prefix(p, "拾")) {
			group += digit * 10;
		} else if (has_prefix(p, "佰")) {
			group += digit * 100;
		} else if (has_prefix(p, "仟")) {
			group += digit * 1000;
		} else if (has_prefix(p, "万")) {
			wan = group + digit;
			group = 0;
		} else if (has_prefix(p, "亿")) {
			yi = group + digit;
			group = 0;
		} else if (has_prefix(p, "元")) {
			yuan = yi * 100000000 + wan * 10000 + group + digit;
		} else if (has_prefix(p, "角")) {
			fen += digit * 10;
		} else if (has_prefix(p, "分")) {
			fen += digit;
		} else if (has_prefix(p, "整")) {
			/* nothing to add */
		} else {
			return -1;
		}
		digit = 0;
		p += strlen("拾"); /* every unit is one three-byte hanzi */
	}
	return yuan * 100 + fen;
}

/* The rules that hold for every amount, whatever its digits. */
static void check_capital_rules(money_t fen)
{
	char buf[MONEY_CAPITAL_SIZE];
	bool ok = money_to_capital(fen, buf);
	CHECK(ok);
	if (!ok)
		return;
	const char *amount = buf + strlen("人民币");
	bool good = has_prefix(buf, "人民币") && strstr(buf, "零零") == NULL &&
	            (!has_prefix(amount, "零") || strcmp(amount, "零元整") == 0) &&
	            !has_suffix(buf, "零") && !has_suffix(buf, "分整") &&
	            !has_suffix(buf, "角整") && has_suffix(buf, "整") == (fen % 100 == 0) &&
	            (strstr(buf, "元") != NULL) == (fen == 0 || fen >= 100) &&
	            strlen(buf) < MONEY_CAPITAL_SIZE && capital_value(buf) == fen;
	if (!good)
		fprintf(stderr, "capital figures for %jd fen: %s (reads back as %jd)\n",
		        (intmax_t)fen, buf, (intmax_t)capital_value(buf));
	CHECK(good);
}

static void test_capital(void)
{
	char buf[MONEY_CAPITAL_SIZE];
	for (size_t i = 0; i < COUNT(capital_cases); i++) {
		const struct capital_case *c = &capital_cases[i];
		CHECK(money_to_capital(c->fen, buf));
		CHECK_STR(buf, c->text);
		CHECK_INT(capital_value(c->text), c->fen); /* the reader itself is right */
	}

	static const money_t refused[] = {-1, -100, MONEY_MAX + 1, INT64_MAX, INT64_MIN};
	for (size_t i = 0; i < COUNT(refused); i++) {
		strcpy(buf, "old");
		CHECK(!money_to_capital(refused[i], buf));
		CHECK_STR(buf, "");
	}

	/* Every amount up to ¥2,000, then random ones of every length. */
	for (money_t fen = 0; fen <= 200000; fen++)
		check_capital_rules(fen);
	for (int i = 0; i < 20000; i++) {
		money_t fen = random_amount() / (money_t)(lcg_next() % 100000000 + 1);
		check_capital_rules(fen);
	}

	/* Zeros in every place: each yuan digit 0 or 1, each fen digit 0 or 5. */
	for (int mask = 0; mask < (1 << 12); mask++) {
		money_t yuan = 0;
		for (int place = 11; place >= 0; place--)
			yuan = yuan * 10 + ((mask >> place) & 1);
		for (int cents = 0; cents < 100; cents += 5)
			check_capital_rules(yuan * 100 + cents);
	}
	check_capital_rules(MONEY_MAX);
}

static void test_add_mul(void)
{
	money_t out = 777;

	CHECK(money_add(106400, 350, &out));
	CHECK_INT(out, 106750);
	CHECK(money_add(MONEY_MAX, 0, &out));
	CHECK_INT(out, MONEY_MAX);
	CHECK(money_add(MONEY_MAX - 1, 1, &out));
	CHECK_INT(out, MONEY_MAX);
	CHECK(money_add(-MONEY_MAX, 0, &out));
	CHECK_INT(out, -MONEY_MAX);
	CHECK(money_add(MONEY_MAX, -MONEY_MAX, &out));
	CHECK_INT(out, 0);
	CHECK(money_add(-350, 100, &out));
	CHECK_INT(out, -250);

	out = 777;
	CHECK(!money_add(MONEY_MAX, 1, &out));
	CHECK(!money_add(1, MONEY_MAX, &out));
	CHECK(!money_add(-MONEY_MAX, -1, &out));
	CHECK(!money_add(MONEY_MAX, MONEY_MAX, &out));
	CHECK(!money_add(INT64_MAX, 1, &out));
	CHECK(!money_add(INT64_MIN, -1, &out));
	CHECK(!money_add(INT64_MAX, INT64_MAX, &out));
	CHECK(!money_add(INT64_MIN, INT64_MIN, &out));
	CHECK_INT(out, 777);

	CHECK(money_mul(16800, 3, &out));
	CHECK_INT(out, 50400);
	CHECK(money_mul(MONEY_MAX, 1, &out));
	CHECK_INT(out, MONEY_MAX);
	CHECK(money_mul(MONEY_MAX, -1, &out));
	CHECK_INT(out, -MONEY_MAX);
	CHECK(money_mul(0, INT64_MAX, &out));
	CHECK_INT(out, 0);
	CHECK(money_mul(1, MONEY_MAX, &out));
	CHECK_INT(out, MONEY_MAX);
	CHECK(money_mul(MONEY_MAX / 7, 7, &out));
	CHECK_INT(out, MONEY_MAX / 7 * 7);

	out = 777;
	CHECK(!money_mul(MONEY_MAX, 2, &out));
	CHECK(!money_mul(MONEY_MAX, -2, &out));
	CHECK(!money_mul(1, MONEY_MAX + 1, &out));
	CHECK(!money_mul(MONEY_MAX / 7 + 1, 7, &out));
	CHECK(!money_mul(INT64_MAX, INT64_MAX, &out));
	CHECK(!money_mul(INT64_MIN, -1, &out));
	CHECK(!money_mul(INT64_MAX, 2, &out));
	CHECK(!money_mul((money_t)1 << 32, (int64_t)1 << 32, &out));
	CHECK_INT(out, 777);
}

struct per_500g_case {
	money_t price;
	int64_t grams;
	money_t per_500g;
};

static const struct per_500g_case per_500g_cases[] = {
    {16800, 250, 33600},
    {16800, 500, 16800},
    {16800, 1000, 8400},
    {100, 3, 16667},
    {1, 1000, 1}, /* 0.5 fen rounds up */
    {1, 1001, 0}, /* just under 0.5 fen */
    {3, 1000, 2}, /* 1.5 fen */
    {5, 1000, 3}, /* 2.5 fen */
    {1, 3000, 0},
    {0, 500, 0},
    {9900, 750, 6600},
    {12800, 300, 21333}, /* 213.333... yuan */
    {12900, 600, 10750},
    {MONEY_MAX, 1, MONEY_MAX * 500},
    {MONEY_MAX, 1000000000, 50000000}, /* 49,999,999.9999995 fen */
    {MONEY_MAX, 999999999, 50000000},
    {1, INT64_MAX, 0},
    {16800, 0, -1},
    {16800, -250, -1},
    {16800, INT64_MIN, -1},
};

static void test_per_500g(void)
{
	for (size_t i = 0; i < COUNT(per_500g_cases); i++) {
		const struct per_500g_case *c = &per_500g_cases[i];
		CHECK_INT(money_per_500g(c->price, c->grams), c->per_500g);
	}

	/* Half up means r - 1/2 <= price * 500 / grams < r + 1/2, i.e.
	 * 2rg - g <= 1000 price < 2rg + g; small enough here not to overflow. */
	for (int i = 0; i < 20000; i++) {
		money_t price = (money_t)(lcg_next() % 1000000);
		int64_t grams = (int64_t)(lcg_next() % 20000) + 1;
		money_t r = money_per_500g(price, grams);
		bool good =
		    2 * r * grams - grams <= 1000 * price && 1000 * price < 2 * r * grams + grams;
		if (!good)
			fprintf(stderr, "per 500 g: %jd fen, %jd g gave %jd\n", (intmax_t)price,
			        (intmax_t)grams, (intmax_t)r);
		CHECK(good);
	}
}

int main(void)
{
	test_parse();
	test_parse_positive();
	test_format();
	test_locale_independence();
	test_capital();
	test_add_mul();
	test_per_500g();
	return check_done();
}
