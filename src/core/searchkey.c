/* Search keys.
 *
 * The key of a product is one string of three sections, built once at import
 * and scanned for every product on every keystroke:
 *
 *   folded texts  \x1f  full pinyin  \x1f  initials
 *
 * Inside each section the product's texts (name, enterprise, spec, ...) are
 * separated by \x1e, so that no term matches across two texts. Neither byte
 * can occur in folded text (folding drops control characters) nor in a term.
 *
 * - Folded texts: search_fold of each text (white space kept as spaces).
 *   Every term is looked for here as a plain substring.
 * - Full pinyin: each hanzi with a reading gives its syllable, capitalised
 *   ("ZiYangFuXiCha"); each run of ASCII letters counts as one syllable too
 *   ("富硒SE茶" -> "FuXiSeCha"), so "xise" works across the two scripts. Other
 *   characters give nothing. The capital marks where a syllable starts: a
 *   term (ASCII letters only) must begin at a capital and then compares
 *   without case, so it may run across syllables and stop in the middle of
 *   one, as a user typing "cuif" on the way to "cuifeng" expects.
 * - Initials (助记码): each hanzi with a reading gives the first letter of its
 *   syllable, ASCII letters and digits are kept as they are ("紫阳2号茶" ->
 *   "zy2hc", the way Chinese retail software writes mnemonic codes), anything
 *   else (spaces, punctuation, hanzi without a reading) is skipped, so
 *   "zymj" finds 紫阳毛尖 even when written 紫阳 毛尖. A term of ASCII
 *   letters, or letters and digits, is looked for here as a substring.
 *
 * Hanzi without a reading appear in the folded section only.
 */
#include "searchkey.h"

#include "buf.h"
#include "text.h"
#include "unihan.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SECTION_SEP '\x1f' /* between the three sections of a key */
#define TEXT_SEP    '\x1e' /* between the texts inside a section */

/* What folding makes of a code point that must disappear. */
#define FOLD_DROP UINT32_MAX

/* The folded form of one code point, or FOLD_DROP. With keep_space, ASCII
 * white space (tab, newline...) becomes a space instead of being dropped, so
 * that words stay apart in keys and queries. */
static uint32_t fold_cp(uint32_t cp, bool keep_space)
{
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			return cp + ('a' - 'A');
		if (cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r')
			return keep_space ? ' ' : FOLD_DROP;
		return cp_unsafe(cp) ? FOLD_DROP : cp;
	}
	if (cp >= 0xFF01 && cp <= 0xFF5E) {
		cp -= 0xFF01 - 0x21;
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		return cp;
	}
	if (cp == 0x3000)
		return ' ';
	if (cp_unsafe(cp))
		return FOLD_DROP;
	return unihan_simplified(cp);
}

/* Reads the next code point of s and folds it. Returns the bytes read (0 at
 * the end); *cp gets the folded code point or FOLD_DROP, *orig the code point
 * before folding. */
static size_t fold_next(const char *s, size_t len, bool keep_space, uint32_t *cp, uint32_t *orig)
{
	if (len == 0)
		return 0;
	int n = utf8_decode(s, len, orig);
	if (n == 0) {
		*cp = FOLD_DROP; /* an invalid byte: skip it alone and resynchronise */
		return 1;
	}
	*cp = fold_cp(*orig, keep_space);
	return (size_t)n;
}

static void add_cp(struct buf *b, uint32_t cp)
{
	char tmp[4];
	int n = utf8_encode(cp, tmp);

	buf_add(b, tmp, (size_t)n);
}

/* The reading of a folded hanzi; the unfolded one may have it when the
 * simplified form has none. */
static const char *reading_of(uint32_t folded, uint32_t orig)
{
	const char *py = unihan_pinyin(folded);

	return py != NULL ? py : unihan_pinyin(orig);
}

static bool is_lower(uint32_t c)
{
	return c >= 'a' && c <= 'z';
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Folds s into b; see fold_cp for keep_space. */
static void fold_into(struct buf *b, const char *s, bool keep_space)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp, orig;

	while ((n = fold_next(s + i, len - i, keep_space, &cp, &orig)) > 0) {
		i += n;
		if (cp == FOLD_DROP)
			continue;
		if (cp < 0x80)
			buf_addc(b, (char)cp);
		else
			add_cp(b, cp);
	}
}

char *search_fold(const char *s)
{
	struct buf b = BUF_INIT;

	if (s != NULL)
		fold_into(&b, s, false);
	return buf_steal(&b);
}

/* Appends the pinyin section of one text to b; see the top of the file. */
static void add_pinyin(struct buf *b, const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp, orig;
	bool in_word = false; /* the previous character was an ASCII letter */

	while ((n = fold_next(s + i, len - i, true, &cp, &orig)) > 0) {
		i += n;
		if (cp == FOLD_DROP)
			continue;
		if (is_lower(cp)) {
			buf_addc(b, (char)(in_word ? cp : cp - ('a' - 'A')));
			in_word = true;
			continue;
		}
		in_word = false;
		const char *py = cp >= 0x80 ? reading_of(cp, orig) : NULL;
		if (py != NULL) {
			buf_addc(b, (char)(py[0] - ('a' - 'A')));
			buf_adds(b, py + 1);
		}
	}
}

/* Appends the initials section of one text to b; see the top of the file. */
static void add_initials(struct buf *b, const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp, orig;

	while ((n = fold_next(s + i, len - i, true, &cp, &orig)) > 0) {
		i += n;
		if (cp == FOLD_DROP)
			continue;
		if (is_lower(cp) || is_digit(cp)) {
			buf_addc(b, (char)cp);
			continue;
		}
		const char *py = cp >= 0x80 ? reading_of(cp, orig) : NULL;
		if (py != NULL)
			buf_addc(b, py[0]);
	}
}

/* Appends the folded section of one text to b; see the top of the file. */
static void add_folded(struct buf *b, const char *s)
{
	fold_into(b, s, true);
}

char *search_keys_build(const char *const *texts)
{
	static void (*const section[])(struct buf *, const char *) = {
	    add_folded,
	    add_pinyin,
	    add_initials,
	};
	struct buf b = BUF_INIT;

	for (size_t sec = 0; sec < sizeof(section) / sizeof(section[0]); sec++) {
		if (sec > 0)
			buf_addc(&b, SECTION_SEP);
		for (size_t t = 0; texts != NULL && texts[t] != NULL; t++) {
			if (t > 0)
				buf_addc(&b, TEXT_SEP);
			section[sec](&b, texts[t]);
		}
	}
	return buf_steal(&b);
}

char *search_sort_key(const char *s)
{
	struct buf b = BUF_INIT;
	size_t len, i = 0, n;
	uint32_t cp, orig;

	if (s == NULL)
		return buf_steal(&b);
	len = strlen(s);
	while ((n = fold_next(s + i, len - i, false, &cp, &orig)) > 0) {
		i += n;
		if (cp == FOLD_DROP)
			continue;
		const char *py = cp >= 0x80 ? reading_of(cp, orig) : NULL;
		if (py != NULL) {
			buf_adds(&b, py);
			buf_addc(&b, ' ');
		} else if (cp < 0x80) {
			buf_addc(&b, (char)cp);
		} else {
			add_cp(&b, cp);
		}
	}
	return buf_steal(&b);
}

struct search_term {
	char *text;    /* folded, no spaces */
	size_t len;    /* bytes of text */
	size_t pivot;  /* the byte of text that contains() looks for first */
	bool initials; /* ASCII letters and digits, at least one letter */
	bool pinyin;   /* ASCII letters only */
};

struct search_query {
	struct search_term *terms; /* all must match */
	size_t count;              /* number of terms; 0 matches everything */
};

struct search_query *search_query_new(const char *text)
{
	struct search_query *q = xcalloc(1, sizeof(*q));
	char *folded, *word, *save = NULL;

	if (text == NULL)
		return q;
	struct buf b = BUF_INIT;
	fold_into(&b, text, true);
	folded = buf_steal(&b);
	for (word = strtok_r(folded, " ", &save); word != NULL; word = strtok_r(NULL, " ", &save)) {
		struct search_term *t;
		bool letters = false, others = false, digits = false;

		for (const char *p = word; *p != '\0'; p++) {
			if (is_lower((unsigned char)*p))
				letters = true;
			else if (is_digit((unsigned char)*p))
				digits = true;
			else
				others = true;
		}
		q->terms = xreallocarray(q->terms, q->count + 1, sizeof(*q->terms));
		t = &q->terms[q->count++];
		t->text = xstrdup(word);
		t->len = strlen(word);
		t->initials = letters && !others;
		t->pinyin = letters && !others && !digits;
		/* The last byte of the first character: for a hanzi that is one of
		 * 64 values, where its first byte is one of a few shared by all. */
		t->pivot = 0;
		while (t->pivot + 1 < t->len &&
		       ((unsigned char)t->text[t->pivot + 1] & 0xc0) == 0x80)
			t->pivot++;
	}
	free(folded);
	return q;
}

/* True when term (lower-case ASCII letters) starts at a capital of the
 * pinyin section sec[0..len) and runs on from there, whatever the case. */
static bool pinyin_match(const struct search_term *t, const char *sec, size_t len)
{
	const char *end = sec + len, *p = sec;
	char start = (char)(t->text[0] - ('a' - 'A'));

	while ((size_t)(end - p) >= t->len && (p = memchr(p, start, (size_t)(end - p))) != NULL) {
		size_t i = 1;

		if ((size_t)(end - p) < t->len)
			return false;
		/* Only letters and TEXT_SEP live here; TEXT_SEP | 0x20 is no letter. */
		while (i < t->len && (p[i] | 0x20) == t->text[i])
			i++;
		if (i == t->len)
			return true;
		p++;
	}
	return false;
}

void search_keys_split(const char *keys, struct search_keys_parts *k)
{
	size_t len = strlen(keys);
	const char *sep = memchr(keys, SECTION_SEP, len);

	k->folded = keys;
	k->folded_len = len;
	k->pinyin = k->initials = keys + len;
	k->pinyin_len = k->initials_len = 0;
	if (sep != NULL) {
		k->folded_len = (size_t)(sep - keys);
		k->pinyin = sep + 1;
		sep = memchr(k->pinyin, SECTION_SEP, (size_t)(keys + len - k->pinyin));
		k->pinyin_len = (size_t)((sep != NULL ? sep : keys + len) - k->pinyin);
		if (sep != NULL) {
			k->initials = sep + 1;
			k->initials_len = (size_t)(keys + len - k->initials);
		}
	}
}

/* True when t's text is in hay[0..len). glibc's memmem is a general
 * algorithm with a start-up cost that dominated a search: keys are short,
 * so look for the pivot byte with memchr and compare there. */
static bool contains(const char *hay, size_t len, const struct search_term *t)
{
	if (t->len > len)
		return false;
	const char *p = hay + t->pivot, *end = hay + len - t->len + t->pivot + 1;
	char c = t->text[t->pivot];
	while (p < end && (p = memchr(p, c, (size_t)(end - p))) != NULL) {
		if (memcmp(p - t->pivot, t->text, t->len) == 0)
			return true;
		p++;
	}
	return false;
}

/* The initials first: the shortest section, and where most typed letters
 * are found. */
static bool term_match(const struct search_term *t, const struct search_keys_parts *k)
{
	return (t->initials && contains(k->initials, k->initials_len, t)) ||
	       contains(k->folded, k->folded_len, t) ||
	       (t->pinyin && pinyin_match(t, k->pinyin, k->pinyin_len));
}

bool search_query_match(const struct search_query *q, const char *keys)
{
	if (q->count == 0)
		return true;
	if (keys == NULL)
		return false;

	struct search_keys_parts k;
	search_keys_split(keys, &k);
	for (size_t i = 0; i < q->count; i++)
		if (!term_match(&q->terms[i], &k))
			return false;
	return true;
}

size_t search_query_terms(const struct search_query *q)
{
	return q->count;
}

bool search_query_term_match(const struct search_query *q, size_t term,
                             const struct search_keys_parts *keys)
{
	return term < q->count && term_match(&q->terms[term], keys);
}

char *search_keys_join(const char *a, const char *b)
{
	struct search_keys_parts ka, kb;
	search_keys_split(a, &ka);
	search_keys_split(b, &kb);
	const char *pa[] = {ka.folded, ka.pinyin, ka.initials};
	const char *pb[] = {kb.folded, kb.pinyin, kb.initials};
	size_t la[] = {ka.folded_len, ka.pinyin_len, ka.initials_len};
	size_t lb[] = {kb.folded_len, kb.pinyin_len, kb.initials_len};
	struct buf out = BUF_INIT;

	for (size_t sec = 0; sec < 3; sec++) {
		if (sec > 0)
			buf_addc(&out, SECTION_SEP);
		buf_add(&out, pa[sec], la[sec]);
		buf_addc(&out, TEXT_SEP);
		buf_add(&out, pb[sec], lb[sec]);
	}
	return buf_steal(&out);
}

bool search_query_empty(const struct search_query *q)
{
	return q->count == 0;
}

void search_query_free(struct search_query *q)
{
	if (q == NULL)
		return;
	for (size_t i = 0; i < q->count; i++)
		free(q->terms[i].text);
	free(q->terms);
	free(q);
}
