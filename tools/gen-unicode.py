#!/usr/bin/env python3
"""Generates src/core/unihan-data.c, the tables behind src/core/unihan.h.

Reads the Unicode Character Database as Debian's `unicode-data` package
installs it (/usr/share/unicode):

  Unihan_Readings.txt.bz2   the readings of a hanzi: kMandarin, then those of
                            kXHC1983 (现代汉语词典) and kTGHZ2013 (通用规范汉字字典),
                            tones stripped, u-umlaut as "v"
  EastAsianWidth.txt        W and F: two cells
  UnicodeData.txt           Mn, Me, Cf (plus Hangul jamo U+1160-11FF): no cell

OpenCC's traditional-to-simplified conversion, as Debian's `opencc` package
runs it (`opencc -c t2s`, from its TSCharacters and TSPhrases tables): every
code point of the CJK blocks is converted alone, and those that give another
single code point are the simplified forms.

Rime's pinyin_simp dictionary (Debian's `rime-data-pinyin-simp`,
/usr/share/rime-data/pinyin_simp.dict.yaml), for the reading in context that
sorting by name uses: per hanzi its most frequent reading (which goes first in
its set), and the words whose most frequent reading differs from the
characters' own (银行 yin hang, 长城 chang cheng).

Usage (from the source root):

  python3 tools/gen-unicode.py -o src/core/unihan-data.c
  python3 tools/gen-unicode.py --ucd /path/to/ucd > unihan-data.c
  python3 tools/gen-unicode.py --check src/core/unihan-data.c   (the tests: exit 1
      when the file differs from what the sources give now, 77 when a source is
      not installed)

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
    "e": "èéēěêếềểễệ",
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


READING_FIELDS = ("kMandarin", "kXHC1983", "kTGHZ2013")
RIME_DICT = "/usr/share/rime-data/pinyin_simp.dict.yaml"
OPENCC = "opencc"
# The CJK blocks whose code points OpenCC converts: unified ideographs and
# extensions A to H, the compatibility ideographs and their supplement.
CJK_BLOCKS = [
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
    (0x30000, 0x323AF),
]


class Missing(Exception):
    """A source that is not installed."""


def read_readings(ucd):
    """Returns {code point: [syllable, ...]}: kMandarin first, then the other
    readings of READING_FIELDS in their order, without repeats."""
    path = os.path.join(ucd, "Unihan_Readings.txt.bz2")
    if not os.path.exists(path):
        raise Missing(path)
    fields = {f: {} for f in READING_FIELDS}
    with open_text(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[1] not in fields:
                continue
            if not parts[0].startswith("U+"):
                fail("%s: bad code point %r" % (path, parts[0]))
            values = []
            for v in parts[2].split():
                if parts[1] != "kMandarin":
                    v = v.split(":", 1)[1] if ":" in v else v
                values.extend(v.split(","))
            fields[parts[1]][int(parts[0][2:], 16)] = [plain_pinyin(v) for v in values if v]
    readings = {}
    for field in READING_FIELDS:
        for cp, values in fields[field].items():
            have = readings.setdefault(cp, [])
            for v in values:
                if v not in have:
                    have.append(v)
    return readings


def rime_syllable(s):
    """A syllable of Rime as Unihan writes it: ü as v, and lüe, nüe, which
    input methods spell lue, nue (there is no other lue, nue), as lve, nve."""
    s = s.replace("ü", "v").lower()
    return {"lue": "lve", "nue": "nve"}.get(s, s)


def read_rime(path):
    """Returns ({hanzi: {syllable: weight}}, {word: {reading: weight}}) from a
    Rime dictionary: text, tab, syllables separated by spaces, tab, weight."""
    if not os.path.exists(path):
        raise Missing(path)
    chars, words = {}, {}
    body = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("..."):
                body = True
                continue
            if not body or line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            weight = int(parts[2]) if len(parts) > 2 and parts[2].strip().isdigit() else 0
            reading = " ".join(rime_syllable(x) for x in parts[1].split())
            if not re.fullmatch(r"[a-z]+( [a-z]+)*", reading):
                continue
            table = chars if len(parts[0]) == 1 else words
            seen = table.setdefault(parts[0], {})
            seen[reading] = max(weight, seen.get(reading, 0))
    return chars, words


def most_frequent(weights):
    """The reading of the highest weight; the first in sorted order on a tie."""
    return sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def word_reading(word, table, readings):
    """The syllables unihan_word_at and the sort key give word (code points):
    at each place the longest word of table, else the hanzi's first reading."""
    out, i = [], 0
    while i < len(word):
        for n in range(min(MAX_PHRASE, len(word) - i), 1, -1):
            hit = table.get(tuple(word[i:i + n]))
            if hit is not None:
                out.extend(hit)
                i += n
                break
        else:
            out.append(readings[word[i]][0])
            i += 1
    return out


def context_words(readings, rime_path):
    """Returns [(code points, syllables)]: Rime's words of 2 to MAX_PHRASE
    hanzi, each with its most frequent reading, whose readings are among their
    hanzi's."""
    chars, words = read_rime(rime_path)
    for ch, weights in chars.items():
        have = readings.get(ord(ch))
        if have is None:
            continue
        best = most_frequent(weights)
        if best not in have:
            continue  # a reading Unihan does not give: keep Unihan's order
        have.remove(best)
        have.insert(0, best)
    out = []
    for word, weights in words.items():
        syllables = most_frequent(weights).split()
        cps = tuple(ord(c) for c in word)
        if len(syllables) != len(cps) or not 2 <= len(cps) <= MAX_PHRASE:
            continue
        if any(cp not in readings or s not in readings[cp] for cp, s in zip(cps, syllables)):
            continue
        out.append((cps, syllables))
    out.sort()
    return out


def context_readings(readings, rime_path):
    """Puts each hanzi's most frequent reading (Rime) first in its set, and
    returns the table of words that unihan_word_at needs to give every word
    of Rime its most frequent reading: [(code points, syllables)], sorted.
    A word goes in when the hanzi's first readings and the shorter words of
    the table read it otherwise (银行; 人行道, which 人行 would misread)."""
    words = context_words(readings, rime_path)
    table = {}
    changed = True
    while changed:
        changed = False
        for cps, syllables in words:
            if cps not in table and word_reading(cps, table, readings) != syllables:
                table[cps] = syllables
                changed = True
    return sorted((list(cps), syl) for cps, syl in table.items())


MAX_PHRASE = 4


def read_simplified_opencc(opencc=OPENCC):
    """Returns {code point: simplified code point} as `opencc -c t2s` converts
    each code point of CJK_BLOCKS alone, where it gives another one."""
    import shutil
    import subprocess
    if shutil.which(opencc) is None:
        raise Missing(opencc)
    cps = [cp for lo, hi in CJK_BLOCKS for cp in range(lo, hi + 1)
           if not 0xD800 <= cp <= 0xDFFF]
    text = "".join(chr(cp) + "\n" for cp in cps)
    out = subprocess.run([opencc, "-c", "t2s"], input=text.encode("utf-8"),
                         stdout=subprocess.PIPE, check=True).stdout.decode("utf-8")
    lines = out.split("\n")
    if len(lines) < len(cps):
        fail("opencc gave %d lines for %d code points" % (len(lines), len(cps)))
    simplified = {}
    for cp, line in zip(cps, lines):
        if len(line) == 1 and ord(line) != cp:
            simplified[cp] = ord(line)
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
    one array of reading-set numbers (0 = no reading)."""
    runs, values = [], []
    for cp in sorted(readings):
        if runs and cp - runs[-1][1] <= PINYIN_GAP:
            values.extend([0] * (cp - runs[-1][1] - 1))
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, len(values)])
        values.append(index[tuple(readings[cp])])
    return runs, values


def wrap(items, per_line, sep=", "):
    lines = []
    for i in range(0, len(items), per_line):
        lines.append("\t" + sep.join(items[i:i + per_line]) + ",")
    return "\n".join(lines)


def opencc_version(opencc=OPENCC):
    import subprocess
    try:
        out = subprocess.run([opencc, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT).stdout.decode("utf-8", "replace")
    except OSError:
        return "?"
    m = re.search(r"(\d+\.\d+\.\d+)", out)
    return m.group(1) if m else "?"


def generate(ucd, rime_path=RIME_DICT):
    readings = read_readings(ucd)
    phrases = context_readings(readings, rime_path)
    simplified = read_simplified_opencc()
    wide = read_wide(ucd)
    zero = read_zero_width(ucd)

    # Syllable number 0 means "no reading", so real syllables start at 1.
    syllables = sorted({s for values in readings.values() for s in values})
    if len(syllables) + 1 > 0xFFFF:
        fail("too many syllables")
    longest = max(len(s) for s in syllables)
    syllable_no = {s: i + 1 for i, s in enumerate(syllables)}
    # The distinct reading sets, each stored in reading_sets as its size then
    # its syllable numbers; a set's number is where it starts there, and
    # reading_sets[0] is unused, so that 0 means no reading.
    sets = sorted({tuple(v) for v in readings.values()})
    set_data, set_no = [], {}
    for rs in sets:
        set_no[rs] = len(set_data) + 1
        set_data.append(len(rs))
        set_data.extend(syllable_no[x] for x in rs)
    if len(set_data) + 1 > 0xFFFF:
        fail("too many reading sets")
    runs, values = pinyin_runs(readings, set_no)
    multi = sum(1 for v in readings.values() if len(v) > 1)

    sources = []
    for name in ("Unihan_Readings.txt.bz2", "EastAsianWidth.txt", "ReadMe.txt"):
        version, date = header_info(os.path.join(ucd, name))
        sources.append(" *   %-24s Unicode %s, %s" % (name, version or "?", date or "?"))

    out = []
    emit = out.append
    emit("/* Generated by tools/gen-unicode.py from the Unicode Character Database,")
    emit(" * OpenCC's t2s conversion and Rime's pinyin_simp dictionary; do not edit.")
    emit(" * Sources:")
    out.extend(sources)
    emit(" *   %-24s the same release" % "UnicodeData.txt")
    emit(" *   %-24s OpenCC %s, each CJK code point alone" % ("opencc -c t2s", opencc_version()))
    emit(" *   %-24s Debian rime-data-pinyin-simp" % os.path.basename(rime_path))
    emit(" * Regenerate from the source root with:")
    emit(" *   " + REGEN_COMMAND)
    emit(" * Contents: %d hanzi with readings (%d with more than one) in %d syllables," % (
        len(readings), multi, len(syllables)))
    emit(" * %d words read in context, %d simplified forms," % (len(phrases), len(simplified)))
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
    emit("\tuint32_t offset; /* index of first's reading set in pinyin_of */")
    emit("};")
    emit("")
    emit("struct simplified_pair {")
    emit("\tuint32_t traditional; /* the variant in the text */")
    emit("\tuint32_t simplified;  /* its simplified form */")
    emit("};")
    emit("")
    emit("struct context_word {")
    emit("\tuint32_t cp[UNIHAN_MAX_WORD];        /* its hanzi, 0 after the last */")
    emit("\tuint16_t syllable[UNIHAN_MAX_WORD];  /* their readings in this word */")
    emit("};")
    emit("")
    emit("// clang-format off")
    emit("")
    emit("/* Syllable number n is pinyin_syllables[n]; 0 means no reading. */")
    emit("static const char pinyin_syllables[%d][%d] = {" % (len(syllables) + 1, longest + 1))
    emit(wrap(['""'] + ['"%s"' % x for x in syllables], 10))
    emit("};")
    emit("")
    emit("/* Reading set n (n > 0) is reading_sets[n]: its size, then its syllable")
    emit(" * numbers, the most frequent reading first. */")
    emit("static const uint16_t reading_sets[%d] = {" % (len(set_data) + 1))
    emit(wrap(["0"] + [str(v) for v in set_data], 24, ","))
    emit("};")
    emit("")
    emit("static const struct pinyin_run pinyin_runs[%d] = {" % len(runs))
    emit(wrap(["{0x%04X, 0x%04X, %d}" % tuple(r) for r in runs], 4))
    emit("};")
    emit("")
    emit("/* The reading set of each code point of the runs. */")
    emit("static const uint16_t pinyin_of[%d] = {" % len(values))
    emit(wrap([str(v) for v in values], 24, ","))
    emit("};")
    emit("")
    emit("/* Sorted by their code points. */")
    emit("static const struct context_word context_words[%d] = {" % len(phrases))
    rows = []
    for cps, syl in phrases:
        pad = MAX_PHRASE - len(cps)
        rows.append("{{%s}, {%s}}" % (",".join(["0x%04X" % c for c in cps] + ["0"] * pad),
                                      ",".join([str(syllable_no[x]) for x in syl] + ["0"] * pad)))
    emit(wrap(rows, 2))
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

/* The reading set of cp; 0 when none. */
static uint16_t reading_set(uint32_t cp)
{
	size_t lo = 0, hi = COUNT(pinyin_runs);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct pinyin_run *run = &pinyin_runs[mid];
		if (cp < run->first)
			hi = mid;
		else if (cp > run->last)
			lo = mid + 1;
		else
			return pinyin_of[run->offset + (cp - run->first)];
	}
	return 0;
}

const char *unihan_pinyin(uint32_t cp)
{
	uint16_t set = reading_set(cp);

	return set != 0 ? pinyin_syllables[reading_sets[set + 1]] : NULL;
}

size_t unihan_readings(uint32_t cp, const char **out, size_t max)
{
	uint16_t set = reading_set(cp);
	size_t n = set != 0 ? reading_sets[set] : 0;

	for (size_t i = 0; i < n && i < max; i++)
		out[i] = pinyin_syllables[reading_sets[set + 1 + i]];
	return n;
}

/* Compares the first n code points of a word with cps[0..n). */
static int compare_word(const uint32_t *cps, size_t n, const struct context_word *w)
{
	for (size_t i = 0; i < n; i++)
		if (cps[i] != w->cp[i])
			return cps[i] < w->cp[i] ? -1 : 1;
	return 0;
}

size_t unihan_word_at(const uint32_t *cps, size_t n, const char **out)
{
	/* The longest word first: 长江三峡 before 长江. */
	for (size_t len = n < UNIHAN_MAX_WORD ? n : UNIHAN_MAX_WORD; len >= 2; len--) {
		size_t lo = 0, hi = COUNT(context_words);
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			int c = compare_word(cps, len, &context_words[mid]);
			if (c == 0 && len < UNIHAN_MAX_WORD && context_words[mid].cp[len] != 0)
				c = -1; /* a longer word: this one sorts before it */
			if (c < 0)
				hi = mid;
			else if (c > 0)
				lo = mid + 1;
			else {
				for (size_t i = 0; i < len; i++)
					out[i] = pinyin_syllables[context_words[mid].syllable[i]];
				return len;
			}
		}
	}
	return 0;
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
    parser.add_argument("--rime", default=RIME_DICT,
                        help="Rime's pinyin_simp dictionary (default: %(default)s)")
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--check", metavar="FILE",
                        help="compare FILE with what the sources give; exit 1 when it differs, "
                        "77 when a source is missing")
    args = parser.parse_args()

    try:
        text = generate(args.ucd, args.rime)
    except Missing as e:
        sys.stderr.write("gen-unicode.py: not installed: %s\n" % e)
        sys.exit(77 if args.check else 1)
    if args.check:
        with open(args.check, encoding="utf-8") as f:
            if f.read() != text:
                sys.stderr.write("gen-unicode.py: %s differs from what the sources give; "
                                 "regenerate with: %s\n" % (args.check, REGEN_COMMAND))
                sys.exit(1)
        return
    if args.output:
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
