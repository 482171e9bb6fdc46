/* The tables of Unicode normalisation (NFC) behind text_nfc, generated from
 * the Unicode Character Database by tools/gen-nfc.py into nfc-data.c. */
#ifndef AIX_NFC_DATA_H
#define AIX_NFC_DATA_H

#include <stddef.h>
#include <stdint.h>

/* A character's full canonical decomposition: nfc_decomp_cps[start..start+len). */
struct nfc_decomp {
	uint32_t cp;
	uint16_t start;
	uint8_t len;
};
/* Characters lo..hi of one nonzero canonical combining class. */
struct nfc_ccc {
	uint32_t lo, hi;
	uint8_t ccc;
};
/* A pair that NFC composes into one character. */
struct nfc_comp {
	uint32_t first, second, composite;
};
struct nfc_range {
	uint32_t lo, hi;
};

/* Each sorted by its first member(s), for a binary search. */
extern const uint32_t nfc_decomp_cps[];
extern const struct nfc_decomp nfc_decomps[];
extern const size_t nfc_decomps_count;
extern const struct nfc_ccc nfc_cccs[];
extern const size_t nfc_cccs_count;
extern const struct nfc_comp nfc_comps[];
extern const size_t nfc_comps_count;
/* The format characters (general category Cf): invisible, e.g. U+200B,
 * U+FEFF, U+00AD, U+2061, the tag characters U+E0001-E007F. */
extern const struct nfc_range nfc_format_chars[];
extern const size_t nfc_format_chars_count;

#endif
