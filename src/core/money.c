#include "money.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The largest whole number of yuan: capital figures stop at 仟亿. */
#define MONEY_MAX_YUAN (MONEY_MAX / 100)

static bool is_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads the text by hand rather than with strtod or sscanf, so that the result
 * is exact and does not depend on LC_NUMERIC. The whole text is checked for
 * syntax before decimals and size, so "1,5" is a syntax error however long it
 * is. The yuan are accumulated with a bound check before each step, so no
 * number of digits can overflow. *out is written only on MONEY_OK. */
enum money_status money_parse(const char *text, money_t *out)
{
	if (text == NULL)
		return MONEY_SYNTAX;

	const char *p = text;
	size_t int_digits = 0;
	while (is_ascii_digit(*p)) {
		p++;
		int_digits++;
	}
	if (int_digits == 0)
		return MONEY_SYNTAX;

	const char *decimals = NULL;
	size_t decimal_digits = 0;
	if (*p == '.') {
		decimals = ++p;
		while (is_ascii_digit(*p)) {
			p++;
			decimal_digits++;
		}
		if (decimal_digits == 0)
			return MONEY_SYNTAX;
	}
	if (*p != '\0')
		return MONEY_SYNTAX;
	if (decimal_digits > 2)
		return MONEY_DECIMALS;

	int64_t yuan = 0;
	for (const char *d = text; is_ascii_digit(*d); d++) {
		int digit = *d - '0';
		if (yuan > (MONEY_MAX_YUAN - digit) / 10)
			return MONEY_OVERFLOW;
		yuan = yuan * 10 + digit;
	}

	int64_t fen = 0;
	if (decimal_digits >= 1)
		fen += (decimals[0] - '0') * 10;
	if (decimal_digits == 2)
		fen += decimals[1] - '0';

	/* yuan <= MONEY_MAX_YUAN and fen <= 99, so this stays <= MONEY_MAX. */
	*out = yuan * 100 + fen;
	return MONEY_OK;
}

enum money_status money_parse_positive(const char *text, money_t *out)
{
	money_t fen;
	enum money_status status = money_parse(text, &fen);
	if (status != MONEY_OK)
		return status;
	if (fen <= 0)
		return MONEY_NOT_POSITIVE;
	*out = fen;
	return MONEY_OK;
}

/* The size of an amount, without the undefined negation of INT64_MIN. */
static uint64_t money_magnitude(money_t fen)
{
	return fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
}

/* Integer conversions in printf never group or localise digits (we never pass
 * the ' flag), so this is the same in every locale. */
char *money_format_plain(money_t fen, char buf[MONEY_PLAIN_SIZE])
{
	uint64_t size = money_magnitude(fen);
	snprintf(buf, MONEY_PLAIN_SIZE, "%s%" PRIu64 ".%02u", fen < 0 ? "-" : "", size / 100,
	         (unsigned)(size % 100));
	return buf;
}

/* Groups the yuan by thousands with ',' as Chinese finance forms do (¥1,064.00),
 * and puts the sign before the ¥. */
char *money_format_yuan(money_t fen, char buf[MONEY_YUAN_SIZE])
{
	uint64_t size = money_magnitude(fen);
	char digits[24];
	int ndigits = snprintf(digits, sizeof digits, "%" PRIu64, size / 100);

	/* At most 20 digits and 6 commas: well inside MONEY_YUAN_SIZE. */
	char *p = buf;
	if (fen < 0)
		*p++ = '-';
	memcpy(p, "¥", strlen("¥"));
	p += strlen("¥");
	for (int i = 0; i < ndigits; i++) {
		if (i > 0 && (ndigits - i) % 3 == 0)
			*p++ = ',';
		*p++ = digits[i];
	}
	snprintf(p, MONEY_YUAN_SIZE - (size_t)(p - buf), ".%02u", (unsigned)(size % 100));
	return buf;
}

static const char *const capital_digits[10] = {
    "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
};

/* Units inside a group of four digits, from the ones place up. */
static const char *const capital_place_units[4] = {"", "拾", "佰", "仟"};

/* The unit after each group of four digits, from the ones group up. */
static const char *const capital_group_units[3] = {"", "万", "亿"};

/* Appends while there is room; MONEY_CAPITAL_SIZE is far above the longest text
 * (about 100 bytes), so the bound is only a guard. */
static void capital_append(char *buf, size_t *len, const char *text)
{
	size_t n = strlen(text);
	if (*len + n >= MONEY_CAPITAL_SIZE)
		return;
	memcpy(buf + *len, text, n);
	*len += n;
	buf[*len] = '\0';
}

/* Writes whole yuan (1 to MONEY_MAX_YUAN) in capital figures, group by group
 * (亿, 万, ones). Zeros between non-zero digits become a single 零, also across
 * an all-zero group (壹亿零壹元). Zeros ending a group vanish before its 万 or
 * 亿 (壹拾万壹仟), as the bank examples do. Every digit is written with its
 * unit, so a leading 拾 is 壹拾. Returns whether the ones digit was zero, which
 * decides the 零 before 角. */
static bool capital_write_yuan(int64_t yuan, char *buf, size_t *len)
{
	int groups[3] = {
	    (int)(yuan % 10000),
	    (int)(yuan / 10000 % 10000),
	    (int)(yuan / 100000000),
	};
	bool started = false;
	bool zero_pending = false;

	for (int g = 2; g >= 0; g--) {
		if (groups[g] == 0) {
			if (started)
				zero_pending = true;
			continue;
		}
		for (int place = 3; place >= 0; place--) {
			int digit = groups[g];
			for (int i = 0; i < place; i++)
				digit /= 10;
			digit %= 10;
			if (digit == 0) {
				if (started)
					zero_pending = true;
				continue;
			}
			if (zero_pending)
				capital_append(buf, len, capital_digits[0]);
			capital_append(buf, len, capital_digits[digit]);
			capital_append(buf, len, capital_place_units[place]);
			zero_pending = false;
			started = true;
		}
		capital_append(buf, len, capital_group_units[g]);
		zero_pending = false;
	}
	return yuan % 10 == 0;
}

/* The People's Bank rules, as domain.md spells them out: 整 after 元, none
 * after 角 or 分; one 零 after 元 when 角 is zero and 分 is not, or when the
 * ones of the yuan are zero and 角 is not (壹拾万柒仟元零伍角叁分); amounts
 * under a yuan start with their first non-zero unit (人民币伍分). */
bool money_to_capital(money_t fen, char buf[MONEY_CAPITAL_SIZE])
{
	buf[0] = '\0';
	if (fen < 0 || fen > MONEY_MAX)
		return false;

	size_t len = 0;
	capital_append(buf, &len, "人民币");
	if (fen == 0) {
		capital_append(buf, &len, "零元整");
		return true;
	}

	int64_t yuan = fen / 100;
	int jiao = (int)(fen / 10 % 10);
	int cents = (int)(fen % 10);

	if (yuan > 0) {
		bool ones_zero = capital_write_yuan(yuan, buf, &len);
		capital_append(buf, &len, "元");
		if (jiao == 0 && cents == 0) {
			capital_append(buf, &len, "整");
			return true;
		}
		if (jiao == 0 || ones_zero)
			capital_append(buf, &len, capital_digits[0]);
	}
	if (jiao != 0) {
		capital_append(buf, &len, capital_digits[jiao]);
		capital_append(buf, &len, "角");
	}
	if (cents != 0) {
		capital_append(buf, &len, capital_digits[cents]);
		capital_append(buf, &len, "分");
	}
	return true;
}

static bool money_in_range(int64_t value)
{
	return value >= -MONEY_MAX && value <= MONEY_MAX;
}

bool money_add(money_t a, money_t b, money_t *out)
{
	int64_t sum;
	if (__builtin_add_overflow(a, b, &sum) || !money_in_range(sum))
		return false;
	*out = sum;
	return true;
}

bool money_mul(money_t a, int64_t factor, money_t *out)
{
	int64_t product;
	if (__builtin_mul_overflow(a, factor, &product) || !money_in_range(product))
		return false;
	*out = product;
	return true;
}

/* price * 500 / grams, half up. A price within [0, MONEY_MAX] times 500 is
 * below 5e16, so it fits int64 with no wider type (which 32-bit machines lack);
 * the remainder test 2r >= grams is written as r >= grams - r so that huge
 * gram counts cannot overflow either. A price outside [0, MONEY_MAX] has no
 * meaningful unit price and gives -1, like a missing weight. */
money_t money_per_500g(money_t price, int64_t grams)
{
	if (grams <= 0 || price < 0 || price > MONEY_MAX)
		return -1;
	int64_t scaled = price * 500;
	int64_t quotient = scaled / grams;
	int64_t remainder = scaled % grams;
	if (remainder >= grams - remainder)
		quotient++;
	return quotient;
}
