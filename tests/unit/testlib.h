/* What the unit tests share: scratch folders, whole files, and SQL on a
 * database file behind the store's back. When the machine refuses (no
 * scratch folder, a file that cannot be written), they exit with status 2: a
 * broken test, not a failed check. */
#ifndef AIX_TESTLIB_H
#define AIX_TESTLIB_H

#include <stdbool.h>
#include <stddef.h>

/* A new folder $TMPDIR/aix-NAME-XXXXXX (/tmp without TMPDIR). Caller
 * removes it with scratch_remove. */
char *scratch_make(const char *name);
/* Removes dir and all in it (made writable first: a test may have taken the
 * rights away), and frees dir. */
void scratch_remove(char *dir);

/* The whole file, with a 0 byte after it; *len (when len is not NULL) gets
 * its size. NULL when it cannot be read. Caller frees. */
char *file_read(const char *path, size_t *len);
/* Writes the file whole; exits on failure. */
void file_write(const char *path, const void *data, size_t len);
/* Copies a file; exits on failure. */
void file_copy(const char *from, const char *to);

/* True when haystack is not NULL and holds needle. */
bool contains(const char *haystack, const char *needle);

/* The first column of the first row of sql on the database file at path, as
 * text: "(null)" for NULL, "(none)" without a row, "(error: ...)" when SQLite
 * fails. The file is never created. Caller frees. */
char *raw_text(const char *path, const char *sql);
/* Runs sql on the file (created when missing); exits on failure. */
void raw_exec(const char *path, const char *sql);

/* CHECK_STR on raw_text (check.h comes first). */
#define CHECK_RAW(path, sql, want)                                                                 \
	do {                                                                                       \
		char *raw_ = raw_text((path), (sql));                                              \
		CHECK_STR(raw_, (want));                                                           \
		free(raw_);                                                                        \
	} while (0)

#endif
