#include "text.h"

#include "buf.h"
#include "nfc-data.h"
#include "unihan.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

int utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
	uint32_t c;
	int n;

	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] < 0xC2) {
		return 0; /* a continuation byte, or C0/C1: overlong */
	} else if (u[0] < 0xE0) {
		n = 2;
		c = u[0] & 0x1F;
	} else if (u[0] < 0xF0) {
		n = 3;
		c = u[0] & 0x0F;
		if (u[0] == 0xE0)
			lo = 0xA0; /* below is overlong */
		else if (u[0] == 0xED)
			hi = 0x9F; /* above is a surrogate */
	} else if (u[0] < 0xF5) {
		n = 4;
		c = u[0] & 0x07;
		if (u[0] == 0xF0)
			lo = 0x90; /* below is overlong */
		else if (u[0] == 0xF4)
			hi = 0x8F; /* above is beyond U+10FFFF */
	} else {
		return 0;
	}
	if (len < (size_t)n || u[1] < lo || u[1] > hi)
		return 0;
	c = (c << 6) | (u[1] & 0x3F);
	for (int i = 2; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	*cp = c;
	return n;
}

int utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

bool utf8_valid(const char *s, size_t len, size_t *bad)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		int n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			if (bad != NULL)
				*bad = i;
			return false;
		}
		i += (size_t)n;
	}
	return true;
}

bool cp_unsafe(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return true;
	if (cp < 0x61C)
		return false;
	return cp == 0x61C || cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

bool text_csv_formula(const char *s)
{
	static const char *const blanks[] = {
	    " ", "\t", "\r", "\n", "\xC2\xA0", "\xE2\x80\x8B", "\xE3\x80\x80", "\xEF\xBB\xBF"};
	s += strspn(s, "'");
	if (*s == '\t' || *s == '\r')
		return true;
	for (bool more = true; more;) {
		more = false;
		for (size_t i = 0; i < sizeof blanks / sizeof blanks[0]; i++) {
			size_t n = strlen(blanks[i]);
			if (strncmp(s, blanks[i], n) == 0) {
				s += n;
				more = true;
				break;
			}
		}
	}
	return *s == '=' || *s == '+' || *s == '-' || *s == '@';
}

/* Cells of TEXT_TRUNC_MARK, which is printable ASCII. */
#define TRUNC_MARK_WIDTH ((int)sizeof(TEXT_TRUNC_MARK) - 1)

/* Longest placeholder: "<U+10FFFF>" or "<0xFF>", plus room to spare. */
#define PLACEHOLDER_MAX 12

/* Writes the visible stand-in of an unsafe character into out (not
 * NUL-terminated) and returns its length, which is also its width: every
 * placeholder is printable ASCII. */
static size_t placeholder_cp(uint32_t cp, char out[PLACEHOLDER_MAX])
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = 0;
	int digits = 4;

	if (cp < 0x20 || cp == 0x7F) {
		out[0] = '^';
		out[1] = (char)(cp ^ 0x40); /* 0x1B -> '[', 0x7F -> '?' */
		return 2;
	}
	while (digits < 6 && (cp >> (4 * digits)) != 0)
		digits++;
	out[n++] = '<';
	out[n++] = 'U';
	out[n++] = '+';
	for (int i = digits - 1; i >= 0; i--)
		out[n++] = hex[(cp >> (4 * i)) & 0xF];
	out[n++] = '>';
	return n;
}

static size_t placeholder_byte(unsigned char byte, char out[PLACEHOLDER_MAX])
{
	static const char hex[] = "0123456789ABCDEF";

	memcpy(out, "<0x", 3);
	out[3] = hex[byte >> 4];
	out[4] = hex[byte & 0xF];
	out[5] = '>';
	return 6;
}

int cp_width(uint32_t cp)
{
	char tmp[PLACEHOLDER_MAX];

	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if (cp_unsafe(cp))
		return (int)placeholder_cp(cp, tmp);
	/* A combining mark takes no cell even where it is also East Asian wide
	 * (U+302A-302D, U+3099-309A): the terminal puts it on the previous one. */
	if (unicode_is_zero_width(cp))
		return 0;
	if (unicode_is_wide(cp))
		return 2;
	return 1;
}

/* One character of a text as it is printed: the source bytes it covers and
 * the bytes and cells it prints as. */
struct text_unit {
	size_t len;                        /* bytes of the source text */
	const char *out;                   /* bytes to print: the source or placeholder */
	size_t out_len;                    /* length of out */
	int width;                         /* cells out takes */
	char placeholder[PLACEHOLDER_MAX]; /* the stand-in of an unsafe character */
};

/* Reads the character at s (len > 0 bytes left). An invalid sequence stands
 * for its first byte only, so that the next call resynchronises. */
static void text_unit_next(const char *s, size_t len, struct text_unit *u)
{
	unsigned char c = (unsigned char)s[0];
	uint32_t cp;

	if (c >= 0x20 && c < 0x7F) {
		u->len = u->out_len = 1;
		u->out = s;
		u->width = 1;
		return;
	}
	int n = utf8_decode(s, len, &cp);
	if (n == 0) {
		u->len = 1;
		u->out_len = placeholder_byte(c, u->placeholder);
		u->out = u->placeholder;
		u->width = (int)u->out_len;
	} else if (cp_unsafe(cp)) {
		u->len = (size_t)n;
		u->out_len = placeholder_cp(cp, u->placeholder);
		u->out = u->placeholder;
		u->width = (int)u->out_len;
	} else {
		u->len = u->out_len = (size_t)n;
		u->out = s;
		u->width = cp_width(cp);
	}
}

int text_width(const char *s)
{
	struct text_unit u;
	size_t len, i = 0;
	int width = 0;

	if (s == NULL)
		return 0;
	len = strlen(s);
	while (i < len) {
		text_unit_next(s + i, len - i, &u);
		width += u.width;
		i += u.len;
	}
	return width;
}

/* Appends the sanitised form of s[0..len) at out; returns the end. */
static char *put_sanitised(char *out, const char *s, size_t len)
{
	struct text_unit u;
	size_t i = 0;

	while (i < len) {
		text_unit_next(s + i, len - i, &u);
		memcpy(out, u.out, u.out_len);
		out += u.out_len;
		i += u.len;
	}
	return out;
}

/* The common work of text_sanitize, text_truncate and text_fit: at most
 * max_cells cells of s (max_cells < 0: no limit), the mark when cut, then
 * spaces up to pad_to cells (pad_to < 0: none), on the left when
 * align_right. Measures first so that the result is allocated once. */
static char *text_render(const char *s, int max_cells, int pad_to, bool align_right)
{
	struct text_unit u;
	size_t len = s != NULL ? strlen(s) : 0;
	size_t i = 0, keep = 0, keep_out = 0, all_out = 0;
	int width = 0, keep_width = 0;
	bool cut = false, keep_done = false;

	while (i < len) {
		text_unit_next(s + i, len - i, &u);
		if (max_cells >= 0 && width + u.width > max_cells) {
			cut = true;
			break;
		}
		width += u.width;
		all_out += u.out_len;
		i += u.len;
		/* The longest prefix that leaves a cell for the mark. */
		if (!keep_done && width <= max_cells - TRUNC_MARK_WIDTH) {
			keep = i;
			keep_out = all_out;
			keep_width = width;
		} else {
			keep_done = true;
		}
	}
	if (!cut) {
		keep = len;
		keep_out = all_out;
		keep_width = width;
	} else {
		keep_width += TRUNC_MARK_WIDTH;
	}

	size_t pad = pad_to > keep_width ? (size_t)(pad_to - keep_width) : 0;
	size_t mark = cut ? strlen(TEXT_TRUNC_MARK) : 0;
	char *res = xmalloc(keep_out + mark + pad + 1);
	char *p = res;

	if (align_right) {
		memset(p, ' ', pad);
		p += pad;
	}
	p = put_sanitised(p, s, keep);
	memcpy(p, TEXT_TRUNC_MARK, mark);
	p += mark;
	if (!align_right) {
		memset(p, ' ', pad);
		p += pad;
	}
	*p = '\0';
	return res;
}

char *text_sanitize(const char *s)
{
	return text_render(s, -1, -1, false);
}

char *text_truncate(const char *s, int max_cells)
{
	if (max_cells <= 0)
		return xstrdup("");
	return text_render(s, max_cells, -1, false);
}

char *text_fit(const char *s, int cells, bool align_right)
{
	if (cells <= 0)
		return xstrdup("");
	return text_render(s, cells, cells, align_right);
}

/* ---- Normalisation (NFC) and names ------------------------------------- */

/* Hangul syllables, composed by arithmetic (Unicode 3.12). */
#define HANGUL_S      0xAC00
#define HANGUL_L      0x1100
#define HANGUL_V      0x1161
#define HANGUL_T      0x11A7
#define HANGUL_LCOUNT 19
#define HANGUL_VCOUNT 21
#define HANGUL_TCOUNT 28
#define HANGUL_NCOUNT (HANGUL_VCOUNT * HANGUL_TCOUNT)
#define HANGUL_SCOUNT (HANGUL_LCOUNT * HANGUL_NCOUNT)

static const struct nfc_decomp *find_decomp(uint32_t cp)
{
	size_t lo = 0, hi = nfc_decomps_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (nfc_decomps[mid].cp == cp)
			return &nfc_decomps[mid];
		if (nfc_decomps[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int combining_class(uint32_t cp)
{
	if (cp < 0x300)
		return 0;
	size_t lo = 0, hi = nfc_cccs_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < nfc_cccs[mid].lo)
			hi = mid;
		else if (cp > nfc_cccs[mid].hi)
			lo = mid + 1;
		else
			return nfc_cccs[mid].ccc;
	}
	return 0;
}

/* The composite of first and second, or 0. */
static uint32_t compose_pair(uint32_t first, uint32_t second)
{
	if (first >= HANGUL_L && first < HANGUL_L + HANGUL_LCOUNT && second >= HANGUL_V &&
	    second < HANGUL_V + HANGUL_VCOUNT)
		return HANGUL_S +
		       ((first - HANGUL_L) * HANGUL_VCOUNT + (second - HANGUL_V)) * HANGUL_TCOUNT;
	if (first >= HANGUL_S && first < HANGUL_S + HANGUL_SCOUNT &&
	    (first - HANGUL_S) % HANGUL_TCOUNT == 0 && second > HANGUL_T &&
	    second < HANGUL_T + HANGUL_TCOUNT)
		return first + (second - HANGUL_T);
	size_t lo = 0, hi = nfc_comps_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct nfc_comp *c = &nfc_comps[mid];
		if (c->first == first && c->second == second)
			return c->composite;
		if (c->first < first || (c->first == first && c->second < second))
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Code points, growing. */
struct cps {
	uint32_t *v;
	size_t n, cap;
};

static void cps_add(struct cps *c, uint32_t cp)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->v = xreallocarray(c->v, c->cap, sizeof *c->v);
	}
	c->v[c->n++] = cp;
}

static void decompose(struct cps *out, uint32_t cp)
{
	if (cp >= HANGUL_S && cp < HANGUL_S + HANGUL_SCOUNT) {
		uint32_t s = cp - HANGUL_S;
		cps_add(out, HANGUL_L + s / HANGUL_NCOUNT);
		cps_add(out, HANGUL_V + (s % HANGUL_NCOUNT) / HANGUL_TCOUNT);
		if (s % HANGUL_TCOUNT != 0)
			cps_add(out, HANGUL_T + s % HANGUL_TCOUNT);
		return;
	}
	const struct nfc_decomp *d = cp < 0xC0 ? NULL : find_decomp(cp);
	if (d == NULL) {
		cps_add(out, cp);
		return;
	}
	for (size_t i = 0; i < d->len; i++)
		cps_add(out, nfc_decomp_cps[d->start + i]);
}

char *text_nfc(const char *s)
{
	size_t len = strlen(s);
	if (!utf8_valid(s, len, NULL))
		return xstrdup(s);
	/* Fast path: ASCII is its own NFC. */
	size_t i = 0;
	while (i < len && (unsigned char)s[i] < 0x80)
		i++;
	if (i == len)
		return xstrdup(s);

	struct cps c = {0};
	for (i = 0; i < len;) {
		uint32_t cp;
		i += (size_t)utf8_decode(s + i, len - i, &cp);
		decompose(&c, cp);
	}
	/* Canonical order: a stable sort of each run of marks by class. */
	for (size_t k = 1; k < c.n; k++) {
		int cc = combining_class(c.v[k]);
		if (cc == 0)
			continue;
		for (size_t j = k; j > 0; j--) {
			int prev = combining_class(c.v[j - 1]);
			if (prev <= cc)
				break;
			uint32_t t = c.v[j];
			c.v[j] = c.v[j - 1];
			c.v[j - 1] = t;
		}
	}
	/* Canonical composition (UAX #15): each character joins the last
	 * starter when no character between them blocks it. */
	size_t n = 0;
	if (c.n > 0) {
		size_t starter = 0;
		int last_cc = combining_class(c.v[0]) == 0 ? 0 : 256;
		n = 1;
		for (size_t k = 1; k < c.n; k++) {
			uint32_t cp = c.v[k];
			int cc = combining_class(cp);
			uint32_t composite = last_cc == 256 ? 0 : compose_pair(c.v[starter], cp);
			if (composite != 0 && (last_cc < cc || last_cc == 0)) {
				c.v[starter] = composite;
				continue;
			}
			if (cc == 0)
				starter = n;
			last_cc = cc;
			c.v[n++] = cp;
		}
	}
	struct buf b = BUF_INIT;
	for (size_t k = 0; k < n; k++) {
		char enc[4];
		buf_add(&b, enc, (size_t)utf8_encode(c.v[k], enc));
	}
	free(c.v);
	return buf_steal(&b);
}

bool cp_format(uint32_t cp)
{
	if (cp < 0xAD)
		return false;
	size_t lo = 0, hi = nfc_format_chars_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < nfc_format_chars[mid].lo)
			hi = mid;
		else if (cp > nfc_format_chars[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

bool cp_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
	       cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 ||
	       cp == 0x3164 || cp == 0x115F || cp == 0x1160 || cp == 0xFFA0;
}

char *text_name(const char *s)
{
	size_t len = strlen(s);
	if (!utf8_valid(s, len, NULL))
		return xstrdup(s);
	/* Invisible format characters go: "中秋" and "中\u200B秋" are one name.
	 * Bidi controls are format characters too, but they are unsafe: they
	 * stay, for the checks that refuse them. */
	struct buf kept = BUF_INIT;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (!cp_format(cp) || cp_unsafe(cp))
			buf_add(&kept, s + i, (size_t)n);
		i += (size_t)n;
	}
	char *nfc = text_nfc(buf_str(&kept));
	buf_finish(&kept);
	/* Spaces of any kind at either end go. */
	size_t nlen = strlen(nfc), start = 0, end = nlen;
	while (start < end) {
		uint32_t cp;
		int n = utf8_decode(nfc + start, end - start, &cp);
		if (!cp_space(cp))
			break;
		start += (size_t)n;
	}
	while (end > start) {
		size_t k = end - 1;
		while (k > start && ((unsigned char)nfc[k] & 0xC0) == 0x80)
			k--;
		uint32_t cp;
		utf8_decode(nfc + k, end - k, &cp);
		if (!cp_space(cp))
			break;
		end = k;
	}
	char *out = xstrndup(nfc + start, end - start);
	free(nfc);
	return out;
}
