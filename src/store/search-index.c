/* The search index: the search keys of every item, held in memory by the
 * browser, so that a search never scans the items table.
 *
 * The import writes it as one blob (table search_index, rowid 1) in the same
 * transaction as the items, so it always agrees with them. Each item's key
 * string holds its own texts (name, spec, category, tags); its enterprise's
 * names, the half of every full key that repeats, are kept once per
 * enterprise. With 200,000 products that is 20 MB instead of 39 MB, and a
 * term's verdict on an enterprise is worked out once per search.
 *
 * The blob, all numbers 32-bit little-endian:
 *   "aixidx1" and a 0 byte; the number of enterprises E; of items N;
 *   E key strings, each ended by a 0 byte;
 *   N times: the item's enterprise (0 to E-1), its key string and a 0 byte,
 *   for the positions 1 to N in order.
 * The file may be damaged or made by someone else: loading checks every
 * bound and refuses what does not hold. */
#include "store/store-internal.h"

#include "core/buf.h"
#include "core/searchkey.h"
#include "core/xalloc.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const char index_magic[8] = "aixidx1";

/* An item's own key string, cut into its sections once at load: 12 bytes
 * an item where the pointers and lengths would take 48. */
struct index_item {
	uint32_t at;             /* where its key string starts in blob */
	uint32_t ent;            /* its enterprise */
	uint16_t folded, pinyin; /* the sections' lengths in bytes... */
	uint16_t initials;       /* ...or LONG_KEY: cut again when matched */
};
#define LONG_KEY UINT16_MAX

struct store_search_index {
	char *blob;                    /* the blob as read, with a 0 byte after it */
	struct search_keys_parts *ent; /* each enterprise's key string, inside blob */
	uint32_t nent;                 /* enterprises */
	struct index_item *items;      /* each item, by position - 1 */
	uint32_t nitems;               /* items: positions 1 to nitems */
};

static void put_u32(struct buf *b, uint32_t v)
{
	unsigned char le[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
	                       (unsigned char)(v >> 24)};
	buf_add(b, le, sizeof le);
}

void search_index_begin(struct buf *b, size_t nent, size_t nitems)
{
	buf_add(b, index_magic, sizeof index_magic);
	put_u32(b, (uint32_t)nent);
	put_u32(b, (uint32_t)nitems);
}

void search_index_add_enterprise(struct buf *b, const char *keys)
{
	buf_add(b, keys, strlen(keys) + 1);
}

void search_index_add_item(struct buf *b, size_t ent, const char *keys)
{
	put_u32(b, (uint32_t)ent);
	buf_add(b, keys, strlen(keys) + 1);
}

/* Reads a number at *at, within len; false past the end. */
static bool get_u32(const char *blob, size_t len, size_t *at, uint32_t *v)
{
	if (len - *at < 4)
		return false;
	const unsigned char *p = (const unsigned char *)blob + *at;
	*v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	*at += 4;
	return true;
}

/* The string at *at, ended by a 0 byte within len; NULL when none. */
static const char *get_string(const char *blob, size_t len, size_t *at)
{
	const char *s = blob + *at;
	const char *end = memchr(s, '\0', len - *at);
	if (end == NULL)
		return NULL;
	*at = (size_t)(end - blob) + 1;
	return s;
}

/* Fills idx's tables from its blob of len bytes; false when the blob is not
 * one the import writes. */
static bool parse_index(struct store_search_index *idx, size_t len)
{
	const char *blob = idx->blob;
	size_t at = sizeof index_magic;
	if (len < at || memcmp(blob, index_magic, sizeof index_magic) != 0 ||
	    !get_u32(blob, len, &at, &idx->nent) || !get_u32(blob, len, &at, &idx->nitems))
		return false;
	/* Every string takes a byte at least: counts beyond the blob are lies. */
	if (idx->nent > len - at || idx->nitems > (len - at) / 5)
		return false;
	idx->ent = xreallocarray(NULL, idx->nent ? idx->nent : 1, sizeof *idx->ent);
	idx->items = xreallocarray(NULL, idx->nitems ? idx->nitems : 1, sizeof *idx->items);
	for (uint32_t i = 0; i < idx->nent; i++) {
		const char *keys = get_string(blob, len, &at);
		if (keys == NULL)
			return false;
		search_keys_split(keys, &idx->ent[i]);
	}
	for (uint32_t i = 0; i < idx->nitems; i++) {
		struct index_item *it = &idx->items[i];
		const char *keys;
		if (!get_u32(blob, len, &at, &it->ent) || it->ent >= idx->nent ||
		    (keys = get_string(blob, len, &at)) == NULL)
			return false;
		struct search_keys_parts k;
		search_keys_split(keys, &k);
		it->at = (uint32_t)(keys - blob);
		if (k.folded_len < LONG_KEY && k.pinyin_len < LONG_KEY &&
		    k.initials_len < LONG_KEY) {
			it->folded = (uint16_t)k.folded_len;
			it->pinyin = (uint16_t)k.pinyin_len;
			it->initials = (uint16_t)k.initials_len;
		} else {
			it->folded = it->pinyin = it->initials = LONG_KEY;
		}
	}
	return at == len;
}

/* The sections of item k's own keys. */
static void item_parts(const struct store_search_index *idx, size_t k, struct search_keys_parts *p)
{
	const struct index_item *it = &idx->items[k];
	const char *keys = idx->blob + it->at;
	if (it->folded == LONG_KEY) {
		search_keys_split(keys, p);
		return;
	}
	/* The sections follow each other, a separator byte between. */
	p->folded = keys;
	p->folded_len = it->folded;
	p->pinyin = keys + it->folded + 1;
	p->pinyin_len = it->pinyin;
	p->initials = p->pinyin + it->pinyin + 1;
	p->initials_len = it->initials;
}

void store_search_index_free(struct store_search_index *idx)
{
	if (idx == NULL)
		return;
	free(idx->blob);
	free(idx->ent);
	free(idx->items);
	free(idx);
}

int store_search_index_load(struct store *st, struct store_search_index **out, char **cause)
{
	sqlite3 *db = store_db(st);
	const char *path = sqlite3_db_filename(db, "main");
	*out = NULL;
	sqlite3_blob *blob = NULL;
	/* Read straight into our buffer: a SELECT would hold a second copy. */
	int rc = sqlite3_blob_open(db, "main", "search_index", "data", 1, 0, &blob);
	if ((rc & 0xff) == SQLITE_ERROR) { /* no row: a database without the index */
		sqlite3_blob_close(blob);
		return 0;
	}
	struct store_search_index *idx = xcalloc(1, sizeof *idx);
	int len = rc == SQLITE_OK ? sqlite3_blob_bytes(blob) : 0;
	idx->blob = xmalloc((size_t)len + 1);
	if (rc == SQLITE_OK)
		rc = sqlite3_blob_read(blob, idx->blob, len, 0);
	idx->blob[len] = '\0';
	if (rc != SQLITE_OK) {
		*cause = store_explain_error(db, path != NULL ? path : "");
		if (*cause == NULL)
			*cause = xasprintf("%s: %s", path != NULL ? path : "", sqlite3_errmsg(db));
		sqlite3_blob_close(blob);
		store_search_index_free(idx);
		return -1;
	}
	sqlite3_blob_close(blob);
	if (!parse_index(idx, (size_t)len)) {
		store_search_index_free(idx); /* not ours to use: search without it */
		return 0;
	}
	*out = idx;
	return 0;
}

/* A term's verdict on an enterprise, worked out on first need. */
enum { VERDICT_UNKNOWN, VERDICT_NO, VERDICT_YES };

void store_search_index_narrow(const struct store_search_index *idx, const char *search,
                               const struct store_positions *within, struct store_positions *out)
{
	struct search_query *q = search_query_new(search);
	size_t nterms = search_query_terms(q);
	unsigned char *verdict = xcalloc(nterms * idx->nent + 1, 1);
	out->count = 0;
	out->items = xreallocarray(NULL, within->count ? within->count : 1, sizeof *out->items);
	for (size_t i = 0; i < within->count; i++) {
		int64_t pos = within->items[i];
		if (pos < 1 || pos > (int64_t)idx->nitems)
			continue; /* not in this index: not listed */
		size_t k = (size_t)(pos - 1);
		uint32_t ent = idx->items[k].ent;
		struct search_keys_parts own;
		item_parts(idx, k, &own);
		bool match = true;
		for (size_t t = 0; match && t < nterms; t++) {
			if (search_query_term_match(q, t, &own))
				continue;
			unsigned char *v = &verdict[t * idx->nent + ent];
			if (*v == VERDICT_UNKNOWN)
				*v = search_query_term_match(q, t, &idx->ent[ent]) ? VERDICT_YES
				                                                   : VERDICT_NO;
			match = *v == VERDICT_YES;
		}
		if (match)
			out->items[out->count++] = pos;
	}
	free(verdict);
	search_query_free(q);
}

size_t store_search_index_size(const struct store_search_index *idx)
{
	return idx->nitems;
}
