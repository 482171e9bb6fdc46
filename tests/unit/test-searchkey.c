/* Tests of src/core/searchkey.c: folding, the keys built from a product's
 * texts, queries (full pinyin, initials, folded substrings, AND of terms) and
 * the pinyin sort key. */
#include "check.h"

#include "core/searchkey.h"

#include "core/text.h"
#include "core/unihan.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Keys of the sample products, built as the store will build them. */
static char *tea_keys;     /* 紫阳富硒茶, by 紫阳县科宏茶业有限公司 */
static char *cuifeng_keys; /* 翠峰 (紫阳毛尖), by 陕西茶棒茶科技有限公司 */
static char *konjac_keys;  /* 富硒魔芋粉, by 紫阳县华会实业有限公司 */
static char *trad_keys;    /* written in traditional characters */
static char *se_keys;      /* a name mixing hanzi and ASCII */

static void build_keys(void)
{
	tea_keys = search_keys_build(
	    (const char *[]){"紫阳富硒茶", "紫阳县科宏茶业有限公司", "250克×2罐", NULL});
	cuifeng_keys = search_keys_build(
	    (const char *[]){"紫阳毛尖 翠峰", "陕西茶棒茶科技有限公司", "特级", NULL});
	konjac_keys =
	    search_keys_build((const char *[]){"富硒魔芋粉", "紫阳县华会实业有限公司", NULL});
	trad_keys = search_keys_build((const char *[]){"紫陽富硒茶葉", "紫陽縣茶業", NULL});
	se_keys = search_keys_build((const char *[]){"富硒SE茶 2号", NULL});
}

static void free_keys(void)
{
	free(tea_keys);
	free(cuifeng_keys);
	free(konjac_keys);
	free(trad_keys);
	free(se_keys);
}

static bool matches(const char *query, const char *keys)
{
	struct search_query *q = search_query_new(query);
	bool found = search_query_match(q, keys);

	search_query_free(q);
	return found;
}

static void test_fold(void)
{
	char *s;

	s = search_fold("ZiYang ABC xyz");
	CHECK_STR(s, "ziyang abc xyz");
	free(s);
	s = search_fold("ＺＹＦＸＣ１２３！");
	CHECK_STR(s, "zyfxc123!");
	free(s);
	s = search_fold("紫陽縣\xE3\x80\x80茶葉"); /* U+3000 between */
	CHECK_STR(s, "紫阳县 茶叶");
	free(s);
	s = search_fold("a\x1B[1mb\xE2\x80\xAE"
	                "c\xFF"
	                "d\te");
	CHECK_STR(s, "a[1mbcde");
	free(s);
	s = search_fold("É"); /* only ASCII changes case */
	CHECK_STR(s, "É");
	free(s);
	s = search_fold(NULL);
	CHECK_STR(s, "");
	free(s);
	/* Folding twice changes nothing. */
	char *once = search_fold("紫陽ＳＥ茶葉 ABC");
	char *twice = search_fold(once);
	CHECK_STR(twice, once);
	free(twice);
	free(once);
}

static void test_acceptance(void)
{
	/* The cases of the issue. */
	CHECK(matches("zyfxc", tea_keys));
	CHECK(matches("cuifeng", cuifeng_keys));
	CHECK(matches("紫陽", tea_keys));
	CHECK(matches("ZYFXC", tea_keys));
	CHECK(matches("ｚｙｆｘｃ", tea_keys));
	CHECK(matches("zymj", cuifeng_keys));
	CHECK(!matches("uifeng", cuifeng_keys));
	CHECK(!matches("xyz", tea_keys));
	CHECK(!matches("zyfxc xyz", tea_keys));

	/* Full pinyin: from a syllable start, across syllables, and typed so
	 * far (ending inside a syllable). */
	CHECK(matches("yangfu", tea_keys));
	CHECK(matches("ziyangfuxicha", tea_keys));
	CHECK(matches("cuif", cuifeng_keys));
	CHECK(matches("c", cuifeng_keys));
	CHECK(matches("CuiFeng", cuifeng_keys));
	CHECK(matches("maojiancuifeng", cuifeng_keys)); /* the space is no obstacle */
	CHECK(!matches("angfu", tea_keys));
	CHECK(!matches("cuifengx", cuifeng_keys));
	CHECK(!matches("cuifang", cuifeng_keys));
	CHECK(!matches("fuxichaz", tea_keys));
	CHECK(!matches("ziyangz", tea_keys));

	/* Initials. */
	CHECK(matches("fxc", tea_keys));
	CHECK(matches("mjcf", cuifeng_keys));
	CHECK(matches("khcy", tea_keys)); /* in the enterprise's name */
	CHECK(!matches("zyc", tea_keys));

	/* Folded text. */
	CHECK(matches("富硒", tea_keys));
	CHECK(matches("250克", tea_keys));
	CHECK(matches("科宏", tea_keys));
	CHECK(!matches("富茶", tea_keys));
	CHECK(!matches("翠峰", tea_keys));
	/* A term mixing hanzi and letters is a plain substring. */
	CHECK(matches("富硒se", se_keys));
	CHECK(!matches("紫阳fu", tea_keys));
}

static void test_traditional(void)
{
	/* Traditional text is found by simplified and traditional queries. */
	CHECK(matches("紫阳", trad_keys));
	CHECK(matches("紫陽", trad_keys));
	CHECK(matches("茶叶", trad_keys));
	CHECK(matches("縣", trad_keys));
	CHECK(matches("zyfxcy", trad_keys));
	CHECK(matches("yangxian", trad_keys));
	/* Traditional query, simplified text. */
	CHECK(matches("紫陽縣", tea_keys));
	CHECK(!matches("茶葉", tea_keys));
}

static void test_ascii(void)
{
	CHECK(matches("se", se_keys));
	CHECK(matches("Se", se_keys));
	CHECK(matches("SE", se_keys));
	CHECK(matches("ＳＥ", se_keys));
	CHECK(matches("xise", se_keys)); /* pinyin runs on into the ASCII word */
	CHECK(matches("secha", se_keys));
	CHECK(matches("fxsec", se_keys)); /* ASCII words stay whole in the initials */
	CHECK(matches("sec2h", se_keys)); /* digits are kept in the initials */
	CHECK(!matches("ex", se_keys));
	CHECK(matches("2号", se_keys));
}

static void test_terms(void)
{
	/* Terms are ANDed, and each may match a different text. */
	CHECK(matches("魔芋 华会", konjac_keys));
	CHECK(matches("moyu huahui", konjac_keys));
	CHECK(matches("fxmy hhsy", konjac_keys));
	CHECK(matches("  魔芋\t\xE3\x80\x80 zy  ", konjac_keys));
	CHECK(!matches("魔芋 科宏", konjac_keys));
	CHECK(!matches("moyu kehong", konjac_keys));
	/* A term never runs from one text into the next. */
	CHECK(!matches("fenzi", konjac_keys)); /* 粉 | 紫 */
	CHECK(!matches("fz", konjac_keys));
	CHECK(!matches("粉紫", konjac_keys));
	CHECK(matches("fen", konjac_keys));
	CHECK(matches("ziyang", konjac_keys));

	/* Blank queries match everything. */
	static const char *const blank[] = {NULL, "", "   ", "\t\n", "\xE3\x80\x80", "\x1B"};
	for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++) {
		struct search_query *q = search_query_new(blank[i]);
		CHECK(q != NULL);
		CHECK(search_query_empty(q));
		CHECK(search_query_match(q, tea_keys));
		CHECK(search_query_match(q, ""));
		search_query_free(q);
	}
	struct search_query *q = search_query_new("zy");
	CHECK(!search_query_empty(q));
	CHECK(!search_query_match(q, ""));
	search_query_free(q);
	search_query_free(NULL);

	/* Keys of a product without texts match only blank queries. */
	char *none = search_keys_build((const char *[]){NULL});
	CHECK(!matches("a", none));
	CHECK(matches("", none));
	free(none);
}

static void test_no_reading(void)
{
	/* U+3402 has no Mandarin reading: only the folded text holds it; the
	 * pinyin and the initials skip it. */
	char *keys = search_keys_build((const char *[]){"紫\xE3\x90\x82阳", NULL});

	CHECK(matches("\xE3\x90\x82", keys));
	CHECK(matches("紫\xE3\x90\x82", keys));
	CHECK(matches("zy", keys));
	CHECK(matches("ziyang", keys));
	CHECK(!matches("紫阳", keys));
	free(keys);
}

/* True when the sort key of a orders strictly before that of b. */
static bool sorts_before(const char *a, const char *b)
{
	char *ka = search_sort_key(a), *kb = search_sort_key(b);
	bool before = strcmp(ka, kb) < 0;

	free(ka);
	free(kb);
	return before;
}

static void test_sort_key(void)
{
	char *k = search_sort_key("紫阳");
	CHECK_STR(k, "zi0 yang0 ");
	free(k);
	k = search_sort_key("紫陽");
	CHECK_STR(k, "zi0 yang0 ");
	free(k);
	k = search_sort_key("ＳＥ茶 2号");
	CHECK_STR(k, "secha0  2hao0 ");
	free(k);

	CHECK(sorts_before("白茶", "翠峰"));
	CHECK(sorts_before("翠峰", "紫阳"));
	CHECK(sorts_before("白茶", "紫阳"));
	CHECK(!sorts_before("紫阳", "白茶"));
	/* ASCII text sorts among the hanzi by its letters, whatever the case. */
	CHECK(sorts_before("Apple", "白茶"));
	CHECK(sorts_before("bag", "白茶")); /* bag < bai */
	CHECK(sorts_before("白茶", "Cake"));
	CHECK(sorts_before("Cake", "翠峰"));
	CHECK(sorts_before("翠峰", "Zebra"));
	CHECK(sorts_before("Zebra", "紫阳")); /* zebra < zi */
	CHECK(sorts_before("apple", "Banana"));
	CHECK(sorts_before("Apple", "banana"));
	/* A shorter syllable first: 西安 (xi an) before 先 (xian). */
	CHECK(sorts_before("西安", "先"));

	/* 现代汉语词典's order: ü compares as u, syllable by syllable, and only
	 * on a tie does u come before ü: lu, lü, luan, lüe, lun, luo. */
	const char *dictionary[] = {"路", "绿", "卵", "略", "论", "萝"};
	for (size_t i = 0; i + 1 < sizeof dictionary / sizeof dictionary[0]; i++)
		CHECK(sorts_before(dictionary[i], dictionary[i + 1]));
	CHECK(sorts_before("绿茶", "萝卜")); /* lü < luo at the first syllable */
	CHECK(sorts_before("路口", "绿茶")); /* lu < lü at the first syllable */
	CHECK(sorts_before("女儿", "暖气")); /* nü < nuan */
	/* Punctuation counts for nothing: under b, not after z. */
	CHECK(sorts_before("“百元爱心购”富硒礼包", "白茶") ==
	      sorts_before("百元爱心购富硒礼包", "白茶"));
	CHECK(sorts_before("“百元爱心购”富硒礼包", "翠峰"));
	CHECK(sorts_before("紫阳·翠芽", "紫阳毛尖"));
	k = search_sort_key("“百元”·礼包！");
	CHECK_STR(k, "bai0 yuan0 li0 bao0 ");
	free(k);
	/* Full-width brackets keep their place (before the letters, as "("). */
	k = search_sort_key("（礼盒）翠峰");
	CHECK_STR(k, "(li0 he0 )cui0 feng0 ");
	free(k);
	/* The reading in context (Rime's words): 银行 yin hang, 长城 chang cheng,
	 * 重庆 chong qing; alone, the most frequent reading. */
	k = search_sort_key("银行");
	CHECK_STR(k, "yin0 hang0 ");
	free(k);
	k = search_sort_key("重庆");
	CHECK_STR(k, "chong0 qing0 ");
	free(k);
	k = search_sort_key("调味");
	CHECK_STR(k, "tiao0 wei0 ");
	free(k);
	k = search_sort_key("步调");
	CHECK_STR(k, "bu0 diao0 ");
	free(k);
}

/* Every standard reading of a polyphonic hanzi finds it, by full pinyin and
 * by initials; the other hanzi keep their one reading. */
static void test_polyphones(void)
{
	char *k = search_keys_build((const char *[]){"调味酱菜", "农家豆豉", "富硒玉米糁",
	                                             "杂粮冲调礼盒", "重阳长行", NULL});
	const char *found[] = {"twjc",
	                       "dwjc",
	                       "tiaowei",
	                       "diaowei",
	                       "njdc",
	                       "nongjiadouchi",
	                       "yumishen",
	                       "yumisan",
	                       "zlctlh",
	                       "zlcdlh",
	                       "chongyang",
	                       "zhongyang",
	                       "changxing",
	                       "zhanghang",
	                       "cyzx",
	                       "zycx",
	                       "diaoweijiangcai",
	                       "tiaowe",
	                       "weijiangcai"};
	for (size_t i = 0; i < sizeof found / sizeof found[0]; i++) {
		if (!matches(found[i], k))
			fprintf(stderr, "not found: %s\n", found[i]);
		CHECK(matches(found[i], k));
	}
	const char *not_found[] = {"xwjc",   "tiaodiao",    "tdwjc",
	                           "iaowei", "diaotiaowei", "nongjiadouzi"};
	for (size_t i = 0; i < sizeof not_found / sizeof not_found[0]; i++) {
		if (matches(not_found[i], k))
			fprintf(stderr, "found: %s\n", not_found[i]);
		CHECK(!matches(not_found[i], k));
	}
	free(k);
}

/* Traditional forms fold as OpenCC's t2s folds them; standard simplified
 * characters stay. */
static void test_opencc_fold(void)
{
	static const char *const pairs[][2] = {
	    {"翠峯", "翠峰"}, {"竹筍乾", "竹笋干"}, {"煙燻", "烟熏"}, {"遊", "游"}, {"麪", "面"},
	    {"嶽", "岳"},     {"鑑", "鉴"},         {"著名", "著名"}, {"幺", "幺"}, {"覆", "覆"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		char *f = search_fold(pairs[i][0]);
		CHECK_STR(f, pairs[i][1]);
		free(f);
	}
	char *k = search_keys_build((const char *[]){"著名商标", NULL});
	CHECK(matches("zhuming", k));
	CHECK(matches("zm", k));
	free(k);
}

/* Opens a reference table of tests/data/search (tools/gen-search-reference.py). */
static FILE *open_reference(const char *name)
{
	const char *dir = getenv("AIX_TEST_DATA");
	char path[4096];
	snprintf(path, sizeof path, "%s/search/%s", dir != NULL ? dir : "tests/data", name);
	FILE *f = fopen(path, "r");
	if (f == NULL)
		fprintf(stderr, "cannot open %s\n", path);
	CHECK(f != NULL);
	return f;
}

/* Each shipped product name is found by its full pinyin and its initials
 * under every standard reading of its hanzi (Unihan, see the generator). */
static void test_reference_readings(void)
{
	FILE *f = open_reference("readings.tsv");
	if (f == NULL)
		return;
	char line[1024], last[1024] = "", *keys = NULL;
	size_t names = 0, names_ok = 0, queries = 0, queries_ok = 0;
	bool name_ok = true;
	while (fgets(line, sizeof line, f) != NULL) {
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || tab == NULL)
			continue;
		*tab = '\0';
		tab[1 + strcspn(tab + 1, "\n")] = '\0';
		if (strcmp(line, last) != 0) {
			names_ok += names > 0 && name_ok;
			names++;
			name_ok = true;
			snprintf(last, sizeof last, "%s", line);
			free(keys);
			keys = search_keys_build((const char *[]){line, NULL});
		}
		queries++;
		if (matches(tab + 1, keys)) {
			queries_ok++;
		} else {
			name_ok = false;
			fprintf(stderr, "%s: not found by %s\n", line, tab + 1);
		}
	}
	names_ok += names > 0 && name_ok;
	free(keys);
	fclose(f);
	fprintf(stderr, "readings: %zu of %zu names found by every reading (%zu of %zu queries)\n",
	        names_ok, names, queries_ok, queries);
	CHECK(names > 100);
	CHECK_INT(names_ok, names);
}

/* Folding agrees with OpenCC's t2s on every code point of the CJK blocks. */
static void test_reference_t2s(void)
{
	static const uint32_t blocks[][2] = {
	    {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xF900, 0xFAFF},
	    {0x20000, 0x2FA1F}, {0x30000, 0x323AF},
	};
	FILE *f = open_reference("t2s.tsv");
	if (f == NULL)
		return;
	static uint32_t to[0x323B0];
	for (uint32_t cp = 0; cp < sizeof to / sizeof to[0]; cp++)
		to[cp] = cp;
	char line[64];
	while (fgets(line, sizeof line, f) != NULL) {
		uint32_t a, b;
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || tab == NULL)
			continue;
		if (utf8_decode(line, (size_t)(tab - line), &a) > 0 &&
		    utf8_decode(tab + 1, strlen(tab + 1), &b) > 0 && a < sizeof to / sizeof to[0])
			to[a] = b;
	}
	fclose(f);
	size_t total = 0, same = 0, changed = 0, changed_ok = 0;
	for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++)
		for (uint32_t cp = blocks[i][0]; cp <= blocks[i][1]; cp++) {
			char in[5] = {0}, want[5] = {0};
			in[utf8_encode(cp, in)] = '\0';
			want[utf8_encode(to[cp], want)] = '\0';
			char *got = search_fold(in);
			bool ok = strcmp(got, want) == 0;
			total++;
			same += ok;
			if (to[cp] != cp) {
				changed++;
				changed_ok += ok;
			}
			if (!ok)
				fprintf(stderr, "U+%04X %s: folds to %s, OpenCC gives %s\n",
				        (unsigned)cp, in, got, want);
			free(got);
		}
	fprintf(stderr, "t2s: %zu of %zu code points as OpenCC (%zu of %zu it converts)\n", same,
	        total, changed_ok, changed);
	CHECK_INT(same, total);
}

/* The sort key's syllable of py: ü as u, then 0 (u) or 1 (ü), a space. */
static void want_syllable(char *out, size_t size, const char *py)
{
	size_t n = strlen(out);
	bool umlaut = false;
	for (; *py != '\0' && n + 3 < size; py++) {
		umlaut |= *py == 'v';
		out[n++] = *py == 'v' ? 'u' : *py;
	}
	out[n++] = umlaut ? '1' : '0';
	out[n++] = ' ';
	out[n] = '\0';
}

/* Sorting by name reads each word of Rime's dictionary (pinyin_simp) that
 * has a polyphonic hanzi as Rime reads it most often (调查 diao cha, 调皮
 * tiao pi, 银行 yin hang, 人行道 ren xing dao). */
static void test_reference_words(void)
{
	FILE *f = open_reference("words.tsv");
	if (f == NULL)
		return;
	char line[512];
	size_t words = 0, right = 0;
	while (fgets(line, sizeof line, f) != NULL) {
		char *tab = strchr(line, '\t');
		if (line[0] == '#' || tab == NULL)
			continue;
		*tab = '\0';
		tab[1 + strcspn(tab + 1, "\n")] = '\0';
		char want[512] = "", *save = NULL;
		for (char *py = strtok_r(tab + 1, " ", &save); py != NULL;
		     py = strtok_r(NULL, " ", &save))
			want_syllable(want, sizeof want, py);
		char *k = search_sort_key(line);
		words++;
		if (strcmp(k, want) == 0)
			right++;
		else
			fprintf(stderr, "%s: sort key \"%s\", Rime reads \"%s\"\n", line, k, want);
		free(k);
	}
	fclose(f);
	fprintf(stderr, "words: %zu of %zu read as Rime reads them\n", right, words);
	CHECK(words > 1000);
	CHECK_INT(right, words);
}

/* 现代汉语词典's order of two syllables: letter by letter with ü as u; on a
 * tie, u before ü. */
static int dictionary_order(const char *a, const char *b)
{
	size_t i = 0;
	for (; a[i] != '\0' && b[i] != '\0'; i++) {
		char x = a[i] == 'v' ? 'u' : a[i], y = b[i] == 'v' ? 'u' : b[i];
		if (x != y)
			return x < y ? -1 : 1;
	}
	if (a[i] != b[i])
		return a[i] == '\0' ? -1 : 1; /* the shorter first: lu < luan */
	return (strchr(a, 'v') != NULL) - (strchr(b, 'v') != NULL);
}

/* Every two syllables of the tables sort as dictionary_order says: one
 * hanzi of each, by its sort key. */
static void test_syllable_order(void)
{
	const char *syllable[512];
	char hanzi[512][5];
	size_t n = 0;
	for (uint32_t cp = 0x4E00; cp <= 0x9FFF && n < 512; cp++) {
		const char *py = unihan_pinyin(cp);
		bool seen = py == NULL || unihan_simplified(cp) != cp; /* one that folding keeps */
		for (size_t i = 0; !seen && i < n; i++)
			seen = strcmp(syllable[i], py) == 0;
		if (seen)
			continue;
		syllable[n] = py;
		hanzi[n][utf8_encode(cp, hanzi[n])] = '\0';
		n++;
	}
	CHECK(n > 400);
	size_t pairs = 0, agree = 0;
	for (size_t i = 0; i < n; i++) {
		char *ki = search_sort_key(hanzi[i]);
		for (size_t j = 0; j < n; j++) {
			if (i == j)
				continue;
			char *kj = search_sort_key(hanzi[j]);
			int want = dictionary_order(syllable[i], syllable[j]);
			int got = strcmp(ki, kj);
			pairs++;
			if ((want < 0) == (got < 0) && (want > 0) == (got > 0))
				agree++;
			else
				fprintf(stderr, "%s (%s) and %s (%s) sort the other way\n",
				        hanzi[i], syllable[i], hanzi[j], syllable[j]);
			free(kj);
		}
		free(ki);
	}
	fprintf(stderr, "syllables: %zu of %zu pairs in dictionary order\n", agree, pairs);
	CHECK_INT(agree, pairs);
}

int main(void)
{
	build_keys();
	test_fold();
	test_acceptance();
	test_traditional();
	test_ascii();
	test_terms();
	test_no_reading();
	test_sort_key();
	test_polyphones();
	test_opencc_fold();
	test_reference_readings();
	test_reference_t2s();
	test_reference_words();
	test_syllable_order();
	free_keys();
	return check_done();
}
