/* Tables generated from the Unicode Character Database by tools/gen-unicode.py
 * (see that script for how to regenerate unihan-data.c). */
#ifndef AIX_UNIHAN_H
#define AIX_UNIHAN_H

#include <stdint.h>

/* The most common Mandarin reading of a hanzi (Unihan kMandarin, first value),
 * lower-case ASCII without tone, ü written as "v" (绿 -> "lv"); NULL when the
 * code point has no reading. */
const char *unihan_pinyin(uint32_t cp);
/* The simplified form of a traditional hanzi (Unihan kSimplifiedVariant, first
 * value when it is a single code point); cp itself when there is none. */
uint32_t unihan_simplified(uint32_t cp);
/* East Asian Width W or F (EastAsianWidth.txt): 1 when the character takes
 * two cells. */
int unicode_is_wide(uint32_t cp);
/* General category Mn, Me or Cf, or a Hangul medial/final jamo: takes no cell. */
int unicode_is_zero_width(uint32_t cp);

#endif
