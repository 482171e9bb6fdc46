/* Search keys: what `list --search` and the browser's search match against.
 *
 * At import, each product gets one key string built from its name, its
 * enterprise's names, spec and tags (search_keys_build). At query time the
 * user's text is compiled once (search_query_new) and matched against many keys.
 *
 * A query is split at white space into terms; a product matches when every
 * term matches. A term matches when, after folding (ASCII case, full-width to
 * half-width, traditional to simplified), it is
 *   - a substring of the folded text ("紫陽" finds 紫阳, "Se" finds "富硒SE"), or
 *   - (letters and digits, at least one letter) a substring of the pinyin initials, the 助记码
 *     ("zyfxc" finds 紫阳富硒茶), or
 *   - (letters only) a run of full pinyin that starts at a syllable
 *     ("cuifeng" finds 翠峰, "yangfu" finds 紫阳富硒茶, "uifeng" finds nothing).
 */
#ifndef AIX_SEARCHKEY_H
#define AIX_SEARCHKEY_H

#include <stdbool.h>
#include <stddef.h>

/* Bumped whenever search_fold, search_sort_key or search_keys_build give
 * other results: keys stored by an older version are then rebuilt. */
#define SEARCH_KEYS_VERSION 3

/* Folds s for search: ASCII upper to lower case, full-width forms U+FF01-FF5E
 * to ASCII, U+3000 to a space, traditional hanzi to simplified; invalid UTF-8
 * and unsafe characters are dropped. Caller frees. */
char *search_fold(const char *s);

/* Builds the key string of a product from its texts, a NULL-terminated array
 * (pass "" for a text that is missing), e.g.
 * search_keys_build((const char *[]){name, enterprise, spec, NULL}). The layout
 * is private to searchkey.c; store it as it is. Caller frees. */
char *search_keys_build(const char *const *texts);

/* A key that sorts texts the way a Chinese reader expects (by pinyin): each
 * hanzi becomes its pinyin syllable followed by a space, other text is folded as
 * in search_fold. strcmp on two keys orders 白茶 < 翠峰 < 紫阳. Caller frees. */
char *search_sort_key(const char *s);

struct search_query;

/* Compiles a query; NULL or blank text gives a query that matches everything.
 * Never returns NULL. */
struct search_query *search_query_new(const char *text);
bool search_query_match(const struct search_query *q, const char *keys);
/* The number of terms (words) of the query. */
size_t search_query_terms(const struct search_query *q);
/* A key string cut into its sections, to match many terms against it
 * without cutting it again (the cutting is a third of a search's time). */
struct search_keys_parts {
	const char *folded, *pinyin, *initials;
	size_t folded_len, pinyin_len, initials_len;
};
void search_keys_split(const char *keys, struct search_keys_parts *out);
/* True when the query's term number term (from 0) matches the keys. A
 * product whose texts are in two key strings (its own, its enterprise's)
 * matches the query when each term matches one of them: the same answer as
 * search_query_match on search_keys_join of the two. */
bool search_query_term_match(const struct search_query *q, size_t term,
                             const struct search_keys_parts *keys);
/* The key string of the texts of a and of b together (two strings
 * search_keys_build made), as if built from both lists of texts. Caller frees. */
char *search_keys_join(const char *a, const char *b);
/* How a product matches a query, for listing the best first when no sort is
 * chosen: each term by the product's name, else its enterprise's names, else
 * its category, else another text (spec, tags); the product by its worst term. */
enum {
	SEARCH_RANK_NAME,
	SEARCH_RANK_ENTERPRISE,
	SEARCH_RANK_CATEGORY,
	SEARCH_RANK_OTHER,
};
/* The rank of a product whose own texts (search_keys_build of its name, spec,
 * category name, tags: in that order, "" for one it lacks) are in own and
 * whose enterprise's are in ent (NULL: none). */
unsigned search_query_rank(const struct search_query *q, const struct search_keys_parts *own,
                           const struct search_keys_parts *ent);
/* The rank of one term (from 0): the same answer, term by term. */
unsigned search_query_term_rank(const struct search_query *q, size_t term,
                                const struct search_keys_parts *own,
                                const struct search_keys_parts *ent);
/* The sections of text number n (from 0) of keys k: empty past the last. */
void search_keys_text(const struct search_keys_parts *k, size_t n, struct search_keys_parts *out);
/* The same for a key string search_keys_join made of the two. */
unsigned search_query_rank_joined(const struct search_query *q, const char *keys);
/* True when the query has no terms (matches everything). */
bool search_query_empty(const struct search_query *q);
void search_query_free(struct search_query *q);

#endif
