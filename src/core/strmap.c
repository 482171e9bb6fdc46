#include "strmap.h"

#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a, 64 bits. */
static uint64_t hash(const char *s)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(1099511628211);
	}
	return h;
}

/* The slot of key: where it is, or the empty slot where it would go. cap > 0,
 * and at least one slot is empty. */
static size_t slot(const struct strmap *m, const char *key)
{
	size_t i = (size_t)hash(key) & (m->cap - 1);
	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

size_t strmap_get(const struct strmap *m, const char *key)
{
	if (m->count == 0)
		return STRMAP_NONE;
	size_t i = slot(m, key);
	return m->keys[i] != NULL ? m->values[i] : STRMAP_NONE;
}

/* Doubles the slots when one more key would fill more than half. */
static void make_room(struct strmap *m)
{
	if (2 * (m->count + 1) <= m->cap)
		return;
	struct strmap bigger = {NULL, NULL, m->cap ? m->cap * 2 : 64, m->count};
	bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.values = xcalloc(bigger.cap, sizeof *bigger.values);
	for (size_t i = 0; i < m->cap; i++) {
		if (m->keys[i] == NULL)
			continue;
		size_t j = slot(&bigger, m->keys[i]);
		bigger.keys[j] = m->keys[i];
		bigger.values[j] = m->values[i];
	}
	free(m->keys);
	free(m->values);
	*m = bigger;
}

size_t strmap_put(struct strmap *m, const char *key, size_t value)
{
	make_room(m);
	size_t i = slot(m, key);
	size_t old = STRMAP_NONE;
	if (m->keys[i] == NULL) {
		m->keys[i] = xstrdup(key);
		m->count++;
	} else {
		old = m->values[i];
	}
	m->values[i] = value;
	return old;
}

void strmap_finish(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->values);
	*m = (struct strmap){0};
}
