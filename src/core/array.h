/* Growable arrays: one way to make room, instead of a capacity doubling
 * written out at every array. An array is a pointer, its element count and
 * (for ARRAY_RESERVE and ARRAY_PUSH) its capacity, all owned by the caller;
 * the element type comes from the pointer. */
#ifndef AIX_ARRAY_H
#define AIX_ARRAY_H

#include <stddef.h>
#include <string.h>

/* Room for at least need elements of size bytes in array, whose capacity is
 * *cap: when there is too little, the capacity doubles (to at least need and
 * at least 16) and the array moves. Returns the array; the new elements are
 * not initialised. Never fails (xalloc.h). */
void *array_reserve(void *array, size_t *cap, size_t need, size_t size);

/* Room for one more element in an array of n elements whose capacity is kept
 * implicitly: it is the next power of two, so an array that only ever grows
 * by one needs no capacity field. Returns the array. */
void *array_grow_pow2(void *array, size_t n, size_t size);

/* Makes room for need elements in a (capacity cap, a size_t lvalue). */
#define ARRAY_RESERVE(a, cap, need) ((a) = array_reserve((a), &(cap), (need), sizeof *(a)))

/* Appends a zeroed element to a (n elements, capacity cap; both size_t
 * lvalues) and gives its address. */
#define ARRAY_PUSH(a, n, cap)                                                                      \
	(ARRAY_RESERVE(a, cap, (n) + 1), memset(&(a)[(n)], 0, sizeof *(a)), &(a)[(n)++])

/* Appends a zeroed element to a (n elements, no capacity field: see
 * array_grow_pow2) and gives its address. */
#define ARRAY_PUSH_POW2(a, n)                                                                      \
	((a) = array_grow_pow2((a), (n), sizeof *(a)), memset(&(a)[(n)], 0, sizeof *(a)),          \
	 &(a)[(n)++])

#endif
