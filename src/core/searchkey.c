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
 *   ("ZiYangFuXiCha"); a hanzi of several readings gives them all, each
 *   capitalised, separated by '|' ("Tiao|DiaoWei" for 调味), and a term may
 *   take any one of them at each position; each run of ASCII letters counts as one syllable too
 *   ("富硒SE茶" -> "FuXiSeCha"), so "xise" works across the two scripts. Other
 *   characters give nothing. The capital marks where a syllable starts: a
 *   term (ASCII letters only) must begin at a capital and then compares
 *   without case, so it may run across syllables and stop in the middle of
 *   one, as a user typing "cuif" on the way to "cuifeng" expects.
 * - Initials (助记码): each hanzi with a reading gives the first letter of its
 *   syllable, ASCII letters and digits are kept as they are ("紫阳2号茶" ->
 *   "zy2hc", the way Chinese retail software writes mnemonic codes), anything
 *   else (spaces, punctuation, hanzi without a reading) is skipped; a hanzi
 *   whose readings start with different letters gives them all in brackets
 *   ("[td]w" for 调味), of which a term may take any one, so
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
#define GROUP_SEP   '\x1d' /* search_keys_join: between an item's texts and its enterprise's */
#define ALT_SEP     '|'    /* full pinyin: between the readings of one hanzi */

/* At most this many readings of a hanzi go into the keys (行 has 4). */
#define MAX_READINGS 8

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

/* The readings of a folded hanzi; the unfolded one may have them when the
 * simplified form has none. */
static size_t readings_of(uint32_t folded, uint32_t orig, const char **out)
{
	size_t n = folded >= 0x80 ? unihan_readings(folded, out, MAX_READINGS) : 0;

	if (n == 0 && orig >= 0x80)
		n = unihan_readings(orig, out, MAX_READINGS);
	return n < MAX_READINGS ? n : MAX_READINGS;
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
		const char *py[MAX_READINGS];
		size_t count = readings_of(cp, orig, py);
		for (size_t r = 0; r < count; r++) {
			if (r > 0)
				buf_addc(b, ALT_SEP);
			buf_addc(b, (char)(py[r][0] - ('a' - 'A')));
			buf_adds(b, py[r] + 1);
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
		const char *py[MAX_READINGS];
		size_t count = readings_of(cp, orig, py);
		char letters[MAX_READINGS];
		size_t nletters = 0;
		for (size_t r = 0; r < count; r++)
			if (memchr(letters, py[r][0], nletters) == NULL)
				letters[nletters++] = py[r][0];
		if (nletters == 1) {
			buf_addc(b, letters[0]);
		} else if (nletters > 1) {
			buf_addc(b, '[');
			buf_add(b, letters, nletters);
			buf_addc(b, ']');
		}
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

/* Punctuation that sorting by name passes over ("“百元爱心购”富硒礼包" sorts
 * under b): ASCII punctuation but the brackets, general punctuation (quotes,
 * dashes, ellipsis), the middle dots, the ideographic comma, full stop and
 * quotes. Brackets, full-width ones too, keep their place. */
static bool sort_skips(uint32_t cp)
{
	if (cp < 0x80)
		return cp > ' ' && !is_lower(cp) && !is_digit(cp) && !(cp >= 'A' && cp <= 'Z') &&
		       strchr("()[]{}", (int)cp) == NULL;
	return cp == 0x00B7 || (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x3001 && cp <= 0x3003) ||
	       (cp >= 0x300C && cp <= 0x300F) || (cp >= 0x301D && cp <= 0x301F) || cp == 0x30FB;
}

/* Appends a syllable of the sort key: ü compares as u (lv as lu) and, only
 * when the letters tie, after it: "lu0 " < "lu1 " (绿) < "luan0 " < "luo0 ",
 * the order of 现代汉语词典. The space ends the syllable before any letter. */
static void add_sort_syllable(struct buf *b, const char *py)
{
	bool umlaut = false;

	for (; *py != '\0'; py++) {
		umlaut |= *py == 'v';
		buf_addc(b, *py == 'v' ? 'u' : *py);
	}
	buf_addc(b, umlaut ? '1' : '0');
	buf_addc(b, ' ');
}

char *search_sort_key(const char *s)
{
	struct buf b = BUF_INIT;
	size_t len, i = 0, n, count = 0;
	uint32_t cp, orig;

	if (s == NULL)
		return buf_steal(&b);
	len = strlen(s);
	/* The folded code points first: a word's reading depends on the next. */
	uint32_t *cps = xreallocarray(NULL, len + 1, sizeof *cps);
	uint32_t *origs = xreallocarray(NULL, len + 1, sizeof *origs);
	while ((n = fold_next(s + i, len - i, false, &cp, &orig)) > 0) {
		i += n;
		if (cp == FOLD_DROP || sort_skips(cp))
			continue;
		cps[count] = cp;
		origs[count++] = orig;
	}
	for (size_t k = 0; k < count; k++) {
		const char *py[MAX_READINGS > UNIHAN_MAX_WORD ? MAX_READINGS : UNIHAN_MAX_WORD];
		size_t word = cps[k] >= 0x80 ? unihan_word_at(cps + k, count - k, py) : 0;
		if (word > 0) {
			for (size_t w = 0; w < word; w++)
				add_sort_syllable(&b, py[w]);
			k += word - 1;
		} else if (readings_of(cps[k], origs[k], py) > 0) {
			add_sort_syllable(&b, py[0]);
		} else if (cps[k] < 0x80) {
			buf_addc(&b, (char)cps[k]);
		} else {
			add_cp(&b, cps[k]);
		}
	}
	free(cps);
	free(origs);
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

static bool is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* The end of the reading that starts at p (a capital): the next byte that
 * is no lower-case letter. */
static const char *reading_end(const char *p, const char *end)
{
	for (p++; p < end && is_lower((unsigned char)*p); p++)
		;
	return p;
}

/* The start of the position after the one whose reading ends at q: past
 * the other readings that follow it ("|Diao"). */
static const char *next_position(const char *q, const char *end)
{
	while (q + 1 < end && *q == ALT_SEP && is_upper(q[1]))
		q = reading_end(q + 1, end);
	return q;
}

static bool pinyin_from(const char *text, size_t len, const char *p, const char *end);

/* True when text[0..len) (lower-case letters) runs on from the reading that
 * starts at p (a capital): it ends inside that reading, or takes it whole
 * and runs on from the next position (pinyin_from). */
static bool pinyin_reading(const char *text, size_t len, const char *p, const char *end)
{
	size_t k = 1; /* the capital matched */
	while (k < len && p + k < end && is_lower((unsigned char)p[k]) && p[k] == text[k])
		k++;
	if (k == len)
		return true;
	if (p + k < end && is_lower((unsigned char)p[k]))
		return false; /* they differ inside the reading */
	const char *q = next_position(p + k, end);
	return q < end && is_upper(*q) && pinyin_from(text + k, len - k, q, end);
}

/* True when text[0..len) runs on from the position that starts at p, by
 * any of its readings. Only letters, ALT_SEP and the separators live in the
 * pinyin section. */
static bool pinyin_from(const char *text, size_t len, const char *p, const char *end)
{
	for (;;) {
		if ((p[0] | 0x20) == text[0] && pinyin_reading(text, len, p, end))
			return true;
		const char *q = reading_end(p, end);
		if (q + 1 < end && *q == ALT_SEP && is_upper(q[1]))
			p = q + 1; /* the next reading of the same position */
		else
			return false;
	}
}

/* True when term (lower-case ASCII letters) starts at a capital of the
 * pinyin section sec[0..len) and runs on from there, whatever the case. */
static bool pinyin_match(const struct search_term *t, const char *sec, size_t len)
{
	const char *end = sec + len, *p = sec;
	char start = (char)(t->text[0] - ('a' - 'A'));

	/* A term may start at any reading (a capital) and take any reading of
	 * each position after ("Tiao|DiaoWei"). */
	while ((size_t)(end - p) >= t->len && (p = memchr(p, start, (size_t)(end - p))) != NULL) {
		if (pinyin_reading(t->text, t->len, p, end))
			return true;
		p++;
	}
	return false;
}

/* True when t's text is in the initials section sec[0..len), where "[td]"
 * stands for one letter, t or d. */
static bool initials_sets_match(const struct search_term *t, const char *sec, size_t len)
{
	const char *end = sec + len;
	const char *letter = memchr(sec, t->text[0], len), *set = memchr(sec, '[', len);

	/* Try where the term's first letter is, or a set: memchr finds them. */
	while (letter != NULL || set != NULL) {
		const char *start = letter == NULL || (set != NULL && set < letter) ? set : letter;
		const char *p = start;
		size_t i = 0;
		while (i < t->len && p < end) {
			if (*p == '[') {
				const char *close = memchr(p, ']', (size_t)(end - p));
				if (close == NULL ||
				    memchr(p + 1, t->text[i], (size_t)(close - p - 1)) == NULL)
					break;
				p = close + 1;
			} else if (*p == t->text[i]) {
				p++;
			} else {
				break;
			}
			i++;
		}
		if (i == t->len)
			return true;
		if (start == set) {
			/* The next set, and the first letter past this one (not inside). */
			const char *close = memchr(set, ']', (size_t)(end - set));
			const char *after = close != NULL ? close + 1 : end;
			set = memchr(after, '[', (size_t)(end - after));
			if (letter != NULL && letter < after)
				letter = memchr(after, t->text[0], (size_t)(end - after));
		} else {
			letter = memchr(letter + 1, t->text[0], (size_t)(end - letter - 1));
		}
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
	return (t->initials && (memchr(k->initials, '[', k->initials_len) != NULL
	                            ? initials_sets_match(t, k->initials, k->initials_len)
	                            : contains(k->initials, k->initials_len, t))) ||
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
		buf_addc(&out, GROUP_SEP);
		buf_add(&out, pb[sec], lb[sec]);
	}
	return buf_steal(&out);
}

/* The part of sec[0..len) from the first byte sep until its end. */
static void cut_at(const char *sec, size_t len, char sep, const char **rest, size_t *rest_len,
                   size_t *head_len)
{
	const char *at = memchr(sec, sep, len);
	*head_len = at != NULL ? (size_t)(at - sec) : len;
	*rest = at != NULL ? at + 1 : sec + len;
	*rest_len = at != NULL ? len - *head_len - 1 : 0;
}

void search_keys_text(const struct search_keys_parts *k, size_t n, struct search_keys_parts *out)
{
	const char *sec[3] = {k->folded, k->pinyin, k->initials};
	size_t len[3] = {k->folded_len, k->pinyin_len, k->initials_len};
	for (size_t s = 0; s < 3; s++) {
		size_t head = len[s];
		for (size_t i = 0; i <= n; i++) {
			const char *rest;
			size_t rest_len;
			cut_at(sec[s], len[s], TEXT_SEP, &rest, &rest_len, &head);
			if (i < n) {
				sec[s] = rest;
				len[s] = rest_len;
				head = 0;
			}
		}
		len[s] = head;
	}
	out->folded = sec[0];
	out->folded_len = len[0];
	out->pinyin = sec[1];
	out->pinyin_len = len[1];
	out->initials = sec[2];
	out->initials_len = len[2];
}

unsigned search_query_term_rank(const struct search_query *q, size_t term,
                                const struct search_keys_parts *own,
                                const struct search_keys_parts *ent)
{
	if (term >= q->count)
		return SEARCH_RANK_OTHER;
	const struct search_term *t = &q->terms[term];
	struct search_keys_parts text;
	search_keys_text(own, 0, &text);
	if (term_match(t, &text))
		return SEARCH_RANK_NAME;
	if (ent != NULL && term_match(t, ent))
		return SEARCH_RANK_ENTERPRISE;
	search_keys_text(own, 2, &text);
	return term_match(t, &text) ? SEARCH_RANK_CATEGORY : SEARCH_RANK_OTHER;
}

unsigned search_query_rank(const struct search_query *q, const struct search_keys_parts *own,
                           const struct search_keys_parts *ent)
{
	unsigned rank = SEARCH_RANK_NAME;
	for (size_t i = 0; i < q->count && rank < SEARCH_RANK_OTHER; i++) {
		unsigned r = search_query_term_rank(q, i, own, ent);
		if (r > rank)
			rank = r;
	}
	return rank;
}

unsigned search_query_rank_joined(const struct search_query *q, const char *keys)
{
	struct search_keys_parts all, own, ent;
	search_keys_split(keys, &all);
	own = all;
	ent = all;
	cut_at(all.folded, all.folded_len, GROUP_SEP, &ent.folded, &ent.folded_len,
	       &own.folded_len);
	cut_at(all.pinyin, all.pinyin_len, GROUP_SEP, &ent.pinyin, &ent.pinyin_len,
	       &own.pinyin_len);
	cut_at(all.initials, all.initials_len, GROUP_SEP, &ent.initials, &ent.initials_len,
	       &own.initials_len);
	return search_query_rank(q, &own, &ent);
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
