/* Fuzzes the search index's reader (search-index.c): the input is the bytes
 * of an index blob, as a damaged or forged database file could hold them.
 * It is refused or taken; when taken, searching it must hold what the
 * browser relies on:
 *   - a search lists only positions it was given, in their order;
 *   - positions outside the index are never listed (nor read);
 *   - typing on from a search gives what searching everything gives (the
 *     browser narrows the last result instead of starting again). */
#include "fuzz.h"

#include "core/xalloc.h"
#include "store/store-internal.h"

#include <stdlib.h>
#include <string.h>

/* Searches typed one character after the other: each extends the one before. */
static const char *const typed[][3] = {
    {"z", "zy", "zyf"},
    {"茶", "茶 z", "茶 zy"},
    {"c", "cu", "cuifeng"},
    {"a", "a b", "a b c"},
};

/* True when sub lists positions of all, in the same order. */
static bool in_order_within(const struct store_positions *sub, const struct store_positions *all)
{
	size_t j = 0;
	for (size_t i = 0; i < sub->count; i++) {
		while (j < all->count && all->items[j] != sub->items[i])
			j++;
		if (j == all->count)
			return false;
		j++;
	}
	return true;
}

static bool same_list(const struct store_positions *a, const struct store_positions *b)
{
	return a->count == b->count &&
	       (a->count == 0 || memcmp(a->items, b->items, a->count * sizeof *a->items) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct store_search_index *idx = search_index_from_bytes(data, size);
	if (idx == NULL)
		return 0;
	size_t n = store_search_index_size(idx);
	FUZZ_ASSERT(n <= size);
	/* Every position, and some that are not in the index. */
	struct store_positions all = {xreallocarray(NULL, n + 3, sizeof(int64_t)), 0};
	all.items[all.count++] = 0;
	for (size_t p = 1; p <= n; p++)
		all.items[all.count++] = (int64_t)p;
	all.items[all.count++] = (int64_t)n + 1;
	all.items[all.count++] = -7;

	for (size_t t = 0; t < sizeof typed / sizeof typed[0]; t++) {
		struct store_positions last = {0};
		for (size_t k = 0; k < 3; k++) {
			struct store_positions direct, on;
			store_search_index_narrow(idx, typed[t][k], &all, &direct);
			FUZZ_ASSERT(in_order_within(&direct, &all));
			for (size_t i = 0; i < direct.count; i++)
				FUZZ_ASSERT(direct.items[i] >= 1 && direct.items[i] <= (int64_t)n);
			if (k > 0) {
				store_search_index_narrow(idx, typed[t][k], &last, &on);
				FUZZ_ASSERT_TEXT(same_list(&on, &direct), typed[t][k]);
				store_positions_finish(&on);
			}
			store_positions_finish(&last);
			last = direct;
		}
		store_positions_finish(&last);
	}
	/* No search at all lists every position of the index. */
	struct store_positions everything;
	store_search_index_narrow(idx, "", &all, &everything);
	FUZZ_ASSERT(everything.count == n);
	store_positions_finish(&everything);
	store_positions_finish(&all);
	store_search_index_free(idx);
	return 0;
}
