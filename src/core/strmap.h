/* A map from strings to indices (size_t): open addressing with linear
 * probing, for the registries that check a name is unique or find the row a
 * key stands for. The map copies its keys; values are the caller's (usually
 * an index into an array the caller keeps). */
#ifndef AIX_STRMAP_H
#define AIX_STRMAP_H

#include <stddef.h>
#include <stdint.h>

/* What strmap_get gives for a key that is not there. */
#define STRMAP_NONE SIZE_MAX

struct strmap {
	char **keys;    /* cap slots, NULL where empty */
	size_t *values; /* beside keys */
	size_t cap;     /* a power of two, or 0 */
	size_t count;   /* keys held */
};

/* An empty map needs no set-up: a zeroed struct strmap is one. */

/* The value of key, or STRMAP_NONE. */
size_t strmap_get(const struct strmap *m, const char *key);

/* Gives key the value (adding key when it is new); returns the value key had,
 * or STRMAP_NONE when it is new. value must not be STRMAP_NONE. */
size_t strmap_put(struct strmap *m, const char *key, size_t value);

/* Frees the keys and the slots; the map is empty again. */
void strmap_finish(struct strmap *m);

#endif
