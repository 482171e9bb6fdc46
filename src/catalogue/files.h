/* Between catalogue.c and loader.c only: reading the catalogue's files and
 * hashing them, the same way for catalogue_hash() and catalogue_load(). */
#ifndef AIX_CATALOGUE_FILES_H
#define AIX_CATALOGUE_FILES_H

#include <stddef.h>
#include <stdint.h>

/* Reads the whole regular file at path into *data (NUL-terminated; caller
 * frees) and its size into *len. Refuses files over 64 MiB. On failure
 * returns -1 with a translated *cause (caller frees) and errno saying why. */
int cat_read_file(const char *path, char **data, size_t *len, char **cause);
/* Lists the file names (not paths) of dir/enterprises that the loader reads:
 * *.yaml and *.yml, hidden files left out, in byte order. *names and each
 * name are the caller's to free; *count may be 0. Returns -1 with a
 * translated *cause (caller frees) and errno when the folder cannot be read. */
int cat_list_enterprise_files(const char *dir, char ***names, size_t *count, char **cause);

/* The content hash, 64-bit FNV-1a: begin, add each file in the loader's
 * order, then write it as 16 hex digits. */
uint64_t cat_hash_begin(void);
uint64_t cat_hash_file(uint64_t h, const char *rel, const char *data, size_t len);
void cat_hash_hex(uint64_t h, char out[17]);

#endif
