/* Tables generated from the Unicode Character Database by tools/gen-unicode.py
 * (see that script for how to regenerate unihan-data.c). */
#ifndef AIX_UNIHAN_H
#define AIX_UNIHAN_H

#include <stddef.h>
#include <stdint.h>

/* The most frequent Mandarin reading of a hanzi (Rime's pinyin_simp weights,
 * else Unihan kMandarin), lower-case ASCII without tone, ü written as "v"
 * (绿 -> "lv"); NULL when the code point has no reading. */
const char *unihan_pinyin(uint32_t cp);
/* All standard readings of a hanzi (Unihan kMandarin, kXHC1983, kTGHZ2013),
 * unihan_pinyin's first: 调 -> "tiao", "diao". Stores up to max of them in
 * out and returns how many there are (0 without a reading). */
size_t unihan_readings(uint32_t cp, const char **out, size_t max);
/* The longest word of at most UNIHAN_MAX_WORD hanzi starting at cps[0..n)
 * whose reading differs from its hanzi's unihan_pinyin (银行 -> "yin",
 * "hang"; Rime's pinyin_simp words): stores its syllables in out (room for
 * UNIHAN_MAX_WORD) and returns its length, or 0 when no such word starts there. */
#define UNIHAN_MAX_WORD 4
size_t unihan_word_at(const uint32_t *cps, size_t n, const char **out);
/* The simplified form of a traditional hanzi as OpenCC's t2s converts it
 * alone; cp itself when it has none. */
uint32_t unihan_simplified(uint32_t cp);
/* East Asian Width W or F (EastAsianWidth.txt): 1 when the character takes
 * two cells. */
int unicode_is_wide(uint32_t cp);
/* General category Mn, Me or Cf, or a Hangul medial/final jamo: takes no cell. */
int unicode_is_zero_width(uint32_t cp);

#endif
