/* Money: integer fen (1/100 yuan) in an int64_t, never floating point.
 * Parsing and printing use '.' whatever LC_NUMERIC says. */
#ifndef AIX_MONEY_H
#define AIX_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t money_t;

/* The largest amount the program handles: 999,999,999,999.99 yuan, the most
 * that capital figures (up to 仟亿) can write. Anything larger is an overflow. */
#define MONEY_MAX ((money_t)99999999999999)

enum money_status {
	MONEY_OK = 0,
	MONEY_SYNTAX,      /* not digits with an optional '.' and 1-2 decimals */
	MONEY_DECIMALS,    /* more than two decimals */
	MONEY_OVERFLOW,    /* more than MONEY_MAX */
	MONEY_NOT_POSITIVE /* zero (or negative) where a positive amount is required */
};

/* Parses yuan written as "168", "168.5" or "168.50" (ASCII digits, no sign, no
 * separators, no surrounding spaces) into fen. Zero parses as MONEY_OK; the
 * caller decides whether zero is allowed (money_parse_positive does not). */
enum money_status money_parse(const char *text, money_t *out);
/* As money_parse, but 0 gives MONEY_NOT_POSITIVE. */
enum money_status money_parse_positive(const char *text, money_t *out);

/* Buffer sizes that always suffice for the formatters below. */
#define MONEY_PLAIN_SIZE   32
#define MONEY_YUAN_SIZE    40
#define MONEY_CAPITAL_SIZE 160

/* "1064.00", "-3.50": for files (TSV, CSV). Returns buf. */
char *money_format_plain(money_t fen, char buf[MONEY_PLAIN_SIZE]);
/* "¥1,064.00", "-¥3.50": for people. Returns buf. */
char *money_format_yuan(money_t fen, char buf[MONEY_YUAN_SIZE]);
/* "人民币壹仟零陆拾肆元整" by the People's Bank rules; 0 is "人民币零元整".
 * Negative amounts and amounts above MONEY_MAX return false and leave buf "". */
bool money_to_capital(money_t fen, char buf[MONEY_CAPITAL_SIZE]);

/* Checked arithmetic: false (and *out untouched) when the result leaves
 * [-MONEY_MAX, MONEY_MAX]. */
bool money_add(money_t a, money_t b, money_t *out);
bool money_mul(money_t a, int64_t factor, money_t *out);

/* Price per 500 g for a price and a net weight in grams, rounded half up to the
 * fen. grams <= 0 gives -1 (no unit price). */
money_t money_per_500g(money_t price, int64_t grams);

#endif
