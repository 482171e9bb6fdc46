/* The search index: the search keys of every item, and what the filter
 * panel counts by, held in memory by the browser, so that a search and the
 * panel's counts never scan the items table.
 *
 * The import writes it as one blob, cut into parts of about 1 MiB (table
 * search_index, parts 1, 2, 3...), in the same transaction as the items, so
 * it always agrees with them. Each item's key string holds its own texts
 * (name, spec, category, tags); its enterprise's names, which every full key
 * repeats, are kept once per enterprise: 30 MB for 200,000 products, where
 * the full keys take 39 MB, and a term's verdict on an enterprise is worked
 * out once per search.
 *
 * The blob (the parts one after the other), all numbers 32-bit little-endian:
 *   "aixidx2" and a 0 byte; the number of categories C; of enterprises E;
 *   of items N;
 *   C category ids, each ended by a 0 byte, in the catalogue's order;
 *   E times: the enterprise's kinds and platforms (bits), edition (0 for
 *   none), township code (low, then high 32 bits), its key string and a 0
 *   byte;
 *   N times: the item's enterprise (0 to E-1), category (0 to C-1), its key
 *   string and a 0 byte, for the positions 1 to N in order.
 * The file may be damaged or made by someone else: loading checks every
 * bound and refuses what does not hold. */
#include "store/store-internal.h"

#include "core/buf.h"
#include "core/searchkey.h"
#include "core/xalloc.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static const char index_magic[8] = "aixidx2";

/* An item: its own key string, cut into its sections once at load, in 16
 * bytes where the pointers and lengths would take 48. */
struct index_item {
	uint32_t at;             /* where its key string starts in blob */
	uint32_t ent;            /* its enterprise */
	uint16_t folded, pinyin; /* the sections' lengths in bytes... */
	uint16_t initials;       /* ...or LONG_KEY: cut again when matched */
	uint16_t category;       /* its category */
};
#define LONG_KEY UINT16_MAX

struct index_enterprise {
	struct search_keys_parts keys; /* inside blob */
	int64_t township;
	uint32_t kinds, platforms, edition;
};

struct store_search_index {
	char *blob;                   /* the blob as read, with a 0 byte after it */
	const char **category;        /* the category ids, inside blob */
	uint32_t ncat;                /* categories */
	struct index_enterprise *ent; /* enterprises */
	uint32_t nent;
	struct index_item *items; /* each item, by position - 1 */
	uint32_t nitems;          /* items: positions 1 to nitems */
};

static void put_u32(struct buf *b, uint32_t v)
{
	unsigned char le[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
	                       (unsigned char)(v >> 24)};
	buf_add(b, le, sizeof le);
}

/* Parts of about this size: the import never holds the whole index (30 MB
 * at 200,000 products, and SQLite would copy a row that size again). */
#define INDEX_PART_BYTES (1u << 20)

/* Writes what is pending as the next part. */
static void flush_part(struct search_index_writer *w)
{
	if (w->rc != SQLITE_OK || w->pending.len == 0)
		return;
	w->rc = sqlite3_bind_int64(w->insert, 1, ++w->part);
	if (w->rc == SQLITE_OK)
		w->rc = sqlite3_bind_blob64(w->insert, 2, w->pending.data,
		                            (sqlite3_uint64)w->pending.len, SQLITE_STATIC);
	if (w->rc == SQLITE_OK)
		w->rc = sqlite3_step(w->insert);
	if (w->rc == SQLITE_DONE)
		w->rc = sqlite3_reset(w->insert);
	w->pending.len = 0;
}

int search_index_begin(struct search_index_writer *w, struct sqlite3 *db, size_t ncat, size_t nent,
                       size_t nitems)
{
	memset(w, 0, sizeof *w);
	w->rc = sqlite3_prepare_v2(db, "INSERT INTO search_index (part, data) VALUES (?1, ?2)", -1,
	                           &w->insert, NULL);
	buf_add(&w->pending, index_magic, sizeof index_magic);
	put_u32(&w->pending, (uint32_t)ncat);
	put_u32(&w->pending, (uint32_t)nent);
	put_u32(&w->pending, (uint32_t)nitems);
	return w->rc;
}

void search_index_add_category(struct search_index_writer *w, const char *id)
{
	buf_add(&w->pending, id, strlen(id) + 1);
}

void search_index_add_enterprise(struct search_index_writer *w, const struct cat_enterprise *ent,
                                 const char *keys)
{
	put_u32(&w->pending, ent->kinds);
	put_u32(&w->pending, ent->platforms);
	put_u32(&w->pending, ent->edition > 0 ? (uint32_t)ent->edition : 0);
	put_u32(&w->pending, (uint32_t)((uint64_t)ent->township & UINT32_MAX));
	put_u32(&w->pending, (uint32_t)((uint64_t)ent->township >> 32));
	buf_add(&w->pending, keys, strlen(keys) + 1);
	if (w->pending.len >= INDEX_PART_BYTES)
		flush_part(w);
}

void search_index_add_item(struct search_index_writer *w, size_t ent, size_t category,
                           const char *keys)
{
	put_u32(&w->pending, (uint32_t)ent);
	put_u32(&w->pending, (uint32_t)category);
	buf_add(&w->pending, keys, strlen(keys) + 1);
	if (w->pending.len >= INDEX_PART_BYTES)
		flush_part(w);
}

int search_index_finish(struct search_index_writer *w)
{
	flush_part(w);
	sqlite3_finalize(w->insert);
	buf_finish(&w->pending);
	return w->rc;
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
	    !get_u32(blob, len, &at, &idx->ncat) || !get_u32(blob, len, &at, &idx->nent) ||
	    !get_u32(blob, len, &at, &idx->nitems))
		return false;
	/* Every entry takes a few bytes at least: counts beyond the blob are
	 * lies. Categories must fit an item's 16 bits. */
	if (idx->ncat > len - at || idx->ncat > UINT16_MAX || idx->nent > (len - at) / 21 ||
	    idx->nitems > (len - at) / 9)
		return false;
	idx->category = xreallocarray(NULL, idx->ncat ? idx->ncat : 1, sizeof *idx->category);
	idx->ent = xreallocarray(NULL, idx->nent ? idx->nent : 1, sizeof *idx->ent);
	idx->items = xreallocarray(NULL, idx->nitems ? idx->nitems : 1, sizeof *idx->items);
	for (uint32_t i = 0; i < idx->ncat; i++)
		if ((idx->category[i] = get_string(blob, len, &at)) == NULL)
			return false;
	for (uint32_t i = 0; i < idx->nent; i++) {
		struct index_enterprise *e = &idx->ent[i];
		uint32_t lo, hi;
		const char *keys;
		if (!get_u32(blob, len, &at, &e->kinds) ||
		    !get_u32(blob, len, &at, &e->platforms) ||
		    !get_u32(blob, len, &at, &e->edition) || !get_u32(blob, len, &at, &lo) ||
		    !get_u32(blob, len, &at, &hi) || (keys = get_string(blob, len, &at)) == NULL)
			return false;
		e->township = (int64_t)((uint64_t)hi << 32 | lo);
		search_keys_split(keys, &e->keys);
	}
	for (uint32_t i = 0; i < idx->nitems; i++) {
		struct index_item *it = &idx->items[i];
		uint32_t category;
		const char *keys;
		if (!get_u32(blob, len, &at, &it->ent) || it->ent >= idx->nent ||
		    !get_u32(blob, len, &at, &category) || category >= idx->ncat ||
		    (keys = get_string(blob, len, &at)) == NULL)
			return false;
		it->category = (uint16_t)category;
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
	free(idx->category);
	free(idx->ent);
	free(idx->items);
	free(idx);
}

/* Reads the parts, in order, into idx->blob; *len gets the bytes. An SQLite
 * result code; SQLITE_DONE when there are no parts or they do not follow on
 * (1, 2, 3...). */
static int read_parts(sqlite3 *db, struct store_search_index *idx, size_t *len)
{
	sqlite3_stmt *stmt = NULL;
	/* length() of a blob reads its size, not its bytes. */
	int rc = sqlite3_prepare_v2(
	    db, "SELECT sum(length(data)), count(*), max(part) FROM search_index", -1, &stmt, NULL);
	int64_t total = 0, count = 0, last = 0;
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		total = sqlite3_column_int64(stmt, 0);
		count = sqlite3_column_int64(stmt, 1);
		last = sqlite3_column_int64(stmt, 2);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_OK)
		return rc;
	if (count == 0 || last != count || total <= 0 || (uint64_t)total >= UINT32_MAX)
		return SQLITE_DONE;
	idx->blob = xmalloc((size_t)total + 1);
	*len = 0;
	rc = sqlite3_prepare_v2(db, "SELECT data FROM search_index ORDER BY part", -1, &stmt, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		const void *data = sqlite3_column_blob(stmt, 0);
		size_t n = (size_t)sqlite3_column_bytes(stmt, 0);
		if (n > (size_t)total - *len) { /* changed meanwhile: not what was counted */
			rc = SQLITE_DONE;
			break;
		}
		if (n > 0)
			memcpy(idx->blob + *len, data, n);
		*len += n;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	idx->blob[*len] = '\0';
	return rc;
}

struct store_search_index *search_index_from_bytes(const void *data, size_t len)
{
	struct store_search_index *idx = xcalloc(1, sizeof *idx);
	idx->blob = xmalloc(len + 1);
	if (len > 0)
		memcpy(idx->blob, data, len);
	idx->blob[len] = '\0';
	if (len >= UINT32_MAX || !parse_index(idx, len)) {
		store_search_index_free(idx);
		return NULL;
	}
	return idx;
}

int store_search_index_load(struct store *st, struct store_search_index **out, char **cause)
{
	sqlite3 *db = store_db(st);
	*out = NULL;
	struct store_search_index *idx = xcalloc(1, sizeof *idx);
	size_t len = 0;
	/* One snapshot for the sizes and the parts, whatever another program
	 * imports meanwhile (when no transaction is open already). */
	bool own_txn =
	    sqlite3_get_autocommit(db) && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
	int rc = read_parts(db, idx, &len);
	if (own_txn)
		(void)sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		const char *path = sqlite3_db_filename(db, "main");
		*cause = store_explain_error(db, path != NULL ? path : "");
		if (*cause == NULL)
			*cause = xasprintf("%s: %s", path != NULL ? path : "", sqlite3_errmsg(db));
		store_search_index_free(idx);
		return -1;
	}
	/* None, or not ours to use: search without it. */
	if (idx->blob == NULL || !parse_index(idx, len)) {
		store_search_index_free(idx);
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
				*v = search_query_term_match(q, t, &idx->ent[ent].keys)
				         ? VERDICT_YES
				         : VERDICT_NO;
			match = *v == VERDICT_YES;
		}
		if (match)
			out->items[out->count++] = pos;
	}
	free(verdict);
	search_query_free(q);
}

/* A position and its rank, sorted by both. */
struct ranked {
	unsigned rank;
	int64_t pos;
};

static int compare_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

void store_rank_sort(const unsigned *rank, struct store_positions *list)
{
	struct ranked *r = xreallocarray(NULL, list->count ? list->count : 1, sizeof *r);
	for (size_t i = 0; i < list->count; i++)
		r[i] = (struct ranked){rank[i], list->items[i]};
	qsort(r, list->count, sizeof *r, compare_ranked);
	for (size_t i = 0; i < list->count; i++)
		list->items[i] = r[i].pos;
	free(r);
}

/* store_rank_sort without a sort: the positions are 1 to nitems, so a mark
 * per position and a pass over them per rank put them in order. Falls back
 * on store_rank_sort for a list that is not one of distinct positions. */
static void rank_sort_positions(const struct store_search_index *idx, const unsigned *rank,
                                struct store_positions *list)
{
	unsigned char *mark = xcalloc((size_t)idx->nitems + 1, 1);
	bool plain = true;
	for (size_t i = 0; plain && i < list->count; i++) {
		int64_t pos = list->items[i];
		plain = pos >= 1 && pos <= (int64_t)idx->nitems && mark[pos] == 0;
		if (plain)
			mark[pos] = (unsigned char)(rank[i] + 1);
	}
	if (!plain) {
		free(mark);
		store_rank_sort(rank, list);
		return;
	}
	size_t n = 0;
	for (unsigned r = SEARCH_RANK_NAME; r <= SEARCH_RANK_OTHER; r++)
		for (uint32_t pos = 1; pos <= idx->nitems; pos++)
			if (mark[pos] == r + 1)
				list->items[n++] = pos;
	free(mark);
}

void store_search_index_rank(const struct store_search_index *idx, const char *search,
                             struct store_positions *list)
{
	struct search_query *q = search_query_new(search);
	size_t nterms = search_query_terms(q);
	unsigned *rank = xreallocarray(NULL, list->count ? list->count : 1, sizeof *rank);
	/* A term's verdict on an enterprise, worked out once (as in narrow). */
	unsigned char *verdict = xcalloc(nterms * idx->nent + 1, 1);
	for (size_t i = 0; i < list->count; i++) {
		int64_t pos = list->items[i];
		rank[i] = SEARCH_RANK_OTHER;
		if (pos < 1 || pos > (int64_t)idx->nitems)
			continue;
		struct search_keys_parts own, text;
		item_parts(idx, (size_t)(pos - 1), &own);
		uint32_t ent = idx->items[pos - 1].ent;
		unsigned worst = SEARCH_RANK_NAME;
		for (size_t t = 0; t < nterms && worst < SEARCH_RANK_OTHER; t++) {
			unsigned r = SEARCH_RANK_NAME;
			search_keys_text(&own, 0, &text);
			if (!search_query_term_match(q, t, &text)) {
				unsigned char *v = &verdict[t * idx->nent + ent];
				if (*v == VERDICT_UNKNOWN)
					*v = search_query_term_match(q, t, &idx->ent[ent].keys)
					         ? VERDICT_YES
					         : VERDICT_NO;
				r = *v == VERDICT_YES ? SEARCH_RANK_ENTERPRISE
				                      : search_query_term_rank(q, t, &own, NULL);
			}
			if (r > worst)
				worst = r;
		}
		rank[i] = worst;
	}
	rank_sort_positions(idx, rank, list);
	free(verdict);
	free(rank);
	search_query_free(q);
}

size_t store_search_index_size(const struct store_search_index *idx)
{
	return idx->nitems;
}

/* ---- Counting ------------------------------------------------------------ */

/* A value of a group and the items that have it. */
struct tally {
	int64_t value;
	int64_t count;
};

static int compare_tallies(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;
	return (x->value > y->value) - (x->value < y->value);
}

/* The tallies of the enterprises' values (townships or editions), summed by
 * value, sorted for find_tally. */
static struct tally *sum_by_value(const struct store_search_index *idx, const int64_t *per_ent,
                                  bool edition, size_t *n)
{
	struct tally *t = xreallocarray(NULL, idx->nent + 1, sizeof *t);
	for (uint32_t e = 0; e < idx->nent; e++) {
		t[e].value = edition ? (int64_t)idx->ent[e].edition : idx->ent[e].township;
		t[e].count = per_ent[e];
	}
	qsort(t, idx->nent, sizeof *t, compare_tallies);
	size_t m = 0;
	for (uint32_t e = 0; e < idx->nent; e++) {
		if (m > 0 && t[m - 1].value == t[e].value)
			t[m - 1].count += t[e].count;
		else
			t[m++] = t[e];
	}
	*n = m;
	return t;
}

static int64_t find_tally(const struct tally *t, size_t n, int64_t value)
{
	struct tally key = {.value = value};
	const struct tally *hit = bsearch(&key, t, n, sizeof *t, compare_tallies);
	return hit != NULL ? hit->count : 0;
}

/* A category's id and its items. */
struct category_tally {
	const char *id;
	int64_t count;
};

static int compare_category_ids(const void *a, const void *b)
{
	return strcmp(((const struct category_tally *)a)->id,
	              ((const struct category_tally *)b)->id);
}

/* Fills the counts of the categories (out's keys are their ids). */
static void count_categories(const struct store_search_index *idx, const int64_t *per_cat,
                             struct store_counts *out)
{
	struct category_tally *t = xreallocarray(NULL, idx->ncat + 1, sizeof *t);
	for (uint32_t c = 0; c < idx->ncat; c++)
		t[c] = (struct category_tally){idx->category[c], per_cat[c]};
	qsort(t, idx->ncat, sizeof *t, compare_category_ids);
	for (size_t i = 0; i < out->count; i++) {
		struct category_tally key = {.id = out->items[i].key};
		const struct category_tally *hit =
		    bsearch(&key, t, idx->ncat, sizeof *t, compare_category_ids);
		out->items[i].count = hit != NULL ? hit->count : 0;
	}
	free(t);
}

int store_search_index_count(struct store *st, const struct store_search_index *idx,
                             const struct store_positions *within, enum store_group group,
                             struct store_counts *out, char **cause)
{
	if (store_group_values(st, group, out, cause) != 0)
		return -1;
	int64_t *per_ent = xcalloc(idx->nent + 1, sizeof *per_ent);
	int64_t *per_cat = xcalloc(idx->ncat + 1, sizeof *per_cat);
	for (size_t i = 0; i < within->count; i++) {
		int64_t pos = within->items[i];
		if (pos < 1 || pos > (int64_t)idx->nitems)
			continue;
		const struct index_item *it = &idx->items[pos - 1];
		per_ent[it->ent]++;
		per_cat[it->category]++;
	}
	switch (group) {
	case STORE_GROUP_CATEGORY:
		count_categories(idx, per_cat, out);
		break;
	case STORE_GROUP_TOWNSHIP:
	case STORE_GROUP_EDITION: {
		size_t n;
		struct tally *t = sum_by_value(idx, per_ent, group == STORE_GROUP_EDITION, &n);
		/* The keys are the codes and numbers as decimal text. */
		for (size_t i = 0; i < out->count; i++)
			out->items[i].count =
			    find_tally(t, n, strtoll(out->items[i].key, NULL, 10));
		free(t);
		break;
	}
	case STORE_GROUP_KIND:
	case STORE_GROUP_PLATFORM:
		/* The values are the bits from the lowest, in order. */
		for (uint32_t e = 0; e < idx->nent; e++) {
			uint32_t bits =
			    group == STORE_GROUP_KIND ? idx->ent[e].kinds : idx->ent[e].platforms;
			for (size_t i = 0; i < out->count && i < 32; i++)
				if (bits & (UINT32_C(1) << i))
					out->items[i].count += per_ent[e];
		}
		break;
	}
	free(per_ent);
	free(per_cat);
	return 0;
}
