#!/usr/bin/env python3
"""Generates src/core/unihan-data.c, the tables behind src/core/unihan.h.

Reads the Unicode Character Database as Debian's `unicode-data` package
installs it (/usr/share/unicode):

  Unihan_Readings.txt.bz2   kMandarin: first reading, tones stripped, u-umlaut as "v"
  Unihan_Variants.txt.bz2   kSimplifiedVariant: first value, when it differs
  EastAsianWidth.txt        W and F: two cells
  UnicodeData.txt           Mn, Me, Cf (plus Hangul jamo U+1160-11FF): no cell

Usage (from the source root):

  python3 tools/gen-unicode.py -o src/core/unihan-data.c
  python3 tools/gen-unicode.py --ucd /path/to/ucd > unihan-data.c

Python 3 standard library only. The output depends on the input files alone
(no time stamps, everything sorted), so regenerating from the same files gives
the same bytes.
"""

import argparse
import bz2
import os
import re
import sys

REGEN_COMMAND = "python3 tools/gen-unicode.py -o src/core/unihan-data.c"

# Toned vowels of kMandarin, as precomposed letters (the form Unihan uses).
# Anything else that is not a-z makes the script stop rather than guess.
TONE_LETTERS = {
    "a": "àáāǎ",
    "e": "èéēěê",
    "i": "ìíīǐ",
    "o": "òóōǒ",
    "u": "ùúūǔ",
    "v": "üǖǘǚǜ",
    "n": "ńňǹ",
    "m": "ḿ",
}
TONE_MAP = {ch: base for base, chars in TONE_LETTERS.items() for ch in chars}
# Combining tone marks that may follow ê or m in some Unihan versions.
COMBINING_TONES = "\u0300\u0301\u0302\u0304\u030c"

# EastAsianWidth.txt lists assigned characters only; its header says that
# unassigned code points in these blocks and planes default to W.
DEFAULT_WIDE = [
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FFFD),
    (0x30000, 0x3FFFD),
]

# Hangul medial vowels and final consonants combine with the preceding
# initial consonant into one wide syllable on the terminal.
HANGUL_JAMO_ZERO = (0x1160, 0x11FF)

# Runs of code points with readings are stored as ranges into one array of
# syllable numbers; gaps shorter than this are filled with "no reading"
# instead of starting a new range (fewer ranges, a slightly longer array).
PINYIN_GAP = 16


def fail(msg):
    sys.stderr.write("gen-unicode.py: %s\n" % msg)
    sys.exit(1)


def open_text(path):
    if path.endswith(".bz2"):
        return bz2.open(path, "rt", encoding="utf-8")
    return open(path, "r", encoding="utf-8")


def header_info(path):
    """Returns (version, date) read from the first lines of a UCD file."""
    version = date = None
    with open_text(path) as f:
        for _, line in zip(range(40), f):
            m = re.match(r"#\s*Unicode version:\s*(\S+)", line)
            if m:
                version = m.group(1)
            m = re.match(r"#\s*\S+-(\d+\.\d+\.\d+)\.txt", line)
            if m and version is None:
                version = m.group(1)
            m = re.search(r"for Version (\d+\.\d+\.\d+) of the Unicode", line)
            if m and version is None:
                version = m.group(1)
            m = re.match(r"#\s*Date:\s*(.+?)\s*$", line)
            if m and date is None:
                date = m.group(1)
    return version, date


def unihan_field(path, field):
    """Yields (code point, value) for every line of one Unihan field."""
    with open_text(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[1] != field:
                continue
            if not parts[0].startswith("U+"):
                fail("%s: bad code point %r" % (path, parts[0]))
            yield int(parts[0][2:], 16), parts[2]


def plain_pinyin(reading):
    """qiū -> qiu, lǜ -> lv: lower-case ASCII letters without tone."""
    out = []
    for ch in reading.lower():
        if "a" <= ch <= "z":
            out.append(ch)
        elif ch in TONE_MAP:
            out.append(TONE_MAP[ch])
        elif ch in COMBINING_TONES:
            continue
        else:
            fail("unexpected letter %r in reading %r" % (ch, reading))
    syllable = "".join(out)
    if not syllable:
        fail("empty reading %r" % reading)
    return syllable


def read_pinyin(ucd):
    readings = {}
    for cp, value in unihan_field(os.path.join(ucd, "Unihan_Readings.txt.bz2"), "kMandarin"):
        readings[cp] = plain_pinyin(value.split()[0])
    return readings


def read_simplified(ucd):
    simplified = {}
    for cp, value in unihan_field(os.path.join(ucd, "Unihan_Variants.txt.bz2"),
                                  "kSimplifiedVariant"):
        first = value.split()[0]
        if not first.startswith("U+"):
            fail("bad kSimplifiedVariant %r for U+%04X" % (value, cp))
        target = int(first[2:], 16)
        if target != cp:
            simplified[cp] = target
    # A few simplified forms have a simpler form again (U+85B4 -> U+82E7 ->
    # U+82CE): follow the chain so that folding a folded text changes nothing.
    for cp in simplified:
        seen = {cp}
        while simplified[cp] in simplified and simplified[cp] not in seen:
            seen.add(simplified[cp])
            simplified[cp] = simplified[simplified[cp]]
    return simplified


def parse_range(field):
    if ".." in field:
        lo, hi = field.split("..")
        return int(lo, 16), int(hi, 16)
    return int(field, 16), int(field, 16)


def read_wide(ucd):
    ranges = list(DEFAULT_WIDE)
    with open_text(os.path.join(ucd, "EastAsianWidth.txt")) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            cps, prop = [x.strip() for x in line.split(";")[:2]]
            if prop in ("W", "F"):
                ranges.append(parse_range(cps))
    return merge(ranges)


def read_zero_width(ucd):
    ranges = [HANGUL_JAMO_ZERO]
    first = None
    with open_text(os.path.join(ucd, "UnicodeData.txt")) as f:
        for line in f:
            fields = line.split(";")
            if len(fields) < 3:
                continue
            cp, name, cat = int(fields[0], 16), fields[1], fields[2]
            if name.endswith(", First>"):
                first = cp
                continue
            lo = first if name.endswith(", Last>") else cp
            first = None
            if cat in ("Mn", "Me", "Cf"):
                ranges.append((lo, cp))
    return merge(ranges)


def merge(ranges):
    """Sorts ranges and joins the ones that overlap or touch."""
    out = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def pinyin_runs(readings, index):
    """Groups code points with readings into (first, last, offset) ranges over
    one array of syllable numbers (0 = no reading)."""
    runs, values = [], []
    for cp in sorted(readings):
        if runs and cp - runs[-1][1] <= PINYIN_GAP:
            values.extend([0] * (cp - runs[-1][1] - 1))
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, len(values)])
        values.append(index[readings[cp]])
    return runs, values


def wrap(items, per_line, sep=", "):
    lines = []
    for i in range(0, len(items), per_line):
        lines.append("\t" + sep.join(items[i:i + per_line]) + ",")
    return "\n".join(lines)


def generate(ucd):
    readings = read_pinyin(ucd)
    simplified = read_simplified(ucd)
    wide = read_wide(ucd)
    zero = read_zero_width(ucd)

    # Syllable number 0 means "no reading", so real syllables start at 1.
    syllables = sorted(set(readings.values()))
    if len(syllables) + 1 > 0xFFFF:
        fail("too many syllables")
    longest = max(len(s) for s in syllables)
    index = {s: i + 1 for i, s in enumerate(syllables)}
    runs, values = pinyin_runs(readings, index)

    sources = []
    for name in ("Unihan_Readings.txt.bz2", "Unihan_Variants.txt.bz2", "EastAsianWidth.txt",
                 "ReadMe.txt"):
        version, date = header_info(os.path.join(ucd, name))
        sources.append(" *   %-24s Unicode %s, %s" % (name, version or "?", date or "?"))

    out = []
    emit = out.append
    emit("/* Generated by tools/gen-unicode.py from the Unicode Character Database;")
    emit(" * do not edit. Sources:")
    out.extend(sources)
    emit(" *   %-24s the same release" % "UnicodeData.txt")
    emit(" * Regenerate from the source root with:")
    emit(" *   " + REGEN_COMMAND)
    emit(" * Contents: %d readings in %d syllables, %d simplified forms," % (
        len(readings), len(syllables), len(simplified)))
    emit(" * %d wide ranges, %d zero-width ranges. */" % (len(wide), len(zero)))
    emit("")
    emit('#include "unihan.h"')
    emit("")
    emit("#include <stddef.h>")
    emit("")
    emit("struct cp_range {")
    emit("\tuint32_t first; /* first code point */")
    emit("\tuint32_t last;  /* last code point, inclusive */")
    emit("};")
    emit("")
    emit("struct pinyin_run {")
    emit("\tuint32_t first;  /* first code point */")
    emit("\tuint32_t last;   /* last code point, inclusive */")
    emit("\tuint32_t offset; /* index of first's syllable in pinyin_of */")
    emit("};")
    emit("")
    emit("struct simplified_pair {")
    emit("\tuint32_t traditional; /* the variant in the text */")
    emit("\tuint32_t simplified;  /* its simplified form */")
    emit("};")
    emit("")
    emit("// clang-format off")
    emit("")
    emit("/* Syllable number n is pinyin_syllables[n]; 0 means no reading. */")
    emit("static const char pinyin_syllables[%d][%d] = {" % (len(syllables) + 1, longest + 1))
    emit(wrap(['""'] + ['"%s"' % s for s in syllables], 10))
    emit("};")
    emit("")
    emit("static const struct pinyin_run pinyin_runs[%d] = {" % len(runs))
    emit(wrap(["{0x%04X, 0x%04X, %d}" % tuple(r) for r in runs], 4))
    emit("};")
    emit("")
    emit("static const uint16_t pinyin_of[%d] = {" % len(values))
    emit(wrap([str(v) for v in values], 24, ","))
    emit("};")
    emit("")
    emit("static const struct simplified_pair simplified_pairs[%d] = {" % len(simplified))
    emit(wrap(["{0x%04X,0x%04X}" % (cp, simplified[cp]) for cp in sorted(simplified)], 6, ","))
    emit("};")
    emit("")
    emit("static const struct cp_range wide_ranges[%d] = {" % len(wide))
    emit(wrap(["{0x%04X, 0x%04X}" % r for r in wide], 5))
    emit("};")
    emit("")
    emit("static const struct cp_range zero_width_ranges[%d] = {" % len(zero))
    emit(wrap(["{0x%04X, 0x%04X}" % r for r in zero], 5))
    emit("};")
    emit("")
    emit("// clang-format on")
    emit(C_FUNCTIONS)
    return "\n".join(out) + "\n"


C_FUNCTIONS = r"""
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* True when cp lies in one of n sorted, disjoint ranges. */
static int in_ranges(const struct cp_range *r, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	/* Most text is ASCII, below every range: answer it without a search. */
	if (n == 0 || cp < r[0].first || cp > r[n - 1].last)
		return 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < r[mid].first)
			hi = mid;
		else if (cp > r[mid].last)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

const char *unihan_pinyin(uint32_t cp)
{
	size_t lo = 0, hi = COUNT(pinyin_runs);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct pinyin_run *run = &pinyin_runs[mid];
		if (cp < run->first) {
			hi = mid;
		} else if (cp > run->last) {
			lo = mid + 1;
		} else {
			uint16_t n = pinyin_of[run->offset + (cp - run->first)];
			return n != 0 ? pinyin_syllables[n] : NULL;
		}
	}
	return NULL;
}

uint32_t unihan_simplified(uint32_t cp)
{
	size_t lo = 0, hi = COUNT(simplified_pairs);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < simplified_pairs[mid].traditional)
			hi = mid;
		else if (cp > simplified_pairs[mid].traditional)
			lo = mid + 1;
		else
			return simplified_pairs[mid].simplified;
	}
	return cp;
}

int unicode_is_wide(uint32_t cp)
{
	return in_ranges(wide_ranges, COUNT(wide_ranges), cp);
}

int unicode_is_zero_width(uint32_t cp)
{
	return in_ranges(zero_width_ranges, COUNT(zero_width_ranges), cp);
}"""


def main():
    parser = argparse.ArgumentParser(description="Generate src/core/unihan-data.c.")
    parser.add_argument("--ucd", default="/usr/share/unicode",
                        help="directory of the Unicode Character Database (default: %(default)s)")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    args = parser.parse_args()

    text = generate(args.ucd)
    if args.output:
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
