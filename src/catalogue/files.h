/* Between catalogue.c and loader.c only: reading the catalogue's files and
 * hashing them, the same way for catalogue_hash() and catalogue_load(). */
#ifndef AIX_CATALOGUE_FILES_H
#define AIX_CATALOGUE_FILES_H

#include <stddef.h>
#include <stdint.h>

/* The bounds of what the loader and the hash read; see "Limits" in the
 * README. Beyond them the catalogue is refused with a message, so that a
 * mistake (or a hostile file) costs bounded time and memory. */
#define CAT_FILE_MAX  ((size_t)16 << 20)  /* bytes in one file */
#define CAT_TOTAL_MAX ((size_t)256 << 20) /* bytes in all files together */
#define CAT_FILES_MAX 10000               /* files in the enterprises folder */
/* YAML values: one file's parse tree costs about 100 bytes a value, so a
 * file is limited on its own; the whole catalogue (whose model lives on) has
 * a larger limit, enough for a province's 200,000 products. */
#define CAT_FILE_VALUES_MAX 1000000
#define CAT_VALUES_MAX      8000000
#define CAT_TEXT_MAX        ((size_t)64 << 10) /* bytes in one value */

/* Says whether dir is a folder that can be read. Returns 0, or -1 with a
 * translated *cause (caller frees) that names no path. */
int cat_check_folder(const char *dir, char **cause);
/* Reads the whole regular file at path into *data (NUL-terminated; caller
 * frees) and its size into *len. When dir is not NULL, a path that leads
 * (through links) out of the folder dir is refused (EPERM) unread. *total is what the catalogue's
 * files read before held; it grows by *len. Never blocks on a pipe or a device: anything but a
 * regular file is refused. On failure returns -1 with a translated *cause (caller frees) and errno
 * saying why: EFBIG for a file over CAT_FILE_MAX, E2BIG when *total would pass CAT_TOTAL_MAX. */
int cat_read_file(const char *dir, const char *path, size_t *total, char **data, size_t *len,
                  char **cause);
/* Lists the file names (not paths) of dir/enterprises that the loader reads:
 * *.yaml and *.yml in any case, hidden files left out, in byte order. *names and each
 * name are the caller's to free; *count may be 0. Returns -1 with a
 * translated *cause (caller frees) and errno when the folder cannot be read,
 * or (E2BIG) holds more than CAT_FILES_MAX such files. */
int cat_list_enterprise_files(const char *dir, char ***names, size_t *count, char **cause);

/* The content hash, 64-bit FNV-1a: begin, add each file in the loader's
 * order, then write it as 16 hex digits. */
uint64_t cat_hash_begin(void);
uint64_t cat_hash_file(uint64_t h, const char *rel, const char *data, size_t len);
void cat_hash_hex(uint64_t h, char out[17]);

#endif
