/* Fuzzes text.h and searchkey.h, the code every hostile catalogue or CSV
 * text goes through before it reaches a screen, a file or a search.
 *
 * The input is split at NUL bytes into up to four texts. Each text is
 * measured, sanitised, cut and padded at several widths, folded and given a
 * sort key, and each result is checked against the headers' promises: valid
 * UTF-8, no character that must not reach a terminal, widths within the
 * limit, a cut text a prefix of the whole. Then the texts become the search
 * keys of one product, and each text as a query must find that product; fixed
 * queries must still find the fixed texts among the hostile ones; and any
 * text taken as keys (as a damaged database could hold) must not crash the
 * matcher. */
#include "fuzz.h"

#include "core/searchkey.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_TEXTS 4

/* Product texts that the fixed queries below must find whatever surrounds
 * them; see searchkey.h for why each query matches. */
static const char *const fixed_texts[] = {"紫阳富硒茶", "翠峰 SE", "紫陽縣"};
static const char *const fixed_queries[] = {"zyfxc", "yangfu", "紫陽", "se",
                                            "cuif",  "紫阳县", "FENG"};

/* Decoding and encoding agree with each other and with utf8_valid. */
static void check_utf8(const char *s)
{
	size_t len = strlen(s), bad = 0;
	bool valid = true;

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		char enc[4];
		int n = utf8_decode(s + i, len - i, &cp);

		if (n == 0) {
			if (valid)
				bad = i;
			valid = false;
			i++;
			continue;
		}
		FUZZ_ASSERT(utf8_encode(cp, enc) == n && memcmp(enc, s + i, (size_t)n) == 0);
		FUZZ_ASSERT(cp_width(cp) >= 0);
		i += (size_t)n;
	}
	size_t reported = (size_t)-1;
	FUZZ_ASSERT(utf8_valid(s, len, &reported) == valid);
	FUZZ_ASSERT(valid || reported == bad);
}

/* text_truncate and text_fit at width cells. */
static void check_cut(const char *s, const char *sanitised, int whole, int width)
{
	char *cut = text_truncate(s, width);
	int cut_width = text_width(cut);

	FUZZ_ASSERT_TEXT(fuzz_printable(cut, NULL), cut);
	if (width <= 0) {
		FUZZ_ASSERT(cut[0] == '\0');
	} else if (whole <= width) {
		FUZZ_ASSERT_TEXT(strcmp(cut, sanitised) == 0, cut);
	} else {
		/* Cut short: a prefix of the whole, then the mark. */
		size_t kept = strlen(cut) - strlen(TEXT_TRUNC_MARK);
		FUZZ_ASSERT_TEXT(cut_width <= width, cut);
		FUZZ_ASSERT_TEXT(strlen(cut) >= strlen(TEXT_TRUNC_MARK), cut);
		FUZZ_ASSERT_TEXT(strcmp(cut + kept, TEXT_TRUNC_MARK) == 0, cut);
		FUZZ_ASSERT_TEXT(strncmp(cut, sanitised, kept) == 0, cut);
	}

	for (int right = 0; right <= 1; right++) {
		char *fit = text_fit(s, width, right);
		size_t len = strlen(fit), cut_len = strlen(cut);

		FUZZ_ASSERT_TEXT(fuzz_printable(fit, NULL), fit);
		if (width <= 0) {
			FUZZ_ASSERT(fit[0] == '\0');
		} else {
			/* Exactly width cells: the cut text and spaces. */
			FUZZ_ASSERT_TEXT(text_width(fit) == width, fit);
			FUZZ_ASSERT(len >= cut_len);
			FUZZ_ASSERT_TEXT(
			    memcmp(right ? fit + len - cut_len : fit, cut, cut_len) == 0, fit);
			for (size_t i = 0; i < len - cut_len; i++)
				FUZZ_ASSERT(fit[right ? i : cut_len + i] == ' ');
		}
		free(fit);
	}
	free(cut);
}

/* Everything text.h and the folding of searchkey.h do with one text. */
static void check_text(const char *s)
{
	int whole = text_width(s);
	char *sanitised = text_sanitize(s);

	check_utf8(s);
	FUZZ_ASSERT(whole >= 0);
	FUZZ_ASSERT_TEXT(fuzz_printable(sanitised, NULL), sanitised);
	/* The width is that of the text as it is printed. */
	FUZZ_ASSERT_TEXT(text_width(sanitised) == whole, sanitised);
	if (fuzz_printable(s, NULL))
		FUZZ_ASSERT_TEXT(strcmp(sanitised, s) == 0, sanitised);

	const int widths[] = {-1, 0, 1, 2, 3, 4, 5, 7, 10, 20, 80, whole - 1, whole, whole + 1};
	for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++)
		check_cut(s, sanitised, whole, widths[i]);

	char *folded = search_fold(s);
	FUZZ_ASSERT_TEXT(fuzz_printable(folded, NULL), folded);
	FUZZ_ASSERT(strlen(folded) <= 4 * strlen(s));
	char *sort_key = search_sort_key(s);
	FUZZ_ASSERT_TEXT(fuzz_printable(sort_key, NULL), sort_key);

	free(sort_key);
	free(folded);
	free(sanitised);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *texts[MAX_TEXTS + 1] = {NULL};
	const char *with_fixed[MAX_TEXTS + 4] = {NULL};
	size_t ntexts = 0, nfixed = 0;
	char *input = fuzz_cstring(data, size);

	/* The texts lie one after the other, NUL-terminated: the last one
	 * ends at the NUL fuzz_cstring added. */
	for (size_t off = 0; ntexts < MAX_TEXTS;) {
		texts[ntexts++] = input + off;
		off += strlen(input + off) + 1;
		if (off > size)
			break;
	}

	for (size_t i = 0; i < ntexts; i++)
		check_text(texts[i]);

	/* Each text as a query finds the product it is a text of. */
	char *keys = search_keys_build(texts);
	FUZZ_ASSERT(utf8_valid(keys, strlen(keys), NULL));
	for (size_t i = 0; i < ntexts; i++) {
		struct search_query *q = search_query_new(texts[i]);

		FUZZ_ASSERT_TEXT(search_query_match(q, keys), texts[i]);
		/* Arbitrary keys, as a damaged database may hold. */
		for (size_t j = 0; j < ntexts; j++)
			(void)search_query_match(q, texts[j]);
		search_query_free(q);
	}

	/* The fixed texts are still found among the hostile ones. */
	for (size_t i = 0; i < ntexts && i < 2; i++)
		with_fixed[nfixed++] = texts[i];
	for (size_t i = 0; i < sizeof fixed_texts / sizeof fixed_texts[0]; i++)
		with_fixed[nfixed++] = fixed_texts[i];
	with_fixed[nfixed] = NULL;
	char *mixed = search_keys_build(with_fixed);
	for (size_t i = 0; i < sizeof fixed_queries / sizeof fixed_queries[0]; i++) {
		struct search_query *q = search_query_new(fixed_queries[i]);

		FUZZ_ASSERT_TEXT(search_query_match(q, mixed), fixed_queries[i]);
		search_query_free(q);
	}

	free(mixed);
	free(keys);
	free(input);
	return 0;
}
