#include "array.h"

#include "xalloc.h"

#include <stdint.h>

void *array_reserve(void *array, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return array;
	size_t c = *cap < 16 ? 16 : *cap;
	while (c < need)
		c = c > SIZE_MAX / 2 ? need : c * 2;
	array = xreallocarray(array, c, size);
	*cap = c;
	return array;
}

void *array_grow_pow2(void *array, size_t n, size_t size)
{
	/* n elements fill a capacity of n exactly when n is 0 or a power of two. */
	if ((n & (n - 1)) == 0)
		array = xreallocarray(array, n ? n * 2 : 1, size);
	return array;
}
