/* The catalogue model's small services: freeing it, the words of the YAML
 * format, and the content hash that tells whether the files changed. Also the
 * file access shared with loader.c (listing and reading the files), so that
 * the hash and the loader always see the same files in the same order. */
#include "catalogue/catalogue.h"
#include "catalogue/files.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define FNV_OFFSET_BASIS 0xcbf29ce484222325ULL
#define FNV_PRIME        0x100000001b3ULL

static const char *const kind_names[] = {"farm", "tourism", "hardship"};
static const char *const platform_names[] = {"832", "shaanxi-union"};

/* The word for one bit of a set, NULL when the bit has none. */
static const char *bit_name(const char *const *names, size_t n, unsigned bit)
{
	for (size_t i = 0; i < n; i++)
		if (bit == 1u << i)
			return names[i];
	return NULL;
}

/* The bit for a word, 0 when the word is not one of names. */
static unsigned bit_parse(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s != NULL && i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return 1u << i;
	return 0;
}

const char *cat_kind_name(unsigned kind_bit)
{
	return bit_name(kind_names, sizeof kind_names / sizeof *kind_names, kind_bit);
}

const char *cat_platform_name(unsigned platform_bit)
{
	return bit_name(platform_names, sizeof platform_names / sizeof *platform_names,
	                platform_bit);
}

const char *cat_kind_label(unsigned kind_bit)
{
	switch (kind_bit) {
	case CAT_KIND_FARM:
		/* TRANSLATORS: an enterprise kind, short: 农产品 */
		return _("farm products");
	case CAT_KIND_TOURISM:
		/* TRANSLATORS: an enterprise kind, short: 旅游 */
		return _("tourism");
	case CAT_KIND_HARDSHIP:
		/* TRANSLATORS: an enterprise kind: epidemic-hit, 稳岗滞销困难 */
		return _("hardship");
	default:
		return NULL;
	}
}

const char *cat_platform_label(unsigned platform_bit)
{
	switch (platform_bit) {
	case CAT_PLATFORM_832:
		/* TRANSLATORS: the national 832 platform (832平台) */
		return _("832 platform");
	case CAT_PLATFORM_SHAANXI_UNION:
		/* TRANSLATORS: the Shaanxi union procurement platform (陕西工会平台) */
		return _("Shaanxi union platform");
	default:
		return NULL;
	}
}

static char *bits_text(unsigned bits, const char *(*label)(unsigned), const char *separator)
{
	struct buf b = BUF_INIT;
	for (unsigned bit = 1; bit != 0; bit <<= 1) {
		const char *text = (bits & bit) ? label(bit) : NULL;
		if (text == NULL)
			continue;
		if (b.len > 0)
			buf_adds(&b, separator);
		buf_adds(&b, text);
	}
	return buf_steal(&b);
}

char *cat_kinds_text(unsigned kinds, const char *separator)
{
	return bits_text(kinds, cat_kind_label, separator);
}

char *cat_platforms_text(unsigned platforms, const char *separator)
{
	return bits_text(platforms, cat_platform_label, separator);
}

unsigned cat_kind_parse(const char *s)
{
	return bit_parse(kind_names, sizeof kind_names / sizeof *kind_names, s);
}

unsigned cat_platform_parse(const char *s)
{
	return bit_parse(platform_names, sizeof platform_names / sizeof *platform_names, s);
}

void catalogue_free(struct catalogue *cat)
{
	if (cat == NULL)
		return;
	free(cat->title);
	free(cat->publisher);
	free(cat->region_code);
	free(cat->region_name);
	for (size_t i = 0; i < cat->neditions; i++) {
		free(cat->editions[i].title);
		free(cat->editions[i].published);
	}
	free(cat->editions);
	for (size_t i = 0; i < cat->ncategories; i++) {
		free(cat->categories[i].id);
		free(cat->categories[i].name);
	}
	free(cat->categories);
	for (size_t i = 0; i < cat->ntownships; i++)
		free(cat->townships[i].name);
	free(cat->townships);
	for (size_t i = 0; i < cat->nenterprises; i++) {
		struct cat_enterprise *e = &cat->enterprises[i];
		free(e->id);
		free(e->name);
		free(e->short_name);
		free(e->contact_person);
		free(e->contact_phone);
		free(e->contact_address);
		free(e->description);
		free(e->file);
	}
	free(cat->enterprises);
	for (size_t i = 0; i < cat->nitems; i++) {
		struct cat_item *it = &cat->items[i];
		free(it->id);
		free(it->name);
		free(it->category);
		free(it->spec);
		free(it->unit);
		for (size_t t = 0; t < it->ntags; t++)
			free(it->tags[t]);
		free(it->tags);
		free(it->description);
	}
	free(cat->items);
	free(cat);
}

int cat_check_folder(const char *dir, char **cause)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		int err = errno;
		if (err == ENOENT)
			*cause =
			    xstrdup(_("no such folder; a catalogue folder holds catalogue.yaml "
			              "and an enterprises folder"));
		else
			*cause =
			    xasprintf(_("cannot open the catalogue folder: %s"), strerror(err));
		errno = err;
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*cause = xstrdup(_("not a folder; a catalogue folder holds catalogue.yaml and an "
		                   "enterprises folder"));
		errno = ENOTDIR;
		return -1;
	}
	return 0;
}

/* The message for a file that is not a regular file, by what it is. */
static char *not_regular(mode_t mode)
{
	if (S_ISDIR(mode))
		/* TRANSLATORS: said of a path such as enterprises/01-tea.yaml */
		return xstrdup(_("this is a folder, not a file; rename it or move it out of the "
		                 "catalogue"));
	/* TRANSLATORS: a named pipe, a device or a socket named like a YAML file */
	return xstrdup(_("not a regular file (a pipe, device or socket); a catalogue file must "
	                 "be an ordinary file"));
}

/* Reads what is left of fd into a buffer of its own (NUL-terminated; caller
 * frees), at most max bytes; returns -1 with errno (EFBIG past max). */
static int read_bounded(int fd, size_t size_hint, size_t max, char **data, size_t *len)
{
	/* Read to the end rather than trusting the size: the file may change
	 * while we read. One byte past the limit is enough to refuse it. */
	size_t cap = size_hint < max ? size_hint + 1 : max + 1;
	size_t used = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (used == cap) {
			if (cap > max)
				break;
			cap = cap > max / 2 ? max + 1 : cap * 2;
			buf = xrealloc(buf, cap + 1);
		}
		ssize_t got = read(fd, buf + used, cap - used);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int err = errno;
			free(buf);
			errno = err;
			return -1;
		}
		if (got == 0)
			break;
		used += (size_t)got;
	}
	if (used > max) {
		free(buf);
		errno = EFBIG;
		return -1;
	}
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
}

/* True when path, its links followed, is not within the folder dir: a link
 * in the catalogue that points at another file of the computer (a private
 * key, say) would be read and quoted in messages. A path that cannot be
 * resolved is left to open() to explain. */
static bool leaves_folder(const char *dir, const char *path)
{
	char *real_dir = realpath(dir, NULL);
	char *real_path = realpath(path, NULL);
	bool outside = false;
	if (real_dir != NULL && real_path != NULL) {
		size_t n = strlen(real_dir);
		/* "/" as the folder holds everything. */
		if (n == 1)
			n = 0;
		outside = strncmp(real_path, real_dir, n) != 0 || real_path[n] != '/';
	}
	free(real_dir);
	free(real_path);
	return outside;
}

int cat_read_file(const char *dir, const char *path, size_t *total, char **data, size_t *len,
                  char **cause)
{
	size_t left = *total < CAT_TOTAL_MAX ? CAT_TOTAL_MAX - *total : 0;
	size_t max = left < CAT_FILE_MAX ? left : CAT_FILE_MAX;
	struct stat st;
	int err;
	/* O_NONBLOCK: opening a named pipe must not wait for a writer; it is
	 * refused below, like a device, before anything is read. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		err = errno;
		*cause = xasprintf(_("cannot open the file: %s"), strerror(err));
		goto error;
	}
	if (fstat(fd, &st) != 0) {
		err = errno;
		*cause = xasprintf(_("cannot read the file: %s"), strerror(err));
		goto error;
	}
	if (!S_ISREG(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		*cause = not_regular(st.st_mode);
		goto error;
	}
	if (dir != NULL && leaves_folder(dir, path)) {
		err = EPERM;
		*cause = xstrdup(_("a link to a file outside the catalogue folder; copy the file "
		                   "into the folder instead"));
		goto error;
	}
	/* Refuse by the size it claims before reading a byte; a file that
	 * grows while it is read is caught by the bounded read. */
	bool too_big = (uintmax_t)st.st_size > max;
	if (!too_big && read_bounded(fd, (size_t)st.st_size, max, data, len) != 0) {
		err = errno;
		too_big = err == EFBIG;
		if (!too_big) {
			*cause = xasprintf(_("cannot read the file: %s"), strerror(err));
			goto error;
		}
	}
	if (too_big && ((uintmax_t)st.st_size > CAT_FILE_MAX || max == CAT_FILE_MAX)) {
		err = EFBIG;
		/* TRANSLATORS: %zu is a size in MiB, e.g. 16 */
		*cause = xasprintf(_("the file is larger than %zu MiB; a catalogue file should be "
		                     "far smaller"),
		                   CAT_FILE_MAX >> 20);
		goto error;
	}
	if (too_big) {
		err = E2BIG;
		/* TRANSLATORS: %zu is a size in MiB, e.g. 64 */
		*cause = xasprintf(_("the catalogue's files together are larger than %zu MiB; "
		                     "stopped reading here"),
		                   CAT_TOTAL_MAX >> 20);
		goto error;
	}
	close(fd);
	*total += *len;
	return 0;

error:
	if (fd >= 0)
		close(fd);
	errno = err;
	return -1;
}

static bool is_enterprise_file(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.')
		return false;
	/* Any case: a file saved as 10-NEW.YAML must not be left out unseen. */
	return (n > 5 && strcasecmp(name + n - 5, ".yaml") == 0) ||
	       (n > 4 && strcasecmp(name + n - 4, ".yml") == 0);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the file names (not paths) of dir/enterprises that the loader reads:
 * *.yaml and *.yml, hidden files left out, in byte order. *names and each
 * name are the caller's to free; *count may be 0. Returns -1 with a
 * translated *cause (caller frees) and errno when the folder cannot be read. */
int cat_list_enterprise_files(const char *dir, char ***names, size_t *count, char **cause)
{
	char *path = xasprintf("%s/enterprises", dir);
	DIR *d = opendir(path);
	free(path);
	if (d == NULL) {
		int err = errno;
		*cause = xasprintf(_("cannot open the enterprises folder: %s"), strerror(err));
		errno = err;
		return -1;
	}
	char **list = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (!is_enterprise_file(de->d_name))
			continue;
		if (n == CAT_FILES_MAX) {
			errno = E2BIG;
			break;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			list = xreallocarray(list, cap, sizeof *list);
		}
		list[n++] = xstrdup(de->d_name);
	}
	int err = errno;
	closedir(d);
	if (err != 0) {
		for (size_t i = 0; i < n; i++)
			free(list[i]);
		free(list);
		if (err == E2BIG)
			/* TRANSLATORS: %d is a number of files, e.g. 10000 */
			*cause =
			    xasprintf(_("more than %d enterprise files; a catalogue may have at "
			                "most %d"),
			              CAT_FILES_MAX, CAT_FILES_MAX);
		else
			*cause =
			    xasprintf(_("cannot read the enterprises folder: %s"), strerror(err));
		errno = err;
		return -1;
	}
	if (n > 1)
		qsort(list, n, sizeof *list, compare_names);
	*names = list;
	*count = n;
	return 0;
}

uint64_t cat_hash_begin(void)
{
	return FNV_OFFSET_BASIS;
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

/* The bulk of a file goes through four lanes of 64 bits, 32 bytes a round:
 * FNV-1a alone takes a multiplication per byte, one after the other (about
 * 100 ms for the 62 MB of 200,000 products); the lanes' multiplications run
 * side by side, 8 bytes each. Change detection only, not a defence against
 * someone who forges a collision. */
#define LANE_PRIME_1 0x9e3779b185ebca87ULL
#define LANE_PRIME_2 0xc2b2ae3d27d4eb4fULL

static uint64_t load_le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t lane_round(uint64_t acc, uint64_t word)
{
	acc += word * LANE_PRIME_2;
	acc = acc << 31 | acc >> 33;
	return acc * LANE_PRIME_1;
}

static uint64_t hash_bulk(uint64_t h, const unsigned char *p, size_t len)
{
	uint64_t lane[4] = {h + LANE_PRIME_1, h ^ LANE_PRIME_2, h, h - LANE_PRIME_1};
	size_t rounds = len / 32;
	for (size_t r = 0; r < rounds; r++, p += 32)
		for (int i = 0; i < 4; i++)
			lane[i] = lane_round(lane[i], load_le64(p + 8 * i));
	for (int i = 0; i < 4; i++) { /* the lanes into the running hash */
		h = (h ^ lane[i]) * LANE_PRIME_1;
		h ^= h >> 32;
	}
	return fnv1a(h, p, len % 32);
}

/* Adds one file to the hash: its name relative to the catalogue folder, a 0
 * byte, its length as 8 bytes little-endian, then its bytes. The name and the
 * length keep "a"+"bc" apart from "ab"+"c" and catch renames. */
uint64_t cat_hash_file(uint64_t h, const char *rel, const char *data, size_t len)
{
	unsigned char size[8];
	for (int i = 0; i < 8; i++)
		size[i] = (unsigned char)((uint64_t)len >> (8 * i));
	h = fnv1a(h, rel, strlen(rel) + 1);
	h = fnv1a(h, size, sizeof size);
	return hash_bulk(h, (const unsigned char *)data, len);
}

void cat_hash_hex(uint64_t h, char out[17])
{
	static const char digits[] = "0123456789abcdef";
	for (int i = 0; i < 16; i++)
		out[i] = digits[(h >> (60 - 4 * i)) & 0xf];
	out[16] = '\0';
}

/* Hashes one file of the catalogue folder into *h; *total as for
 * cat_read_file. */
static int hash_one(const char *dir, const char *rel, uint64_t *h, size_t *total, char **cause)
{
	char *path = xasprintf("%s/%s", dir, rel);
	char *data, *why;
	size_t len;
	int rc = cat_read_file(dir, path, total, &data, &len, &why);
	if (rc == 0) {
		*h = cat_hash_file(*h, rel, data, len);
		free(data);
	} else {
		*cause = xasprintf("%s: %s", path, why);
		free(why);
	}
	free(path);
	return rc;
}

int catalogue_hash(const char *dir, char out[17], char **cause)
{
	uint64_t h = cat_hash_begin();
	char **names = NULL, *why;
	size_t count = 0, total = 0;
	if (cat_check_folder(dir, &why) != 0) {
		*cause = xasprintf("%s: %s", dir, why);
		free(why);
		return -1;
	}
	if (hash_one(dir, "catalogue.yaml", &h, &total, cause) != 0)
		return -1;
	if (cat_list_enterprise_files(dir, &names, &count, &why) != 0) {
		*cause = xasprintf("%s/enterprises: %s", dir, why);
		free(why);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < count; i++) {
		char *rel = xasprintf("enterprises/%s", names[i]);
		if (rc == 0)
			rc = hash_one(dir, rel, &h, &total, cause);
		free(rel);
		free(names[i]);
	}
	free(names);
	if (rc == 0)
		cat_hash_hex(h, out);
	return rc;
}
