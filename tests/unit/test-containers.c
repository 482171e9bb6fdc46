/* Tests of the core containers: growable arrays (array.h) and the string map
 * (strmap.h). */
#include "check.h"

#include "core/array.h"
#include "core/strmap.h"
#include "core/xalloc.h"

#include <stdlib.h>

static void test_push_keeps_every_element(void)
{
	int *a = NULL;
	size_t n = 0, cap = 0;
	for (int i = 0; i < 1000; i++) {
		int *slot = ARRAY_PUSH(a, n, cap);
		CHECK_INT(*slot, 0); /* zeroed */
		*slot = i * 3;
	}
	CHECK_INT(n, 1000);
	CHECK(cap >= n);
	CHECK_INT(cap, 1024); /* 16 doubled six times */
	int bad = 0;
	for (int i = 0; i < 1000; i++)
		bad += a[i] != i * 3;
	CHECK_INT(bad, 0);
	free(a);
}

static void test_reserve(void)
{
	char *a = NULL;
	size_t cap = 0;
	ARRAY_RESERVE(a, cap, 3);
	CHECK_INT(cap, 16);
	char *before = a;
	ARRAY_RESERVE(a, cap, 16); /* fits: neither moves nor grows */
	CHECK(a == before);
	CHECK_INT(cap, 16);
	ARRAY_RESERVE(a, cap, 100); /* doubles until it fits */
	CHECK_INT(cap, 128);
	memset(a, 'x', 100);
	free(a);
}

static void test_push_pow2(void)
{
	struct pair {
		int a, b;
	} *p = NULL;
	size_t n = 0;
	for (int i = 0; i < 77; i++) {
		struct pair *e = ARRAY_PUSH_POW2(p, n);
		CHECK_INT(e->a + e->b, 0);
		e->a = i;
		e->b = -i;
	}
	CHECK_INT(n, 77);
	int bad = 0;
	for (int i = 0; i < 77; i++)
		bad += p[i].a != i || p[i].b != -i;
	CHECK_INT(bad, 0);
	free(p);
}

static void test_strmap(void)
{
	struct strmap m = {0};
	CHECK(strmap_get(&m, "absent") == STRMAP_NONE); /* an empty map has no slots */
	CHECK(strmap_put(&m, "紫阳富硒茶", 7) == STRMAP_NONE);
	CHECK_INT(strmap_get(&m, "紫阳富硒茶"), 7);
	CHECK_INT(strmap_put(&m, "紫阳富硒茶", 8), 7); /* the old value */
	CHECK_INT(strmap_get(&m, "紫阳富硒茶"), 8);
	CHECK_INT(m.count, 1);
	CHECK(strmap_get(&m, "紫阳") == STRMAP_NONE);
	CHECK(strmap_get(&m, "") == STRMAP_NONE);

	/* Enough keys to grow it several times; every one keeps its value. */
	for (size_t i = 0; i < 5000; i++) {
		char *k = xasprintf("key-%zu", i);
		strmap_put(&m, k, i);
		free(k);
	}
	CHECK_INT(m.count, 5001);
	CHECK(2 * m.count <= m.cap);
	size_t bad = 0;
	for (size_t i = 0; i < 5000; i++) {
		char *k = xasprintf("key-%zu", i);
		bad += strmap_get(&m, k) != i;
		free(k);
	}
	CHECK_INT(bad, 0);
	CHECK_INT(strmap_get(&m, "紫阳富硒茶"), 8);
	CHECK(strmap_get(&m, "key-5000") == STRMAP_NONE);

	/* The map copies its keys. */
	char key[] = "mutable";
	strmap_put(&m, key, 1);
	key[0] = 'M';
	CHECK_INT(strmap_get(&m, "mutable"), 1);
	CHECK(strmap_get(&m, key) == STRMAP_NONE);

	strmap_finish(&m);
	CHECK_INT(m.count, 0);
	CHECK(strmap_get(&m, "mutable") == STRMAP_NONE);
	CHECK(strmap_put(&m, "again", 2) == STRMAP_NONE); /* usable after finish */
	strmap_finish(&m);
}

int main(void)
{
	test_push_keeps_every_element();
	test_reserve();
	test_push_pow2();
	test_strmap();
	return check_done();
}
